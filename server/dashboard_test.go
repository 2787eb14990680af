package server_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/archgraph/archgraph/store/storetest"
)

// The dashboard queries of issue 18, each answered by one request and checked against a count
// made independently in Cypher (or, for conformance scores, by the conformance analysis).

func num(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	case int:
		return float64(x)
	}
	return math.NaN()
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// groupCounts maps each group's keys (joined by "|", "∅" for null) to its count.
func groupCounts(t *testing.T, agg any) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, g := range dig(agg, "groups").([]any) {
		var ks []string
		for _, k := range dig(g, "keys").([]any) {
			v, ok := dig(k, "value").(string)
			if !ok {
				v = "∅"
			}
			ks = append(ks, v)
		}
		out[strings.Join(ks, "|")] = int(num(dig(g, "count")))
	}
	return out
}

func cypherCounts(t *testing.T, a *api, cypher string, params map[string]any) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, r := range storetest.Rows(t, a.st, cypher, params) {
		out[str(r["k"])] = int(num(r["n"]))
	}
	return out
}

// Components by status per province: one aggregation, every (province, status) count equal to
// Cypher's, and the total equal to every component.
func TestDashboardStatusPerProvince(t *testing.T) {
	a := newAPI(t)
	d := a.ok(`{ componentAggregate(groupBy: [PROVINCE, STATUS], first: 1000) {
	  count groupCount dimensions groups { keys { dimension value name nameEn } count } } }`, nil)
	agg := d["componentAggregate"]
	got := groupCounts(t, agg)
	want := cypherCounts(t, a, `MATCH (p:Agency {level: 'PROVINCE'})<-[:PART_OF*0..1]-(:Agency)-[:OWNS]->(c:Component)
RETURN p.code + '|' + c.status AS k, count(*) AS n`, nil)
	if len(want) < 4 {
		t.Fatalf("the fixture has too few province groups to test with: %v", want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("group %s: %d, Cypher counts %d", k, got[k], n)
		}
	}
	all := storetest.Rows(t, a.st, `MATCH (c:Component) RETURN count(c) AS n`, nil)
	if int(num(dig(agg, "count"))) != int(num(all[0]["n"])) {
		t.Errorf("count %v, Cypher counts %v components", dig(agg, "count"), all[0]["n"])
	}
	if int(num(dig(agg, "groupCount"))) != len(got) {
		t.Errorf("groupCount %v, %d groups listed", dig(agg, "groupCount"), len(got))
	}
	if dims := fmt.Sprint(dig(agg, "dimensions")); dims != "[PROVINCE STATUS]" {
		t.Errorf("dimensions %s", dims)
	}
	// the province key is named
	for _, g := range dig(agg, "groups").([]any) {
		if v := dig(g, "keys", 0, "value"); v != nil && dig(g, "keys", 0, "name") == nil {
			t.Errorf("province %v has no name", v)
		}
	}
	// COUNT_DESC: largest first
	gs := dig(agg, "groups").([]any)
	for i := 1; i < len(gs); i++ {
		if num(dig(gs[i-1], "count")) < num(dig(gs[i], "count")) {
			t.Fatalf("groups not in descending count order at %d", i)
		}
	}
}

// How many L3 components each ministry owns.
func TestDashboardL3PerMinistry(t *testing.T) {
	a := newAPI(t)
	d := a.ok(`{ componentAggregate(where: {layer: {eq: "L3"}, ownerLevel: {eq: MINISTRY}}, groupBy: [OWNER], orderBy: KEY_ASC) {
	  count groups { keys { value name } count } } }`, nil)
	got := groupCounts(t, d["componentAggregate"])
	want := cypherCounts(t, a, `MATCH (a:Agency {level: 'MINISTRY'})-[:OWNS]->(c:Component {layer: 'L3'}) RETURN a.code AS k, count(c) AS n`, nil)
	if len(want) == 0 {
		t.Fatal("no ministry owns an L3 component in the fixture")
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("per ministry: got %v, Cypher counts %v", got, want)
	}
}

