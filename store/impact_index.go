package store

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store/internal/core"
)

// The impact index: an in-memory copy of the DEPENDS_ON graph for impact analyses now (issue 15).
//
// A breadth-first search in Neo4j costs what it reaches: NDC's dependents on the size-L estate are
// 545k components over 3.6M relationship reads, 3–6 s however the statement is written. The index
// holds, per node at the end of a DEPENDS_ON relationship, its internal id, and for a component
// its code and layer, with the relationships in both directions as compressed adjacency arrays
// (about 45 MB for 1M components and 1.3M relationships); the same search over it takes tens of
// milliseconds. With each component's owner (the first by code, as the Cypher statements take it)
// and each agency's level and province, it answers the summary (total, byDepth, byLayer, byLevel,
// byProvince), the groups, and the pages of items, filtered or not, in (depth, code) order (their
// properties are then read by id). The count of agencies using what is reached and paths stay in
// Cypher; "as of a day" is answered from the history kept with the index (impact_history.go).
//
// It is trusted only at the write version it was built at: a request reads the version (and the
// root's internal id) first, in its transaction, and uses the index only when they match; the
// version is read before the graph when building, so an index can only look older than it is,
// never newer. Otherwise the request runs the Cypher search, as without an index, and asks for a
// rebuild (in the background, one at a time, at most once per DefaultImpactIndexInterval — or
// SetImpactIndexInterval's — or four build times, whichever is longer, so that a graph written
// all day does not rebuild all day).
//
// Internal ids are only compared within one write version (a deleted node's id may be reused,
// but a delete is a write). Neo4j 5 deprecates id() in favour of elementId(); the index uses it
// because it is a compact integer — moving to elementId() is a change of this file only.

// impactIndexChunk is how many internal ids one statement of a build reads.
const impactIndexChunk = 100_000

// DefaultImpactIndexInterval is the shortest time between two builds of the impact index.
const DefaultImpactIndexInterval = time.Minute

type impactIndex struct {
	epoch string
	n     int64
	// ids are the nodes' internal ids, sorted: a node's position is its index below.
	ids []int64
	// layer is the node's layer (an index into layers), -1 for a node that is not a component
	// (a search walks through it, as Cypher's var-length pattern does, but never counts it).
	layer  []int16
	codes  []string
	layers []string
	// Dependencies of node i: fwd[fwdAt[i]:fwdAt[i+1]]; its dependents: rev[revAt[i]:revAt[i+1]].
	fwdAt, fwd, revAt, rev []int32
	// owner is the node's owner (an index into agencies), -1 when none.
	owner    []int32
	agencies []indexAgency
	// scope, status and kind are each node's (indexes into facets, 0 for none and for a node
	// that is not a component): the rules' candidates (reachedBack). nil when the values were
	// too many to index (never with the model's enums).
	scope, status, kind []uint8
	facets              []string
	took                time.Duration
	// history answers impact as of a day (impact_history.go); nil when it would not be exact.
	history *impactHistory
}

// indexAgency is an owner as the impact figures use it: its code, names and level, and its
// province (an index into agencies, -1 when none) — ownerProvince's rule (analysis.go).
type indexAgency struct {
	code, name, nameEn, level string
	province                  int32
}

