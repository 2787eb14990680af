package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
)

// pageOf fetches one page of a list (limit+1 rows, to know whether another page follows),
// primes the relations the client selected on its rows, and returns the page's rows, offset
// and PageInfo. Totals are counted separately, only when a client asks for totalCount.
func pageOf[T any](first *int, after *string, fetch func(offset, limit int) ([]T, error), prime func([]T) error) ([]T, int, model.PageInfo, error) {
	offset, limit, err := page(first, after)
	if err != nil {
		return nil, 0, model.PageInfo{}, err
	}
	rows, err := fetch(offset, limit+1)
	if err != nil {
		return nil, 0, model.PageInfo{}, err
	}
	info := pageInfo(offset, len(rows), limit)
	rows = rows[:min(len(rows), limit)]
	if prime != nil {
		if err := prime(rows); err != nil {
			return nil, 0, model.PageInfo{}, err
		}
	}
	return rows, offset, info, nil
}

// listPage pages a list by keyset, in the order of its orderBy (tag, sortTag) or, without one,
// in its default order (tag ""; keyOf gives a row's key values there when the page was read
// without them); it returns the rows, their cursors and the PageInfo. An offset cursor ("o:<n>",
// made by earlier versions for lists without orderBy) is still read as an offset; the rows of
// that page get keyset cursors.
func listPage[T any](first *int, after *string, tag string, keyOf func(T) []any, fetch func(after []any, offset, limit int) (store.PageRead[T], error), prime func([]T) error) ([]T, []string, model.PageInfo, error) {
	if tag != "" || !isOffsetCursor(after) {
		return keysetPage(first, after, tag, keyOf, func(a []any, l int) (store.PageRead[T], error) { return fetch(a, 0, l) }, prime)
	}
	var keys [][]any
	rows, _, info, err := pageOf(first, after, func(o, l int) ([]T, error) {
		pg, err := fetch(nil, o, l)
		keys = pg.Keys
		return pg.Rows, err
	}, prime)
	if err != nil {
		return nil, nil, info, err
	}
	cursors, err := keysetCursors(tag, rows, keys, keyOf)
	if err != nil {
		return nil, nil, info, err
	}
	if len(rows) > 0 {
		info.StartCursor, info.EndCursor = &cursors[0], &cursors[len(rows)-1]
	}
	return rows, cursors, info, nil
}

// componentKeys and agencyKeys are a row's key values in the default order (code, then id).
func componentKeys(c model.Component) []any { return []any{c.Code, c.ID} }
func agencyKeys(a model.Agency) []any       { return []any{a.Code, a.ID} }

// pagePrimed is the page of the connection field being resolved for parent, when primePages
// or getPrimed read it (with its total, when that was read too; with its rows' sort keys when
// it was read with where/orderBy).
func pagePrimed[T any](ctx context.Context, r *Resolver, parent string) (store.PageRead[T], bool) {
	fc := graphql.GetFieldContext(ctx)
	if parent == "" || fc == nil {
		return store.PageRead[T]{}, false
	}
	v, total, ok := r.loaders(ctx).cachedPage(pageKey{fc.Field.Field, parent})
	switch x := v.(type) {
	case []T:
		return store.PageRead[T]{Rows: x, Total: total}, ok
	case store.PageRead[T]:
		x.Total = total
		return x, ok
	}
	return store.PageRead[T]{}, false
}

// nested says whether a nested connection's query needs the nested statements (where or
// orderBy given).
func nestedComponents(q model.ComponentQuery, parent string) bool {
	return parent != "" && (q.Where != nil || len(q.Sort) > 0)
}

func nestedAgencies(q model.AgencyQuery, parent string) bool {
	return parent != "" && (q.Where != nil || len(q.Sort) > 0)
}

// componentConnection pages q; parent (the id q is anchored at, for a nested connection) finds
// the page primePages read for the whole level. Otherwise the page, its total (when selected)
// and its rows' selected relations are read in one transaction.
func (r *Resolver) componentConnection(ctx context.Context, q model.ComponentQuery, parent string, first *int, after *string) (*model.ComponentConnection, error) {
	var total *int
	rows, cursors, info, err := listPage(first, after, sortTag(q.Sort), componentKeys,
		func(a []any, o, l int) (store.PageRead[model.Component], error) {
			if pg, ok := pagePrimed[model.Component](ctx, r, parent); ok {
				total = pg.Total
				return pg, nil
			}
			pq := q
			pq.After = a
			if nestedComponents(q, parent) {
				anchor, _, _ := store.NestedComponentAnchor(q)
				m, err := r.Store.NestedComponentPages(ctx, anchor, pq, []string{parent}, o, l)
				return m[parent], err
			}
			w, keep := pageWith[model.Component](ctx, r, "Component")
			pg, err := r.Store.ComponentsWith(ctx, pq, o, l, w)
			if err != nil {
				return pg, err
			}
			total = pg.Total
			keep(pg.Related)
			return pg, nil
		},
		func(rows []model.Component) error { return r.primeComponents(ctx, rows, "edges", "node") })
	if err != nil {
		return nil, err
	}
	c := &model.ComponentConnection{PageInfo: info, Edges: make([]model.ComponentEdge, len(rows)),
		Query: q, Total: total}
	for i, row := range rows {
		c.Edges[i] = model.ComponentEdge{Cursor: cursors[i], Node: row}
	}
	return c, nil
}