// Platforms due in 2026 not yet operating: a list and its total in one request.
func TestDashboardDueNotOperating(t *testing.T) {
	a := newAPI(t)
	d := a.ok(`{ components(first: 100, where: {scope: {eq: NATIONAL}, dueYear: {eq: 2026}, status: {notIn: [OPERATING]}},
	    orderBy: [{field: STATUS}, {field: NAME}]) { totalCount edges { node { code status dueYear scope } } }
	  componentAggregate(where: {scope: {eq: NATIONAL}, dueYear: {eq: 2026}, status: {notIn: [OPERATING]}}, groupBy: [STATUS]) { count groups { keys { value } count } } }`, nil)
	want := storetest.Rows(t, a.st, `MATCH (c:Component {scope: 'NATIONAL'}) WHERE c.dueYear = 2026 AND (c.status IS NULL OR c.status <> 'OPERATING') RETURN collect(c.code) AS codes`, nil)[0]["codes"].([]any)
	if len(want) == 0 {
		t.Fatal("the framework has no national component due in 2026 that is not operating")
	}
	if n := int(num(dig(d, "components", "totalCount"))); n != len(want) {
		t.Errorf("totalCount %d, Cypher counts %d", n, len(want))
	}
	if n := int(num(dig(d, "componentAggregate", "count"))); n != len(want) {
		t.Errorf("aggregate count %d, Cypher counts %d", n, len(want))
	}
	var got []string
	for _, e := range dig(d, "components", "edges").([]any) {
		if dig(e, "node", "status") == "OPERATING" || num(dig(e, "node", "dueYear")) != 2026 {
			t.Errorf("listed %v", e)
		}
		got = append(got, str(dig(e, "node", "code")))
	}
	ws := make([]string, len(want))
	for i, w := range want {
		ws[i] = str(w)
	}
	sort.Strings(ws)
	sorted := append([]string(nil), got...)
	sort.Strings(sorted)
	if fmt.Sprint(sorted) != fmt.Sprint(ws) {
		t.Errorf("listed %v, Cypher finds %v", got, ws)
	}
}