const (
	cypherImpactIndexVersion = `MATCH (g:GraphVersion {id: 'graph'}) RETURN {epoch: g.epoch, n: g.n} AS r`
	// The graph is read in chunks of internal ids (impactIndexChunk: seeks by id, no scan), each
	// one record: the driver's cost is per record, not per value (1M records take 40 s to read,
	// one record of 1M values 6 s), and chunks keep Neo4j's heap from holding million-element
	// lists (one-statement builds caused long GC pauses on the L estate).
	cypherImpactIndexMaxID = `MATCH (n) RETURN {m: coalesce(max(id(n)), -1)} AS r`
	cypherImpactIndexChunk = `CALL () {
  MATCH (x:Component) WHERE id(x) IN range($lo, $hi - 1)
  RETURN collect(id(x)) AS ids, collect(coalesce(x.code, '')) AS codes, collect(coalesce(x.layer, '')) AS layers,
    collect(coalesce(x.scope, '')) AS scopes, collect(coalesce(x.status, '')) AS statuses, collect(coalesce(x.kind, '')) AS kinds
}
CALL () {
  MATCH (x) WHERE id(x) IN range($lo, $hi - 1)
  MATCH (x)-[:` + RelDependsOn + `]->(y)
  RETURN collect(id(x)) AS xs, collect(id(y)) AS ys
}
CALL () {
  MATCH (c:Component) WHERE id(c) IN range($lo, $hi - 1)
  MATCH (o:Agency)-[:` + RelOwns + `]->(c)
  RETURN collect(id(c)) AS cs, collect(id(o)) AS os
}
RETURN {ids: ids, codes: codes, layers: layers, scopes: scopes, statuses: statuses, kinds: kinds, xs: xs, ys: ys, cs: cs, os: os} AS r`
	// The agencies with their province as ownerProvince (analysis.go) finds it: the agency named by
	// the agency's province code (its own code for a province), else for a commune without one
	// the province it is part of.
	cypherImpactIndexAgencies = `MATCH (o:Agency)
CALL (o) {
  OPTIONAL MATCH (pv:Agency {code: coalesce(o.province, CASE WHEN o.level = 'PROVINCE' THEN o.code END)})
  OPTIONAL MATCH (o)-[:PART_OF]->(up:Agency {level: 'PROVINCE'})
  WHERE o.level = 'COMMUNE' AND o.province IS NULL
  RETURN coalesce(id(pv), id(up), -1) AS p LIMIT 1
}
RETURN {ids: collect(id(o)), codes: collect(coalesce(o.code, '')), names: collect(coalesce(o.name, '')),
        namesEn: collect(coalesce(o.nameEn, '')), levels: collect(coalesce(o.level, '')), provinces: collect(p)} AS r`
	// cypherImpactIndexCheck reads, in a request's transaction, the write version and the root's
	// internal id.
	cypherImpactIndexCheck = `OPTIONAL MATCH (g:GraphVersion {id: 'graph'})
OPTIONAL MATCH (r:Component {id: $root})
RETURN {epoch: g.epoch, n: g.n, rid: id(r)} AS r`
	cypherImpactIndexProps = `UNWIND $ids AS i
MATCH (c:Component) WHERE id(c) = i
RETURN id(c) AS i, c {.*} AS component`
)

// cypherImpactIndexPropsAsOf reads components by internal id (current or retired) with their
// properties of $asOf, as the as-of items statements return them.
var cypherImpactIndexPropsAsOf = `UNWIND $ids AS i
MATCH (c) WHERE id(c) = i
RETURN id(c) AS i, ` + formAsOf.props("c") + ` AS component`

// impactIndexState is the store's index and its builder.
type impactIndexState struct {
	enabled atomic.Bool
	idx     atomic.Pointer[impactIndex]
	mu      sync.Mutex // held by the one build at a time
	last    time.Time  // when the last build started (under mu)
	running atomic.Bool
	answers atomic.Int64 // searches answered by the index
	// asOfAnswers counts the searches as of a day the index answered (from its history).
	asOfAnswers atomic.Int64
	// interval overrides DefaultImpactIndexInterval when set (nanoseconds).
	interval atomic.Int64
}

// SetImpactIndexInterval sets the shortest time between two builds of the impact index
// (DefaultImpactIndexInterval when d ≤ 0).
func (s *Store) SetImpactIndexInterval(d time.Duration) { s.impact.interval.Store(int64(d)) }

// ImpactIndexAnswers counts the impact searches the index answered.
func (s *Store) ImpactIndexAnswers() int64 { return s.impact.answers.Load() }

// ImpactIndexAsOfAnswers counts the impact searches as of a day the index answered.
func (s *Store) ImpactIndexAsOfAnswers() int64 { return s.impact.asOfAnswers.Load() }

// EnableImpactIndex makes the impact analyses use the impact index when it is current, and
// builds it in the background now (and whenever a request finds it stale). Off by default.
func (s *Store) EnableImpactIndex() {
	s.impact.enabled.Store(true)
	s.staleImpactIndex()
}

