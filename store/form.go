package store

import (
	"fmt"
	"strings"
)

// Statement forms.
//
// Every analysis exists in two forms: now (the current model only, which never pays for
// history) and as of a day (the model on $asOf). Each statement is written once, as a Go
// function of a form, and rendered twice at start-up; the form's helpers below are the only
// places where the two differ:
//
//   - a relationship that carries valid time is written f.rel("v", T) (or f.types(T) in a
//     variable-length pattern): T now, T|WAS_T as of a day;
//   - its validity predicate is f.where/f.and (by relationship variable) or f.wherePath (by
//     path variable): nothing now, "valid on $asOf" as of a day;
//   - a component node is f.component("x"): labelled :Component now, unlabelled as of a day
//     (current or retired); its properties are f.props / f.value / f.version: the node's own
//     now, the ComponentVersion that covered the day as of a day.
//
// The rendered statements are kept as golden files in testdata/cypher (see
// statements_golden_test.go, which also fails on any valid-time relationship left un-widened in
// an asOf statement).

// form is the time a statement template is rendered for.
type form struct{ asOf bool }

var (
	formNow  = form{}
	formAsOf = form{asOf: true}
)

// String names the form (in golden file names).
func (f form) String() string {
	if f.asOf {
		return "asof"
	}
	return "now"
}

// rel is the body of a relationship pattern with variable v and type t: "v:T" now,
// "v:T|WAS_T" as of a day (pair it with f.where(v) or f.and(v)).
func (f form) rel(v, t string) string { return v + ":" + f.types(t) }

// types is the type expression of an anonymous (variable-length) relationship pattern: T now,
// T|WAS_T as of a day (pair it with f.wherePath on the path).
func (f form) types(t string) string {
	if f.asOf {
		return either(t)
	}
	return t
}

// component is a component node pattern's variable and label: "x:Component" now, "x" (current
// or retired) as of a day.
func (f form) component(x string) string {
	if f.asOf {
		return x
	}
	return x + ":" + LabelComponent
}

// where is " WHERE <each relationship variable valid on $asOf>" as of a day, "" now.
func (f form) where(rels ...string) string {
	if !f.asOf {
		return ""
	}
	return " WHERE " + validRels(rels)
}

// and is " AND <each relationship variable valid on $asOf>" as of a day, "" now.
func (f form) and(rels ...string) string {
	if !f.asOf {
		return ""
	}
	return " AND " + validRels(rels)
}

// wherePath is " WHERE <every relationship of path p valid on $asOf>" as of a day, "" now.
func (f form) wherePath(p string) string {
	if !f.asOf {
		return ""
	}
	return " WHERE " + validPath(p)
}

// props is the map of component x's properties: x {.*} now, as of the day otherwise.
func (f form) props(x string) string {
	if f.asOf {
		return asOfProps(x)
	}
	return x + " {.*}"
}

// version is component x as it was: the node itself now, the map of its properties that day
// otherwise (read like a node: s.layer, s {.*}).
func (f form) version(x string) string {
	if f.asOf {
		return asOfProps(x)
	}
	return x
}

// value is property prop of component x: x.prop now, its value on the day otherwise.
func (f form) value(x, prop string) string {
	if f.asOf {
		return asOfValue(x, prop)
	}
	return x + "." + prop
}

// andOpen is " AND v.open = true" now: the PROVIDES edge v can make a duplication finding
// (infer.go, "Open edges"; indexed); "" as of a day, where the flag, kept for the current graph
// only, says nothing of the day's edges.
func (f form) andOpen(v string) string {
	if f.asOf {
		return ""
	}
	return " AND " + v + ".open = true"
}

// andIsComponent is " AND x is a component (current or retired)" as of a day, where x is
// unlabelled (f.component); "" now, where the label says it.
func (f form) andIsComponent(x string) string {
	if !f.asOf {
		return ""
	}
	return fmt.Sprintf(" AND (%[1]s:%[2]s OR %[1]s:%[3]s)", x, LabelComponent, LabelRetiredComponent)
}

// matchEveryComponent binds x to every component: the current ones now; as of a day the
// current and retired ones valid that day.
func (f form) matchEveryComponent(x string) string {
	if !f.asOf {
		return fmt.Sprintf("MATCH (%s:%s)", x, LabelComponent)
	}
	return fmt.Sprintf("CALL () { MATCH (%[1]s:%[2]s) RETURN %[1]s UNION MATCH (%[1]s:%[3]s) RETURN %[1]s }\nWITH %[1]s WHERE %[4]s",
		x, LabelComponent, LabelRetiredComponent, validOn(x))
}

