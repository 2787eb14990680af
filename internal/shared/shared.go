// Package shared finds, for the tests, the material that is not ours and is never copied into
// the repository: the framework's source text (seeds/) and third-party files (fixtures/). It is
// looked for in one documented way: the directory $ARCHGRAPH_SHARED, else "shared" beside the
// clone (../shared from the module root). When it is missing, a test that needs it is skipped
// with a message that names what to put where — and fails instead under CI=true, where a skip
// would hide that the check did not run. scripts/test says at the top whether it is there.
package shared

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Env names the shared directory when it is not beside the clone.
const Env = "ARCHGRAPH_SHARED"

// Dir is the shared directory: $ARCHGRAPH_SHARED, else ../shared beside the module root.
func Dir() (string, error) {
	if d := os.Getenv(Env); d != "" {
		return filepath.Abs(d)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(d), "shared"), nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("no go.mod above " + wd)
		}
	}
}

// Path returns the path of rel (slash-separated, e.g. "seeds/000_a10824c7ed3eda32.txt") in the
// shared directory. When it is not there, t is skipped — or, under CI=true, fails — with a
// message saying what (what) is missing and where to put it.
func Path(t testing.TB, rel, what string) string {
	t.Helper()
	d, err := Dir()
	p := filepath.Join(d, filepath.FromSlash(rel))
	if err == nil {
		_, err = os.Stat(p)
	}
	if err == nil {
		return p
	}
	msg := fmt.Sprintf("%s is missing: want %s (%v). Put the shared directory beside the clone "+
		"(../shared) or set %s to it", what, p, err, Env)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg + "; skipped (with CI=true this fails)")
	return ""
}