// ImpactIndexStats says whether an impact index is held, at which write version, how many nodes
// and relationships it holds and how long its build took.
func (s *Store) ImpactIndexStats() (held bool, version string, nodes, relationships int, took time.Duration) {
	idx := s.impact.idx.Load()
	if idx == nil {
		return false, "", 0, 0, 0
	}
	return true, idx.epoch + ":" + strconv.FormatInt(idx.n, 10), len(idx.ids), len(idx.fwd), idx.took
}

// staleImpactIndex starts a build in the background unless one is running or one started less
// than the minimum interval ago.
func (s *Store) staleImpactIndex() {
	if !s.impact.enabled.Load() || !s.impact.running.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer s.impact.running.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		if _, err := s.RefreshImpactIndex(ctx, false); err != nil {
			s.Logger().Warn("impact index: build failed", "err", err)
		}
	}()
}

// RefreshImpactIndex builds the impact index unless it is current or (when !force) a build
// started less than the minimum interval ago; it says whether it built one.
func (s *Store) RefreshImpactIndex(ctx context.Context, force bool) (bool, error) {
	s.impact.mu.Lock()
	defer s.impact.mu.Unlock()
	old := s.impact.idx.Load()
	wait := DefaultImpactIndexInterval
	if d := time.Duration(s.impact.interval.Load()); d > 0 {
		wait = d
	}
	if old != nil {
		wait = max(wait, 4*old.took)
	}
	if !force && !s.impact.last.IsZero() && time.Since(s.impact.last) < wait {
		return false, nil
	}
	s.impact.last = time.Now()
	start := time.Now()
	idx, err := read(ctx, s, "impact index: build", func(tx neo4j.ManagedTransaction) (*impactIndex, error) {
		m, err := singleMap(ctx, tx, cypherImpactIndexVersion, nil, "r")
		if err != nil || m == nil {
			return nil, err
		}
		epoch, _ := m["epoch"].(string)
		n, _ := m["n"].(int64)
		if old != nil && old.epoch == epoch && old.n == n {
			return nil, nil
		}
		top, err := singleMap(ctx, tx, cypherImpactIndexMaxID, nil, "r")
		if err != nil || top == nil {
			return nil, err
		}
		maxID, _ := top["m"].(int64)
		var ids, xs, ys, cs, os []int64
		var codes, layers, scopes, statuses, kinds []string
		for lo := int64(0); lo <= maxID; lo += impactIndexChunk {
			m, err := singleMap(ctx, tx, cypherImpactIndexChunk, map[string]any{"lo": lo, "hi": lo + impactIndexChunk}, "r")
			if err != nil || m == nil {
				return nil, err
			}
			// The lists are aligned by position: every string is one (coalesce), none is left out.
			ids, codes, layers = append(ids, int64sOf(m["ids"])...), append(codes, core.Strings(m["codes"])...), append(layers, core.Strings(m["layers"])...)
			scopes, statuses, kinds = append(scopes, core.Strings(m["scopes"])...), append(statuses, core.Strings(m["statuses"])...), append(kinds, core.Strings(m["kinds"])...)
			xs, ys = append(xs, int64sOf(m["xs"])...), append(ys, int64sOf(m["ys"])...)
			cs, os = append(cs, int64sOf(m["cs"])...), append(os, int64sOf(m["os"])...)
		}
		am, err := singleMap(ctx, tx, cypherImpactIndexAgencies, nil, "r")
		if err != nil || am == nil {
			return nil, err
		}
		idx := newImpactIndex(ids, codes, layers, xs, ys)
		idx.setFacets(ids, scopes, statuses, kinds)
		idx.setOwners(int64sOf(am["ids"]), core.Strings(am["codes"]), core.Strings(am["names"]), core.Strings(am["namesEn"]),
			core.Strings(am["levels"]), int64sOf(am["provinces"]), cs, os)
		idx.epoch, idx.n = epoch, n
		agencyIDs := slices.Sorted(slices.Values(int64sOf(am["ids"])))
		h, why, err := readImpactHistory(ctx, tx, maxID, agencyIDs, idx.agencies)
		if err != nil {
			return nil, err
		}
		if h == nil {
			s.Logger().Warn("impact index: no history kept (impact as of a day runs in Neo4j)", "why", why)
		} else {
			h.epoch, h.n = epoch, n
			idx.history = h
		}
		return idx, nil
	})
	if err != nil || idx == nil {
		return false, err
	}
	idx.took = time.Since(start)
	s.impact.idx.Store(idx)
	s.Logger().Info("impact index built", "version", idx.epoch+":"+strconv.FormatInt(idx.n, 10), "nodes", len(idx.ids),
		"relationships", len(idx.fwd), "took", idx.took.Round(time.Millisecond).String())
	return true, nil
}

