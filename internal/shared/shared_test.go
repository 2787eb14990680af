package shared

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDirFollowsEnv(t *testing.T) {
	d := t.TempDir()
	if err := os.MkdirAll(filepath.Join(d, "seeds"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d, "seeds", "x.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(Env, d)
	if got := Path(t, "seeds/x.txt", "x"); got != filepath.Join(d, "seeds", "x.txt") {
		t.Errorf("Path = %q", got)
	}
}

func TestDirBesideTheClone(t *testing.T) {
	t.Setenv(Env, "")
	d, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	// The module root is two levels up from internal/shared.
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	if want := filepath.Join(filepath.Dir(root), "shared"); d != want {
		t.Errorf("Dir = %q, want %q", d, want)
	}
}
