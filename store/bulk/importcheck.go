package bulk

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/archgraph/archgraph/textpolicy"

	"github.com/archgraph/archgraph/store"
)

// An import is held to the same rules as the API: every text of a file — a JSON backup, an
// ArchiMate exchange file — passes the input-text policy (textpolicy) and is stored normalised;
// valid time is consistent (a current component or relationship has no validTo, history has
// one, days are YYYY-MM-DD and validFrom is not after validTo); and a record's properties are
// bounded in number and name.

var dayText = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// maxImportProps bounds the properties of one imported record: archgraph writes at most 17, an
// ArchiMate file's element a few more of its tool's own.
const maxImportProps = 100

// textRule is the policy of a property's text: names as the API takes them (with the seed's
// longer limit for the framework's own names), free text on several lines.
func textRule(key string) textpolicy.Rule {
	switch key {
	case "id", "code", "name", "nameEn", "source", "ascii", "layer", "group", "framework", "kind", "scope",
		"status", "tier", "level", "province", "areaType", "basis", "validFrom", "validTo", "versionFrom", "version", "issued", "check":
		return textpolicy.Rule{Max: maxImportText, Empty: true}
	case "archimateDiagram", "archimateFolders", "archimateMetadata", "archimateViewpoints":
		// A view's nodes and connections, a model's folders, metadata and viewpoint definitions as
		// exchange-format XML (issue 14): structure, not prose (a Sparx model's package tree with
		// its identifiers passes 64 KiB easily).
		return textpolicy.Rule{Max: 4 << 20, Multiline: true, Empty: true}
	}
	// Free text: archgraph's own (text, textEn, document) and what other tools put in an
	// ArchiMate file (documentation, properties), which may span lines.
	return textpolicy.Rule{Max: maxImportFreeText, Multiline: true, Empty: true}
}

// maxImportFreeText bounds an imported free text (documentation and the like), in characters.
const maxImportFreeText = 64 << 10

// maxImportText bounds one text of an imported record, in characters: the framework's longest
// names are far below it (the seed's own limit is 2,000).
const maxImportText = 2000

// cleanImportProps checks and normalises the properties of one record of an import in place.
// what is "Component" or "DEPENDS_ON"; current says the record is part of the current model
// (no validTo), history that it is a history record (validTo needed). It returns the problems,
// each naming the property.
//
// Property names are not an allow-list: a backup carries what the graph holds, including the
// properties other tools' ArchiMate files brought (their names may have spaces). They are
// bounded instead: at most maxImportProps per record, each name one line of at most 64
// characters by the text policy, each value by the policy of its kind.
func cleanImportProps(what string, props map[string]any, current, history bool) []string {
	var out []string
	if len(props) > maxImportProps {
		return []string{fmt.Sprintf("%d properties, at most %d", len(props), maxImportProps)}
	}
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := textpolicy.Check("property name", k, textpolicy.Rule{Max: 64}); err != nil {
			out = append(out, fmt.Sprintf("property %q: %v", clipText(k), err))
			continue
		}
		switch v := props[k].(type) {
		case string:
			c, err := textpolicy.Clean(k, v, textRule(k))
			if err != nil {
				out = append(out, "property "+err.Error())
				continue
			}
			props[k] = c
		case []any:
			for i, e := range v {
				if s, ok := e.(string); ok {
					c, err := textpolicy.Clean(fmt.Sprintf("%s[%d]", k, i), s, textRule(k))
					if err != nil {
						out = append(out, "property "+err.Error())
						break
					}
					v[i] = c
				}
			}
		case []string:
			for i, s := range v {
				c, err := textpolicy.Clean(fmt.Sprintf("%s[%d]", k, i), s, textRule(k))
				if err != nil {
					out = append(out, "property "+err.Error())
					break
				}
				v[i] = c
			}
		}
	}
	from, hasFrom := props["validFrom"]
	to, hasTo := props["validTo"]
	for _, d := range []struct {
		key string
		v   any
		ok  bool
	}{{"validFrom", from, hasFrom}, {"validTo", to, hasTo}} {
		if s, isStr := d.v.(string); d.ok && (!isStr || !dayText.MatchString(s)) {
			out = append(out, fmt.Sprintf("property %s: %v is not a day YYYY-MM-DD", d.key, d.v))
		}
	}
	switch {
	case current && hasTo:
		out = append(out, fmt.Sprintf("property validTo: a current %s has no validTo (retired components and closed relationships are history records)", what))
	case history && !hasTo:
		out = append(out, fmt.Sprintf("%s is history and needs validTo", what))
	case hasFrom && hasTo:
		if f, t := fmt.Sprint(from), fmt.Sprint(to); f > t {
			out = append(out, fmt.Sprintf("validFrom %s is after validTo %s", f, t))
		}
	}
	return out
}

func clipText(s string) string {
	if len(s) > 40 {
		return strings.ToValidUTF8(s[:40], "") + "…"
	}
	return s
}

// cleanRelProps is cleanImportProps for a relationship: WAS_<TYPE> relationships are history,
// HAS_VERSION neither current nor history, the others current.
func cleanRelProps(r RelRecord) []string {
	history := strings.HasPrefix(r.Shape.Type, "WAS_")
	return cleanImportProps(r.Shape.Type, r.Props.m, !history && r.Shape.Type != store.RelHasVersion, history)
}