// agencyConnection is componentConnection for agencies.
func (r *Resolver) agencyConnection(ctx context.Context, q model.AgencyQuery, parent string, first *int, after *string) (*model.AgencyConnection, error) {
	var total *int
	rows, cursors, info, err := listPage(first, after, sortTag(q.Sort), agencyKeys,
		func(a []any, o, l int) (store.PageRead[model.Agency], error) {
			if pg, ok := pagePrimed[model.Agency](ctx, r, parent); ok {
				total = pg.Total
				return pg, nil
			}
			pq := q
			pq.After = a
			if nestedAgencies(q, parent) {
				anchor, _, _ := store.NestedAgencyAnchor(q)
				m, err := r.Store.NestedAgencyPages(ctx, anchor, pq, []string{parent}, o, l)
				return m[parent], err
			}
			w, keep := pageWith[model.Agency](ctx, r, "Agency")
			pg, err := r.Store.AgenciesWith(ctx, pq, o, l, w)
			if err != nil {
				return pg, err
			}
			total = pg.Total
			keep(pg.Related)
			return pg, nil
		},
		func(rows []model.Agency) error { return r.primeAgencies(ctx, rows, "edges", "node") })
	if err != nil {
		return nil, err
	}
	c := &model.AgencyConnection{PageInfo: info, Edges: make([]model.AgencyEdge, len(rows)),
		Query: q, Total: total}
	for i, row := range rows {
		c.Edges[i] = model.AgencyEdge{Cursor: cursors[i], Node: row}
	}
	return c, nil
}

// pageWith says what to read with a page of rows of type typ in the connection field being
// resolved: its total when totalCount is selected, and the relations (not counts) selected on
// its rows; keep primes the loaders with the relations read.
func pageWith[T model.Node](ctx context.Context, r *Resolver, typ string) (store.PageWith[T], func(map[store.Relation]map[string][]model.Node)) {
	w := store.PageWith[T]{}
	var wants []edge
	for _, f := range selectedFields(ctx) {
		if f.Name == "totalCount" {
			w.Count = true
		}
	}
	for _, f := range selectedFields(ctx, "edges", "node") {
		if e, ok := edges[typ][f.Name]; ok && !e.rel.Counts() {
			wants = append(wants, e)
		}
	}
	var asked map[store.Relation][]string
	if len(wants) > 0 {
		w.Related = func(rows []T) map[store.Relation][]string {
			out := map[store.Relation][]string{}
			asked = out
			for _, x := range wants {
				seen := map[store.Relation]map[string]bool{}
				for _, row := range rows {
					// A row read as of a day has that day's relations (Relation.On).
					rel := x.on(row)
					if seen[rel] == nil {
						seen[rel] = map[string]bool{}
					}
					if k := nodeKey(row, x.key); k != "" && !seen[rel][k] {
						seen[rel][k] = true
						out[rel] = append(out[rel], k)
					}
				}
			}
			return out
		}
	}
	keep := func(related map[store.Relation]map[string][]model.Node) {
		l := r.loaders(ctx)
		for rel, m := range related {
			l.primeWith(rel, asked[rel], m) // a key absent from m has no related node
		}
	}
	return w, keep
}

func (r *Resolver) referenceConnection(ctx context.Context, q model.ReferenceQuery, first *int, after *string) (*model.ReferenceComponentConnection, error) {
	rows, cursors, info, err := listPage(first, after, sortTag(q.Sort), nil,
		func(a []any, o, l int) (store.PageRead[model.ReferenceComponent], error) {
			pq := q
			pq.After = a
			return r.Store.ReferencesPage(ctx, pq, o, l)
		},
		func(rows []model.ReferenceComponent) error { return r.primeReferences(ctx, rows, "edges", "node") })
	if err != nil {
		return nil, err
	}
	c := &model.ReferenceComponentConnection{PageInfo: info, Edges: make([]model.ReferenceComponentEdge, len(rows)),
		Query: q}
	for i, row := range rows {
		c.Edges[i] = model.ReferenceComponentEdge{Cursor: cursors[i], Node: row}
	}
	return c, nil
}

// agencyID resolves an agency argument (id or code) to its id.
func (r *Resolver) agencyID(ctx context.Context, field, s string) (string, error) {
	p, err := r.get(ctx, store.LabelAgency, field, s)
	if err != nil {
		return "", err
	}
	return as[model.Agency](p).ID, nil
}
