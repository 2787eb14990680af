package seed

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTestdata reads every seed/testdata file: *.good.yaml must load, and each NAME.bad.yaml must
// fail with exactly the message in NAME.bad.want beside it (file, line, record and field named)
// — the one way expected errors are pinned in testdata.
func TestTestdata(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.yaml")
	if len(files) < 2 {
		t.Fatalf("found %d testdata files, want good and bad ones", len(files))
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			_, err := ReadFile(path)
			if strings.HasSuffix(name, ".good.yaml") {
				if err != nil {
					t.Fatalf("good file refused: %v", err)
				}
				return
			}
			raw, rerr := os.ReadFile(strings.TrimSuffix(path, ".yaml") + ".want")
			if rerr != nil {
				t.Fatalf("no expected message pinned for %s (error: %v): %v", name, err, rerr)
			}
			w := strings.TrimSuffix(string(raw), "\n")
			if err == nil {
				t.Fatalf("bad file accepted, want %q", w)
			}
			if err.Error() != w {
				t.Fatalf("error\n got: %s\nwant: %s", err, w)
			}
		})
	}
}
