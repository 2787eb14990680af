package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/store/internal/core"
)

// The impact index as of a day (issue 16).
//
// As of a day, an impact search walks DEPENDS_ON|WAS_DEPENDS_ON relationships valid that day
// (form.go's validRelOn), from a current or a retired root, and counts every node it reaches by
// its layer of that day (asOfValue: the node's own from its versionFrom on, else the
// ComponentVersion covering the day) and by its owner of that day (OWNS|WAS_OWNS valid that day;
// the first by code). In Neo4j that costs what the search reaches, and more than now: V-APEX's
// 43k dependents on the S estate ran past the 10 s deadline, NDC's took 2.6 s (session 9).
//
// The impact index therefore also keeps, built in the same transaction and so at the same write
// version, the history of what those searches read: every component (current and retired) with
// its code, its own layer and versionFrom and its versions' spans and layers; every
// DEPENDS_ON|WAS_DEPENDS_ON and OWNS|WAS_OWNS relationship with its span. A day's index is
// derived from it in memory (the relationships valid that day laid out like the current index,
// each node's layer and owner of that day: linear in the graph, milliseconds on S) and cached per
// day (a few days; the cache goes with the history, so it never outlives its write version). The
// index's search, figures, groups, filters and pages then answer as they do now.
//
// This, rather than a day's index read from Neo4j on demand, because a day read from Neo4j costs
// about a whole build (seconds on S, a minute on L) for every new day, while the history is read
// once per write version with the current index, which it is kept current with (the same
// version check, the same rebuild).
//
// The history is kept only where its answers are known to be exact: every relationship end is a
// component (an unlabelled as-of search would count any other node; the current index only walks
// through one), and every day and versionFrom is a string of ASCII characters or absent (Cypher
// compares those as Go does; another type compares to null there). Otherwise none is kept; nor
// is a day's index when a component takes its layer that day from two covering versions
// (Cypher's head() of them is in no defined order): the search then runs in Cypher. Days are held by rank among the days
// the history holds (4 bytes, not a string), so that a day's validity is two integer comparisons.

// impactHistoryDays is how many days' indexes a history keeps (each about the size of the
// current index's adjacency and owners: 25 MB for 1M components).
const impactHistoryDays = 2

type impactHistory struct {
	// ids are the components' internal ids (current and retired), sorted; codes and layers are
	// their own (the current node's); versionFrom the day their own properties start. Days are
	// held by rank in dayList (sorted): 0 for none, i+1 for dayList[i].
	ids                []int64
	codes, layers      []string
	versionFrom        []int32
	dayList            []string
	verAt              []int32 // versions of node i: ver[verAt[i]:verAt[i+1]]
	ver                []spanLayer
	edgeFrom, edgeTo   []int32 // DEPENDS_ON|WAS_DEPENDS_ON, between positions
	edgeSpan           []span
	ownNode, ownAgency []int32 // OWNS|WAS_OWNS: the owned node's position, the agency's (in agencies)
	ownSpan            []span
	agencies           []indexAgency
	epoch              string
	n                  int64
	mu                 sync.Mutex
	days               map[string]*impactIndex
	order              []string // the days cached, oldest first
}

// span is a relationship's validity (days by rank: 0 when absent); was for a closed (WAS_)
// relationship, valid only before its to (never when it has none).
type span struct {
	from, to int32
	was      bool
}

// validOn is validRelOn's rule on the day whose rank is k: the number of days in dayList not
// after it (a day of rank r is ≤ it when r ≤ k, > it when r > k; an absent one is ≤ it and not
// > it, as Cypher's coalesce(from ≤ day, true) and (to > day: null) read).
func (s span) validOn(k int32) bool {
	return s.from <= k && (!s.was || s.to > k)
}

// spanLayer is a ComponentVersion's span and layer.
type spanLayer struct {
	from, to int32
	layer    string
}

// strSpan is a span or a version's span as read (days as strings, "" when absent).
type strSpan struct {
	from, to, layer string
	was             bool
}

