package resolvers

import (
	"context"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
)

// componentConnection runs one page of q (limit+1 rows, to know whether another page follows);
// the total is only counted when the client asks for totalCount.
func (r *Resolver) componentConnection(ctx context.Context, q store.ComponentQuery, first *int, after *string) (*model.ComponentConnection, error) {
	offset, limit, err := page(first, after)
	if err != nil {
		return nil, err
	}
	rows, err := r.Store.Components(ctx, q, offset, limit+1)
	if err != nil {
		return nil, err
	}
	if err := r.primeComponents(ctx, rows[:min(len(rows), limit)], "edges", "node"); err != nil {
		return nil, err
	}
	c := &model.ComponentConnection{PageInfo: pageInfo(offset, len(rows), limit),
		Total: func(ctx context.Context) (int, error) { return r.Store.CountComponents(ctx, q) }}
	for i, row := range rows[:min(len(rows), limit)] {
		c.Edges = append(c.Edges, model.ComponentEdge{Cursor: cursor(offset + i), Node: row})
	}
	if c.Edges == nil {
		c.Edges = []model.ComponentEdge{}
	}
	return c, nil
}

func (r *Resolver) agencyConnection(ctx context.Context, q store.AgencyQuery, first *int, after *string) (*model.AgencyConnection, error) {
	offset, limit, err := page(first, after)
	if err != nil {
		return nil, err
	}
	rows, err := r.Store.Agencies(ctx, q, offset, limit+1)
	if err != nil {
		return nil, err
	}
	if err := r.primeAgencies(ctx, rows[:min(len(rows), limit)], "edges", "node"); err != nil {
		return nil, err
	}
	c := &model.AgencyConnection{PageInfo: pageInfo(offset, len(rows), limit), Edges: []model.AgencyEdge{},
		Total: func(ctx context.Context) (int, error) { return r.Store.CountAgencies(ctx, q) }}
	for i, row := range rows[:min(len(rows), limit)] {
		c.Edges = append(c.Edges, model.AgencyEdge{Cursor: cursor(offset + i), Node: row})
	}
	return c, nil
}

func (r *Resolver) referenceConnection(ctx context.Context, q store.ReferenceQuery, first *int, after *string) (*model.ReferenceComponentConnection, error) {
	offset, limit, err := page(first, after)
	if err != nil {
		return nil, err
	}
	rows, err := r.Store.References(ctx, q, offset, limit+1)
	if err != nil {
		return nil, err
	}
	if err := r.primeReferences(ctx, rows[:min(len(rows), limit)], "edges", "node"); err != nil {
		return nil, err
	}
	c := &model.ReferenceComponentConnection{PageInfo: pageInfo(offset, len(rows), limit), Edges: []model.ReferenceComponentEdge{},
		Total: func(ctx context.Context) (int, error) { return r.Store.CountReferences(ctx, q) }}
	for i, row := range rows[:min(len(rows), limit)] {
		c.Edges = append(c.Edges, model.ReferenceComponentEdge{Cursor: cursor(offset + i), Node: row})
	}
	return c, nil
}

// agencyID resolves an agency argument (id or code) to its id.
func (r *Resolver) agencyID(ctx context.Context, field, s string) (string, error) {
	p, err := r.get(ctx, store.LabelAgency, field, s)
	if err != nil {
		return "", err
	}
	return store.AgencyFromProps(p).ID, nil
}

func one[T any](ps []store.Props, f func(store.Props) T) *T {
	if len(ps) == 0 {
		return nil
	}
	v := f(ps[0])
	return &v
}