// Communes by area type with their conformance score, worst first: the aggregate's average and
// the list's scores equal what the conformance analysis says of each commune.
func TestDashboardCommuneConformance(t *testing.T) {
	a := newAPI(t)
	d := a.ok(`{
	  agencyAggregate(where: {level: {eq: COMMUNE}}, groupBy: [AREA_TYPE], stats: [CONFORMANCE_SCORE], orderBy: AVG_ASC) {
	    count groups { keys { value } count stats { field count min max avg } } }
	  agencies(first: 100, where: {level: {eq: COMMUNE}}, orderBy: [{field: AREA_TYPE}, {field: CONFORMANCE_SCORE}]) {
	    totalCount edges { node { id code areaType conformanceScore } } } }`, nil)
	communes := storetest.Rows(t, a.st, `MATCH (a:Agency {level: 'COMMUNE'}) RETURN a.id AS id, a.areaType AS areaType`, nil)
	if int(num(dig(d, "agencyAggregate", "count"))) != len(communes) || int(num(dig(d, "agencies", "totalCount"))) != len(communes) {
		t.Fatalf("counts %v / %v, Cypher counts %d communes", dig(d, "agencyAggregate", "count"), dig(d, "agencies", "totalCount"), len(communes))
	}
	// the independent score: the conformance analysis, commune by commune
	ctx := context.Background()
	score := map[string]float64{}
	sum, cnt := map[string]float64{}, map[string]int{}
	lo := map[string]float64{}
	for _, c := range communes {
		conf, err := a.st.Conformance(ctx, str(c["id"]), "")
		if err != nil {
			t.Fatal(err)
		}
		at := str(c["areaType"])
		score[str(c["id"])] = conf.Tally.Score
		sum[at] += conf.Tally.Score
		cnt[at]++
		if v, ok := lo[at]; !ok || conf.Tally.Score < v {
			lo[at] = conf.Tally.Score
		}
	}
	prevAvg := -1.0
	for _, g := range dig(d, "agencyAggregate", "groups").([]any) {
		at := str(dig(g, "keys", 0, "value"))
		avg, mn := num(dig(g, "stats", 0, "avg")), num(dig(g, "stats", 0, "min"))
		if want := sum[at] / float64(cnt[at]); math.Abs(avg-want) > 1e-9 {
			t.Errorf("%s: average score %v, the analysis gives %v", at, avg, want)
		}
		if math.Abs(mn-lo[at]) > 1e-9 {
			t.Errorf("%s: lowest score %v, the analysis gives %v", at, mn, lo[at])
		}
		if avg < prevAvg {
			t.Errorf("groups not worst first: %s (%v) after %v", at, avg, prevAvg)
		}
		prevAvg = avg
	}
	edges := dig(d, "agencies", "edges").([]any)
	for i, e := range edges {
		id := str(dig(e, "node", "id"))
		if got := num(dig(e, "node", "conformanceScore")); math.Abs(got-score[id]) > 1e-9 {
			t.Errorf("%v: score %v, the analysis gives %v", dig(e, "node", "code"), got, score[id])
		}
		if i > 0 {
			pa, ca := str(dig(edges[i-1], "node", "areaType")), str(dig(e, "node", "areaType"))
			if pa > ca || pa == ca && num(dig(edges[i-1], "node", "conformanceScore")) > num(dig(e, "node", "conformanceScore")) {
				t.Fatalf("not by area type then worst first at %d", i)
			}
		}
	}
	// the same scores in the other shapes of the list statement: in the default order (the
	// score computed after a partial sort on code), best first (no partial sort: every
	// commune scored), and with provinces among the rows (whose score is null)
	o := a.ok(`{
	  byCode: agencies(first: 100, where: {level: {eq: COMMUNE}}) { edges { node { id conformanceScore } } }
	  best: agencies(first: 100, where: {level: {eq: COMMUNE}}, orderBy: [{field: CONFORMANCE_SCORE, direction: DESC}]) {
	    edges { node { id conformanceScore } } }
	  mixed: agencies(first: 100, where: {level: {in: [PROVINCE, COMMUNE]}}, orderBy: [{field: LEVEL, direction: DESC}, {field: CONFORMANCE_SCORE}]) {
	    edges { node { id level conformanceScore } } } }`, nil)
	for _, list := range []string{"byCode", "best", "mixed"} {
		prev := math.Inf(1)
		rows := dig(o, list, "edges").([]any)
		if len(rows) != min(100, len(communes)+map[string]int{"mixed": 2}[list]) {
			t.Errorf("%s: %d rows", list, len(rows))
		}
		for _, e := range rows {
			id, got := str(dig(e, "node", "id")), dig(e, "node", "conformanceScore")
			if str(dig(e, "node", "level")) == "PROVINCE" {
				if got != nil {
					t.Errorf("%s: province %s has a score %v", list, id, got)
				}
				continue
			}
			if math.Abs(num(got)-score[id]) > 1e-9 {
				t.Errorf("%s: %s: score %v, the analysis gives %v", list, id, got, score[id])
			}
			if list == "best" {
				if num(got) > prev {
					t.Errorf("best: not best first at %s", id)
				}
				prev = num(got)
			}
		}
	}
	// the score outside a list (one batched statement) agrees too
	id := str(communes[0]["id"])
	one := a.ok(`query($id: ID!) { agency(id: $id) { conformanceScore } }`, map[string]any{"id": id})
	if got := num(dig(one, "agency", "conformanceScore")); math.Abs(got-score[id]) > 1e-9 {
		t.Errorf("agency(id).conformanceScore %v, the analysis gives %v", got, score[id])
	}
}

