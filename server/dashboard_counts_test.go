package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/server"
	"github.com/archgraph/archgraph/store/bulk"
)

// countsQueries are aggregations the component counts answer (store/component_counts.go): over
// every current component, grouped by status, scope and the owner's fields.
var countsQueries = map[string]string{
	"province×status": `{ componentAggregate(groupBy: [PROVINCE, STATUS], first: 1000) { count groupCount groups { keys { dimension value name nameEn } count } } }`,
	"scope×status":    `{ componentAggregate(groupBy: [SCOPE, STATUS]) { count groupCount groups { keys { value } count } } }`,
	"owner by key":    `{ componentAggregate(groupBy: [OWNER], orderBy: KEY_ASC, first: 1000) { count groupCount groups { keys { value name } count } } }`,
	"level×status":    `{ componentAggregate(groupBy: [OWNER_LEVEL, STATUS], orderBy: COUNT_ASC) { count groups { keys { value } count } } }`,
	"area type":       `{ componentAggregate(groupBy: [OWNER_AREA_TYPE], orderBy: KEY_DESC) { count groups { keys { value } count } } }`,
	"status×province": `{ componentAggregate(groupBy: [STATUS, PROVINCE], first: 3) { count groupCount groups { keys { value } count } } }`,
	"count only":      `{ componentAggregate { count groupCount groups { count } } }`,
}

// kindQueries are answered by the kind counts (store/component_counts.go): counts of components
// filtered by scope, status, kind, layer and group, and the V-APEX rule's candidates (the
// Overview's KpiRules).
var kindQueries = map[string]string{
	"kpi rules": `{ vapex: ruleViolationCount(rule: "R-API-VIA-VAPEX") all: components(first: 1) { totalCount }
	  systems: components(first: 1, filter: {scope: [MINISTRY, PROVINCE, COMMUNE], status: [OPERATING, BUILDING],
	    kind: [APPLICATION, PLATFORM, PORTAL, DATABASE, DASHBOARD, CHANNEL]}) { totalCount } }`,
	"layer and group": `{ l2: components(first: 1, filter: {layer: "L2", scope: [PROVINCE]}) { totalCount }
	  l2none: components(first: 1, filter: {layer: "L2", kind: [NETWORK]}) { totalCount }
	  building: components(first: 2, filter: {status: [BUILDING]}) { totalCount edges { node { code } } } }`,
	"kind aggregates": `{ nationalKinds: componentAggregate(filter: {scope: [NATIONAL]}, groupBy: [KIND], first: 1000) { count groupCount groups { keys { value name } count } }
	  byGroup: componentAggregate(where: {kind: {in: [PLATFORM, APPLICATION]}, layer: {eq: "L2"}}, groupBy: [GROUP, SCOPE], orderBy: COUNT_DESC) { count groupCount groups { keys { value name nameEn } count } }
	  byLayer: componentAggregate(groupBy: [LAYER, STATUS], orderBy: KEY_ASC, first: 5) { count groupCount groups { keys { value name } count } }
	  none: componentAggregate(where: {status: {eq: UNKNOWN}, scope: {in: [COMMUNE]}}) { count groupCount } }`,
	"layers": `{ layers { code componentCount groups { code componentCount } } }`,
}

