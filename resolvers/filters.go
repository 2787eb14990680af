package resolvers

import (
	"context"

	"github.com/archgraph/archgraph/model"
)

// componentQuery turns a ComponentFilter into a store query, resolving agency references.
func (r *Resolver) componentQuery(ctx context.Context, f *model.ComponentFilter) (model.ComponentQuery, error) {
	var q model.ComponentQuery
	if f == nil {
		return q, nil
	}
	if f.Owner != nil && f.Province != nil {
		return q, model.BadInput("filter: give owner or province, not both")
	}
	var err error
	if f.Layer != nil {
		if q.Layer, err = ref("filter.layer", *f.Layer); err != nil {
			return q, err
		}
	}
	if f.Group != nil {
		if q.Group, err = ref("filter.group", *f.Group); err != nil {
			return q, err
		}
	}
	if f.Owner != nil {
		if q.OwnerID, err = r.agencyID(ctx, "filter.owner", *f.Owner); err != nil {
			return q, err
		}
	}
	if f.Province != nil {
		if q.ProvinceID, err = r.agencyID(ctx, "filter.province", *f.Province); err != nil {
			return q, err
		}
	}
	q.Scopes, q.Statuses, q.Kinds, q.Synthetic, q.ExposesAPI = f.Scope, f.Status, f.Kind, f.Synthetic, f.ExposesAPI
	return q, nil
}

func (r *Resolver) agencyQuery(ctx context.Context, f *model.AgencyFilter) (model.AgencyQuery, error) {
	var q model.AgencyQuery
	if f == nil {
		return q, nil
	}
	if f.Province != nil {
		id, err := r.agencyID(ctx, "filter.province", *f.Province)
		if err != nil {
			return q, err
		}
		q.ProvinceID = id
	}
	if f.AreaType != nil {
		q.AreaType = string(*f.AreaType)
	}
	q.Levels, q.Synthetic = f.Level, f.Synthetic
	return q, nil
}

func referenceQuery(f *model.ReferenceComponentFilter) model.ReferenceQuery {
	var q model.ReferenceQuery
	if f == nil {
		return q
	}
	deref := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	q.Framework, q.Group, q.Layer, q.Tiers = deref(f.Framework), deref(f.Group), deref(f.Layer), f.Tier
	if f.AreaType != nil {
		q.AreaType = string(*f.AreaType)
	}
	return q
}
