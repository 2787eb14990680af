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
		for name := range countsQueries {
			if !reflect.DeepEqual(fromCounts[name], want[name]) {
				t.Errorf("%s, %s: over the counts\n%v\nlive\n%v", what, name, fromCounts[name], want[name])
			}
		}
		refresh()
	}

	refresh()
	same("refreshed")
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
	res, err := sess.Run(ctx, `MATCH (s:ComponentCountsState {id: 'counts'}) MATCH (t:ComponentCount {gen: s.gen})
WITH t ORDER BY t.n DESC LIMIT 1 SET t.n = t.n + 1000`, nil)
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
