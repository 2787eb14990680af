package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/archgraph/archgraph/store"
)

// printPreview prints an inventory's dry run: per row, what inference would store and which
// shared platforms the row would duplicate, then a summary.
func printPreview(w io.Writer, file, agency string, rows []store.InventoryRowPreview) {
	dups, findings := 0, 0
	for _, r := range rows {
		fmt.Fprintf(w, "line %d  %s  %s\n", r.Line, r.Code, r.Name)
		if len(r.Inferred) == 0 && len(r.Suggested) == 0 {
			fmt.Fprintln(w, "    infers      nothing (no vocabulary term in its name)")
		}
		for _, e := range r.Inferred {
			platforms := ""
			if e.Platforms != "" {
				platforms = " of " + strings.ReplaceAll(e.Platforms, ";", ", ")
			}
			fmt.Fprintf(w, "    infers      %s%s  score %.2f  (%s)\n", e.Code, platforms, e.Score, e.Terms)
		}
		for _, e := range r.Suggested {
			fmt.Fprintf(w, "    realizes?   %s  score %.2f  (%s): sanctioned by the framework, suggested\n", e.Code, e.Score, e.Terms)
		}
		if len(r.Findings) > 0 {
			dups++
		}
		for _, f := range r.Findings {
			findings++
			var caps []string
			for _, c := range f.Capabilities {
				caps = append(caps, c.Code)
			}
			fmt.Fprintf(w, "    DUPLICATES  %s (%s)  %s, confidence %.2f, capability %s\n", f.Shared.Code, orDash(f.Shared.Name),
				f.Basis, f.Confidence, strings.Join(caps, ", "))
		}
	}
	fmt.Fprintf(w, "%s: %d rows of %s; %d would duplicate a deployed shared platform (%d findings); nothing written (--dry-run)\n",
		file, len(rows), agency, dups, findings)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
