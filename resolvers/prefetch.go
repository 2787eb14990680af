package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
)

// Time-window loaders batch well, but under CPU contention a page's rows can reach a loader in
// two windows and cost two queries. So a connection primes the loaders of the relations its
// client selected, level by level (up to maxPrimeDepth), in one query per relation and level,
// before the rows are resolved: the number of queries depends on the query's shape, never on
// the page size. Anything deeper still goes through the loaders' windows.

// selected returns the names of the fields selected below the current field along path
// (e.g. "edges", "node"), fragments merged.
func selected(ctx context.Context, path ...string) map[string]bool {
	fc := graphql.GetFieldContext(ctx)
	oc := graphql.GetOperationContext(ctx)
	if fc == nil || oc == nil {
		return nil
	}
	sel := fc.Field.Selections
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

// prime loads rel for keys in one query, stores the results in the request's loader and
// returns them.
func (r *Resolver) prime(ctx context.Context, rel store.Relation, keys []string) (map[string][]model.Node, error) {
	uniq := make([]string, 0, len(keys))
	seen := map[string]bool{}
	for _, k := range keys {
		if k != "" && !seen[k] {
			seen[k] = true
			uniq = append(uniq, k)
		}
	}
	if len(uniq) == 0 {
		return nil, nil
	}
	if rel.Counts() {
		m, err := r.Store.RelatedCounts(ctx, rel, uniq)
		if err != nil {
			return nil, err
		}
		ld := r.loaders(ctx).countLoader(rel)
		for _, k := range uniq {
			ld.Prime(k, m[k])
		}
		return nil, nil
	}
	m, err := r.Store.Related(ctx, rel, uniq)
	if err != nil {
		return nil, err
	}
	ld := r.loaders(ctx).loader(rel)
	for _, k := range uniq {
		ld.Prime(k, m[k])
	}
	return m, nil
}

// edge is one relation field of a GraphQL type: the batched relation that resolves it, the
// property of the parent that keys it, and the type of what it returns ("" for counts).
type edge struct {
	rel   store.Relation
	key   string
	child string
}

var edges = map[string]map[string]edge{
	"Component": {
		"layer": {store.RelLayerByCode, "layer", "Layer"}, "group": {store.RelGroupByCode, "group", "ComponentGroup"},
		"owner": {store.RelComponentOwner, "id", "Agency"}, "dependsOn": {store.RelComponentDependsOn, "id", "Component"},
		"realizes": {store.RelComponentRealizes, "id", "ReferenceComponent"}, "provides": {store.RelComponentProvides, "id", "Capability"},
		"usedBy": {store.RelComponentUsedBy, "id", "Agency"},
	},
	"Agency": {
		"partOf": {store.RelAgencyPartOf, "id", "Agency"}, "province": {store.RelAgencyProvince, "id", "Agency"},
		"uses": {store.RelAgencyUses, "id", "Component"},
	},
	"ReferenceComponent": {
		"group": {store.RelGroupByCode, "group", "ComponentGroup"}, "framework": {store.RelFrameworkByCode, "framework", "Framework"},
		"provides": {store.RelRefProvides, "id", "Capability"}, "realizedByCount": {store.RelRefRealizedByCount, "id", ""},
	},
	"ComponentGroup": {
		"layer": {store.RelLayerByCode, "layer", "Layer"}, "framework": {store.RelFrameworkByCode, "framework", "Framework"},
		"referenceComponents": {store.RelGroupRefs, "code", "ReferenceComponent"}, "componentCount": {store.RelGroupComponentCount, "code", ""},
	},
	"Layer": {
		"groups": {store.RelLayerGroups, "code", "ComponentGroup"}, "componentCount": {store.RelLayerComponentCount, "code", ""},
	},
	"Framework": {
		"conformsTo": {store.RelFrameworkConformsTo, "code", "Framework"}, "supersedes": {store.RelFrameworkSupersedes, "code", "Framework"},
		"referenceComponents": {store.RelFrameworkRefs, "code", "ReferenceComponent"},
	},
	"Capability": {
		"nationalProviders": {store.RelCapabilityNational, "id", "Component"}, "sanctionedBy": {store.RelCapabilitySanctionedBy, "id", "ReferenceComponent"},
	},
}

// maxPrimeDepth bounds how many levels below a list are primed.
const maxPrimeDepth = 4

// primeTree primes, for nodes of type typ reached along path, every selected relation in one
// query each, then recurses into what those relations returned.
func (r *Resolver) primeTree(ctx context.Context, typ string, nodes []model.Node, path []string, depth int) error {
	if len(nodes) < 2 || depth > maxPrimeDepth {
		return nil
	}
	for name := range selected(ctx, path...) {
		e, ok := edges[typ][name]
		if !ok {
			continue
		}
		keys := make([]string, len(nodes))
		for i, n := range nodes {
			keys[i] = nodeKey(n, e.key)
		}
		m, err := r.prime(ctx, e.rel, keys)
		if err != nil {
			return err
		}
		if e.child == "" {
			continue
		}
		var children []model.Node
		seen := map[string]bool{}
		for _, ps := range m {
			for _, p := range ps {
				if id := nodeKey(p, "id"); !seen[id] {
					seen[id] = true
					children = append(children, p)
				}
			}
		}
		if err := r.primeTree(ctx, e.child, children, append(append([]string{}, path...), name), depth+1); err != nil {
			return err
		}
	}
	return nil
}

func (r *Resolver) primeComponents(ctx context.Context, rows []model.Component, path ...string) error {
	nodes := make([]model.Node, len(rows))
	for i, c := range rows {
		nodes[i] = c
	}
	return r.primeTree(ctx, "Component", nodes, path, 1)
}

func (r *Resolver) primeAgencies(ctx context.Context, rows []model.Agency, path ...string) error {
	nodes := make([]model.Node, len(rows))
	for i, a := range rows {
		nodes[i] = a
	}
	return r.primeTree(ctx, "Agency", nodes, path, 1)
}

func (r *Resolver) primeReferences(ctx context.Context, rows []model.ReferenceComponent, path ...string) error {
	nodes := make([]model.Node, len(rows))
	for i, x := range rows {
		nodes[i] = x
	}
	return r.primeTree(ctx, "ReferenceComponent", nodes, path, 1)
}
