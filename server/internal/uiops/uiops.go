// Package uiops reads the GraphQL operations the web UI sends out of the frontend's generated
// documents (frontend/src/gql/graphql.ts, written by `npm run codegen` with documentMode
// "string": each operation's text exactly as the browser posts it, its fragments appended).
// The server's warm-up (server/warmup.go) runs them; its copy, server/ui_operations.json, is
// written from them by `go generate ./server` and a test fails when it is not current.
package uiops

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
)

// Operation is one document of the web UI.
type Operation struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"` // query or mutation
	Document string `json:"document"`
}

var (
	documentRe = regexp.MustCompile("(?s)export const (\\w+)Document = new TypedDocumentString\\(`([^`]*)`\\)")
	headRe     = regexp.MustCompile(`^\s*(query|mutation|subscription)\s+(\w+)`)
)

// Extract returns the operations of graphql.ts's source, sorted by name.
func Extract(src string) ([]Operation, error) {
	var out []Operation
	seen := map[string]bool{}
	for _, m := range documentRe.FindAllStringSubmatch(src, -1) {
		h := headRe.FindStringSubmatch(m[2])
		if h == nil {
			return nil, fmt.Errorf("uiops: document %sDocument does not start with a named operation", m[1])
		}
		if h[2] != m[1] {
			return nil, fmt.Errorf("uiops: document %sDocument holds operation %s", m[1], h[2])
		}
		if seen[h[2]] {
			return nil, fmt.Errorf("uiops: operation %s twice", h[2])
		}
		seen[h[2]] = true
		out = append(out, Operation{Name: h[2], Kind: h[1], Document: m[2]})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("uiops: no operation found (is it frontend/src/gql/graphql.ts?)")
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Marshal is the JSON file's content for ops.
func Marshal(ops []Operation) ([]byte, error) {
	b, err := json.MarshalIndent(ops, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
