package resolvers

import (
	"context"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
)

// Loaders batch the lookups of one request: every relation field of a list resolves through
// one query per relation and request level (store.Related, store.RelatedCounts), never one
// query per row.
type Loaders struct {
	st     *store.Store
	mu     sync.Mutex
	by     map[store.Relation]*dataloadgen.Loader[string, []model.Node]
	counts map[store.Relation]*dataloadgen.Loader[string, int]
	// summaries: each impact's figures, resolved once per request.
	summaries map[model.ImpactQuery]*summaryOnce
	// scores: communes' conformance scores (dashboard.go).
	scores *dataloadgen.Loader[string, *float64]
	// impactItems: the pages of items read with an impact's summary (keepImpact).
	impactItems map[impactItemsKey][]model.Impacted
	// primed: the keys whose relation is already in its loader (prime skips them).
	primed map[store.Relation]map[string]bool
	// pages: each parent's page of a nested connection, read for all parents at once (primePages).
	pages map[pageKey]any
	// totals: the totals read with some of those pages.
	totals map[pageKey]int
}

type summaryOnce struct {
	once sync.Once
	sum  model.ImpactSummary
	err  error
}

type loadersKey struct{}

func newLoaders(st *store.Store) *Loaders {
	return &Loaders{st: st, by: map[store.Relation]*dataloadgen.Loader[string, []model.Node]{},
		counts: map[store.Relation]*dataloadgen.Loader[string, int]{}, summaries: map[model.ImpactQuery]*summaryOnce{},
		impactItems: map[impactItemsKey][]model.Impacted{}, primed: map[store.Relation]map[string]bool{},
		pages: map[pageKey]any{}, totals: map[pageKey]int{}}
}

// WithLoaders returns a context carrying fresh loaders for one request.
func WithLoaders(ctx context.Context, st *store.Store) context.Context {
	return context.WithValue(ctx, loadersKey{}, newLoaders(st))
}

// loadersFor returns the request's loaders (or, outside a request, loaders of its own).
func (r *Resolver) loaders(ctx context.Context) *Loaders {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l
	}
	return newLoaders(r.Store)
}

func (l *Loaders) loader(rel store.Relation) *dataloadgen.Loader[string, []model.Node] {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ld, ok := l.by[rel]; ok {
		return ld
	}
	ld := dataloadgen.NewMappedLoader(func(ctx context.Context, keys []string) (map[string][]model.Node, error) {
		m, err := l.st.Related(ctx, rel, keys)
		if err != nil {
			return nil, err
		}
		// Keys without related nodes have an empty result, not a "not found" error.
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				m[k] = nil
			}
		}
		return m, nil
	}, dataloadgen.WithWait(5*time.Millisecond), dataloadgen.WithBatchCapacity(1000))
	l.by[rel] = ld
	return ld
}

func (l *Loaders) countLoader(rel store.Relation) *dataloadgen.Loader[string, int] {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ld, ok := l.counts[rel]; ok {
		return ld
	}
	ld := dataloadgen.NewMappedLoader(func(ctx context.Context, keys []string) (map[string]int, error) {
		m, err := l.st.RelatedCounts(ctx, rel, keys)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				m[k] = 0
			}
		}
		return m, nil
	}, dataloadgen.WithWait(5*time.Millisecond), dataloadgen.WithBatchCapacity(1000))
	l.counts[rel] = ld
	return ld
}

