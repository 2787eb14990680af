package resolvers

import (
	"context"
	"encoding/json"

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

// prime loads rel for keys in one query, stores the results in the request's loader and
// returns them.
func (r *Resolver) prime(ctx context.Context, rel store.Relation, keys []string) (map[string][]model.Node, error) {
	l := r.loaders(ctx)
	uniq := l.unprimed(rel, keys)
	if len(uniq) == 0 {
		return r.primedOf(ctx, rel, keys)
	}
	if rel.Counts() {
		m, err := r.Store.RelatedCounts(ctx, rel, uniq)
		if err != nil {
			return nil, err
		}
		ld := l.countLoader(rel)
		for _, k := range uniq {
			ld.Prime(k, m[k])
		}
		l.markPrimed(rel, uniq)
		return nil, nil
	}
	m, err := r.Store.Related(ctx, rel, uniq)
	if err != nil {
		return nil, err
	}
	l.primeWith(rel, uniq, m)
	if len(uniq) == len(keys) {
		return m, nil
	}
	return r.primedOf(ctx, rel, keys)
}

// primedOf returns rel's nodes for keys that are all primed (from the loader's cache: no query).
func (r *Resolver) primedOf(ctx context.Context, rel store.Relation, keys []string) (map[string][]model.Node, error) {
	if rel.Counts() {
		return nil, nil
	}
	out := map[string][]model.Node{}
	ld := r.loaders(ctx).loader(rel)
	for _, k := range keys {
		if k == "" {
			continue
		}
		ns, err := ld.Load(ctx, k)
		if err != nil {
			return nil, err
		}
		out[k] = ns
	}
	return out, nil
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

// pagedEdge is one paginated relation field of a GraphQL type (a connection with first/after):
// the anchor its list starts from (store.ComponentPages / AgencyPages) and the type of its rows.
type pagedEdge struct {
	anchor string
	child  string
}

var pagedEdges = map[string]map[string]pagedEdge{
	"Agency":             {"parts": {"partOf", "Agency"}, "owns": {"owner", "Component"}},
	"Component":          {"dependents": {"dependsOn", "Component"}},
	"ReferenceComponent": {"realizedBy": {"realizes", "Component"}},
}

// maxPrimeDepth bounds how many levels below a list are primed.
const maxPrimeDepth = 4

// primeTree primes, for nodes of type typ reached along path, every selected relation in one
// query each — a paginated one by a window per parent (primePages) — then recurses into what
// those relations returned. Relations already primed for a node are not asked again.
func (r *Resolver) primeTree(ctx context.Context, typ string, nodes []model.Node, path []string, depth int) error {
	if len(nodes) < 2 || depth > maxPrimeDepth {
		return nil
	}
	for _, f := range selectedFields(ctx, path...) {
		if pe, ok := pagedEdges[typ][f.Name]; ok {
			if dayOf(nodes[0]) != "" {
				continue // read as of a day: each parent's page is that day's (componentResolver.Dependents)
			}
			children, err := r.primePages(ctx, pe, f, nodes)
			if err != nil {
				return err
			}
			if err := r.primeTree(ctx, pe.child, children, append(append([]string{}, path...), f.Name, "edges", "node"), depth+1); err != nil {
				return err
			}
			continue
		}
		e, ok := edges[typ][f.Name]
		if !ok {
			continue
		}
		// One query per relation and day (nodes read as of a day have that day's relations).
		keys := map[store.Relation][]string{}
		var rels []store.Relation
		for _, n := range nodes {
			rel := e.on(n)
			if _, ok := keys[rel]; !ok {
				rels = append(rels, rel)
			}
			keys[rel] = append(keys[rel], nodeKey(n, e.key))
		}
		var children []model.Node
		seen := map[string]bool{}
		for _, rel := range rels {
			m, err := r.prime(ctx, rel, keys[rel])
			if err != nil {
				return err
			}
			for _, ps := range m {
				for _, p := range ps {
					if id := nodeKey(p, "id") + "@" + dayOf(p); !seen[id] {
						seen[id] = true
						children = append(children, p)
					}
				}
			}
		}
		if e.child == "" {
			continue
		}
		if err := r.primeTree(ctx, e.child, children, append(append([]string{}, path...), f.Name), depth+1); err != nil {
			return err
		}
	}
	return nil
}

// dayOf is the day node n was read as of ("" for now, and for nodes without valid time).
func dayOf(n model.Node) string {
	if c, ok := n.(model.Component); ok {
		return c.AsOf
	}
	return ""
}

// on is e's relation for parent n: as of the day n was read as of.
func (e edge) on(n model.Node) store.Relation { return e.rel.On(dayOf(n)) }

// selectedFields returns the fields selected below the current field along path (e.g. "edges",
// "node"), fragments merged, one per response name (an alias is a field of its own).
func selectedFields(ctx context.Context, path ...string) []graphql.CollectedField {
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
	return graphql.CollectFields(oc, sel, nil)
}

// pageKey is one parent's page of one connection field (the field is the same document node
// for every parent, with the same arguments).
type pageKey struct {
	field  *ast.Field
	parent string
}

// primePages loads the page that connection field f asks for of every parent in nodes in one
// statement (a window per parent), keeps each page for the parent's connection resolver
// (cachedPage), and returns the rows of all the pages, each once. A field with where/orderBy
// reads its pages through the nested statements (store.NestedComponentPages), still one for
// every parent; one with other arguments is left to the per-parent resolver.
func (r *Resolver) primePages(ctx context.Context, pe pagedEdge, f graphql.CollectedField, nodes []model.Node) ([]model.Node, error) {
	oc := graphql.GetOperationContext(ctx)
	args := f.ArgumentMap(oc.Variables)
	np, ok := nestedPosition(pe, args)
	if !ok {
		return nil, nil // the resolver reads it (and reports a bad argument)
	}
	dash, cq, aq, offset, limit, after := np.dash, np.cq, np.aq, np.offset, np.limit, np.cq.After
	l := r.loaders(ctx)
	var keys []string
	seen := map[string]bool{}
	for _, n := range nodes {
		k := nodeKey(n, "id")
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		if _, _, ok := l.cachedPage(pageKey{f.Field, k}); !ok {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, nil
	}
	var children []model.Node
	childSeen := map[string]bool{}
	add := func(n model.Node) {
		if id := nodeKey(n, "id"); !childSeen[id] {
			childSeen[id] = true
			children = append(children, n)
		}
	}
	switch {
	case dash && pe.child == "Component":
		m, err := r.Store.NestedComponentPages(ctx, pe.anchor, cq, keys, offset, limit+1)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			pg := m[k]
			if pg.Rows == nil {
				pg.Rows = []model.Component{}
			}
			l.keepPage(pageKey{f.Field, k}, pg)
			for _, c := range pg.Rows[:min(len(pg.Rows), limit)] {
				add(c)
			}
		}
	case dash && pe.child == "Agency":
		m, err := r.Store.NestedAgencyPages(ctx, pe.anchor, aq, keys, offset, limit+1)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			pg := m[k]
			if pg.Rows == nil {
				pg.Rows = []model.Agency{}
			}
			l.keepPage(pageKey{f.Field, k}, pg)
			for _, a := range pg.Rows[:min(len(pg.Rows), limit)] {
				add(a)
			}
		}
	case pe.child == "Component":
		m, err := r.Store.ComponentPages(ctx, pe.anchor, model.ComponentQuery{After: after}, keys, offset, limit+1)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			rows := m[k]
			if rows == nil {
				rows = []model.Component{}
			}
			l.keepPage(pageKey{f.Field, k}, rows)
			for _, c := range rows[:min(len(rows), limit)] {
				add(c)
			}
		}
	case pe.child == "Agency":
		m, err := r.Store.AgencyPages(ctx, pe.anchor, model.AgencyQuery{After: after}, keys, offset, limit+1)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			rows := m[k]
			if rows == nil {
				rows = []model.Agency{}
			}
			l.keepPage(pageKey{f.Field, k}, rows)
			for _, a := range rows[:min(len(rows), limit)] {
				add(a)
			}
		}
	}
	return children, nil
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