func int64sOf(v any) []int64 {
	xs, _ := v.([]any)
	out := make([]int64, len(xs))
	for i, x := range xs {
		out[i], _ = x.(int64)
	}
	return out
}

// newImpactIndex builds the arrays from the components (ids, codes, layers) and the DEPENDS_ON
// relationships xs[i] → ys[i] (between any nodes).
func newImpactIndex(ids []int64, codes, layerOf []string, xs, ys []int64) *impactIndex {
	type node struct {
		id    int64
		code  string
		layer string
		comp  bool
	}
	nodes := make([]node, 0, len(ids))
	for i, id := range ids {
		nodes = append(nodes, node{id, codes[i], layerOf[i], true})
	}
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].id < nodes[j].id })
	find := func(id int64) int {
		i := sort.Search(len(nodes), func(i int) bool { return nodes[i].id >= id })
		if i < len(nodes) && nodes[i].id == id {
			return i
		}
		return -1
	}
	// Ends of relationships that are not components: traversed, never counted.
	var extra []int64
	for _, e := range [][]int64{xs, ys} {
		for _, id := range e {
			if find(id) < 0 {
				extra = append(extra, id)
			}
		}
	}
	if len(extra) > 0 {
		slices.Sort(extra)
		extra = slices.Compact(extra)
		for _, id := range extra {
			nodes = append(nodes, node{id: id})
		}
		sort.Slice(nodes, func(i, j int) bool { return nodes[i].id < nodes[j].id })
	}
	idx := &impactIndex{ids: make([]int64, len(nodes)), layer: make([]int16, len(nodes)), codes: make([]string, len(nodes))}
	layerAt := map[string]int16{}
	for i, n := range nodes {
		idx.ids[i], idx.codes[i] = n.id, n.code
		if !n.comp {
			idx.layer[i] = -1
			continue
		}
		l, ok := layerAt[n.layer]
		if !ok {
			l = int16(len(idx.layers))
			layerAt[n.layer] = l
			idx.layers = append(idx.layers, n.layer)
		}
		idx.layer[i] = l
	}
	from, to := make([]int32, len(xs)), make([]int32, len(xs))
	for i := range xs {
		from[i], to[i] = int32(find(xs[i])), int32(find(ys[i]))
	}
	idx.fwdAt, idx.fwd = csr(len(nodes), from, to)
	idx.revAt, idx.rev = csr(len(nodes), to, from)
	return idx
}

// setOwners records the agencies (internal ids, codes, names, levels, the internal id of each
// one's province or -1) and the owners (component cs[i] owned by agency os[i]; of several
// owners, the first by code).
func (idx *impactIndex) setOwners(ids []int64, codes, names, namesEn, levels []string, provinces []int64, cs, os []int64) {
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return ids[order[a]] < ids[order[b]] })
	sorted := make([]int64, len(ids))
	for k, i := range order {
		sorted[k] = ids[i]
	}
	at := func(id int64) int32 {
		k, ok := slices.BinarySearch(sorted, id)
		if !ok {
			return -1
		}
		return int32(k)
	}
	idx.agencies = make([]indexAgency, len(ids))
	for k, i := range order {
		idx.agencies[k] = indexAgency{code: codes[i], name: names[i], nameEn: namesEn[i], level: levels[i], province: -1}
		if provinces[i] >= 0 {
			idx.agencies[k].province = at(provinces[i])
		}
	}
	idx.owner = make([]int32, len(idx.ids))
	for i := range idx.owner {
		idx.owner[i] = -1
	}
	for i := range cs {
		c, o := idx.position(cs[i]), at(os[i])
		if c < 0 || o < 0 {
			continue
		}
		if cur := idx.owner[c]; cur < 0 || idx.agencies[o].code < idx.agencies[cur].code {
			idx.owner[c] = o
		}
	}
}

