package textpolicy

import (
	"errors"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	good := []struct{ in, want string }{
		{"Nền tảng tích hợp", "Nền tảng tích hợp"},
		{"  NDXP\u00a0", "NDXP"},
		{"Ne\u0302\u0300n ta\u0309ng", "Nền tảng"}, // NFD from a Mac keyboard becomes NFC
		{"\u200bLGSP\ufeff", "LGSP"},               // invisible edges trimmed
		{"a\u200db", "a\u200db"},                   // a joiner inside a word stays
		{"👩‍💻 team", "👩‍💻 team"},
		{"=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")"}, // formulas are a CSV export matter, not a text rule
	}
	for _, g := range good {
		got, err := Clean("name", g.in, Name)
		if err != nil || got != g.want {
			t.Errorf("Clean(%q) = %q, %v; want %q", g.in, got, err, g.want)
		}
	}
	bad := []struct{ in, want string }{
		{"", "must not be empty"},
		{"   ", "must not be empty"},
		{"\u200b\u200b\u200b", "has no visible character"},
		{"\u3164", "has no visible character"},
		{"a\x00b", "U+0000 (NUL)"},
		{"Sở\x1b[31m", "U+001B (ESC)"},
		{"abc\u202egnp.exe", "U+202E (RLO)"},
		{"a\u2066b", "bidirectional"},
		{"a\nb", "line break"},
		{"a\u0085b", "control character"},
		{"a\U000E0041b", "tag character"},
		{"x\U000E0041\U000E0042", "tag character"},
		{"abc\u202e", "U+202E (RLO)"},
		{"a\ufffdb", "replacement character"},
		{"a\uffffb", "non-character"},
		{"ab\xff\xfe", "not valid UTF-8 (byte 0xFF at byte offset 2)"},
		{strings.Repeat("x", 301), "too long (301 characters, at most 300)"},
	}
	for _, b := range bad {
		_, err := Clean("name", b.in, Name)
		if err == nil || !strings.Contains(err.Error(), b.want) || !strings.HasPrefix(err.Error(), "name: ") {
			t.Errorf("Clean(%q) error = %v; want one containing %q", b.in, err, b.want)
		}
		if !errors.Is(err, ErrRefused) {
			t.Errorf("Clean(%q): error does not wrap ErrRefused", b.in)
		}
	}
	if got, err := Clean("d", "line one\nline two\ttab", Description); err != nil || got != "line one\nline two\ttab" {
		t.Errorf("multi-line description: %q, %v", got, err)
	}
	if got, err := Clean("d", "", Description); err != nil || got != "" {
		t.Errorf("empty description: %q, %v", got, err)
	}
	if _, err := Clean("d", "\u200b", Description); err == nil {
		t.Error("an invisible-only optional text passed")
	}
	// 300 Vietnamese characters in NFD are longer in bytes and runes before NFC; the limit counts after.
	if _, err := Clean("name", strings.Repeat("e\u0302", 300), Name); err != nil {
		t.Errorf("300 NFC characters refused: %v", err)
	}
}

func TestCheck(t *testing.T) {
	if err := Check("k", "abc", Ref); err != nil {
		t.Fatal(err)
	}
	if err := Check("k", " abc", Ref); err == nil || !strings.Contains(err.Error(), "normal form") {
		t.Fatalf("untrimmed value: %v", err)
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "a", "\u202e", "e\u0302", "\xff", "\u200b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Clean("f", s, Description)
		if err != nil {
			return
		}
		if again, err := Clean("f", c, Description); err != nil || again != c {
			t.Fatalf("Clean is not idempotent on %q: %q, %v", c, again, err)
		}
	})
}
