// Package textpolicy is archgraph's one rule for text that comes from outside: the GraphQL API,
// CSV inventories, JSON backups, ArchiMate files and the framework seed all call Clean, so that
// a name refused by one entry point is refused by every other one, with the same message.
//
// A clean text is valid UTF-8 (invalid bytes are refused, never replaced by U+FFFD), in Unicode
// NFC, trimmed of surrounding spaces and invisible characters, has at least one visible
// character when it is not empty, no control characters (C0, C1, DEL; line breaks and tabs only
// where a Rule allows several lines), no bidirectional embedding, override or isolate
// (U+202A–U+202E, U+2066–U+2069: "Trojan Source" reordering), no Unicode tag characters, no
// non-characters and no U+FFFD (the mark a mis-decoded file leaves), and is at most Rule.Max
// characters long.
package textpolicy

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Rule says what one kind of field accepts.
type Rule struct {
	// Max is the longest text in characters (runes after NFC).
	Max int
	// Multiline allows line feeds, carriage returns and tabs inside the text.
	Multiline bool
	// Empty allows the empty text (after trimming); a text of only invisible characters is
	// refused all the same.
	Empty bool
}

// The rules of archgraph's fields.
var (
	// Name is a name or an English translation of one: one line, 1..300 characters.
	Name = Rule{Max: 300}
	// Ref is an id or a code given to look something up: one line, 1..100 characters.
	Ref = Rule{Max: 100}
	// Label is a short optional value (a kind, a status, an actor's name): one line, 0..300.
	Label = Rule{Max: 300, Empty: true}
	// Description is free text: several lines, 0..4000 characters.
	Description = Rule{Max: 4000, Multiline: true, Empty: true}
)

// ErrRefused is what every Error wraps, for callers that only need to know the text was refused.
var ErrRefused = errors.New("text refused")

// Error says which field was refused and why, in words a user can act on.
type Error struct {
	Field  string
	Reason string
}

func (e *Error) Error() string { return e.Field + ": " + e.Reason }

// Unwrap lets errors.Is(err, ErrRefused) match.
func (e *Error) Unwrap() error { return ErrRefused }

// Clean applies r to s and returns the clean text, or an *Error naming field.
func Clean(field, s string, r Rule) (string, error) {
	if !utf8.ValidString(s) {
		i := invalidAt(s)
		return "", &Error{field, fmt.Sprintf("is not valid UTF-8 (byte 0x%02X at byte offset %d); save the text as UTF-8", s[i], i)}
	}
	s = strings.TrimSpace(norm.NFC.String(s))
	if s == "" {
		if r.Empty {
			return "", nil
		}
		return "", &Error{field, "must not be empty"}
	}
	// Forbidden characters are refused wherever they are, at the edges too (bidi overrides and
	// tag characters are invisible: trimming them would hide what was sent).
	pos := 0
	for _, c := range s {
		pos++
		if why := refused(c, r.Multiline); why != "" {
			return "", &Error{field, fmt.Sprintf("contains %s %s at character %d; remove it", why, name(c), pos)}
		}
	}
	trimmed := strings.TrimFunc(s, blank)
	if trimmed == "" {
		return "", &Error{field, "has no visible character (only spaces or invisible characters)"}
	}
	pos = utf8.RuneCountInString(trimmed)
	if r.Max > 0 && pos > r.Max {
		return "", &Error{field, fmt.Sprintf("is too long (%d characters, at most %d)", pos, r.Max)}
	}
	return trimmed, nil
}

// Check is Clean for text that must already be clean (a stored value, a key): it refuses what
// Clean would change, so nothing is normalised behind the caller's back.
func Check(field, s string, r Rule) error {
	c, err := Clean(field, s, r)
	if err != nil {
		return err
	}
	if c != s {
		return &Error{field, "is not in normal form (NFC, without surrounding spaces)"}
	}
	return nil
}

// refused returns what kind of forbidden character c is, or "".
func refused(c rune, multiline bool) string {
	switch {
	case c == '\n' || c == '\r' || c == '\t':
		if multiline {
			return ""
		}
		return "the line break or tab"
	case unicode.IsControl(c): // C0, DEL, C1
		return "the control character"
	case c >= 0x202A && c <= 0x202E, c >= 0x2066 && c <= 0x2069:
		return "the bidirectional override"
	case c == 0x2028 || c == 0x2029:
		if multiline {
			return ""
		}
		return "the line separator"
	case c >= 0xE0000 && c <= 0xE007F:
		return "the invisible tag character"
	case c == utf8.RuneError:
		return "the replacement character (a sign of a mis-decoded file)"
	case c >= 0xFDD0 && c <= 0xFDEF, c&0xFFFE == 0xFFFE:
		return "the non-character"
	}
	return ""
}

// blank reports characters that show nothing: white space, format characters (zero-width
// spaces and joiners, the byte-order mark, soft hyphen, bidi marks) and the blank-looking
// fillers that are letters in Unicode.
func blank(c rune) bool {
	switch c {
	case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x180E:
		return true
	}
	return unicode.IsSpace(c) || unicode.Is(unicode.Cf, c)
}

func name(c rune) string {
	names := map[rune]string{0: "NUL", 0x1B: "ESC", 0x7F: "DEL", '\n': "LF", '\r': "CR", '\t': "TAB",
		0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x202D: "LRO", 0x202E: "RLO",
		0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI"}
	if n, ok := names[c]; ok {
		return fmt.Sprintf("U+%04X (%s)", c, n)
	}
	return fmt.Sprintf("U+%04X", c)
}

func invalidAt(s string) int {
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return 0
}