// setFacets records the scope, status and kind of the components ids (aligned lists).
func (idx *impactIndex) setFacets(ids []int64, scopes, statuses, kinds []string) {
	at := map[string]uint8{"": 0}
	facets := []string{""}
	code := func(v string) (uint8, bool) {
		c, ok := at[v]
		if !ok {
			if len(facets) > 255 {
				return 0, false
			}
			c = uint8(len(facets))
			at[v] = c
			facets = append(facets, v)
		}
		return c, true
	}
	scope, status, kind := make([]uint8, len(idx.ids)), make([]uint8, len(idx.ids)), make([]uint8, len(idx.ids))
	for i, id := range ids {
		p := idx.position(id)
		if p < 0 {
			continue
		}
		var ok [3]bool
		scope[p], ok[0] = code(scopes[i])
		status[p], ok[1] = code(statuses[i])
		kind[p], ok[2] = code(kinds[i])
		if !ok[0] || !ok[1] || !ok[2] {
			return // too many values: the rules' counts are left to Cypher
		}
	}
	idx.scope, idx.status, idx.kind, idx.facets = scope, status, kind, facets
}

// facetSet is the set of facet codes of values (a value the index does not hold matches nothing).
func (idx *impactIndex) facetSet(values []string) [256]bool {
	var set [256]bool
	for _, v := range values {
		for c, f := range idx.facets {
			if f == v && v != "" {
				set[c] = true
			}
		}
	}
	return set
}

// reachedBack counts the components within hops DEPENDS_ON relationships back from the nodes
// roots (internal ids; those the index does not hold reach nothing), each once, whose scope,
// status and kind are among those given — what Cypher's
// (root)<-[:DEPENDS_ON*1..hops]-(x:Component) reaches, distinct, with that predicate on x. A
// root is counted only when another root reaches it (within hops) and it matches.
func (idx *impactIndex) reachedBack(roots []int64, hops int, scopes, statuses, kinds []string) int {
	sc, st, kd := idx.facetSet(scopes), idx.facetSet(statuses), idx.facetSet(kinds)
	seen, root, reachedRoot := make([]bool, len(idx.ids)), make([]bool, len(idx.ids)), make([]bool, len(idx.ids))
	var frontier []int32
	for _, id := range roots {
		if p := idx.position(id); p >= 0 && !seen[p] {
			seen[p], root[p] = true, true
			frontier = append(frontier, int32(p))
		}
	}
	n := 0
	count := func(y int32) {
		if idx.layer[y] >= 0 && sc[idx.scope[y]] && st[idx.status[y]] && kd[idx.kind[y]] {
			n++
		}
	}
	for d := 1; d <= hops && len(frontier) > 0; d++ {
		var next []int32
		for _, x := range frontier {
			for _, y := range idx.rev[idx.revAt[x]:idx.revAt[x+1]] {
				if seen[y] {
					// a root reached from another (or itself, round a cycle) is reached too
					if root[y] && !reachedRoot[y] {
						reachedRoot[y] = true
						count(y)
					}
					continue
				}
				seen[y] = true
				next = append(next, y)
				count(y)
			}
		}
		frontier = next
	}
	return n
}

// csr lays the pairs (a[i], b[i]) out by a: the b of node k are out[at[k]:at[k+1]].
func csr(n int, a, b []int32) (at, out []int32) {
	at = make([]int32, n+1)
	for _, x := range a {
		at[x+1]++
	}
	for i := 1; i <= n; i++ {
		at[i] += at[i-1]
	}
	out = make([]int32, len(a))
	next := slices.Clone(at[:n])
	for i, x := range a {
		out[next[x]] = b[i]
		next[x]++
	}
	return at, out
}