// Operators, AND/OR/NOT and relation conditions, each count checked in Cypher.
func TestDashboardFilters(t *testing.T) {
	a := newAPI(t)
	province := str(storetest.Rows(t, a.st, `MATCH (p:Agency {level: 'PROVINCE'}) RETURN p.code AS c ORDER BY c LIMIT 1`, nil)[0]["c"])
	hub := str(storetest.Rows(t, a.st, `MATCH (c:Component)<-[:DEPENDS_ON]-() RETURN c.code AS c, count(*) AS n ORDER BY n DESC, c LIMIT 1`, nil)[0]["c"])
	cases := []struct {
		name, where, cypher string
	}{
		{"in and range", `{kind: {in: [PLATFORM, DATABASE]}, dueYear: {gte: 2025, lte: 2026}}`,
			`MATCH (c:Component) WHERE c.kind IN ['PLATFORM', 'DATABASE'] AND 2025 <= c.dueYear <= 2026 RETURN count(c) AS n`},
		{"OR and NOT", `{OR: [{scope: {eq: NATIONAL}}, {NOT: {status: {in: [OPERATING, BUILDING]}}}]}`,
			`MATCH (c:Component) WHERE c.scope = 'NATIONAL' OR NOT coalesce(c.status IN ['OPERATING', 'BUILDING'], false) RETURN count(c) AS n`},
		{"isNull", `{dueYear: {isNull: false}, securityLevel: {isNull: true}}`,
			`MATCH (c:Component) WHERE c.dueYear IS NOT NULL AND c.securityLevel IS NULL RETURN count(c) AS n`},
		{"depends on a hub", `{dependsOn: {code: {eq: "` + hub + `"}}}`,
			`MATCH (c:Component) WHERE EXISTS { (c)-[:DEPENDS_ON]->(:Component {code: '` + hub + `'}) } RETURN count(c) AS n`},
		{"does not depend on the hub, owned in the province", `{NOT: {dependsOn: {code: {eq: "` + hub + `"}}}, province: {eq: "` + province + `"}}`,
			`MATCH (p:Agency {code: '` + province + `'})<-[:PART_OF*0..1]-(:Agency)-[:OWNS]->(c:Component)
			 WHERE NOT EXISTS { (c)-[:DEPENDS_ON]->(:Component {code: '` + hub + `'}) } RETURN count(DISTINCT c) AS n`},
		{"realizes a reference of a tier", `{realizes: {tier: {eq: COMMUNE_ESSENTIAL}}}`,
			`MATCH (c:Component) WHERE EXISTS { (c)-[:REALIZES]->(:ReferenceComponent {tier: 'COMMUNE_ESSENTIAL'}) } RETURN count(c) AS n`},
		{"owned by an agency under a province", `{owner: {province: {eq: "` + province + `"}, level: {eq: COMMUNE}}}`,
			`MATCH (:Agency {code: '` + province + `'})<-[:PART_OF]-(:Agency {level: 'COMMUNE'})-[:OWNS]->(c:Component) RETURN count(c) AS n`},
		{"code startsWith", `{code: {startsWith: "` + province + `"}}`,
			`MATCH (c:Component) WHERE c.code STARTS WITH '` + province + `' RETURN count(c) AS n`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := a.ok(`{ components(first: 1, where: `+tc.where+`) { totalCount }
			  componentAggregate(where: `+tc.where+`) { count } }`, nil)
			want := int(num(storetest.Rows(t, a.st, tc.cypher, nil)[0]["n"]))
			if got := int(num(dig(d, "components", "totalCount"))); got != want {
				t.Errorf("totalCount %d, Cypher counts %d", got, want)
			}
			if got := int(num(dig(d, "componentAggregate", "count"))); got != want {
				t.Errorf("aggregate count %d, Cypher counts %d", got, want)
			}
		})
	}
	// accent-folded contains: the names Go folds to contain "ha noi"
	names := storetest.Rows(t, a.st, `MATCH (a:Agency) RETURN a.name AS n`, nil)
	want := 0
	for _, r := range names {
		if strings.Contains(goFold(str(r["n"])), "ha noi") {
			want++
		}
	}
	d := a.ok(`{ agencies(first: 1, where: {name: {contains: "HA NOI"}}) { totalCount } agencyAggregate(where: {name: {contains: "Hà Nội"}}) { count } }`, nil)
	if got := int(num(dig(d, "agencies", "totalCount"))); got != want || int(num(dig(d, "agencyAggregate", "count"))) != want {
		t.Errorf("name contains 'ha noi': %d / %v, folding in Go finds %d", got, dig(d, "agencyAggregate", "count"), want)
	}
	// references: filter and aggregate by tier, checked in Cypher
	rd := a.ok(`{ referenceAggregate(where: {framework: {eq: "KTTS-XA"}}, groupBy: [TIER], stats: [REALIZED_BY_COUNT], orderBy: KEY_ASC) { count groups { keys { value } count stats { sum } } } }`, nil)
	rwant := cypherCounts(t, a, `MATCH (r:ReferenceComponent {framework: 'KTTS-XA'}) RETURN r.tier AS k, count(r) AS n`, nil)
	if got := groupCounts(t, rd["referenceAggregate"]); fmt.Sprint(got) != fmt.Sprint(rwant) {
		t.Errorf("references by tier %v, Cypher %v", got, rwant)
	}
	real := storetest.Rows(t, a.st, `MATCH (r:ReferenceComponent {framework: 'KTTS-XA'})<-[:REALIZES]-(c:Component) RETURN count(c) AS n`, nil)
	total := 0.0
	for _, g := range dig(rd, "referenceAggregate", "groups").([]any) {
		total += num(dig(g, "stats", 0, "sum"))
	}
	if int(total) != int(num(real[0]["n"])) {
		t.Errorf("sum of realizedByCount %v, Cypher counts %v realizations", total, real[0]["n"])
	}
}