// TestDashboardComponentCounts: the aggregations over the component counts answer exactly what
// the live statements answer (and what Cypher counts), and every component mutation keeps the
// counts current and right — concurrent ones too; a write that does not keep them leaves them
// stale, and the aggregations then read the graph live.
func TestDashboardComponentCounts(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	current := func() bool {
		t.Helper()
		ok, err := a.st.ComponentCountsCurrent(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	answers := func() map[string]any {
		t.Helper()
		out := map[string]any{}
		for name, q := range countsQueries {
			out[name] = a.ok(q, nil)
		}
		for name, q := range kindQueries {
			out[name] = a.ok(q, nil)
		}
		return out
	}
	// live: a write that does not keep the counts (an empty bulk write counts as one) makes the
	// aggregations read the graph.
	live := func() map[string]any {
		t.Helper()
		if err := bulk.New(a.st).WriteAtomic(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if current() {
			t.Fatal("the counts are still current after a write that does not keep them")
		}
		return answers()
	}
	refresh := func() {
		t.Helper()
		if ok, err := a.st.RefreshComponentCounts(ctx); err != nil || !ok {
			t.Fatalf("refresh: current %v, %v", ok, err)
		}
	}
	same := func(what string) {
		t.Helper()
		if !current() {
			t.Fatalf("%s: the counts are not current", what)
		}
		fromCounts := answers()
		want := live()
		for name := range fromCounts {
			if !reflect.DeepEqual(fromCounts[name], want[name]) {
				t.Errorf("%s, %s: over the counts\n%v\nlive\n%v", what, name, fromCounts[name], want[name])
			}
		}
		refresh()
	}

	refresh()
	same("refreshed")
	// the counts are bookkeeping, not model: a recomputation (a new generation of every kind of
	// count) leaves the model's checksum as it was
	sum1, err := bulk.New(a.st).ModelChecksum(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := a.st.RecomputeComponentCounts(ctx); err != nil || !ok {
		t.Fatalf("recompute: %v %v", ok, err)
	}
	if sum2, err := bulk.New(a.st).ModelChecksum(ctx); err != nil || sum2 != sum1 {
		t.Errorf("the model checksum changed with a recomputation of the component counts (%v)", err)
	}
	// writes that cannot change the counts keep them current: a token, a session
	token(t, a, "HA-NOI", model.RoleViewer, 0)
	if !current() {
		t.Fatal("creating a token left the counts stale")
	}
	// an independent count of the Roadmap's question, over the counts
	if !current() {
		t.Fatal("not current")
	}
	got := groupCounts(t, a.ok(countsQueries["province×status"], nil)["componentAggregate"])
	want := cypherCounts(t, a, `MATCH (p:Agency {level: 'PROVINCE'})<-[:PART_OF*0..1]-(:Agency)-[:OWNS]->(c:Component)
RETURN p.code + '|' + c.status AS k, count(*) AS n`, nil)
	if len(want) < 4 {
		t.Fatalf("too few province groups to test with: %v", want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("over the counts, group %s: %d, Cypher counts %d", k, got[k], n)
		}
	}

	// the answers above came from the counts: a count changed by hand (Cypher bumps no version)
	// shows in every one of them
	exact := live()
	refresh()
	sess := a.st.Session(ctx, neo4j.AccessModeWrite)
	// (the aggregations by scope and status alone read the kind counts: one of them raised too)
	res, err := sess.Run(ctx, `MATCH (s:ComponentCountsState {id: 'counts'}) MATCH (t:ComponentCount {gen: s.gen})
WITH s, t ORDER BY t.n DESC LIMIT 1 SET t.n = t.n + 1000
WITH s MATCH (k:ComponentKindCount {gen: s.gen})
WITH k ORDER BY k.n DESC LIMIT 1 SET k.n = k.n + 1000`, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	sess.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for name, q := range countsQueries {
		// (another text than the answers cached at this version: Cypher by hand bumps none)
		c, e := dig(a.ok("query HandEdited "+q, nil), "componentAggregate", "count"), dig(exact[name], "componentAggregate", "count")
		if num(c) != num(e)+1000 {
			t.Errorf("%s: count %v with a count raised by 1000 by hand, %v live: not answered from the counts", name, c, e)
		}
	}
	if ok, err := a.st.RecomputeComponentCounts(ctx); err != nil || !ok {
		t.Fatalf("recompute: %v %v", ok, err)
	}
	same("recomputed")

	// likewise the kind counts: one of the V-APEX rule's candidates raised by hand shows in
	// every count it is part of (and the rule's violations: candidates less those reached)
	exact = live()
	refresh()
	sess = a.st.Session(ctx, neo4j.AccessModeWrite)
	res, err = sess.Run(ctx, `MATCH (s:ComponentCountsState {id: 'counts'}) MATCH (t:ComponentKindCount {gen: s.gen})
WHERE t.scope = 'PROVINCE' AND t.status = 'OPERATING' AND t.kind = 'PLATFORM' AND t.layer = 'L2' AND t.group <> ''
WITH t ORDER BY t.n DESC LIMIT 1
SET t.n = t.n + 1000
WITH count(t) AS n
MATCH (s:ComponentCountsState {id: 'counts'}) MATCH (l:ComponentLayerCount {gen: s.gen, layer: 'L2'})
SET l.n = l.n + 1000
WITH n, count(l) AS m RETURN n * m AS n`, nil)
	if err == nil {
		var rec *neo4j.Record
		if rec, err = res.Single(ctx); err == nil && rec.Values[0] != int64(1) {
			err = fmt.Errorf("%v kind counts of operating provincial platforms of L2", rec.Values[0])
		}
	}
	sess.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	raised := a.ok("query HandEdited "+kindQueries["kpi rules"], nil)
	for _, f := range []string{"vapex", "all", "systems"} {
		c, e := dig(raised, f), dig(exact["kpi rules"], f)
		if f != "vapex" {
			c, e = dig(c, "totalCount"), dig(e, "totalCount")
		}
		if num(c) != num(e)+1000 {
			t.Errorf("%s: %v with a kind count raised by 1000 by hand, %v live: not answered from the kind counts", f, c, e)
		}
	}
	raised = a.ok("query HandEdited "+kindQueries["layer and group"], nil)
	if c, e := dig(raised, "l2", "totalCount"), dig(exact["layer and group"], "l2", "totalCount"); num(c) != num(e)+1000 {
		t.Errorf("l2: %v with a kind count raised by 1000 by hand, %v live", c, e)
	}
	raised = a.ok("query HandEdited "+kindQueries["layers"], nil)
	sum, wantSum := 0.0, 0.0
	for i, l := range dig(raised, "layers").([]any) {
		e := dig(exact["layers"], "layers", i)
		if dig(l, "code") == "L2" && num(dig(l, "componentCount")) != num(dig(e, "componentCount"))+1000 {
			t.Errorf("layer L2: %v components with its layer count raised by 1000 by hand, %v live", dig(l, "componentCount"), dig(e, "componentCount"))
		}
		for j, g := range dig(l, "groups").([]any) {
			sum += num(dig(g, "componentCount"))
			wantSum += num(dig(e, "groups", j, "componentCount"))
		}
	}
	if sum != wantSum+1000 {
		t.Errorf("the groups: %v components with a kind count raised by 1000 by hand, %v live", sum, wantSum)
	}
	raised = a.ok("query HandEdited "+kindQueries["kind aggregates"], nil)
	for _, f := range []string{"byGroup", "byLayer"} {
		if c, e := dig(raised, f, "count"), dig(exact["kind aggregates"], f, "count"); num(c) != num(e)+1000 {
			t.Errorf("%s: count %v with a kind count raised by 1000 by hand, %v live", f, c, e)
		}
	}
	if ok, err := a.st.RecomputeComponentCounts(ctx); err != nil || !ok {
		t.Fatalf("recompute: %v %v", ok, err)
	}
	same("recomputed after the kind counts")

	a.token = editorToken
	defer func() { a.token = "" }()
	mutate := func(q string, vars map[string]any) map[string]any {
		t.Helper()
		r := a.query(q, vars)
		if len(r.Errors) > 0 {
			t.Fatalf("%s: %s", q, r.Raw)
		}
		return r.Data
	}
	suffix := fmt.Sprint(time.Now().UnixNano())
	d := mutate(`mutation($code: String!) { createComponent(input: {code: $code, name: "Đếm thử", nameEn: "Count test",
		kind: PLATFORM, scope: PROVINCE, layer: "L2", owner: "HA-NOI"}) { id } }`, map[string]any{"code": "TEST-COUNTS-" + suffix})
	id := dig(d, "createComponent", "id").(string)
	same("created")
	mutate(`mutation($id: ID!) { updateComponent(id: $id, input: {status: OPERATING}) { id } }`, map[string]any{"id": id})
	same("status changed")
	mutate(`mutation($id: ID!) { updateComponent(id: $id, input: {scope: NATIONAL}) { id } }`, map[string]any{"id": id})
	same("scope changed")
	mutate(`mutation($id: ID!) { updateComponent(id: $id, input: {owner: "LAI-CHAU"}) { id } }`, map[string]any{"id": id})
	same("owner changed")
	mutate(`mutation($id: ID!) { updateComponent(id: $id, input: {scope: COMMUNE}) { id } }`, map[string]any{"id": id})
	same("a V-APEX candidate")
	mutate(`mutation($id: ID!) { updateComponent(id: $id, input: {kind: NETWORK}) { id } }`, map[string]any{"id": id})
	same("kind changed")
	mutate(`mutation($id: ID!) { updateComponent(id: $id, input: {kind: APPLICATION, layer: "L3"}) { id } }`, map[string]any{"id": id})
	same("kind and layer changed")
	mutate(`mutation($id: ID!) { addDependency(from: $id, to: "V-APEX") { id } }`, map[string]any{"id": id})
	same("connected to V-APEX")
	mutate(`mutation($id: ID!) { addDependency(from: $id, to: "NDXP") { id } }`, map[string]any{"id": id})
	same("dependency added")
	mutate(`mutation($id: ID!) { deleteComponent(id: $id) }`, map[string]any{"id": id})
	same("retired")

	// concurrent writers on one owner: each keeps the counts, none loses another's change
	var ids []string
	for i := 0; i < 4; i++ {
		d := mutate(`mutation($code: String!) { createComponent(input: {code: $code, name: "Đếm song song", nameEn: "Concurrent count",
			kind: PLATFORM, scope: PROVINCE, layer: "L2", owner: "HA-NOI"}) { id } }`, map[string]any{"code": fmt.Sprintf("TEST-COUNTS-%s-%d", suffix, i)})
		ids = append(ids, dig(d, "createComponent", "id").(string))
	}
	var wg sync.WaitGroup
	errs := make([]string, len(ids))
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := `mutation($id: ID!) { updateComponent(id: $id, input: {status: BUILDING}) { id } }`
			if i%2 == 1 {
				q = `mutation($id: ID!) { deleteComponent(id: $id) }`
			}
			if r := a.asToken(editorToken, q, map[string]any{"id": id}); len(r.Errors) > 0 {
				errs[i] = r.Raw
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			t.Fatal(e)
		}
	}
	same("concurrent writes")
}

// TestRefreshStaleCounts: after a write that does not keep the component counts, the first
// aggregation they could answer reads the graph live and starts a refresh in the background;
// once it is done the counts are current and answer the same.
func TestRefreshStaleCounts(t *testing.T) {
	a := newAPI(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	server.RefreshStaleCounts(ctx, a.st, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Minute)
	defer a.st.OnStaleCounts(nil)
	if err := bulk.New(a.st).WriteAtomic(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if ok, err := a.st.ComponentCountsCurrent(ctx); err != nil || ok {
		t.Fatalf("counts current %v after a bulk write (%v)", ok, err)
	}
	q := countsQueries["province×status"]
	live := a.ok(q, nil)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		ok, err := a.st.ComponentCountsCurrent(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the aggregation over stale counts started no refresh, or it did not end within 2 minutes")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if fromCounts := a.ok(q, nil); !reflect.DeepEqual(fromCounts, live) {
		t.Errorf("over the refreshed counts:\n%v\nlive:\n%v", fromCounts, live)
	}
}

// TestDashboardScoreFromFacts: with the conformance facts current, the communes' conformance
// scores of the dashboards (an aggregation and a list sorted by score) are read from the facts
// and equal the live ones; a facts node changed by hand shows in them (they are read).
func TestDashboardScoreFromFacts(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	const q = `{ agencyAggregate(where: {level: {eq: COMMUNE}}, groupBy: [AREA_TYPE], stats: [CONFORMANCE_SCORE], orderBy: AVG_ASC) {
	    count groups { keys { value } count stats { count min max avg } } }
	  agencies(first: 100, where: {level: {eq: COMMUNE}}, orderBy: [{field: CONFORMANCE_SCORE}, {field: NAME}]) {
	    totalCount edges { node { id conformanceScore } } } }`
	if ok, err := a.st.RecomputeConformanceFacts(ctx); err != nil || !ok {
		t.Fatalf("facts: %v %v", ok, err)
	}
	fromFacts := a.ok(q, nil)
	if err := bulk.New(a.st).WriteAtomic(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if ok, _ := a.st.ConformanceFactsCurrent(ctx); ok {
		t.Fatal("facts current after a bulk write")
	}
	live := a.ok(q, nil)
	if !reflect.DeepEqual(fromFacts, live) {
		t.Fatalf("scores over the facts\n%v\nlive\n%v", fromFacts, live)
	}
	if ok, err := a.st.RefreshConformanceFacts(ctx); err != nil || !ok {
		t.Fatalf("facts: %v %v", ok, err)
	}
	sess := a.st.Session(ctx, neo4j.AccessModeWrite)
	res, err := sess.Run(ctx, `MATCH (f:ConformanceFacts) SET f.realized = [], f.layers = []`, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	sess.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	emptied := a.ok("query Emptied "+q, nil) // another text than the answer cached at this version
	if ok, err := a.st.RecomputeConformanceFacts(ctx); err != nil || !ok {
		t.Fatalf("facts: %v %v", ok, err)
	}
	avg := func(d map[string]any) float64 {
		s := 0.0
		for _, g := range dig(d, "agencyAggregate", "groups").([]any) {
			s += num(dig(g, "stats", 0, "avg"))
		}
		return s
	}
	if avg(emptied) >= avg(live) {
		t.Errorf("emptied facts: average scores %v, live %v: the scores were not read from the facts", avg(emptied), avg(live))
	}
}

// TestRuleCountFromImpactIndex: with the kind counts current and the impact index at the graph's
// version, the V-APEX rule's count (the Overview's) is the candidates from the counts less those
// the index reaches back from V-APEX — the same count as the live statement, after a write too
// (the index then stale: Cypher counts what is reached, and once rebuilt the index again).
func TestRuleCountFromImpactIndex(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	const q = `query($rule: String!) { ruleViolationCount(rule: $rule) }`
	count := func(name string) float64 {
		t.Helper()
		return num(dig(a.ok("query "+name+q[5:], map[string]any{"rule": "R-API-VIA-VAPEX"}), "ruleViolationCount"))
	}
	// live: every candidate read (the counts stale after a write that does not keep them)
	live := func(name string) float64 {
		t.Helper()
		if err := bulk.New(a.st).WriteAtomic(ctx, nil); err != nil {
			t.Fatal(err)
		}
		n := count(name + "Live")
		if ok, err := a.st.RefreshComponentCounts(ctx); err != nil || !ok {
			t.Fatalf("refresh: %v %v", ok, err)
		}
		return n
	}
	want := live("Before")
	if want < 5 {
		t.Fatalf("%v violations of R-API-VIA-VAPEX in the fixture: too few to test with", want)
	}
	a.st.EnableImpactIndex()
	if _, err := a.st.RefreshImpactIndex(ctx, true); err != nil {
		t.Fatal(err)
	}
	before := a.st.ImpactIndexAnswers()
	if got := count("Indexed"); got != want {
		t.Errorf("over the index: %v violations, live %v", got, want)
	}
	if a.st.ImpactIndexAnswers() != before+1 {
		t.Fatal("the rule's count was not answered by the impact index")
	}
	// a violation connected to V-APEX (through an intermediate): one fewer
	var code string
	for _, v := range dig(a.ok(`{ ruleViolations(rule: "R-API-VIA-VAPEX") { component { code } } }`, nil), "ruleViolations").([]any) {
		code = dig(v, "component", "code").(string)
		break
	}
	a.token = editorToken
	d := a.ok(`mutation($code: String!) { createComponent(input: {code: $code, name: "Trung gian", nameEn: "Intermediate",
		kind: PLATFORM, scope: NATIONAL, layer: "L2", owner: "BCA"}) { id } }`, map[string]any{"code": fmt.Sprintf("TEST-VIA-%d", time.Now().UnixNano())})
	mid := dig(d, "createComponent", "id").(string)
	a.ok(`mutation($from: ID!, $to: ID!) { addDependency(from: $from, to: $to) { id } }`, map[string]any{"from": mid, "to": "V-APEX"})
	a.ok(`mutation($from: ID!, $to: ID!) { addDependency(from: $from, to: $to) { id } }`, map[string]any{"from": code, "to": mid})
	a.token = ""
	stale := a.st.ImpactIndexAnswers()
	if got := count("Stale"); got != want-1 {
		t.Errorf("after connecting %s through an intermediate: %v violations, want %v", code, got, want-1)
	}
	if a.st.ImpactIndexAnswers() != stale {
		t.Error("a stale impact index answered the rule's count")
	}
	if _, err := a.st.RefreshImpactIndex(ctx, true); err != nil {
		t.Fatal(err)
	}
	if got := count("Rebuilt"); got != want-1 {
		t.Errorf("over the rebuilt index: %v violations, want %v", got, want-1)
	}
	if a.st.ImpactIndexAnswers() != stale+1 {
		t.Error("the rebuilt index did not answer the rule's count")
	}
	if got := live("After"); got != want-1 {
		t.Errorf("live after the write: %v violations, want %v", got, want-1)
	}
}
