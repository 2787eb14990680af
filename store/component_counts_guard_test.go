package store

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestCountedWrites: the component counts (component_counts.go) stay current across the kept
// writes (core.WriteKept), so every kept write must keep them or be unable to change them. The
// writes that keep the conformance facts (writeFacts) change components: each must apply its
// change to the counts (counted). The other kept writes are the ones listed here, which change
// no component's owner, scope or status; a new one must be added here after that is checked.
// And no editable relationship is OWNS or IN_LAYER (SetEdge counts nothing; the layer counts
// count IN_LAYER).
func TestCountedWrites(t *testing.T) {
	keptElsewhere := map[string]bool{ // file: its kept writes cannot change a count
		"measurements.go":          true, // measurements
		"review.go":                true, // reviewed duplication findings: properties of PROVIDES edges
		"schema.go":                true, // drops closed relationships valid on no day
		"archimate.go":             true, // generic ArchiMate relationships
		"conformance_facts.go":     true, // writeKept and writeFacts themselves
		"governance/governance.go": true, // tokens, sessions
		"bulk/inventory.go":        true, // an inventory import: keeps them itself (store.CountedTx)
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"governance", "bulk"} {
		more, _ := filepath.Glob(dir + "/*.go")
		files = append(files, more...)
	}
	fset := token.NewFileSet()
	counted := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := callee(call.Fun)
			switch name {
			case "writeFacts":
				if f == "conformance_facts.go" {
					return true
				}
				last, ok := call.Args[len(call.Args)-1].(*ast.CallExpr)
				if !ok || callee(last.Fun) != "counted" {
					t.Errorf("%s: writeFacts whose work is not counted(…): it would leave the component counts current and wrong", fset.Position(call.Pos()))
				}
				counted++
			case "writeKept", "core.WriteKept":
				if !keptElsewhere[filepath.ToSlash(f)] {
					t.Errorf("%s: a kept write (%s) outside the writes known not to change the component counts: keep them (counted) or use a write that leaves them stale", fset.Position(call.Pos()), name)
				}
			}
			return true
		})
	}
	if counted < 4 {
		t.Errorf("%d counted writeFacts found; the component mutations and SetEdge are 4", counted)
	}
	for _, rel := range []string{RelOwns, RelInLayer} {
		if _, ok := EditableShapes[rel]; ok {
			t.Errorf("%s is editable: SetEdge must then apply its change to the component counts", rel)
		}
	}
}

// callee names a call's function: f, pkg.F or f[T].
func callee(fun ast.Expr) string {
	switch x := fun.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			return id.Name + "." + x.Sel.Name
		}
	case *ast.IndexExpr:
		return callee(x.X)
	case *ast.IndexListExpr:
		return callee(x.X)
	}
	return ""
}
