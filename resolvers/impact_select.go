package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
)

// Only the work asked for (issue 15): an impact field reads what its client selected and
// nothing else, in one transaction — the root, the summary's figures (an owner and province
// lookup per reached component only for byLevel/byProvince), the first page of items and, when
// the items' components show their layer, the four layers (primed into the layer loader, so
// that no second transaction asks for them).

// impactPlan is what the selection set of one impact field asks for.
type impactPlan struct {
	summary bool
	parts   model.ImpactParts
	items   *store.ImpactPage // nil: no items, or not the plain first page (resolved by Items)
	layers  bool
}

// planImpact reads the selection set of the impact field being resolved.
func planImpact(ctx context.Context) impactPlan {
	plan := impactPlan{parts: model.ImpactPartsChosen}
	oc := graphql.GetOperationContext(ctx)
	fc := graphql.GetFieldContext(ctx)
	if oc == nil || fc == nil {
		return impactPlan{summary: true}
	}
	var items []graphql.CollectedField
	for _, f := range graphql.CollectFields(oc, fc.Field.Selections, nil) {
		switch f.Name {
		case "total":
			plan.summary = true
		case "byDepth":
			plan.summary, plan.parts = true, plan.parts|model.ImpactByDepth
		case "byLayer":
			plan.summary, plan.parts = true, plan.parts|model.ImpactByLayer
		case "byLevel", "byProvince":
			plan.summary, plan.parts = true, plan.parts|model.ImpactByOwner
		case "agencies":
			plan.summary, plan.parts = true, plan.parts|model.ImpactAgencyCount
		case "paths":
			if selectedIn(oc, f.Selections)["totalCount"] {
				plan.summary = true
			}
		case "items":
			items = append(items, f)
			if selectedIn(oc, f.Selections)["totalCount"] && f.ArgumentMap(oc.Variables)["filter"] == nil {
				plan.summary = true
			}
		}
	}
	if len(items) == 1 {
		f := items[0]
		args := f.ArgumentMap(oc.Variables)
		first, after := argInt(args["first"]), argString(args["after"])
		if offset, limit, err := page(first, after); err == nil && args["filter"] == nil {
			plan.items = &store.ImpactPage{Offset: offset, Limit: limit + 1}
			plan.layers = selectedIn(oc, f.Selections, "edges", "node", "component")["layer"]
		}
	}
	return plan
}

// selectedIn is the set of field names selected in sel along path (fragments merged).
func selectedIn(oc *graphql.OperationContext, sel ast.SelectionSet, path ...string) map[string]bool {
	for _, name := range path {
		var next ast.SelectionSet
		for _, f := range graphql.CollectFields(oc, sel, nil) {
			if f.Name == name {
				next = append(next, f.Selections...)
			}
		}
		sel = next
	}
	out := map[string]bool{}
	for _, f := range graphql.CollectFields(oc, sel, nil) {
		out[f.Name] = true
	}
	return out
}

func argInt(v any) *int {
	switch n := v.(type) {
	case int:
		return &n
	case int64:
		i := int(n)
		return &i
	case float64:
		i := int(n)
		return &i
	}
	return nil
}

func argString(v any) *string {
	if s, ok := v.(string); ok {
		return &s
	}
	return nil
}

// impactItemsKey is one prefetched page of an impact's items.
type impactItemsKey struct {
	q             model.ImpactQuery
	offset, limit int
}

// keepImpact stores what ImpactRead answered for q in the request's loaders: the summary, the
// page of items, the layers.
func (r *Resolver) keepImpact(ctx context.Context, q model.ImpactQuery, plan impactPlan, ans store.ImpactAnswer) {
	l := r.loaders(ctx)
	l.mu.Lock()
	if plan.summary {
		e := &summaryOnce{}
		e.once.Do(func() { e.sum = ans.Summary })
		l.summaries[q] = e
	}
	if plan.items != nil {
		l.impactItems[impactItemsKey{q, plan.items.Offset, plan.items.Limit}] = ans.Items
	}
	l.mu.Unlock()
	if len(ans.Layers) > 0 {
		keys := make([]string, len(ans.Layers))
		nodes := map[string][]model.Node{}
		for i, x := range ans.Layers {
			keys[i] = x.Code
			nodes[x.Code] = []model.Node{x}
		}
		l.primeWith(store.RelLayerByCode, keys, nodes)
	}
}

// keptImpactSummary is the summary that keepImpact kept for q, if the request computed one.
func (r *Resolver) keptImpactSummary(ctx context.Context, q model.ImpactQuery) (model.ImpactSummary, bool) {
	l := r.loaders(ctx)
	l.mu.Lock()
	e, ok := l.summaries[q]
	l.mu.Unlock()
	if !ok {
		return model.ImpactSummary{}, false
	}
	// Kept summaries are computed already (once.Do ran in keepImpact); one being computed by
	// another field is waited for, as impactSummary would.
	e.once.Do(func() { e.sum, e.err = r.Store.ImpactSummary(ctx, q) })
	return e.sum, e.err == nil
}

// prefetchedItems is the page of items kept by keepImpact for q, if any.
func (r *Resolver) prefetchedItems(ctx context.Context, q model.ImpactQuery, offset, limit int) ([]model.Impacted, bool) {
	l := r.loaders(ctx)
	l.mu.Lock()
	defer l.mu.Unlock()
	rows, ok := l.impactItems[impactItemsKey{q, offset, limit}]
	return rows, ok
}

// byGroupSelected reports whether the conformance summary being resolved has byGroup selected on
// its total or its children (true when it cannot tell).
func byGroupSelected(ctx context.Context) bool {
	oc, fc := graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx)
	if oc == nil || fc == nil {
		return true
	}
	return selectedIn(oc, fc.Field.Selections, "total")["byGroup"] || selectedIn(oc, fc.Field.Selections, "children")["byGroup"]
}