const (
	// cypherImpactHistoryChunk reads the history of the nodes with internal ids in [lo, hi):
	// components (current and retired), their versions, the DEPENDS_ON|WAS_DEPENDS_ON relationships
	// from them and the OWNS|WAS_OWNS relationships to them. Days are read in one-element lists:
	// collect() skips a null but keeps [null].
	cypherImpactHistoryChunk = `CALL () {
  MATCH (x) WHERE id(x) IN range($lo, $hi - 1) AND (x:` + LabelComponent + ` OR x:` + LabelRetiredComponent + `)
  RETURN collect(id(x)) AS ids, collect(coalesce(x.code, '')) AS codes, collect(coalesce(x.layer, '')) AS layers,
    collect([x.versionFrom]) AS vfs
}
CALL () {
  MATCH (x) WHERE id(x) IN range($lo, $hi - 1)
  MATCH (x)-[r:` + RelDependsOn + `|WAS_` + RelDependsOn + `]->(y)
  RETURN collect(id(x)) AS xs, collect(id(y)) AS ys, collect([r.validFrom, r.validTo, type(r) STARTS WITH 'WAS_']) AS es
}
CALL () {
  MATCH (c) WHERE id(c) IN range($lo, $hi - 1)
  MATCH (o:Agency)-[r:` + RelOwns + `|WAS_` + RelOwns + `]->(c)
  RETURN collect(id(c)) AS cs, collect(id(o)) AS os, collect([r.validFrom, r.validTo, type(r) STARTS WITH 'WAS_']) AS ow
}
CALL () {
  MATCH (c) WHERE id(c) IN range($lo, $hi - 1)
  MATCH (c)-[:HAS_VERSION]->(v:ComponentVersion)
  RETURN collect(id(c)) AS vcs, collect([v.validFrom, v.validTo, coalesce(v.layer, '')]) AS vs
}
RETURN {ids: ids, codes: codes, layers: layers, vfs: vfs, xs: xs, ys: ys, es: es, cs: cs, os: os, ow: ow, vcs: vcs, vs: vs} AS r`
	// cypherImpactHistoryCheckRetired is cypherImpactIndexCheck for a retired root (the label an
	// as-of statement finds it by).
	cypherImpactHistoryCheckRetired = `OPTIONAL MATCH (g:GraphVersion {id: 'graph'})
OPTIONAL MATCH (r:` + LabelRetiredComponent + ` {id: $root})
RETURN {epoch: g.epoch, n: g.n, rid: id(r)} AS r`
)

// historyDay is a day read from Neo4j: "" for null; ok is false for anything but an ASCII string.
func historyDay(v any) (string, bool) {
	if v == nil {
		return "", true
	}
	s, ok := v.(string)
	if !ok {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return "", false
		}
	}
	return s, true
}

// historyTriple reads a [from, to, third] list.
func historyTriple(v any) (from, to string, third any, ok bool) {
	l, _ := v.([]any)
	if len(l) != 3 {
		return "", "", nil, false
	}
	from, ok1 := historyDay(l[0])
	to, ok2 := historyDay(l[1])
	return from, to, l[2], ok1 && ok2
}

// readImpactHistory reads the history in tx (up to maxID, with the agencies as the index holds
// them: agencyIDs sorted, aligned with agencies). A nil history and a reason: it would not be
// exact (see above), and impact as of a day runs in Cypher.
func readImpactHistory(ctx context.Context, tx neo4j.ManagedTransaction, maxID int64, agencyIDs []int64, agencies []indexAgency) (*impactHistory, string, error) {
	var rows historyRows
	for lo := int64(0); lo <= maxID; lo += impactIndexChunk {
		m, err := singleMap(ctx, tx, cypherImpactHistoryChunk, map[string]any{"lo": lo, "hi": lo + impactIndexChunk}, "r")
		if err != nil || m == nil {
			return nil, "", err
		}
		if why := rows.add(m); why != "" {
			return nil, why, nil
		}
	}
	h, why := rows.history(agencyIDs, agencies)
	return h, why, nil
}

// historyRows are the history's lists as read, chunk after chunk (aligned by position).
type historyRows struct {
	ids, xs, ys, cs, os, vcs []int64
	codes, layers, vfs       []string
	es, ow, vs               []strSpan
}