// matchComponentInScopes binds x to every component whose scope may be one of scopes (a Cypher
// list literal) by the scope indexes; the caller still tests the scope (x.scope now, f.value or
// f.version as of a day). Now: MATCH (x:Component), whose WHERE x.scope IN scopes seeks the
// index. As of a day, the components valid that day whose day's scope can be one of scopes: a
// current or retired component of that scope now, or one with an earlier version of that scope
// (the day's properties are the node's own or one version's), instead of every component.
func (f form) matchComponentInScopes(x, scopes string) string {
	if !f.asOf {
		return fmt.Sprintf("MATCH (%s:%s)", x, LabelComponent)
	}
	return fmt.Sprintf(`CALL () {
  MATCH (%[1]s:%[2]s) WHERE %[1]s.scope IN %[4]s RETURN %[1]s
  UNION
  MATCH (%[1]s:%[3]s) WHERE %[1]s.scope IN %[4]s RETURN %[1]s
  UNION
  MATCH (%[1]s)-[:HAS_VERSION]->(v:ComponentVersion) WHERE v.scope IN %[4]s RETURN %[1]s
}
WITH %[1]s WHERE %[5]s`, x, LabelComponent, LabelRetiredComponent, scopes, validOn(x))
}

// matchComponent binds x to the component with id $param: a unique-index seek now; as of a day
// a current or a retired one (the caller resolved it as valid that day).
func (f form) matchComponent(x, param string) string {
	if !f.asOf {
		return fmt.Sprintf("MATCH (%s:%s {id: $%s})", x, LabelComponent, param)
	}
	return fmt.Sprintf(`CALL () {
  MATCH (n:%[3]s {id: $%[2]s}) RETURN n AS %[1]s
  UNION
  MATCH (n:%[4]s {id: $%[2]s}) RETURN n AS %[1]s
}`, x, param, LabelComponent, LabelRetiredComponent)
}

// validRels is the conjunction of validRelOn over rels.
func validRels(rels []string) string {
	ps := make([]string, len(rels))
	for i, r := range rels {
		ps[i] = "(" + validRelOn(r) + ")"
	}
	return strings.Join(ps, " AND ")
}

// validOn is the validity predicate of variable v (a node or a relationship) on the day $asOf.
func validOn(v string) string {
	return fmt.Sprintf("coalesce(%[1]s.validFrom <= $asOf, true) AND (%[1]s.validTo IS NULL OR %[1]s.validTo > $asOf)", v)
}

// validRelOn is validOn for a relationship variable: a current relationship (its type does not
// start with WAS_) has no validTo, so the predicate does not read one.
func validRelOn(v string) string {
	return fmt.Sprintf("coalesce(%[1]s.validFrom <= $asOf, true) AND (NOT type(%[1]s) STARTS WITH 'WAS_' OR %[1]s.validTo > $asOf)", v)
}

// validPath is the predicate that every relationship of path p was valid on $asOf.
func validPath(p string) string {
	return fmt.Sprintf("all(vr IN relationships(%s) WHERE %s)", p, validRelOn("vr"))
}

// either is the relationship type expression that matches t now and in history.
func either(t string) string { return t + "|" + HistoryType(t) }

// asOfValue is the expression of property prop of component x as of $asOf: x's own when its
// current version holds since then, else the ComponentVersion that covered the day.
func asOfValue(x, prop string) string {
	return fmt.Sprintf(`CASE WHEN coalesce(%[1]s.versionFrom <= $asOf, true) THEN %[1]s.%[2]s
  ELSE head([(%[1]s)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf | hv.%[2]s]) END`, x, prop)
}

// asOfProps is the map of component x's properties as of $asOf (id, validFrom and validTo stay
// the component's; versionFrom is the start of the version shown), with asOf: the day, so that
// what is read through it (owner, dependsOn, …) is that day's too (Relation.On).
func asOfProps(x string) string {
	return fmt.Sprintf(`CASE WHEN %[1]s IS NULL THEN null WHEN coalesce(%[1]s.versionFrom <= $asOf, true) THEN %[1]s {.*, asOf: $asOf}
  ELSE coalesce(head([(%[1]s)-[:HAS_VERSION]->(hv:ComponentVersion) WHERE coalesce(hv.validFrom <= $asOf, true) AND hv.validTo > $asOf
                     | hv {.*, id: %[1]s.id, validFrom: %[1]s.validFrom, validTo: %[1]s.validTo, versionFrom: hv.validFrom, asOf: $asOf}]), %[1]s {.*, asOf: $asOf}) END`, x)
}