// position is the node of internal id, -1 when the index holds none.
func (idx *impactIndex) position(id int64) int {
	i, ok := slices.BinarySearch(idx.ids, id)
	if !ok {
		return -1
	}
	return i
}

// reached is one component a search reached, with its shortest depth.
type reached struct {
	node  int32
	depth int8
}

// search walks from root along dir to maxDepth, breadth first, and returns the components
// reached other than the root, each once with its shortest depth, in order of depth.
func (idx *impactIndex) search(root int, dir model.ImpactDirection, maxDepth int) []reached {
	at, adj := idx.revAt, idx.rev
	if dir == model.ImpactDirectionDependencies {
		at, adj = idx.fwdAt, idx.fwd
	}
	seen := make([]bool, len(idx.ids))
	seen[root] = true
	frontier := []int32{int32(root)}
	var out []reached
	for d := 1; d <= maxDepth && len(frontier) > 0; d++ {
		var next []int32
		for _, x := range frontier {
			for _, y := range adj[at[x]:at[x+1]] {
				if seen[y] {
					continue
				}
				seen[y] = true
				next = append(next, y)
				if idx.layer[y] >= 0 {
					out = append(out, reached{y, int8(d)})
				}
			}
		}
		frontier = next
	}
	return out
}

// impactIndexUsable: the index can answer q's summary (no count of the agencies using what is
// reached; as of a day from its history).
func impactIndexUsable(q model.ImpactQuery) bool {
	return !(q.Agencies && q.Parts.Has(model.ImpactAgencyCount))
}

// currentImpactIndex returns the index when it is at the graph's write version (read in tx), with
// the position of the root (id); nil when there is none, it is stale (a rebuild is asked for),
// or it does not hold the root as a component.
func (s *Store) currentImpactIndex(ctx context.Context, tx neo4j.ManagedTransaction, root string) (*impactIndex, int, error) {
	idx := s.impact.idx.Load()
	if idx == nil {
		s.staleImpactIndex()
		return nil, 0, nil
	}
	rid, ok, err := s.indexRoot(ctx, tx, cypherImpactIndexCheck, root, idx.epoch, idx.n)
	if err != nil || !ok {
		return nil, 0, err
	}
	pos := idx.position(rid)
	if pos < 0 || idx.layer[pos] < 0 {
		// A component the index does not hold at its own version: not possible unless the graph
		// was changed behind archgraph's back; Cypher answers.
		return nil, 0, nil
	}
	s.impact.answers.Add(1)
	return idx, pos, nil
}

// indexRoot runs check (the write version and the root's internal id) in tx: the root's id when
// the version is the index's (epoch, n), ok false when it is not (a rebuild is asked for) or there
// is no such root.
func (s *Store) indexRoot(ctx context.Context, tx neo4j.ManagedTransaction, check, root, epoch string, n int64) (int64, bool, error) {
	m, err := singleMap(ctx, tx, check, map[string]any{"root": root}, "r")
	if err != nil || m == nil {
		return 0, false, err
	}
	if e, _ := m["epoch"].(string); e != epoch {
		s.staleImpactIndex()
		return 0, false, nil
	}
	if v, _ := m["n"].(int64); v != n {
		s.staleImpactIndex()
		return 0, false, nil
	}
	rid, ok := m["rid"].(int64)
	return rid, ok, nil
}