// add appends one chunk's lists; a reason when the history would not be exact.
func (r *historyRows) add(m map[string]any) string {
	r.ids, r.codes, r.layers = append(r.ids, int64sOf(m["ids"])...), append(r.codes, core.Strings(m["codes"])...), append(r.layers, core.Strings(m["layers"])...)
	for _, v := range listOf(m["vfs"]) {
		l, _ := v.([]any)
		if len(l) != 1 {
			return "a versionFrom was not read"
		}
		d, ok := historyDay(l[0])
		if !ok {
			return fmt.Sprintf("a versionFrom is not a day: %v", l[0])
		}
		r.vfs = append(r.vfs, d)
	}
	r.xs, r.ys = append(r.xs, int64sOf(m["xs"])...), append(r.ys, int64sOf(m["ys"])...)
	r.cs, r.os, r.vcs = append(r.cs, int64sOf(m["cs"])...), append(r.os, int64sOf(m["os"])...), append(r.vcs, int64sOf(m["vcs"])...)
	for _, part := range []struct {
		key string
		out *[]strSpan
	}{{"es", &r.es}, {"ow", &r.ow}} {
		for _, v := range listOf(m[part.key]) {
			from, to, was, ok := historyTriple(v)
			w, isBool := was.(bool)
			if !ok || !isBool {
				return fmt.Sprintf("a relationship's span is not a pair of days: %v", v)
			}
			*part.out = append(*part.out, strSpan{from: from, to: to, was: w})
		}
	}
	for _, v := range listOf(m["vs"]) {
		from, to, layer, ok := historyTriple(v)
		l, isString := layer.(string)
		if !ok || !isString {
			return fmt.Sprintf("a version's span is not a pair of days: %v", v)
		}
		r.vs = append(r.vs, strSpan{from: from, to: to, layer: l})
	}
	return ""
}

// history lays the rows out (the agencies as the index holds them: agencyIDs sorted, aligned
// with agencies); nil and a reason when it would not be exact.
func (r *historyRows) history(agencyIDs []int64, agencies []indexAgency) (*impactHistory, string) {
	h := &impactHistory{agencies: agencies, days: map[string]*impactIndex{}}
	ids, codes, layers, vfs, xs, ys, cs, os, vcs := r.ids, r.codes, r.layers, r.vfs, r.xs, r.ys, r.cs, r.os, r.vcs
	es, ow, vs := r.es, r.ow, r.vs
	if len(vfs) != len(ids) || len(es) != len(xs) || len(ow) != len(cs) || len(vs) != len(vcs) {
		return nil, "the history's lists are not aligned"
	}
	// The components by internal id.
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return ids[order[a]] < ids[order[b]] })
	n := len(ids)
	// The days by rank.
	seen := map[string]bool{}
	for _, d := range vfs {
		seen[d] = true
	}
	for _, l := range [][]strSpan{es, ow, vs} {
		for _, sp := range l {
			seen[sp.from], seen[sp.to] = true, true
		}
	}
	delete(seen, "")
	for d := range seen {
		h.dayList = append(h.dayList, d)
	}
	slices.Sort(h.dayList)
	rank := func(d string) int32 {
		if d == "" {
			return 0
		}
		i, _ := slices.BinarySearch(h.dayList, d)
		return int32(i + 1)
	}
	toSpan := func(sp strSpan) span { return span{from: rank(sp.from), to: rank(sp.to), was: sp.was} }
	h.ids, h.codes, h.layers, h.versionFrom = make([]int64, n), make([]string, n), make([]string, n), make([]int32, n)
	for k, i := range order {
		h.ids[k], h.codes[k], h.layers[k], h.versionFrom[k] = ids[i], codes[i], layers[i], rank(vfs[i])
	}
	pos := func(id int64) int32 {
		k, ok := slices.BinarySearch(h.ids, id)
		if !ok {
			return -1
		}
		return int32(k)
	}
	for i := range xs {
		x, y := pos(xs[i]), pos(ys[i])
		if x < 0 || y < 0 {
			return nil, "a dependency has an end that is not a component"
		}
		h.edgeFrom, h.edgeTo = append(h.edgeFrom, x), append(h.edgeTo, y)
	}
	h.edgeSpan = make([]span, len(es))
	for i, sp := range es {
		h.edgeSpan[i] = toSpan(sp)
	}
	for i := range cs {
		c := pos(cs[i])
		a, ok := slices.BinarySearch(agencyIDs, os[i])
		if c < 0 || !ok {
			continue // an owned node that is not a component: no search reaches it
		}
		h.ownNode, h.ownAgency, h.ownSpan = append(h.ownNode, c), append(h.ownAgency, int32(a)), append(h.ownSpan, toSpan(ow[i]))
	}
	// The versions by node.
	vpos := make([]int32, len(vcs))
	for i, c := range vcs {
		if vpos[i] = pos(c); vpos[i] < 0 {
			return nil, "a version belongs to no component"
		}
	}
	h.verAt, _ = csr(n, vpos, make([]int32, len(vcs)))
	h.ver = make([]spanLayer, len(vs))
	next := slices.Clone(h.verAt[:n])
	for i, p := range vpos {
		h.ver[next[p]] = spanLayer{from: rank(vs[i].from), to: rank(vs[i].to), layer: vs[i].layer}
		next[p]++
	}
	return h, ""
}

