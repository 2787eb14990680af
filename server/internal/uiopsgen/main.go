// Command uiopsgen writes server/ui_operations.json from the frontend's generated documents
// (run by `go generate ./server`; see package uiops).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/archgraph/archgraph/server/internal/uiops"
)

func main() {
	in := flag.String("in", "../frontend/src/gql/graphql.ts", "the frontend's generated documents")
	out := flag.String("out", "ui_operations.json", "the file to write")
	flag.Parse()
	src, err := os.ReadFile(*in)
	if err == nil {
		var ops []uiops.Operation
		if ops, err = uiops.Extract(string(src)); err == nil {
			var b []byte
			if b, err = uiops.Marshal(ops); err == nil {
				err = os.WriteFile(*out, b, 0o644)
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "uiopsgen:", err)
		os.Exit(1)
	}
}
