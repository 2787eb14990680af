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

// pagePrimed is the page of the connection field being resolved for parent, when primePages
// read it with its siblings'.
func pagePrimed[T any](ctx context.Context, r *Resolver, parent string) ([]T, bool) {
	fc := graphql.GetFieldContext(ctx)
	if parent == "" || fc == nil {
		return nil, false
	}
	v, ok := r.loaders(ctx).cachedPage(pageKey{fc.Field.Field, parent})
	rows, isT := v.([]T)
	return rows, ok && isT
}

// componentConnection pages q; parent (the id q is anchored at, for a nested connection) finds
// the page primePages read for the whole level.
func (r *Resolver) componentConnection(ctx context.Context, q model.ComponentQuery, parent string, first *int, after *string) (*model.ComponentConnection, error) {
	tag := sortTag(q.Sort)
	rows, offset, info, err := pageOfTag(first, after, tag,
		func(o, l int) ([]model.Component, error) {
			if rows, ok := pagePrimed[model.Component](ctx, r, parent); ok {
				return rows, nil
			}
			return r.Store.Components(ctx, q, o, l)
		},
		func(rows []model.Component) error { return r.primeComponents(ctx, rows, "edges", "node") })
	if err != nil {
		return nil, err
	}
	c := &model.ComponentConnection{PageInfo: info, Edges: make([]model.ComponentEdge, len(rows)),
		Query: q}
	for i, row := range rows {
		c.Edges[i] = model.ComponentEdge{Cursor: sortedCursor(tag, offset+i), Node: row}
	}
	return c, nil
}

// agencyConnection is componentConnection for agencies.
func (r *Resolver) agencyConnection(ctx context.Context, q model.AgencyQuery, parent string, first *int, after *string) (*model.AgencyConnection, error) {
	tag := sortTag(q.Sort)
	rows, offset, info, err := pageOfTag(first, after, tag,
		func(o, l int) ([]model.Agency, error) {
			if rows, ok := pagePrimed[model.Agency](ctx, r, parent); ok {
				return rows, nil
			}
			return r.Store.Agencies(ctx, q, o, l)
		},
		func(rows []model.Agency) error { return r.primeAgencies(ctx, rows, "edges", "node") })
	if err != nil {
		return nil, err
	}
	c := &model.AgencyConnection{PageInfo: info, Edges: make([]model.AgencyEdge, len(rows)),
		Query: q}
	for i, row := range rows {
		c.Edges[i] = model.AgencyEdge{Cursor: sortedCursor(tag, offset+i), Node: row}
	}
	return c, nil
}

func (r *Resolver) referenceConnection(ctx context.Context, q model.ReferenceQuery, first *int, after *string) (*model.ReferenceComponentConnection, error) {
	tag := sortTag(q.Sort)
	rows, offset, info, err := pageOfTag(first, after, tag,
		func(o, l int) ([]model.ReferenceComponent, error) { return r.Store.References(ctx, q, o, l) },
		func(rows []model.ReferenceComponent) error { return r.primeReferences(ctx, rows, "edges", "node") })
	if err != nil {
		return nil, err
	}
	c := &model.ReferenceComponentConnection{PageInfo: info, Edges: make([]model.ReferenceComponentEdge, len(rows)),
		Query: q}
	for i, row := range rows {
		c.Edges[i] = model.ReferenceComponentEdge{Cursor: sortedCursor(tag, offset+i), Node: row}
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