// unprimed returns the keys of rel not yet primed (each once, no empty key).
func (l *Loaders) unprimed(rel store.Relation, keys []string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	done := l.primed[rel]
	out := make([]string, 0, len(keys))
	seen := map[string]bool{}
	for _, k := range keys {
		if k != "" && !seen[k] && !done[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// primeWith stores rel's nodes m for keys in rel's loader (a key absent from m has none).
func (l *Loaders) primeWith(rel store.Relation, keys []string, m map[string][]model.Node) {
	ld := l.loader(rel)
	for _, k := range keys {
		ld.Prime(k, m[k])
	}
	l.markPrimed(rel, keys)
}

func (l *Loaders) keepPage(k pageKey, rows any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pages[k] = rows
}

func (l *Loaders) keepTotal(k pageKey, n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.totals[k] = n
}

func (l *Loaders) cachedPage(k pageKey) (any, *int, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	rows, ok := l.pages[k]
	if n, counted := l.totals[k]; counted {
		return rows, &n, ok
	}
	return rows, nil, ok
}

func (l *Loaders) markPrimed(rel store.Relation, keys []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	done := l.primed[rel]
	if done == nil {
		done = map[string]bool{}
		l.primed[rel] = done
	}
	for _, k := range keys {
		done[k] = true
	}
}

// related loads rel for key, batched with the other keys asked for in the same moment.
func (r *Resolver) related(ctx context.Context, rel store.Relation, key string) ([]model.Node, error) {
	return r.loaders(ctx).loader(rel).Load(ctx, key)
}

// relatedOne is related for a relation with at most one node; nil when none.
func (r *Resolver) relatedOne(ctx context.Context, rel store.Relation, key string) (model.Node, error) {
	ns, err := r.related(ctx, rel, key)
	if err != nil || len(ns) == 0 {
		return nil, err
	}
	return ns[0], nil
}

// relatedCount loads a count relation for key, batched like related.
func (r *Resolver) relatedCount(ctx context.Context, rel store.Relation, key string) (int, error) {
	return r.loaders(ctx).countLoader(rel).Load(ctx, key)
}

// impactSummary resolves the figures of impact q once per request: total, byDepth, … and the
// connections' totalCount all read them.
func (r *Resolver) impactSummary(ctx context.Context, q model.ImpactQuery) (model.ImpactSummary, error) {
	l := r.loaders(ctx)
	l.mu.Lock()
	e, ok := l.summaries[q]
	if !ok {
		e = &summaryOnce{}
		l.summaries[q] = e
	}
	l.mu.Unlock()
	e.once.Do(func() { e.sum, e.err = r.Store.ImpactSummary(ctx, q) })
	return e.sum, e.err
}

// as is node n as its model type T (T's zero value when n is nil or of another type).
func as[T model.Node](n model.Node) T {
	v, _ := n.(T)
	return v
}

// one is the first of ns as T; nil when there is none.
func one[T model.Node](ns []model.Node) *T {
	if len(ns) == 0 {
		return nil
	}
	v := as[T](ns[0])
	return &v
}

// all is ns as Ts.
func all[T model.Node](ns []model.Node) []T {
	out := make([]T, len(ns))
	for i, n := range ns {
		out[i] = as[T](n)
	}
	return out
}

// nodeKey is the property key of node n that keys a relation (id, code, layer, group,
// framework); "" when n has none.
func nodeKey(n model.Node, key string) string {
	switch v := n.(type) {
	case model.Component:
		return map[string]string{"id": v.ID, "code": v.Code, "layer": v.LayerCode, "group": v.GroupCode}[key]
	case model.Agency:
		return map[string]string{"id": v.ID, "code": v.Code}[key]
	case model.ReferenceComponent:
		return map[string]string{"id": v.ID, "code": v.Code, "group": v.GroupCode, "framework": v.FrameworkCode}[key]
	case model.ComponentGroup:
		return map[string]string{"id": v.ID, "code": v.Code, "layer": v.LayerCode, "framework": v.FrameworkCode}[key]
	case model.Layer:
		return map[string]string{"id": v.ID, "code": v.Code}[key]
	case model.Framework:
		return map[string]string{"id": v.ID, "code": v.Code}[key]
	case model.Capability:
		return map[string]string{"id": v.ID, "code": v.Code}[key]
	case model.Rule:
		return map[string]string{"id": v.ID, "code": v.Code}[key]
	}
	return ""
}
