package server_test

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/server"
	"github.com/archgraph/archgraph/store/storetest"
)

// cypherCodes is the column code of a Cypher statement's rows, in order.
func cypherCodes(t *testing.T, a *api, cypher string, params map[string]any) []string {
	t.Helper()
	var out []string
	for _, r := range storetest.Rows(t, a.st, cypher, params) {
		out = append(out, str(r["code"]))
	}
	return out
}

func edgeCodes(conn any) []string {
	var out []string
	for _, e := range dig(conn, "edges").([]any) {
		out = append(out, str(dig(e, "node", "code")))
	}
	return out
}

// The nested connections (owns, parts, dependents, realizedBy) take where and orderBy: each
// parent's page equals the one Cypher lists independently, a list of lists still costs one
// statement per relation and level, and keyset cursors page a nested list in its order.
func TestNestedWhereOrderBy(t *testing.T) {
	a := newAPI(t)
	a.h = server.New(server.Options{Store: a.st, Resolver: &resolvers.Resolver{Store: a.st, Version: model.Version{Version: "test"}},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), RequestTimeout: time.Minute, CacheBytes: -1})

	t.Run("provinces > communes by name desc > owned by status desc: one statement per level, pages as Cypher's", func(t *testing.T) {
		q := `{ agencies(first: 34, filter: {level: [PROVINCE]}) { edges { node { code
			parts(first: 6, where: {level: {eq: COMMUNE}}, orderBy: [{field: NAME, direction: DESC}]) { edges { node { code
				owns(first: 4, where: {scope: {in: [COMMUNE, PROVINCE]}}, orderBy: [{field: STATUS, direction: DESC}]) { edges { node { code layer { code } } } } } } } } } } }`
		tx, st := a.st.Transactions(), a.st.Statements()
		d := a.ok(q, nil)
		tx, st = a.st.Transactions()-tx, a.st.Statements()-st
		if tx != 4 || st != 4 {
			t.Errorf("%d transactions and %d statements, want 4 and 4 (provinces, parts, owns, layers)", tx, st)
		}
		provinces, communes, owned := 0, 0, 0
		for _, p := range dig(d, "agencies", "edges").([]any) {
			pc := str(dig(p, "node", "code"))
			parts := dig(p, "node", "parts")
			want := cypherCodes(t, a, `MATCH (:Agency {code: $p})<-[:PART_OF]-(a:Agency)
				WHERE a.level = 'COMMUNE'
				RETURN a.code AS code ORDER BY a.name DESC, a.code, a.id LIMIT 6`, map[string]any{"p": pc})
			if got := edgeCodes(parts); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: parts %v, Cypher %v", pc, got, want)
			}
			if len(want) > 0 {
				provinces++
			}
			for _, c := range dig(parts, "edges").([]any) {
				cc := str(dig(c, "node", "code"))
				want := cypherCodes(t, a, `MATCH (:Agency {code: $a})-[:OWNS]->(c:Component)
					WHERE c.scope IN ['COMMUNE', 'PROVINCE']
					RETURN c.code AS code ORDER BY c.status DESC, c.code, c.id LIMIT 4`, map[string]any{"a": cc})
				got := edgeCodes(dig(c, "node", "owns"))
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s: owns %v, Cypher %v", cc, got, want)
				}
				communes++
				owned += len(got)
			}
		}
		if provinces < 2 || communes < 10 || owned < 10 {
			t.Fatalf("a vacuous comparison: %d provinces, %d communes, %d owned components", provinces, communes, owned)
		}
	})

	t.Run("the README's example", func(t *testing.T) {
		d := a.ok(`{ agencies(filter: {level: [PROVINCE]}) { edges { node { code
			parts(first: 10, where: {level: {eq: COMMUNE}}, orderBy: [{field: NAME}]) { edges { node { name
				owns(first: 5, where: {status: {notIn: [RETIRED]}}, orderBy: [{field: DUE_YEAR, direction: DESC}]) {
					totalCount edges { node { code status dueYear } } pageInfo { hasNextPage endCursor } } } } } } } } }`, nil)
		rows := 0
		for _, p := range dig(d, "agencies", "edges").([]any) {
			for _, c := range dig(p, "node", "parts", "edges").([]any) {
				for _, e := range dig(c, "node", "owns", "edges").([]any) {
					if str(dig(e, "node", "status")) == "RETIRED" {
						t.Errorf("a retired component: %v", e)
					}
					rows++
				}
			}
		}
		if rows == 0 {
			t.Error("no rows")
		}
	})

	// a commune owning at least 8 components
	owner := str(dig(a.ok(`{ agencies(first: 1, where: {level: {eq: COMMUNE}, ownsCount: {gte: 8}}) { edges { node { code } } } }`, nil),
		"agencies", "edges", 0, "node", "code"))
	if owner == "" {
		t.Fatal("no commune owning 8 components")
	}
	whole := cypherCodes(t, a, `MATCH (:Agency {code: $a})-[:OWNS]->(c:Component) WHERE c.status <> 'RETIRED'
		RETURN c.code AS code ORDER BY c.status DESC, c.name, c.code, c.id`, map[string]any{"a": owner})
	if len(whole) < 7 {
		t.Fatalf("%s owns only %d non-retired components", owner, len(whole))
	}
	const page = `owns(first: 3, after: $after, where: {status: {notIn: [RETIRED]}}, orderBy: [{field: STATUS, direction: DESC}, {field: NAME}]) {
		totalCount edges { cursor node { code } } pageInfo { hasNextPage hasPreviousPage endCursor } }`
	for _, shape := range []struct{ name, q, other string }{
		{"one agency", `query($after: String, $a: String) { agency(code: $a) { ` + page + ` } }`, ""},
		{"each agency of a list", `query($after: String, $a: String!) { agencies(first: 2, where: {code: {in: [$a, "HA-NOI"]}}, orderBy: [{field: CODE, direction: DESC}]) { edges { node { code ` + page + ` } } } }`, "HA-NOI"},
	} {
		t.Run("keyset pages of "+shape.name, func(t *testing.T) {
			conn := func(d map[string]any) any {
				if shape.other == "" {
					return dig(d, "agency", "owns")
				}
				for _, e := range dig(d, "agencies", "edges").([]any) {
					if str(dig(e, "node", "code")) == owner {
						return dig(e, "node", "owns")
					}
				}
				t.Fatalf("%s not in the list: %v", owner, d)
				return nil
			}
			var got []string
			after := ""
			for i := 0; ; i++ {
				c := conn(a.ok(shape.q, map[string]any{"a": owner, "after": nilIfEmpty(after)}))
				if n := int(num(dig(c, "totalCount"))); n != len(whole) {
					t.Errorf("totalCount %d, Cypher %d", n, len(whole))
				}
				if hp := dig(c, "pageInfo", "hasPreviousPage").(bool); hp != (after != "") {
					t.Errorf("page %d: hasPreviousPage %v", i, hp)
				}
				got = append(got, edgeCodes(c)...)
				if !dig(c, "pageInfo", "hasNextPage").(bool) {
					break
				}
				after = str(dig(c, "pageInfo", "endCursor"))
				if i > 10 {
					t.Fatal("no end")
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(whole) {
				t.Errorf("paged %v\nCypher %v", got, whole)
			}
			// a cursor of the default order is not one of this order
			def := str(dig(a.ok(`query($a: String) { agency(code: $a) { owns(first: 1) { pageInfo { endCursor } } } }`, map[string]any{"a": owner}),
				"agency", "owns", "pageInfo", "endCursor"))
			r := a.query(shape.q, map[string]any{"a": owner, "after": def})
			if r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "not a cursor of this order") {
				t.Errorf("a default-order cursor: %s", clipBody(r.Raw))
			}
		})
	}

	t.Run("dependents and realizedBy of a list", func(t *testing.T) {
		d := a.ok(`{ components(first: 20, orderBy: [{field: DEPENDENTS_COUNT, direction: DESC}]) { edges { node { code
			dependents(first: 5, where: {scope: {eq: COMMUNE}}, orderBy: [{field: NAME}]) { totalCount edges { node { code } } } } } } }`, nil)
		n := 0
		for _, e := range dig(d, "components", "edges").([]any) {
			code := str(dig(e, "node", "code"))
			all := cypherCodes(t, a, `MATCH (:Component {code: $c})<-[:DEPENDS_ON]-(c:Component) WHERE c.scope = 'COMMUNE'
				RETURN c.code AS code ORDER BY c.name, c.code, c.id`, map[string]any{"c": code})
			deps := dig(e, "node", "dependents")
			if got := edgeCodes(deps); fmt.Sprint(got) != fmt.Sprint(all[:min(5, len(all))]) {
				t.Errorf("%s: dependents %v, Cypher %v", code, got, all[:min(5, len(all))])
			}
			if tc := int(num(dig(deps, "totalCount"))); tc != len(all) {
				t.Errorf("%s: totalCount %d, Cypher %d", code, tc, len(all))
			}
			n += len(all)
		}
		if n == 0 {
			t.Fatal("no dependents at all")
		}
		d = a.ok(`{ referenceComponents(first: 15, orderBy: [{field: REALIZED_BY_COUNT, direction: DESC}]) { edges { node { code framework { code }
			realizedBy(first: 3, where: {NOT: {status: {eq: RETIRED}}}, orderBy: [{field: CODE, direction: DESC}]) { edges { node { code } } } } } } }`, nil)
		n = 0
		for _, e := range dig(d, "referenceComponents", "edges").([]any) {
			code, fw := str(dig(e, "node", "code")), str(dig(e, "node", "framework", "code"))
			want := cypherCodes(t, a, `MATCH (:ReferenceComponent {code: $r, framework: $f})<-[:REALIZES]-(c:Component) WHERE NOT c.status = 'RETIRED'
				RETURN c.code AS code ORDER BY c.code DESC, c.id LIMIT 3`, map[string]any{"r": code, "f": fw})
			if got := edgeCodes(dig(e, "node", "realizedBy")); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s/%s: realizedBy %v, Cypher %v", fw, code, got, want)
			}
			n += len(want)
		}
		if n == 0 {
			t.Fatal("no realizations at all")
		}
	})

	t.Run("hostile nested where", func(t *testing.T) {
		pricey := make([]string, 10)
		for i := range pricey {
			pricey[i] = fmt.Sprintf("{owner: {conformanceScore: {lt: 0.%d}}}", i+1)
		}
		nest := "{scope: {eq: NATIONAL}}"
		for i := 0; i < 8; i++ {
			nest = "{NOT: " + nest + "}"
		}
		a.refusedFast(t, []refusal{
			{"priced per parent", `{ agencies(first: 50) { edges { node { owns(first: 5, where: {OR: [` + strings.Join(pricey, ",") + `]}) { edges { node { code } } } } } } }`,
				"COMPLEXITY_LIMIT_EXCEEDED", "exceeds the limit"},
			{"deep nesting", `{ agencies(first: 2) { edges { node { owns(first: 2, where: ` + nest + `) { edges { node { code } } } } } } }`,
				"BAD_USER_INPUT", "nested more than 6 levels"},
			{"too many keys for parts", `{ agencies(first: 2) { edges { node { parts(first: 2, orderBy: [{field: CODE}, {field: NAME}, {field: LEVEL}, {field: ID}, {field: AREA_TYPE}, {field: NAME_EN}]) { edges { node { code } } } } } } }`,
				"BAD_USER_INPUT", "orderBy: 6 keys; at most 5"},
		})
		// the same where on one agency's list is within the budget: the parent's page size
		// multiplies it
		a.ok(`{ agencies(first: 1) { edges { node { owns(first: 5, where: {OR: [`+strings.Join(pricey[:2], ",")+`]}) { edges { node { code } } } } } } }`, nil)
	})
}