func goFold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case r == 'đ':
			b.WriteRune('d')
		case r >= 0x300 && r <= 0x36f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Sorting on several keys is stable: pages fetched with the order's cursors are the one long
// page; a cursor of another order is refused.
func TestDashboardSortCursors(t *testing.T) {
	a := newAPI(t)
	const order = `[{field: KIND, direction: DESC}, {field: DUE_YEAR}]`
	whole := a.ok(`{ components(first: 60, where: {scope: {in: [NATIONAL, MINISTRY]}}, orderBy: `+order+`) { edges { node { code kind dueYear } } } }`, nil)
	var want []string
	for _, e := range dig(whole, "components", "edges").([]any) {
		want = append(want, str(dig(e, "node", "code")))
	}
	if len(want) < 30 {
		t.Fatalf("only %d components to page through", len(want))
	}
	var got []string
	after := ""
	for page := 0; len(got) < len(want); page++ {
		d := a.ok(`query($after: String) { components(first: 7, after: $after, where: {scope: {in: [NATIONAL, MINISTRY]}}, orderBy: `+order+`) {
		  edges { cursor node { code } } pageInfo { endCursor hasNextPage hasPreviousPage } } }`, map[string]any{"after": nilIfEmpty(after)})
		for _, e := range dig(d, "components", "edges").([]any) {
			got = append(got, str(dig(e, "node", "code")))
		}
		if prev := dig(d, "components", "pageInfo", "hasPreviousPage"); prev != (page > 0) {
			t.Errorf("page %d: hasPreviousPage %v", page, prev)
		}
		after = str(dig(d, "components", "pageInfo", "endCursor"))
		if page == 0 {
			// a component inserted before the cursor, between two pages: keyset cursors go on
			// after the last row seen (an offset would now repeat that row)
			first := dig(whole, "components", "edges", 0, "node")
			year := 2020
			if y, ok := dig(first, "dueYear").(float64); ok {
				year = int(y)
			}
			a.token = editorToken
			d := a.ok(`mutation($in: CreateComponentInput!) { createComponent(input: $in) { id revision } }`, map[string]any{"in": map[string]any{
				"code": "A0-KEYSET", "name": "Chen giua hai trang", "nameEn": "Inserted between two pages", "kind": dig(first, "kind"),
				"scope": "NATIONAL", "layer": "L2", "dueYear": year}})
			id, rev := str(dig(d, "createComponent", "id")), dig(d, "createComponent", "revision")
			t.Cleanup(func() {
				a.token = editorToken
				a.ok(`mutation($id: ID!, $rev: Int) { deleteComponent(id: $id, revision: $rev) }`, map[string]any{"id": id, "rev": rev})
				a.token = ""
			})
			a.token = ""
			now := a.ok(`{ components(first: 1, where: {scope: {in: [NATIONAL, MINISTRY]}}, orderBy: `+order+`) { edges { node { code } } } }`, nil)
			if c := str(dig(now, "components", "edges", 0, "node", "code")); c != "A0-KEYSET" {
				t.Fatalf("the inserted component does not sort first (%s is first): the test proves nothing", c)
			}
		}
	}
	if fmt.Sprint(got[:len(want)]) != fmt.Sprint(want) {
		t.Errorf("paged %v\nwhole %v", got, want)
	}
	// a cursor is the row's sort keys, checked against the order's types
	raw, err := base64.RawURLEncoding.DecodeString(after)
	if err != nil || !strings.HasPrefix(string(raw), "k:") {
		t.Fatalf("not a keyset cursor: %q", raw)
	}
	tag := string(raw[:strings.Index(string(raw), "[")]) // "k:<the order's tag>:"
	for _, forged := range []string{`["PLATFORM", "2026", "X", "Y"]`, `["PLATFORM", 2026, "X"]`, `["PLATFORM", 2026.5, "X", "Y"]`, `[{"a": 1}, 2026, "X", "Y"]`, `not json`} {
		r := a.query(`query($after: String) { components(first: 5, after: $after, where: {scope: {in: [NATIONAL, MINISTRY]}}, orderBy: `+order+`) { edges { node { code } } } }`,
			map[string]any{"after": base64.RawURLEncoding.EncodeToString([]byte(tag + forged))})
		if r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "after") {
			t.Errorf("forged cursor %s: %s", forged, r.Raw)
		}
	}
	// the order really is kind descending, then due year
	for i := 1; i < len(want); i++ {
		p, c := dig(whole, "components", "edges", i-1, "node"), dig(whole, "components", "edges", i, "node")
		if str(dig(p, "kind")) < str(dig(c, "kind")) {
			t.Fatalf("not by kind descending at %d", i)
		}
	}
	r := a.query(`query($after: String) { components(first: 5, after: $after, orderBy: [{field: NAME}]) { edges { node { code } } } }`, map[string]any{"after": after})
	if r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "orderBy") {
		t.Errorf("a cursor of another order: %s", r.Raw)
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Hostile filters are refused with a message that names the problem, quickly.
func TestDashboardHostileFilters(t *testing.T) {
	a := newAPI(t)
	nest := "{scope: {eq: NATIONAL}}"
	for i := 0; i < 8; i++ {
		nest = "{NOT: " + nest + "}"
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("%q", fmt.Sprint("C", i))
	}
	wide := make([]string, 41)
	for i := range wide {
		wide[i] = fmt.Sprintf("{dueYear: {eq: %d}}", 2000+i)
	}
	pricey := make([]string, 10)
	for i := range pricey {
		pricey[i] = fmt.Sprintf("{owner: {conformanceScore: {lt: 0.%d}}}", i+1)
	}
	a.refusedFast(t, []refusal{
		{"deep nesting", `{ components(where: ` + nest + `) { totalCount } }`, "BAD_USER_INPUT", "nested more than 6 levels"},
		{"huge in list", `{ components(where: {code: {in: [` + strings.Join(many, ",") + `]}}) { totalCount } }`, "BAD_USER_INPUT", "101 values; at most 100"},
		{"too many conditions", `{ componentAggregate(where: {OR: [` + strings.Join(wide, ",") + `]}) { count } }`, "BAD_USER_INPUT", "at most 40"},
		{"control characters", `{ components(where: {name: {contains: "a\u0000b"}}) { totalCount } }`, "BAD_USER_INPUT", "where.name.contains"},
		{"bidi override", `{ components(where: {code: {eq: "ab\u202ecd"}}) { totalCount } }`, "BAD_USER_INPUT", "where.code.eq"},
		{"over the complexity budget", `{ componentAggregate(where: {OR: [` + strings.Join(pricey, ",") + `]}) { count } }`, "COMPLEXITY_LIMIT_EXCEEDED", "exceeds the limit of 20000"},
		{"bad date", `{ components(where: {validFrom: {gt: "2026-13-01"}}) { totalCount } }`, "BAD_USER_INPUT", "YYYY-MM-DD"},
		{"three dimensions", `{ componentAggregate(groupBy: [STATUS, KIND, LAYER]) { count } }`, "BAD_USER_INPUT", "at most 2"},
		{"average without stats", `{ componentAggregate(groupBy: [STATUS], orderBy: AVG_ASC) { count } }`, "BAD_USER_INPUT", "give stats"},
		{"stats on a text", `{ componentAggregate(stats: [NAME]) { count } }`, "BAD_USER_INPUT", "not a numeric field"},
		{"empty operator", `{ components(where: {dueYear: {}}) { totalCount } }`, "BAD_USER_INPUT", "at least one operator"},
	})
	// a regex-like text is a literal: nothing contains it, and it is answered like any other
	start := time.Now()
	d := a.ok(`{ components(first: 1, where: {name: {contains: "(a+)+$.*[x]{1000}"}}) { totalCount } }`, nil)
	if n := num(dig(d, "components", "totalCount")); n != 0 {
		t.Errorf("a regex-like text matched %v components", n)
	}
	t.Logf("regex-like contains answered in %s", time.Since(start))
}

// asOf: the aggregation as of today counts what the current model holds.
func TestDashboardAsOf(t *testing.T) {
	a := newAPI(t)
	today := a.st.Today()
	d := a.ok(`query($d: Date) { now: componentAggregate(groupBy: [LAYER]) { count groups { keys { value } count } }
	  then: componentAggregate(groupBy: [LAYER], asOf: $d) { count groups { keys { value } count } }
	  list: components(first: 1, asOf: $d, where: {layer: {eq: "L1"}}) { totalCount } }`, map[string]any{"d": today})
	if fmt.Sprint(groupCounts(t, d["now"])) != fmt.Sprint(groupCounts(t, d["then"])) {
		t.Errorf("as of today %v, now %v", groupCounts(t, d["then"]), groupCounts(t, d["now"]))
	}
	if num(dig(d, "list", "totalCount")) != float64(groupCounts(t, d["now"])["L1"]) {
		t.Errorf("L1 as of today %v, now %v", dig(d, "list", "totalCount"), groupCounts(t, d["now"])["L1"])
	}
	r := a.query(`{ componentAggregate(asOf: "2999-01-01") { count } }`, nil)
	if r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "asOf") {
		t.Errorf("asOf in the future: %s", r.Raw)
	}
}

