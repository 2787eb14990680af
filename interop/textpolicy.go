package interop

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/archgraph/archgraph/textpolicy"
)

// The ArchiMate import's text rules, on textpolicy (the one policy of every entry point): names
// one line, documentation and property values several lines; NFC, no control, bidi-override or
// tag characters, bounded lengths.
var (
	// A component's name: the API's rule (1..300 characters).
	componentName = textpolicy.Name
	// Other names: the framework's reference components have names of up to ~500 characters;
	// a file's element may have none (junctions).
	otherName = textpolicy.Rule{Max: 2000, Empty: true}
	// Documentation and property values: an architect's notes run longer than a description
	// (the store's limit of imported free text, 64 Ki characters).
	docRule  = textpolicy.Rule{Max: 64 << 10, Multiline: true, Empty: true}
	propRule = docRule
	// A property's name: one line of at most 64 characters (the store's rule).
	propName = textpolicy.Rule{Max: 64}
)

// MaxNameLen is the longest component name (the API's limit).
var MaxNameLen = componentName.Max

// normText returns s in NFC, trimmed (labels of folders, which no rule limits).
func normText(s string) string { return strings.TrimSpace(norm.NFC.String(s)) }

// cleanName returns a name as the policy cleans it.
func cleanName(s string) (string, error) { return textpolicy.Clean("name", s, otherName) }

// cleanDoc returns documentation in NFC, checked by the policy; its surrounding white space is
// kept (a round trip gives back the text as it was).
func cleanDoc(s string) (string, error) { return keepSpace("documentation", s, docRule) }

// cleanProp returns a string property value in NFC, checked by the policy, white space kept.
func cleanProp(s string) (string, error) { return keepSpace("value", s, propRule) }

func keepSpace(field, s string, r textpolicy.Rule) (string, error) {
	if _, err := textpolicy.Clean(field, s, r); err != nil {
		return "", err
	}
	return norm.NFC.String(s), nil
}

// clip shortens s for a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	r := []rune(s)
	return string(r[:57]) + "…"
}