// getPrimed is get, with the first page of each connection selected on the node (a
// component's dependents, an agency's parts, …), its total and its rows' selected relations
// read in the same transaction: a node and its list cost one transaction, not four.
func (r *Resolver) getPrimed(ctx context.Context, label, typ, field, s string) (model.Node, error) {
	s, err := ref(field, s)
	if err != nil {
		return nil, err
	}
	var n model.Node
	err = r.Store.ReadWith(ctx, "get "+label, func(t store.Tx) error {
		var err error
		if n, err = t.Get(label, s); err != nil {
			return err
		}
		return r.primeOne(ctx, t, typ, n)
	})
	return n, store.About(field, err)
}

// primeOne reads, in t, the page of every plain (first/after) connection selected on node n of
// type typ, with what primePages and pageWith would read for it.
func (r *Resolver) primeOne(ctx context.Context, t store.Tx, typ string, n model.Node) error {
	oc := graphql.GetOperationContext(ctx)
	parent := nodeKey(n, "id")
	if oc == nil || parent == "" {
		return nil
	}
	l := r.loaders(ctx)
	for _, f := range selectedFields(ctx) {
		pe, ok := pagedEdges[typ][f.Name]
		if !ok {
			continue
		}
		args := f.ArgumentMap(oc.Variables)
		plain := true
		for name := range args {
			plain = plain && (name == "first" || name == "after")
		}
		offset, limit, after, err := pagePos(argInt(args["first"]), argString(args["after"]))
		if !plain || err != nil {
			continue // the connection's resolver reads it (and reports a bad argument)
		}
		count := selectedIn(oc, f.Selections)["totalCount"]
		// The relations selected below the rows are read in the page's statement.
		var rels []store.PageRel
		for name := range selectedIn(oc, f.Selections, "edges", "node") {
			if e, ok := edges[pe.child][name]; ok && !e.rel.Counts() && store.PageRelKeys[e.key] {
				rels = append(rels, store.PageRel{Rel: e.rel, Key: e.key})
			}
		}
		var rows []model.Node
		var total *int
		var related map[store.Relation]map[string][]model.Node
		switch pe.child {
		case "Component":
			cs, n, rel, err := t.ComponentPage(pe.anchor, parent, after, offset, limit+1, count, rels...)
			if err != nil {
				return err
			}
			l.keepPage(pageKey{f.Field, parent}, cs)
			total, related = n, rel
			for _, c := range cs[:min(len(cs), limit)] {
				rows = append(rows, c)
			}
		case "Agency":
			as, n, rel, err := t.AgencyPage(pe.anchor, parent, after, offset, limit+1, count, rels...)
			if err != nil {
				return err
			}
			l.keepPage(pageKey{f.Field, parent}, as)
			total, related = n, rel
			for _, a := range as[:min(len(as), limit)] {
				rows = append(rows, a)
			}
		}
		if total != nil {
			l.keepTotal(pageKey{f.Field, parent}, *total)
		}
		for _, pr := range rels {
			// Primed for the rows shown: their keys are among those the statement asked for (it
			// read one row more), so a key it found nothing for has no related node.
			var keys []string
			seen := map[string]bool{}
			for _, row := range rows {
				if k := nodeKey(row, pr.Key); k != "" && !seen[k] {
					seen[k] = true
					keys = append(keys, k)
				}
			}
			if keys = l.unprimed(pr.Rel, keys); len(keys) > 0 {
				l.primeWith(pr.Rel, keys, related[pr.Rel])
			}
		}
	}
	return nil
}