// summary counts what search reached into the figures parts asks for (layers names the layers).
func (idx *impactIndex) summary(found []reached, parts model.ImpactParts, depth int, layers map[string]model.Layer) model.ImpactSummary {
	out := model.ImpactSummary{ByDepth: []model.Count{}, ByLayer: []model.Count{}, ByLevel: []model.Count{}, ByProvince: []model.Count{}}
	out.Total = len(found)
	if parts.Has(model.ImpactByDepth) {
		byDepth := make([]int, depth+1)
		for _, r := range found {
			byDepth[r.depth]++
		}
		for d := 1; d <= depth; d++ {
			if byDepth[d] > 0 {
				out.ByDepth = append(out.ByDepth, model.Count{Key: strconv.Itoa(d), Name: strconv.Itoa(d), NameEn: strconv.Itoa(d), Count: byDepth[d]})
			}
		}
	}
	if parts.Has(model.ImpactByOwner) {
		byLevel := map[string]int{}
		byProvince := map[int32]int{}
		for _, r := range found {
			o := idx.owner[r.node]
			if o < 0 {
				byLevel[UnownedLevel]++
				continue
			}
			a := idx.agencies[o]
			lvl := a.level
			if lvl == "" {
				lvl = UnownedLevel
			}
			byLevel[lvl]++
			if a.province >= 0 && idx.agencies[a.province].code != "" {
				byProvince[a.province]++
			}
		}
		for _, l := range levelNames {
			if n := byLevel[l.key]; n > 0 {
				out.ByLevel = append(out.ByLevel, model.Count{Key: l.key, Name: l.name, NameEn: l.nameEn, Count: n})
			}
		}
		for p, n := range byProvince {
			a := idx.agencies[p]
			out.ByProvince = append(out.ByProvince, model.Count{Key: a.code, Name: a.name, NameEn: a.nameEn, Count: n})
		}
		sort.Slice(out.ByProvince, func(i, j int) bool {
			a, b := out.ByProvince[i], out.ByProvince[j]
			return a.Count > b.Count || a.Count == b.Count && a.Key < b.Key
		})
	}
	if parts.Has(model.ImpactByLayer) {
		byLayer := make([]int, len(idx.layers))
		for _, r := range found {
			byLayer[idx.layer[r.node]]++
		}
		m := map[string]int{}
		for i, n := range byLayer {
			if n > 0 {
				// Cypher groups a missing layer as null and the summary names it ""; so does this.
				m[idx.layers[i]] += n
			}
		}
		for _, l := range sortedKeysOf(m, func(a, b string) bool {
			return layers[a].Number < layers[b].Number || layers[a].Number == layers[b].Number && a < b
		}) {
			out.ByLayer = append(out.ByLayer, model.Count{Key: l, Name: layers[l].Name, NameEn: layers[l].NameEn, Count: m[l]})
		}
	}
	return out
}

// keep applies an item filter to one reached component (impactFilter's rule: a filter on a
// province, an owner or layers drops the components that have none).
func (idx *impactIndex) keep(r reached, f impactRowFilter) bool {
	if f.Depth > 0 && int(r.depth) != f.Depth {
		return false
	}
	if len(f.Layers) > 0 && !slices.Contains(f.Layers, idx.layers[idx.layer[r.node]]) {
		return false
	}
	o := idx.owner[r.node]
	if len(f.Levels) > 0 {
		lvl := UnownedLevel
		if o >= 0 && idx.agencies[o].level != "" {
			lvl = idx.agencies[o].level
		}
		if !slices.Contains(f.Levels, lvl) {
			return false
		}
	}
	if f.Owner != "" && (o < 0 || idx.agencies[o].code != f.Owner) {
		return false
	}
	if f.Province != "" && (o < 0 || idx.agencies[o].province < 0 || idx.agencies[idx.agencies[o].province].code != f.Province) {
		return false
	}
	return true
}

// filter keeps the reached components f keeps (found itself when f is empty).
func (idx *impactIndex) filter(found []reached, f impactRowFilter) []reached {
	if f.empty() {
		return found
	}
	var out []reached
	for _, r := range found {
		if idx.keep(r, f) {
			out = append(out, r)
		}
	}
	return out
}

