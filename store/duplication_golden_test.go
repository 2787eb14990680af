package store_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/archgraph/archgraph/store"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite store/testdata/duplication.*.cypher")

// TestDuplicationStatementsGolden keeps the duplication statement, rendered now and as of a day
// from its one template, where reviews can read it; -update-golden rewrites the files.
func TestDuplicationStatementsGolden(t *testing.T) {
	now, asOf := store.DuplicationStatements()
	for name, got := range map[string]string{"duplication.now.cypher": now, "duplication.asof.cypher": asOf} {
		path := filepath.Join("testdata", name)
		if *updateGolden {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./store -run TestDuplicationStatementsGolden -update-golden)", err)
		}
		if string(want) != got {
			t.Errorf("%s differs from the rendered statement; review and rerun with -update-golden", path)
		}
	}
}