// nestedPos is where a connection field's page starts, read from its arguments as its resolver
// reads them: with where/orderBy (dash) the nested statements' query, whose After is the
// cursor's values in its order.
type nestedPos struct {
	dash          bool
	cq            model.ComponentQuery
	aq            model.AgencyQuery
	offset, limit int
}

// nestedPosition reads args (first, after, where, orderBy); ok is false for other arguments or
// when they do not convert.
func nestedPosition(pe pagedEdge, args map[string]any) (nestedPos, bool) {
	var np nestedPos
	for name := range args {
		switch name {
		case "first", "after":
		case "where", "orderBy":
			np.dash = true
		default:
			return np, false
		}
	}
	tag, ok := "", true
	if np.dash {
		if pe.child == "Component" {
			np.cq, ok = componentNestedArgs(args)
			tag = sortTag(np.cq.Sort)
		} else {
			np.aq, ok = agencyNestedArgs(args)
			tag = sortTag(np.aq.Sort)
		}
	}
	offset, limit, after, err := pagePos(argInt(args["first"]), argString(args["after"]))
	if tag != "" {
		offset = 0
		after, err = keysetAfter(argString(args["after"]), tag)
	}
	np.offset, np.limit, np.cq.After, np.aq.After = offset, limit, after, after
	return np, ok && err == nil
}

// componentNestedArgs reads a nested component connection's where and orderBy from its
// arguments as the resolver does (ok false: they do not convert, and the resolver reports why).
func componentNestedArgs(args map[string]any) (model.ComponentQuery, bool) {
	var in struct {
		Where   *model.ComponentWhere `json:"where"`
		OrderBy []model.ComponentSort `json:"orderBy"`
	}
	var q model.ComponentQuery
	if !argsInto(args, &in) {
		return q, false
	}
	return q, componentDashArgs(&q, in.Where, in.OrderBy, nil) == nil
}

// agencyNestedArgs is componentNestedArgs for an agency's parts.
func agencyNestedArgs(args map[string]any) (model.AgencyQuery, bool) {
	var in struct {
		Where   *model.AgencyWhere `json:"where"`
		OrderBy []model.AgencySort `json:"orderBy"`
	}
	var q model.AgencyQuery
	if !argsInto(args, &in) {
		return q, false
	}
	var err error
	if q.Where, err = whereCond(in.Where); err != nil {
		return q, false
	}
	q.Sort, err = agencySort(in.OrderBy)
	return q, err == nil
}

// argsInto converts a field's argument map (validated and coerced by the executor) into the
// generated input types, by their JSON names.
func argsInto(args map[string]any, into any) bool {
	b, err := json.Marshal(args)
	return err == nil && json.Unmarshal(b, into) == nil
}