// The quantified relation conditions (…None, …All, …Single beside the plain "some"), each count
// checked against Cypher's own list predicates (none(), all(), single()) over the related nodes,
// written independently of the compiler. "All" of no related node is true: the components
// without any dependency are counted by dependsOnAll, and `dependsOn: {}` beside it gives
// @neo4j/graphql's ALL (at least one, and all).
func TestDashboardRelationQuantifiers(t *testing.T) {
	a := newAPI(t)
	const deps = `[(c)-[:DEPENDS_ON]->(d:Component) | d]`
	cases := []struct {
		name, list, agg, where, cypher string
	}{
		{"all dependencies operating", "components", "componentAggregate", `{dependsOnAll: {status: {eq: OPERATING}}}`,
			`MATCH (c:Component) WHERE all(d IN ` + deps + ` WHERE coalesce(d.status = 'OPERATING', false)) RETURN count(c) AS n`},
		{"all of nothing: no dependency at all", "components", "componentAggregate", `{dependsOnAll: {status: {eq: OPERATING}}, dependsOnCount: {eq: 0}}`,
			`MATCH (c:Component) WHERE NOT EXISTS { (c)-[:DEPENDS_ON]->(:Component) } RETURN count(c) AS n`},
		{"at least one dependency, and all operating (as @neo4j/graphql's ALL)", "components", "componentAggregate", `{dependsOnAll: {status: {eq: OPERATING}}, dependsOn: {}}`,
			`MATCH (c:Component) WHERE size(` + deps + `) > 0 AND all(d IN ` + deps + ` WHERE coalesce(d.status = 'OPERATING', false)) RETURN count(c) AS n`},
		{"all dependencies due from 2026 (no due year fails)", "components", "componentAggregate", `{dependsOnAll: {dueYear: {gte: 2026}}}`,
			`MATCH (c:Component) WHERE all(d IN ` + deps + ` WHERE coalesce(d.dueYear >= 2026, false)) RETURN count(c) AS n`},
		{"all dependencies not due before 2026 (no due year holds)", "components", "componentAggregate", `{dependsOnAll: {NOT: {dueYear: {lt: 2026}}}}`,
			`MATCH (c:Component) WHERE all(d IN ` + deps + ` WHERE NOT coalesce(d.dueYear < 2026, false)) RETURN count(c) AS n`},
		{"no national dependency", "components", "componentAggregate", `{dependsOnNone: {scope: {eq: NATIONAL}}}`,
			`MATCH (c:Component) WHERE none(d IN ` + deps + ` WHERE coalesce(d.scope = 'NATIONAL', false)) RETURN count(c) AS n`},
		{"exactly one national dependency", "components", "componentAggregate", `{dependsOnSingle: {scope: {eq: NATIONAL}}}`,
			`MATCH (c:Component) WHERE single(d IN ` + deps + ` WHERE coalesce(d.scope = 'NATIONAL', false)) RETURN count(c) AS n`},
		{"every dependent national or provincial, OR'd with a scope", "components", "componentAggregate",
			`{OR: [{scope: {eq: NATIONAL}}, {dependentsAll: {scope: {in: [NATIONAL, PROVINCE]}}}]}`,
			`MATCH (c:Component) WHERE c.scope = 'NATIONAL' OR all(d IN [(c)<-[:DEPENDS_ON]-(d:Component) | d] WHERE coalesce(d.scope IN ['NATIONAL', 'PROVINCE'], false)) RETURN count(c) AS n`},
		{"used only by communes", "components", "componentAggregate", `{usedByAll: {level: {eq: COMMUNE}}, usedBy: {}}`,
			`MATCH (c:Component) WITH c, [(c)<-[:USES]-(u:Agency) | u] AS us WHERE size(us) > 0 AND all(u IN us WHERE coalesce(u.level = 'COMMUNE', false)) RETURN count(c) AS n`},
		{"agencies owning only operating components (or none)", "agencies", "agencyAggregate", `{ownsAll: {status: {eq: OPERATING}}}`,
			`MATCH (a:Agency) WHERE all(c IN [(a)-[:OWNS]->(c:Component) | c] WHERE coalesce(c.status = 'OPERATING', false)) RETURN count(a) AS n`},
		{"agencies whose parts all own an L4 component", "agencies", "agencyAggregate", `{partsAll: {owns: {layer: {eq: "L4"}}}, parts: {}}`,
			`MATCH (a:Agency) WITH a, [(a)<-[:PART_OF]-(p:Agency) | p] AS ps
			 WHERE size(ps) > 0 AND all(p IN ps WHERE EXISTS { (p)-[:OWNS]->(:Component {layer: 'L4'}) }) RETURN count(a) AS n`},
		{"references realized by none", "referenceComponents", "referenceAggregate", `{realizedByNone: {}}`,
			`MATCH (r:ReferenceComponent) WHERE NOT EXISTS { (r)<-[:REALIZES]-(:Component) } RETURN count(r) AS n`},
		{"references realized only by commune components", "referenceComponents", "referenceAggregate", `{realizedByAll: {scope: {eq: COMMUNE}}, realizedBy: {}}`,
			`MATCH (r:ReferenceComponent) WITH r, [(r)<-[:REALIZES]-(c:Component) | c] AS cs WHERE size(cs) > 0 AND all(c IN cs WHERE coalesce(c.scope = 'COMMUNE', false)) RETURN count(r) AS n`},
	}
	counts := map[string]int{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := a.ok(`{ `+tc.list+`(first: 1, where: `+tc.where+`) { totalCount }
			  `+tc.agg+`(where: `+tc.where+`) { count } }`, nil)
			want := int(num(storetest.Rows(t, a.st, tc.cypher, nil)[0]["n"]))
			counts[tc.name] = want
			t.Logf("%s: Cypher counts %d", tc.where, want)
			if want == 0 {
				t.Fatalf("Cypher counts no match: the fixture does not exercise this case")
			}
			if got := int(num(dig(d, tc.list, "totalCount"))); got != want {
				t.Errorf("totalCount %d, Cypher counts %d", got, want)
			}
			if got := int(num(dig(d, tc.agg, "count"))); got != want {
				t.Errorf("aggregate count %d, Cypher counts %d", got, want)
			}
		})
	}
	// the cases differ where they should: the empty relation is counted by "all" alone, and
	// a missing due year fails "gte" but passes "NOT lt"
	all, empty, atLeastOne := counts["all dependencies operating"], counts["all of nothing: no dependency at all"], counts["at least one dependency, and all operating (as @neo4j/graphql's ALL)"]
	if all != empty+atLeastOne || atLeastOne == 0 {
		t.Errorf("all (%d) should be those without dependencies (%d) plus those with only operating ones (%d, > 0)", all, empty, atLeastOne)
	}
	if counts["all dependencies due from 2026 (no due year fails)"] >= counts["all dependencies not due before 2026 (no due year holds)"] {
		t.Errorf("components whose dependencies lack a due year should pass NOT lt and fail gte: %v", counts)
	}
	// quantified conditions count and are priced as relation conditions: 41 are refused as any
	// 41 conditions, and ten "all" conditions on a score go over the complexity limit
	many := make([]string, 41)
	for i := range many {
		many[i] = `{dependsOnAll: {status: {eq: OPERATING}}}`
	}
	pricey := make([]string, 10)
	for i := range pricey {
		pricey[i] = fmt.Sprintf("{usedByAll: {conformanceScore: {lt: 0.%d}}}", i+1)
	}
	for _, tc := range []struct{ q, code, msg string }{
		{`{ componentAggregate(where: {OR: [` + strings.Join(many, ", ") + `]}) { count } }`, "BAD_USER_INPUT", "at most 40"},
		{`{ componentAggregate(where: {OR: [` + strings.Join(pricey, ", ") + `]}) { count } }`, "COMPLEXITY_LIMIT_EXCEEDED", "exceeds the limit of 20000"},
	} {
		if r := a.query(tc.q, nil); r.code() != tc.code || !strings.Contains(r.Errors[0].Message, tc.msg) {
			t.Errorf("want %s %q, got %s", tc.code, tc.msg, clipBody(r.Raw))
		}
	}
}
