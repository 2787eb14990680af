package server_test

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/archgraph/archgraph/store/storetest"
)

// asOf on agencies and reference components (which have no valid time) and on the relations
// that do: a small history lived with the store's clock, then each answer on two past days and
// today checked against the story and against counts made independently in Cypher, and the
// conformance score as of a day against the conformance analysis as of that day.
//
//	D0 (today-20)  T-AOF-1 owned by commune K1, realizes R; T-AOF-2 owned by province P, used by
//	               commune K2
//	D1 (today-10)  T-AOF-3 owned by K2 realizes R; K2 stops using T-AOF-2; T-AOF-1 retired
func TestDashboardAsOfAgencies(t *testing.T) {
	a := newAPI(t)
	today, err := time.Parse("2006-01-02", a.st.Today())
	if err != nil {
		t.Fatal(err)
	}
	day := func(d int) string { return today.AddDate(0, 0, d).Format("2006-01-02") }
	d0, d1 := day(-20), day(-10)
	setDay := func(s string) {
		d, err := time.ParseInLocation("2006-01-02 15:04", s+" 12:00", time.FixedZone("ICT", 7*3600))
		if err != nil {
			t.Fatal(err)
		}
		a.st.SetClock(func() time.Time { return d })
	}
	t.Cleanup(func() { a.st.SetClock(nil) })

	// two communes of one province, and an item of the communes' framework
	setup := a.ok(`{ communes: agencies(first: 2, where: {level: {eq: COMMUNE}, partOf: {level: {eq: PROVINCE}}}) { edges { node { code partOf { code } } } }
	  refs: referenceComponents(first: 1, where: {framework: {eq: "KTTS-XA"}, tier: {eq: COMMUNE_ESSENTIAL}, kind: {eq: COMPONENT}, catchAll: {eq: false}}) { edges { node { code } } } }`, nil)
	k1, k2 := str(dig(setup, "communes", "edges", 0, "node", "code")), str(dig(setup, "communes", "edges", 1, "node", "code"))
	p := str(dig(setup, "communes", "edges", 0, "node", "partOf", "code"))
	ref := str(dig(setup, "refs", "edges", 0, "node", "code"))
	if k1 == "" || k2 == "" || p == "" || ref == "" {
		t.Fatalf("fixture: %v", setup)
	}

	a.token = editorToken
	create := func(code, owner, scope, layer string) string {
		d := a.ok(`mutation($in: CreateComponentInput!) { createComponent(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"code": code, "name": "Thử " + code, "nameEn": "Test " + code, "kind": "APPLICATION", "scope": scope,
			"layer": layer, "owner": owner, "status": "OPERATING"}})
		return str(dig(d, "createComponent", "id"))
	}
	setDay(d0)
	x1 := create("T-AOF-1", k1, "COMMUNE", "L3")
	x2 := create("T-AOF-2", p, "PROVINCE", "L2")
	a.ok(`mutation($x1: ID!, $x2: ID!, $ref: ID!, $k2: ID!) { addRealization(component: $x1, reference: $ref) { id } addUse(agency: $k2, component: $x2) { id } }`,
		map[string]any{"x1": x1, "x2": x2, "ref": ref, "k2": k2})
	setDay(d1)
	x3 := create("T-AOF-3", k2, "COMMUNE", "L3")
	a.ok(`mutation($x3: ID!, $x2: ID!, $ref: ID!, $k2: ID!, $x1: ID!) { addRealization(component: $x3, reference: $ref) { id }
	  removeUse(agency: $k2, component: $x2) { id } deleteComponent(id: $x1) }`,
		map[string]any{"x1": x1, "x2": x2, "x3": x3, "ref": ref, "k2": k2})
	a.st.SetClock(nil)
	a.token = ""
	t.Cleanup(func() {
		a.token = editorToken
		a.ok(`mutation($x2: ID!, $x3: ID!) { a: deleteComponent(id: $x2) b: deleteComponent(id: $x3) }`, map[string]any{"x2": x2, "x3": x3})
		a.token = ""
	})

	ks := map[string]any{"k1": k1, "k2": k2, "p": p, "ref": ref}
	q := `query($d: Date, $k1: String!, $k2: String!, $p: String!, $ref: String!) {
	  owned: agencyAggregate(where: {code: {in: [$k1, $k2, $p]}}, groupBy: [CODE], stats: [OWNS_COUNT], asOf: $d) { groups { keys { value } stats { sum } } }
	  usersOf2: agencies(where: {uses: {code: {eq: "T-AOF-2"}}}, asOf: $d) { totalCount edges { node { code } } }
	  ownerHasOne: components(where: {code: {startsWith: "T-AOF-"}, owner: {ownsCount: {eq: 1}}}, orderBy: [{field: CODE}], asOf: $d) { edges { node { code } } }
	  realizing1: referenceComponents(where: {realizedBy: {code: {eq: "T-AOF-1"}}}, asOf: $d) { totalCount }
	  realizing3: referenceAggregate(where: {realizedBy: {code: {eq: "T-AOF-3"}}}, asOf: $d) { count }
	  realized: referenceAggregate(where: {code: {eq: $ref}}, stats: [REALIZED_BY_COUNT], asOf: $d) { stats { sum } }
	  scores: agencies(where: {code: {in: [$k1, $k2]}}, orderBy: [{field: CODE}], asOf: $d) { edges { node { code conformanceScore } } }
	  scoreAgg: agencyAggregate(where: {code: {in: [$k1, $k2]}}, groupBy: [CODE], stats: [CONFORMANCE_SCORE], asOf: $d) { groups { keys { value } stats { avg } } }
	}`
	type want struct {
		owned        map[string]int // OWNS_COUNT of the three agencies counting only the test's components
		usersOf2     int
		ownerHasOne  string
		realizing1   int
		realizing3   int
		realizedDiff int // REALIZED_BY_COUNT of ref: the test's part
	}
	wants := map[string]want{
		d0: {owned: map[string]int{k1: 1, k2: 0, p: 1}, usersOf2: 1, ownerHasOne: "T-AOF-1 T-AOF-2", realizing1: 1, realizing3: 0, realizedDiff: 1},
		d1: {owned: map[string]int{k1: 0, k2: 1, p: 1}, usersOf2: 0, ownerHasOne: "T-AOF-2 T-AOF-3", realizing1: 0, realizing3: 1, realizedDiff: 1},
	}
	for _, d := range []string{d0, d1, a.st.Today()} {
		vars := map[string]any{"d": d}
		for k, v := range ks {
			vars[k] = v
		}
		got := a.ok(q, vars)
		// the owned counts: as Cypher counts OWNS valid that day (written here, not by the compiler)
		owned := map[string]int{}
		for _, g := range dig(got, "owned", "groups").([]any) {
			owned[str(dig(g, "keys", 0, "value"))] = int(num(dig(g, "stats", 0, "sum")))
		}
		cy := cypherCounts(t, a, `MATCH (x:Agency) WHERE x.code IN $codes
		  OPTIONAL MATCH (x)-[o]->(c) WHERE type(o) IN ['OWNS', 'WAS_OWNS'] AND coalesce(o.validFrom, '') <= $d AND (o.validTo IS NULL OR o.validTo > $d)
		  RETURN x.code AS k, count(c) AS n`, map[string]any{"codes": []string{k1, k2, p}, "d": d})
		if fmt.Sprint(owned) != fmt.Sprint(cy) {
			t.Errorf("%s: OWNS_COUNT %v, Cypher %v", d, owned, cy)
		}
		// everything a dashboard reads about agencies and references as of d, as Cypher has it
		indep := storetest.Rows(t, a.st, `
		  CALL () { MATCH (x:Agency)-[u]->(c {code: 'T-AOF-2'}) WHERE type(u) IN ['USES', 'WAS_USES'] AND coalesce(u.validFrom, '') <= $d AND (u.validTo IS NULL OR u.validTo > $d) RETURN count(x) AS users }
		  CALL () { MATCH (r:ReferenceComponent)<-[z]-(c {code: 'T-AOF-1'}) WHERE type(z) IN ['REALIZES', 'WAS_REALIZES'] AND coalesce(z.validFrom, '') <= $d AND (z.validTo IS NULL OR z.validTo > $d) RETURN count(r) AS r1 }
		  CALL () { MATCH (r:ReferenceComponent {code: $ref})<-[z]-(c) WHERE type(z) IN ['REALIZES', 'WAS_REALIZES'] AND coalesce(z.validFrom, '') <= $d AND (z.validTo IS NULL OR z.validTo > $d) RETURN count(c) AS rb }
		  RETURN users, r1, rb`, map[string]any{"d": d, "ref": ref})[0]
		if num(dig(got, "usersOf2", "totalCount")) != num(indep["users"]) || num(dig(got, "realizing1", "totalCount")) != num(indep["r1"]) ||
			num(dig(got, "realized", "stats", 0, "sum")) != num(indep["rb"]) {
			t.Errorf("%s: users of T-AOF-2 %v, references realized by T-AOF-1 %v, realizations of %s %v; Cypher %v",
				d, dig(got, "usersOf2", "totalCount"), dig(got, "realizing1", "totalCount"), ref, dig(got, "realized", "stats", 0, "sum"), indep)
		}
		var hasOne []string
		for _, e := range dig(got, "ownerHasOne", "edges").([]any) {
			hasOne = append(hasOne, str(dig(e, "node", "code")))
		}
		if w, ok := wants[d]; ok {
			// the story itself: the test's components are the only ones valid on the past days
			if fmt.Sprint(owned) != fmt.Sprint(w.owned) {
				t.Errorf("%s: OWNS_COUNT %v, want %v", d, owned, w.owned)
			}
			if int(num(dig(got, "usersOf2", "totalCount"))) != w.usersOf2 || strings.Join(hasOne, " ") != w.ownerHasOne ||
				int(num(dig(got, "realizing1", "totalCount"))) != w.realizing1 || int(num(dig(got, "realizing3", "count"))) != w.realizing3 ||
				int(num(dig(got, "realized", "stats", 0, "sum"))) != w.realizedDiff {
				t.Errorf("%s: %v\nwant %+v", d, got, w)
			}
		} else if int(num(dig(got, "usersOf2", "totalCount"))) != 0 || int(num(dig(got, "realizing1", "totalCount"))) != 0 || int(num(dig(got, "realizing3", "count"))) != 1 {
			t.Errorf("today: %v", got)
		}
		// the score as of d: the conformance analysis as of d, commune by commune
		aggAvg := map[string]float64{}
		for _, g := range dig(got, "scoreAgg", "groups").([]any) {
			aggAvg[str(dig(g, "keys", 0, "value"))] = num(dig(g, "stats", 0, "avg"))
		}
		for _, e := range dig(got, "scores", "edges").([]any) {
			code, score := str(dig(e, "node", "code")), num(dig(e, "node", "conformanceScore"))
			c := a.ok(`query($a: ID!, $d: Date) { conformance(agency: $a, asOf: $d) { tally { score } } }`, map[string]any{"a": code, "d": d})
			if want := num(dig(c, "conformance", "tally", "score")); math.Abs(score-want) > 1e-9 || math.Abs(aggAvg[code]-want) > 1e-9 {
				t.Errorf("%s: %s's score %v in the list, %v in the aggregation; conformance(asOf) %v", d, code, score, aggAvg[code], want)
			}
		}
	}
	// the scores differ between the days (K1 realized R on D0 only): the comparison above is not vacuous
	s0 := a.ok(`query($k: String!, $d: Date) { agencies(where: {code: {eq: $k}}, asOf: $d) { edges { node { conformanceScore } } } }`, map[string]any{"k": k1, "d": d0})
	s1 := a.ok(`query($k: String!, $d: Date) { agencies(where: {code: {eq: $k}}, asOf: $d) { edges { node { conformanceScore } } } }`, map[string]any{"k": k1, "d": d1})
	if num(dig(s0, "agencies", "edges", 0, "node", "conformanceScore")) <= num(dig(s1, "agencies", "edges", 0, "node", "conformanceScore")) {
		t.Errorf("%s's score on D0 %v, on D1 %v: want higher on D0, when it realized %s", k1, s0, s1, ref)
	}

	// estate-wide, on two days: the owned components summed by level, as Cypher counts them
	for _, d := range []string{d1, a.st.Today()} {
		got := a.ok(`query($d: Date) { agencyAggregate(groupBy: [LEVEL], stats: [OWNS_COUNT], first: 10, asOf: $d) { groups { keys { value } count stats { sum } } } }`, map[string]any{"d": d})
		sums := map[string]int{}
		for _, g := range dig(got, "agencyAggregate", "groups").([]any) {
			sums[str(dig(g, "keys", 0, "value"))] = int(num(dig(g, "stats", 0, "sum")))
		}
		cy := cypherCounts(t, a, `MATCH (x:Agency) WHERE x.code IS NOT NULL
		  OPTIONAL MATCH (x)-[o]->(c) WHERE type(o) IN ['OWNS', 'WAS_OWNS'] AND coalesce(o.validFrom, '') <= $d AND (o.validTo IS NULL OR o.validTo > $d)
		  RETURN x.level AS k, count(c) AS n`, map[string]any{"d": d})
		if fmt.Sprint(sums) != fmt.Sprint(cy) {
			t.Errorf("%s: owned by level %v, Cypher %v", d, sums, cy)
		}
		t.Logf("%s: owned by level %v", d, sums)
	}

	// asOf on what has no valid time is refused, not ignored
	for _, bad := range []string{
		`{ agencyAggregate(groupBy: [LEVEL], asOf: "` + d0 + `") { count } }`,
		`{ agencies(where: {level: {eq: COMMUNE}, parts: {code: {eq: "X"}}}, asOf: "` + d0 + `") { totalCount } }`,
		`{ referenceComponents(where: {tier: {eq: COMMUNE_ESSENTIAL}}, asOf: "` + d0 + `") { totalCount } }`,
		`{ referenceAggregate(groupBy: [TIER], asOf: "` + d0 + `") { count } }`,
	} {
		r := a.query(bad, nil)
		if r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "no valid time") {
			t.Errorf("%s: %s", bad, clipBody(r.Raw))
		}
	}
	if r := a.query(`{ agencyAggregate(stats: [OWNS_COUNT], asOf: "2999-01-01") { count } }`, nil); r.code() != "BAD_USER_INPUT" {
		t.Errorf("asOf in the future: %s", clipBody(r.Raw))
	}
}

// The validFrom buckets (VALID_FROM_YEAR, VALID_FROM_MONTH): "added per year/month" charts
// and filters, each count equal to Cypher's over the components' validFrom.
func TestDashboardValidFromBuckets(t *testing.T) {
	a := newAPI(t)
	today, err := time.Parse("2006-01-02", a.st.Today())
	if err != nil {
		t.Fatal(err)
	}
	old := today.AddDate(-1, -2, 0).Format("2006-01-02")
	a.token = editorToken
	d := a.ok(`mutation($in: CreateComponentInput!) { createComponent(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"code": "T-BUCKET-1", "name": "Thử nhóm theo tháng", "nameEn": "Bucket test", "kind": "APPLICATION", "scope": "NATIONAL",
		"layer": "L2", "status": "OPERATING", "validFrom": old}})
	id := str(dig(d, "createComponent", "id"))
	a.token = ""
	t.Cleanup(func() {
		a.token = editorToken
		a.ok(`mutation($id: ID!) { deleteComponent(id: $id) }`, map[string]any{"id": id})
		a.token = ""
	})
	got := a.ok(`query($y: Int, $m: String) {
	  byMonth: componentAggregate(groupBy: [VALID_FROM_MONTH, SCOPE], orderBy: KEY_ASC, first: 1000) { groups { keys { value } count } }
	  byYear: componentAggregate(groupBy: [VALID_FROM_YEAR], stats: [VALID_FROM_YEAR], first: 1000) { groups { keys { value } count } stats { min } }
	  inYear: components(first: 5, where: {validFromYear: {eq: $y}}, orderBy: [{field: VALID_FROM_MONTH}, {field: CODE}]) { totalCount edges { node { code } } }
	  inMonth: componentAggregate(where: {validFromMonth: {eq: $m}, scope: {eq: NATIONAL}}) { count } }`,
		map[string]any{"y": today.Year() - 1 - map[bool]int{true: 1, false: 0}[today.Month() <= 2], "m": old[:7]})
	cy := cypherCounts(t, a, `MATCH (c:Component) WHERE c.code IS NOT NULL
	  RETURN coalesce(substring(c.validFrom, 0, 7), '∅') + '|' + coalesce(c.scope, '∅') AS k, count(*) AS n`, nil)
	if fmt.Sprint(groupCounts(t, got["byMonth"])) != fmt.Sprint(cy) {
		t.Errorf("by month and scope %v, Cypher %v", groupCounts(t, got["byMonth"]), cy)
	}
	cy = cypherCounts(t, a, `MATCH (c:Component) WHERE c.code IS NOT NULL
	  RETURN coalesce(toString(toInteger(substring(c.validFrom, 0, 4))), '∅') AS k, count(*) AS n`, nil)
	if fmt.Sprint(groupCounts(t, got["byYear"])) != fmt.Sprint(cy) {
		t.Errorf("by year %v, Cypher %v", groupCounts(t, got["byYear"]), cy)
	}
	if y, _ := strconv.Atoi(old[:4]); num(dig(got, "byYear", "groups", 0, "stats", 0, "min")) > float64(y) {
		t.Errorf("the earliest year %v, but T-BUCKET-1 is from %s", dig(got, "byYear", "groups", 0, "stats", 0, "min"), old)
	}
	if groupCounts(t, got["byMonth"])[old[:7]+"|NATIONAL"] < 1 || num(dig(got, "inMonth", "count")) != float64(groupCounts(t, got["byMonth"])[old[:7]+"|NATIONAL"]) {
		t.Errorf("%s: %v national components in the month's filter, %v in its group", old[:7], dig(got, "inMonth", "count"), groupCounts(t, got["byMonth"])[old[:7]+"|NATIONAL"])
	}
	if n := num(dig(got, "inYear", "totalCount")); n != float64(cy[strconv.Itoa(today.Year()-1-map[bool]int{true: 1, false: 0}[today.Month() <= 2])]) {
		t.Errorf("validFromYear filter: %v, Cypher %v", n, cy)
	}
}
