package store

import "testing"

func TestCodePattern(t *testing.T) {
	for in, want := range map[string]string{
		"vapex":  "/[vV].?[aA].?[pP].?[eE].?[xX].*/",
		" NDXP ": "/[nN].?[dD].?[xX].?[pP].*/",
		"x01":    "/[xX].?0.?1.*/",
		"Đà":     "", // two letters: too short to be a code worth a pattern
		"Đàn":    "/[dD].?[aA].?[nN].*/",
		"v-apex": "", // spelled with its punctuation: the word index finds it
		"ha noi": "",
		"/.*/":   "",
		"a*b?c":  "",
		"ab":     "",
	} {
		if got := codePattern(in); got != want {
			t.Errorf("codePattern(%q) = %q, want %q", in, got, want)
		}
	}
}
