package interop

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The text policy of the ArchiMate import: what the API's cleanText does (NFC, trimmed, at most
// MaxNameLen characters for a name), plus no control characters. It is one small set of
// functions so that the project-wide input-text policy (issue 17) can replace it in one place.
const (
	// MaxNameLen bounds a component's name, in characters (the API's limit).
	MaxNameLen = 300
	// MaxOtherNameLen bounds other names (the framework's reference components have long ones).
	MaxOtherNameLen = 2000
	// MaxDocLen bounds documentation, in characters.
	MaxDocLen = 100_000
	// MaxPropLen bounds a property value, in characters.
	MaxPropLen = 10_000
)

// normText returns s in NFC, trimmed.
func normText(s string) string { return strings.TrimSpace(normNFC(s)) }

func normNFC(s string) string {
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}

// checkText refuses control characters (multi-line text may keep tabs and line breaks) and
// text longer than max characters; s is already NFC.
func checkText(s string, max int, multiline bool) error {
	n := 0
	for i, r := range s {
		n++
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return fmt.Errorf("invalid UTF-8 at byte %d", i)
			}
		}
		if unicode.IsControl(r) && !(multiline && (r == '\t' || r == '\n' || r == '\r')) {
			return fmt.Errorf("control character U+%04X at character %d", r, n)
		}
	}
	if n > max {
		return fmt.Errorf("too long (%d characters, at most %d)", n, max)
	}
	return nil
}

// cleanName returns a name in NFC, trimmed, checked.
func cleanName(s string) (string, error) {
	s = normText(s)
	return s, checkText(s, MaxOtherNameLen, false)
}

// cleanDoc returns documentation in NFC (its white space kept), checked.
func cleanDoc(s string) (string, error) {
	s = normNFC(s)
	return s, checkText(s, MaxDocLen, true)
}

// cleanProp returns a string property value in NFC, checked.
func cleanProp(s string) (string, error) {
	s = normNFC(s)
	return s, checkText(s, MaxPropLen, true)
}

// clip shortens s for a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	r := []rune(s)
	return string(r[:57]) + "…"
}
