package store

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/archgraph/archgraph/textpolicy"
)

// An import is held to the same rules as the API: every text of a file — a JSON backup, an
// ArchiMate exchange file — passes the input-text policy (textpolicy) and is stored normalised;
// valid time is consistent (a current component or relationship has no validTo, history has
// one, days are YYYY-MM-DD and validFrom is not after validTo); and a backup's properties are
// those archgraph writes for the label or relationship type, nothing else.

// backupProps are the properties archgraph writes, per label and per relationship type: an
// import with StrictKeys (the JSON backup) refuses any other.
var backupProps = func() map[string]map[string]bool {
	set := func(keys ...string) map[string]bool {
		m := map[string]bool{}
		for _, k := range keys {
			m[k] = true
		}
		return m
	}
	named := []string{"id", "code", "name", "nameEn", "source"}
	component := append(append([]string{}, named...), "layer", "group", "scope", "status", "kind", "dueYear",
		"exposesApi", "synthetic", "validFrom", "versionFrom")
	m := map[string]map[string]bool{
		LabelFramework:          set(append(named, "version", "status", "level", "document", "issued")...),
		LabelLayer:              set(append(named, "number")...),
		LabelComponentGroup:     set(append(named, "ascii", "layer", "framework", "kind")...),
		LabelReferenceComponent: set(append(named, "ascii", "group", "framework", "kind", "tier", "catchAll", "exploitsShared", "areaType")...),
		LabelAgency:             set(append(named, "level", "synthetic", "province", "areaType")...),
		LabelComponent:          set(component...),
		LabelCapability:         set(named...),
		LabelRule:               set(append(named, "text", "textEn", "check")...),
		LabelRetiredComponent:   set(append(component, "validTo")...),
		LabelComponentVersion:   set(append(component, "validTo")...),
		RelDefinedIn:            set("source", "name", "nameEn", "tier", "provides", "group", "kind", "catchAll", "exploitsShared", "areaType"),
	}
	for _, sh := range Shapes {
		if m[sh.Type] == nil {
			m[sh.Type] = set("source", "synthetic", "basis", "sanctioned", "validFrom")
		}
	}
	for _, sh := range HistoryShapes {
		m[sh.Type] = set("source", "synthetic", "basis", "sanctioned", "validFrom", "validTo")
	}
	m[RelHasVersion] = set()
	return m
}()

var (
	propKey = regexp.MustCompile(`^[a-z][A-Za-z0-9_]{0,63}$`)
	dayText = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// textRule is the policy of a property's text: names as the API takes them (with the seed's
// longer limit for the framework's own names), free text on several lines.
func textRule(key string) textpolicy.Rule {
	switch key {
	case "id", "code", "name", "nameEn", "source", "ascii", "layer", "group", "framework", "kind", "scope",
		"status", "tier", "level", "province", "areaType", "basis", "validFrom", "validTo", "versionFrom", "version", "issued", "check":
		return textpolicy.Rule{Max: maxImportText, Empty: true}
	}
	// Free text: archgraph's own (text, textEn, document) and the properties other tools put
	// in an ArchiMate file, which may span lines.
	return textpolicy.Description
}

// maxImportText bounds one text of an imported record, in characters: the framework's longest
// names are far below it (the seed's own limit is 2,000).
const maxImportText = 2000

// cleanImportProps checks and normalises the properties of one record of an import in place.
// what is "Component" or "DEPENDS_ON"; current says the record is part of the current model
// (no validTo). It returns the problems, each naming the property.
func cleanImportProps(what string, props map[string]any, strict, current, history bool) []string {
	var out []string
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	allowed := backupProps[what]
	for _, k := range keys {
		switch {
		case strict && !propKey.MatchString(k):
			out = append(out, fmt.Sprintf("property %q: not a property name (a letter, then letters, digits or _; at most 64)", clipText(k)))
			continue
		case !strict:
			// Another tool's property names (ArchiMate): any one-line text of at most 64 characters.
			if err := textpolicy.Check("property name", k, textpolicy.Rule{Max: 64}); err != nil {
				out = append(out, fmt.Sprintf("property %q: %v", clipText(k), err))
				continue
			}
		case !allowed[k]:
			out = append(out, fmt.Sprintf("property %q: %s has no such property", k, what))
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
func cleanRelProps(r RelRecord, strict bool) []string {
	history := strings.HasPrefix(r.Shape.Type, "WAS_")
	return cleanImportProps(r.Shape.Type, r.Props, strict, !history && r.Shape.Type != RelHasVersion, history)
}