func listOf(v any) []any {
	l, _ := v.([]any)
	return l
}

// day returns the index of the graph as it was on day (YYYY-MM-DD), derived once and cached;
// nil when it would not be exact (a component whose layer that day two versions give).
func (h *impactHistory) day(day string) *impactIndex {
	h.mu.Lock()
	defer h.mu.Unlock()
	if idx, ok := h.days[day]; ok {
		return idx
	}
	idx := h.derive(day)
	if len(h.order) >= impactHistoryDays {
		delete(h.days, h.order[0])
		h.order = h.order[1:]
	}
	h.days[day] = idx
	h.order = append(h.order, day)
	return idx
}

// derive lays out the index of day: the relationships valid that day, each component's layer
// and owner of that day.
func (h *impactHistory) derive(day string) *impactIndex {
	n := len(h.ids)
	k := int32(sort.Search(len(h.dayList), func(i int) bool { return h.dayList[i] > day }))
	idx := &impactIndex{epoch: h.epoch, n: h.n, ids: h.ids, codes: h.codes, agencies: h.agencies,
		layer: make([]int16, n), owner: make([]int32, n)}
	layerAt := map[string]int16{}
	for i := range n {
		l := h.layers[i]
		if h.versionFrom[i] > k {
			// Before its own properties: the version covering the day, else no layer (null).
			l = ""
			found := false
			for _, v := range h.ver[h.verAt[i]:h.verAt[i+1]] {
				if v.from <= k && v.to > k {
					if found && v.layer != l {
						return nil
					}
					l, found = v.layer, true
				}
			}
		}
		li, ok := layerAt[l]
		if !ok {
			li = int16(len(idx.layers))
			layerAt[l] = li
			idx.layers = append(idx.layers, l)
		}
		idx.layer[i] = li
		idx.owner[i] = -1
	}
	var from, to []int32
	for e, s := range h.edgeSpan {
		if s.validOn(k) {
			from, to = append(from, h.edgeFrom[e]), append(to, h.edgeTo[e])
		}
	}
	idx.fwdAt, idx.fwd = csr(n, from, to)
	idx.revAt, idx.rev = csr(n, to, from)
	for e, s := range h.ownSpan {
		if !s.validOn(k) {
			continue
		}
		c, o := h.ownNode[e], h.ownAgency[e]
		if cur := idx.owner[c]; cur < 0 || h.agencies[o].code < h.agencies[cur].code {
			idx.owner[c] = o
		}
	}
	return idx
}

// dayImpactIndex returns the index of day asOf when the held index has a history at the graph's
// write version (read in tx), with the position of the root (id; retired: a retired component,
// as the as-of statements find it); nil when there is none, it is stale, or the day's index
// would not be exact.
func (s *Store) dayImpactIndex(ctx context.Context, tx neo4j.ManagedTransaction, asOf, root string, retired bool) (*impactIndex, int, error) {
	cur := s.impact.idx.Load()
	if cur == nil {
		s.staleImpactIndex()
		return nil, 0, nil
	}
	h := cur.history
	if h == nil {
		return nil, 0, nil
	}
	check := cypherImpactIndexCheck
	if retired {
		check = cypherImpactHistoryCheckRetired
	}
	rid, ok, err := s.indexRoot(ctx, tx, check, root, h.epoch, h.n)
	if err != nil || !ok {
		return nil, 0, err
	}
	pos, found := slices.BinarySearch(h.ids, rid)
	if !found {
		return nil, 0, nil
	}
	idx := h.day(asOf)
	if idx == nil {
		return nil, 0, nil
	}
	s.impact.asOfAnswers.Add(1)
	return idx, pos, nil
}
