package store

import (
	"fmt"
	"strings"
)

// Valid time.
//
// Components and the relationships that touch them carry validFrom (and, once closed, validTo):
// ISO 8601 dates (YYYY-MM-DD, strings, so that they order as text and travel unchanged through
// every exchange format), Vietnam's calendar day (UTC+7). A record is valid on day D when
// validFrom <= D < validTo; a missing validFrom means "since before records began" (data loaded
// before valid time existed), a missing validTo "still valid".
//
// The current model is kept apart from its history, so that current-time queries stay exactly
// what they were:
//   - deleting a component relabels it :RetiredComponent (validTo = the day) and turns each of its
//     relationships into a closed history relationship WAS_<TYPE> (validTo = the day);
//   - removing a relationship turns it into WAS_<TYPE> the same way;
//   - updating a component keeps its earlier properties as a :ComponentVersion
//     (validFrom..validTo) hung from it by HAS_VERSION; the component's versionFrom says since
//     when its own properties hold.
//
// Live relationships therefore only ever join live nodes, and current queries never see history.
// asOf queries traverse <TYPE>|WAS_<TYPE> with the validity predicate and read each component's
// properties as of the day (form.go renders every analysis both ways).

const (
	LabelRetiredComponent = "RetiredComponent"
	LabelComponentVersion = "ComponentVersion"
	RelHasVersion         = "HAS_VERSION"
)

// HistoryLabels are the labels of history nodes: found by id (a retired component keeps its
// code, which a later component may reuse; a version's id is its component's id, "@" and the
// day it ended).
var HistoryLabels = []string{LabelRetiredComponent, LabelComponentVersion}

// HistoryShapes are the shapes of history relationships: WAS_<TYPE> for every shape that
// carries valid time, between current or retired components, and HAS_VERSION.
var HistoryShapes = func() []Endpoint {
	either := func(l string) []string {
		if l == LabelComponent {
			return []string{LabelComponent, LabelRetiredComponent}
		}
		return []string{l}
	}
	var out []Endpoint
	for _, sh := range ValidShapes {
		for _, from := range either(sh.From) {
			for _, to := range either(sh.To) {
				out = append(out, Endpoint{from, HistoryType(sh.Type), to})
			}
		}
	}
	for _, from := range either(LabelComponent) {
		out = append(out, Endpoint{from, RelHasVersion, LabelComponentVersion})
	}
	return out
}()

// HistoryType is the closed-history twin of a relationship type: DEPENDS_ON → WAS_DEPENDS_ON.
func HistoryType(t string) string { return "WAS_" + t }

// ValidShapes are the relationships that carry valid time: those that touch a Component.
var ValidShapes = func() []Endpoint {
	var out []Endpoint
	for _, sh := range Shapes {
		if sh.From == LabelComponent || sh.To == LabelComponent {
			out = append(out, sh)
		}
	}
	return out
}()

// closeRel ends relationship r of type t between a and b on $today: a WAS_<t> with r's
// properties and validTo takes its place — unless r began today (or later): then it was valid
// on no day, and it is deleted without a trace in the valid-time history (the audit log keeps
// the change). Toggling an edge within one day thus leaves no empty closed edges, which a
// backup could not tell apart. %s: a, b, r, t.
func closeRel(a, r, b, t string) string {
	return fmt.Sprintf("FOREACH (_ IN CASE WHEN coalesce(%[4]s.validFrom < $today, true) THEN [1] ELSE [] END | "+
		"CREATE (%[1]s)-[h:%[2]s]->(%[3]s) SET h = properties(%[4]s), h.validTo = $today) DELETE %[4]s",
		a, HistoryType(t), b, r)
}

// cypherRetireComponent closes every relationship of a component and relabels it. Built from the
// allow-list: one unit subquery per shape and side.
var cypherRetireComponent = func() string {
	var b strings.Builder
	b.WriteString("MATCH (c:Component {id: $id})\n")
	for _, sh := range ValidShapes {
		if sh.From == LabelComponent {
			fmt.Fprintf(&b, "CALL (c) { MATCH (c)-[r:%s]->(o:%s) %s }\n", sh.Type, sh.To, closeRel("c", "r", "o", sh.Type))
		}
		if sh.To == LabelComponent {
			fmt.Fprintf(&b, "CALL (c) { MATCH (o:%s)-[r:%s]->(c) %s }\n", sh.From, sh.Type, closeRel("o", "r", "c", sh.Type))
		}
	}
	b.WriteString("REMOVE c:Component SET c:RetiredComponent, c.validTo = $today\nRETURN c {.*} AS c")
	return b.String()
}()