// groups counts found by `by` into groups with their counts by depth (impactGroupsTail's keys and
// names; nameAndSortGroups names and sorts the rest).
func (idx *impactIndex) groups(found []reached, by model.ImpactGroupBy, depth int) map[string]*model.ImpactGroup {
	out := map[string]*model.ImpactGroup{}
	for _, r := range found {
		var key, name, nameEn string
		o := idx.owner[r.node]
		switch by {
		case model.ImpactGroupByLayer:
			key = idx.layers[idx.layer[r.node]]
		case model.ImpactGroupByLevel:
			key = UnownedLevel
			if o >= 0 && idx.agencies[o].level != "" {
				key = idx.agencies[o].level
			}
		case model.ImpactGroupByProvince:
			if o >= 0 && idx.agencies[o].province >= 0 {
				p := idx.agencies[idx.agencies[o].province]
				key, name, nameEn = p.code, p.name, p.nameEn
			}
		case model.ImpactGroupByOwner:
			if o >= 0 {
				a := idx.agencies[o]
				key, name, nameEn = a.code, a.name, a.nameEn
			}
		default:
			key = strconv.Itoa(int(r.depth))
		}
		g := out[key]
		if g == nil {
			g = &model.ImpactGroup{Key: key, Name: name, NameEn: nameEn, ByDepth: make([]int, depth)}
			out[key] = g
		}
		g.Count++
		if d := int(r.depth); d >= 1 && d <= depth {
			g.ByDepth[d-1]++
		}
	}
	return out
}

// indexSearch is the search from root when the impact index can answer it (enabled and current;
// as of a day, the day's index from its history, from a retired root when set is
// impactAsOfRetired): the index and what the search reaches; nil otherwise.
func (s *Store) indexSearch(ctx context.Context, tx neo4j.ManagedTransaction, q model.ImpactQuery, set *impactSet, root string, dir model.ImpactDirection, depth int) (*impactIndex, []reached, error) {
	if !s.impact.enabled.Load() {
		return nil, nil, nil
	}
	var idx *impactIndex
	var pos int
	var err error
	if q.AsOf != "" {
		idx, pos, err = s.dayImpactIndex(ctx, tx, q.AsOf, root, set == impactAsOfRetired)
	} else {
		idx, pos, err = s.currentImpactIndex(ctx, tx, root)
	}
	if err != nil || idx == nil {
		return nil, nil, err
	}
	return idx, idx.search(pos, dir, depth), nil
}

// page returns the internal ids of the page [offset, offset+limit) of found in (depth, code)
// order, with their depths.
func (idx *impactIndex) page(found []reached, offset, limit int) ([]int64, []int) {
	offset = max(offset, 0)
	if limit <= 0 || offset >= len(found) {
		return nil, nil
	}
	// found is in depth order: sort only the depths the page spans.
	end := min(offset+limit, len(found))
	lo := offset
	for lo > 0 && found[lo-1].depth == found[offset].depth {
		lo--
	}
	hi := end
	for hi < len(found) && found[hi].depth == found[end-1].depth {
		hi++
	}
	span := slices.Clone(found[lo:hi])
	sort.Slice(span, func(i, j int) bool {
		a, b := span[i], span[j]
		return a.depth < b.depth || a.depth == b.depth && idx.codes[a.node] < idx.codes[b.node]
	})
	var ids []int64
	var depths []int
	for _, r := range span[offset-lo : end-lo] {
		ids = append(ids, idx.ids[r.node])
		depths = append(depths, int(r.depth))
	}
	return ids, depths
}

// impactIndexItems reads the components of a page (internal ids) in that order, with their
// properties of day asOf when set; ok is false when one is gone (deleted after the version was
// read: the caller asks Cypher).
func impactIndexItems(ctx context.Context, tx neo4j.ManagedTransaction, ids []int64, depths []int, asOf string) (out []model.Impacted, ok bool, err error) {
	out = []model.Impacted{}
	if len(ids) == 0 {
		return out, true, nil
	}
	statement := cypherImpactIndexProps
	if asOf != "" {
		statement = cypherImpactIndexPropsAsOf
	}
	res, err := tx.Run(ctx, statement, map[string]any{"ids": ids, "asOf": asOf})
	if err != nil {
		return nil, false, err
	}
	byID := map[int64]model.Component{}
	for res.Next(ctx) {
		r := res.Record()
		i, _ := r.Get("i")
		id, _ := i.(int64)
		byID[id] = componentFromProps(recMap(r, "component"))
	}
	if err := res.Err(); err != nil {
		return nil, false, err
	}
	for k, id := range ids {
		c, found := byID[id]
		if !found {
			return nil, false, nil
		}
		out = append(out, model.Impacted{Component: c, Depth: depths[k]})
	}
	return out, true, nil
}
