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
)

// The impact index: an in-memory copy of the DEPENDS_ON graph for impact analyses now (issue 15).
//
// A breadth-first search in Neo4j costs what it reaches: NDC's dependents on the size-L estate are
// 545k components over 3.6M relationship reads, 3–6 s however the statement is written. The index
// holds, per node at the end of a DEPENDS_ON relationship, its internal id, and for a component
// its code and layer, with the relationships in both directions as compressed adjacency arrays
// (about 45 MB for 1M components and 1.3M relationships); the same search over it takes tens of
// milliseconds. It answers the impact figures that need nothing else — the total, byDepth,
// byLayer — and the pages of items in (depth, code) order (their properties are then read by id).
// Owners, provinces, agencies, filters, paths and "as of a day" stay in Cypher.
//
// It is trusted only at the write version it was built at: a request reads the version (and the
// root's internal id) first, in its transaction, and uses the index only when they match; the
// version is read before the graph when building, so an index can only look older than it is,
// never newer. Otherwise the request runs the Cypher search, as without an index, and asks for a
// rebuild (in the background, one at a time, at most once per ImpactIndexMinInterval or four
// build times, whichever is longer, so that a graph written all day does not rebuild all day).
//
// Internal ids are only compared within one write version (a deleted node's id may be reused,
// but a delete is a write). Neo4j 5 deprecates id() in favour of elementId(); the index uses it
// because it is a compact integer — moving to elementId() is a change of this file only.

// ImpactIndexMinInterval is the shortest time between two builds of the impact index.
var ImpactIndexMinInterval = time.Minute

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
	took                   time.Duration
}

const (
	cypherImpactIndexVersion = `MATCH (g:GraphVersion {id: 'graph'}) RETURN g.epoch AS epoch, g.n AS n`
	// One record per statement: the driver's cost is per record, not per value (1M records take
	// 40 s to read, one record holding 1M values 6 s).
	cypherImpactIndexNodes = `MATCH (x:Component)
RETURN collect(id(x)) AS ids, collect(coalesce(x.code, '')) AS codes, collect(coalesce(x.layer, '')) AS layers`
	cypherImpactIndexEdges = `MATCH (x)-[:` + RelDependsOn + `]->(y)
RETURN collect(id(x)) AS xs, collect(id(y)) AS ys`
	// cypherImpactIndexCheck reads, in a request's transaction, the write version and the root's
	// internal id.
	cypherImpactIndexCheck = `OPTIONAL MATCH (g:GraphVersion {id: 'graph'})
OPTIONAL MATCH (r:Component {id: $root})
RETURN g.epoch AS epoch, g.n AS n, id(r) AS rid`
	cypherImpactIndexProps = `UNWIND $ids AS i
MATCH (c:Component) WHERE id(c) = i
RETURN id(c) AS i, c {.*} AS component`
)

// impactIndexState is the store's index and its builder.
type impactIndexState struct {
	enabled atomic.Bool
	idx     atomic.Pointer[impactIndex]
	mu      sync.Mutex // held by the one build at a time
	last    time.Time  // when the last build started (under mu)
	running atomic.Bool
	answers atomic.Int64 // searches answered by the index
}

// ImpactIndexAnswers counts the impact searches the index answered.
func (s *Store) ImpactIndexAnswers() int64 { return s.impact.answers.Load() }

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
	wait := ImpactIndexMinInterval
	if old != nil {
		wait = max(wait, 4*old.took)
	}
	if !force && !s.impact.last.IsZero() && time.Since(s.impact.last) < wait {
		return false, nil
	}
	s.impact.last = time.Now()
	start := time.Now()
	idx, err := read(ctx, s, "impact index: build", func(tx neo4j.ManagedTransaction) (*impactIndex, error) {
		rec, err := singleRecord(ctx, tx, cypherImpactIndexVersion, nil)
		if err != nil || rec == nil {
			return nil, err
		}
		m := rec.AsMap()
		epoch, _ := m["epoch"].(string)
		n, _ := m["n"].(int64)
		if old != nil && old.epoch == epoch && old.n == n {
			return nil, nil
		}
		nodes, err := singleRecord(ctx, tx, cypherImpactIndexNodes, nil)
		if err != nil {
			return nil, err
		}
		edges, err := singleRecord(ctx, tx, cypherImpactIndexEdges, nil)
		if err != nil {
			return nil, err
		}
		nm, em := nodes.AsMap(), edges.AsMap()
		idx := newImpactIndex(int64sOf(nm["ids"]), stringsOf(nm["codes"]), stringsOf(nm["layers"]), int64sOf(em["xs"]), int64sOf(em["ys"]))
		idx.epoch, idx.n = epoch, n
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

// singleRecord runs a statement expected to return at most one record (nil when none).
func singleRecord(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, p map[string]any) (*neo4j.Record, error) {
	res, err := tx.Run(ctx, cypher, p)
	if err != nil {
		return nil, err
	}
	if !res.Next(ctx) {
		return nil, res.Err()
	}
	rec := res.Record()
	_, err = res.Consume(ctx)
	return rec, err
}

func int64sOf(v any) []int64 {
	xs, _ := v.([]any)
	out := make([]int64, len(xs))
	for i, x := range xs {
		out[i], _ = x.(int64)
	}
	return out
}

func stringsOf(v any) []string {
	xs, _ := v.([]any)
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i], _ = x.(string)
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

// impactIndexUsable: the index can answer q (now, no figure by owner, no agency count).
func impactIndexUsable(q model.ImpactQuery) bool {
	return q.AsOf == "" && !q.Agencies && q.Parts != 0 && !q.Parts.Has(model.ImpactByOwner) && !q.Parts.Has(model.ImpactAgencyCount)
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
	rec, err := singleRecord(ctx, tx, cypherImpactIndexCheck, map[string]any{"root": root})
	if err != nil || rec == nil {
		return nil, 0, err
	}
	m := rec.AsMap()
	epoch, _ := m["epoch"].(string)
	n, _ := m["n"].(int64)
	rid, ok := m["rid"].(int64)
	if epoch != idx.epoch || n != idx.n {
		s.staleImpactIndex()
		return nil, 0, nil
	}
	if !ok {
		return nil, 0, nil
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

// impactIndexItems reads the components of a page (internal ids) in that order; ok is false when
// one is gone (deleted after the version was read: the caller asks Cypher).
func impactIndexItems(ctx context.Context, tx neo4j.ManagedTransaction, ids []int64, depths []int) (out []model.Impacted, ok bool, err error) {
	out = []model.Impacted{}
	if len(ids) == 0 {
		return out, true, nil
	}
	res, err := tx.Run(ctx, cypherImpactIndexProps, map[string]any{"ids": ids})
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
