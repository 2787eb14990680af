package resolvers

import (
	"context"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/archgraph/archgraph/store"
)

// Loaders batch the lookups of one request: every relation field of a list resolves through
// one query per relation and request level (store.Related), never one query per row.
type Loaders struct {
	st *store.Store
	mu sync.Mutex
	by map[store.Relation]*dataloadgen.Loader[string, []store.Props]
}

type loadersKey struct{}

// WithLoaders returns a context carrying fresh loaders for one request.
func WithLoaders(ctx context.Context, st *store.Store) context.Context {
	return context.WithValue(ctx, loadersKey{}, &Loaders{st: st, by: map[store.Relation]*dataloadgen.Loader[string, []store.Props]{}})
}

// loadersFor returns the request's loaders (or, outside a request, loaders of its own).
func (r *Resolver) loaders(ctx context.Context) *Loaders {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l
	}
	return &Loaders{st: r.Store, by: map[store.Relation]*dataloadgen.Loader[string, []store.Props]{}}
}

func (l *Loaders) loader(rel store.Relation) *dataloadgen.Loader[string, []store.Props] {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ld, ok := l.by[rel]; ok {
		return ld
	}
	ld := dataloadgen.NewMappedLoader(func(ctx context.Context, keys []string) (map[string][]store.Props, error) {
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

// related loads rel for key, batched with the other keys asked for in the same moment.
func (r *Resolver) related(ctx context.Context, rel store.Relation, key string) ([]store.Props, error) {
	return r.loaders(ctx).loader(rel).Load(ctx, key)
}

// relatedOne is related for a relation with at most one node; nil when none.
func (r *Resolver) relatedOne(ctx context.Context, rel store.Relation, key string) (store.Props, error) {
	ps, err := r.related(ctx, rel, key)
	if err != nil || len(ps) == 0 {
		return nil, err
	}
	return ps[0], nil
}

// relatedCount is related for a count relation.
func (r *Resolver) relatedCount(ctx context.Context, rel store.Relation, key string) (int, error) {
	p, err := r.relatedOne(ctx, rel, key)
	if err != nil || p == nil {
		return 0, err
	}
	n, _ := p["n"].(int64)
	return int(n), nil
}

func mapAll[T any](ps []store.Props, f func(store.Props) T) []T {
	out := make([]T, len(ps))
	for i, p := range ps {
		out[i] = f(p)
	}
	return out
}
