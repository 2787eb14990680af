package store

import (
	"fmt"
	"strings"
	"time"
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
// properties as of the day (asOfVersion).

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

// vietnam is Vietnam's time zone (UTC+7, no daylight saving time).
var vietnam = time.FixedZone("ICT", 7*3600)

// DateOf is t's calendar day in Vietnam, as YYYY-MM-DD.
func DateOf(t time.Time) string { return t.In(vietnam).Format(layoutDate) }

// today is the store's current day (its clock may be set by tests).
func (s *Store) today() string {
	if s.clock != nil {
		return DateOf(s.clock())
	}
	return DateOf(time.Now())
}

// Today is the store's current day in Vietnam, YYYY-MM-DD.
func (s *Store) Today() string { return s.today() }

// SetLoadValidFrom sets the day that components and relationships written by the loader
// (WriteAtomic, WriteBatch) are valid from when they have none; "" means the day of the write.
// A day after today is ErrInvalid.
func (s *Store) SetLoadValidFrom(day string) error {
	if day != "" {
		if _, err := ParseDate(day); err != nil {
			return err
		}
		if today := s.today(); day > today {
			return fmt.Errorf("%w: %s is after today (%s)", ErrInvalid, day, today)
		}
	}
	s.loadValidFrom = day
	return nil
}

func (s *Store) loadDay() string {
	if s.loadValidFrom != "" {
		return s.loadValidFrom
	}
	return s.today()
}

// SetClock replaces the store's clock (nil: the real one). Tests use it to live through several
// days in a second.
func (s *Store) SetClock(now func() time.Time) { s.clock = now }

// ParseDate checks that s is a calendar date written YYYY-MM-DD and returns it; the error names
// the value and the expected form.
func ParseDate(s string) (string, error) {
	t, err := time.Parse(layoutDate, s)
	if err != nil || t.Format(layoutDate) != s {
		return "", fmt.Errorf("%w: %q is not a date of the form YYYY-MM-DD", ErrInvalid, s)
	}
	return s, nil
}

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

// validOn is the validity predicate of variable v (a node or a relationship) on the day $asOf.
func validOn(v string) string {
	return fmt.Sprintf("coalesce(%[1]s.validFrom <= $asOf, true) AND (%[1]s.validTo IS NULL OR %[1]s.validTo > $asOf)", v)
}

// validRelOn is validOn for a relationship variable: a current relationship (its type does not
// start with WAS_) has no validTo, so the predicate does not read one.
func validRelOn(v string) string {
	return fmt.Sprintf("coalesce(%[1]s.validFrom <= $asOf, true) AND (NOT type(%[1]s) STARTS WITH 'WAS_' OR %[1]s.validTo > $asOf)", v)
}

// either is the relationship type expression that matches t now and in history.
func either(t string) string { return t + "|" + HistoryType(t) }

// asOfVersion is a CALL body, imported variable x (a Component or RetiredComponent): xv, the
// properties x had on $asOf — x's own when they hold since then, else the ComponentVersion that
// covers the day.
const asOfVersion = `
  OPTIONAL MATCH (x)-[:HAS_VERSION]->(v:ComponentVersion)
  WHERE NOT coalesce(x.versionFrom <= $asOf, true)
    AND coalesce(v.validFrom <= $asOf, true) AND v.validTo > $asOf
  WITH x, v LIMIT 1
  RETURN coalesce(v, x) AS xv`

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
