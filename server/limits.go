package server

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/archgraph/archgraph/graph"
	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/store"
)

// Limits bound what one GraphQL request may ask for. They are checked on the parsed and
// validated operation, before anything runs.
type Limits struct {
	// MaxDepth is the deepest selection nesting (fragments expanded).
	MaxDepth int
	// MaxAliases is the number of aliased fields.
	MaxAliases int
	// MaxDirectives is the number of directives used.
	MaxDirectives int
	// MaxComplexity is gqlgen's complexity budget, where a connection costs `first` times its
	// children and the analyses carry a fixed weight.
	MaxComplexity int
	// ParserTokens caps the lexer's tokens, so that a huge document is refused before it is parsed whole.
	ParserTokens int
	// Introspection allows __schema and __type (dev mode only).
	Introspection bool
}

// DefaultLimits are the production limits.
var DefaultLimits = Limits{MaxDepth: 12, MaxAliases: 30, MaxDirectives: 50, MaxComplexity: 20000, ParserTokens: 10000}

// ExtensionName implements graphql.HandlerExtension.
func (Limits) ExtensionName() string { return "ArchgraphLimits" }

// Validate implements graphql.HandlerExtension.
func (Limits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext rejects an operation over a limit with a QUERY_TOO_COMPLEX error.
func (l Limits) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	w := walker{doc: oc.Doc, seen: map[string]bool{}}
	w.directives += len(oc.Operation.Directives)
	w.walk(oc.Operation.SelectionSet, 1)
	tooComplex := func(format string, args ...any) *gqlerror.Error {
		return &gqlerror.Error{Message: fmt.Sprintf(format, args...), Extensions: map[string]any{"code": model.CodeTooComplex}}
	}
	switch {
	case w.introspection && !l.Introspection:
		return &gqlerror.Error{Message: "introspection is disabled on this server", Extensions: map[string]any{"code": "INTROSPECTION_DISABLED"}}
	case w.depth > l.MaxDepth:
		return tooComplex("query is nested %d levels deep; the limit is %d", w.depth, l.MaxDepth)
	case w.aliases > l.MaxAliases:
		return tooComplex("query uses %d aliases; the limit is %d", w.aliases, l.MaxAliases)
	case w.directives > l.MaxDirectives:
		return tooComplex("query uses %d directives; the limit is %d", w.directives, l.MaxDirectives)
	}
	return nil
}

type walker struct {
	doc                        *ast.QueryDocument
	seen                       map[string]bool
	depth, aliases, directives int
	introspection              bool
}

func (w *walker) walk(set ast.SelectionSet, depth int) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if depth > w.depth {
				w.depth = depth
			}
			if s.Alias != "" && s.Alias != s.Name {
				w.aliases++
			}
			if s.Name == "__schema" || s.Name == "__type" {
				w.introspection = true
			}
			w.directives += len(s.Directives)
			w.walk(s.SelectionSet, depth+1)
		case *ast.InlineFragment:
			w.directives += len(s.Directives)
			w.walk(s.SelectionSet, depth)
		case *ast.FragmentSpread:
			w.directives += len(s.Directives)
			if w.seen[s.Name] {
				continue // validation has already refused cycles; count each fragment once
			}
			w.seen[s.Name] = true
			if f := w.doc.Fragments.ForName(s.Name); f != nil {
				w.walk(f.SelectionSet, depth)
			}
			delete(w.seen, s.Name)
		}
	}
}

// complexity prices the fields that can fan out: a connection costs first × its children,
// the analyses a fixed weight on top of their children.
func complexity(c *graph.ComplexityRoot) {
	firstOr := func(first *int) int {
		if first == nil {
			return 20
		}
		// An out-of-range first is refused by the resolver with a message that says so; here
		// it is priced within range so that the clearer error wins.
		return max(1, min(*first, 100))
	}
	conn := func(child int, first *int) int { return 1 + child*firstOr(first) }
	// The dashboard arguments add the price of their filter tree (a comparison that cannot use an
	// index, a folded text, a derived field and a relation condition cost more; the whole more
	// again when nothing indexed narrows the scan) and of their sort keys (store.Price); asOf the
	// history read beside the current model.
	nestedComponents := func(child int, first *int, _ *string, where *model.ComponentWhere, orderBy []model.ComponentSort) int {
		return conn(child, first) + listPrice(store.EntityComponent, where, true, orderBy, componentKey)
	}
	c.Query.Components = func(child int, first *int, _ *string, _ *model.ComponentFilter, where *model.ComponentWhere, orderBy []model.ComponentSort, asOf *string) int {
		return conn(child, first) + listPrice(store.EntityComponent, where, false, orderBy, componentKey) + ifSet(asOf, 50)
	}
	c.Query.Agencies = func(child int, first *int, _ *string, _ *model.AgencyFilter, where *model.AgencyWhere, orderBy []model.AgencySort, asOf *string) int {
		return conn(child, first) + listPrice(store.EntityAgency, where, false, orderBy, agencyKey) + ifSet(asOf, 50)
	}
	c.Query.ReferenceComponents = func(child int, first *int, _ *string, _ *model.ReferenceComponentFilter, where *model.ReferenceWhere, orderBy []model.ReferenceSort, asOf *string) int {
		return conn(child, first) + listPrice(store.EntityReference, where, false, orderBy, referenceKey) + ifSet(asOf, 50)
	}
	// An aggregation reads every node that matches once: a base of 100 (components; agencies
	// and references are fewer), its filter, and per groupBy or stats field.
	c.Query.ComponentAggregate = func(child int, _ *model.ComponentFilter, where *model.ComponentWhere, groupBy, stats []model.ComponentField, _ *model.AggregateOrder, first *int, asOf *string) int {
		return aggregatePrice(100, store.EntityComponent, child, first, where, groupBy, stats, asOf)
	}
	// asOf: for the conformance score, no facts either
	c.Query.AgencyAggregate = func(child int, _ *model.AgencyFilter, where *model.AgencyWhere, groupBy, stats []model.AgencyField, _ *model.AggregateOrder, first *int, asOf *string) int {
		return aggregatePrice(20, store.EntityAgency, child, first, where, groupBy, stats, asOf)
	}
	c.Query.ReferenceAggregate = func(child int, _ *model.ReferenceComponentFilter, where *model.ReferenceWhere, groupBy, stats []model.ReferenceField, _ *model.AggregateOrder, first *int, asOf *string) int {
		return aggregatePrice(10, store.EntityReference, child, first, where, groupBy, stats, asOf)
	}
	c.Query.Search = func(child int, _ string, first *int, _ *string) int { return conn(child, first) }
	// A page reads the hits before it too (at most 10,000) and the total counts up to 10,000.
	c.Query.SearchHits = func(child int, _ string, first *int, _ *string, _ *string) int {
		return 20 + conn(child, first)
	}
	// The nested lists price their where and orderBy as the top-level lists do; the parent's
	// list multiplies the whole by its page size.
	c.Agency.Parts = func(child int, first *int, _ *string, where *model.AgencyWhere, orderBy []model.AgencySort) int {
		return conn(child, first) + listPrice(store.EntityAgency, where, true, orderBy, agencyKey)
	}
	c.Agency.Owns = nestedComponents
	c.Agency.Uses = func(child int) int { return 1 + child*20 }
	// A commune's conformance score walks its neighbourhood and the commune framework's items.
	c.Agency.ConformanceScore = func(int) int { return 20 }
	c.Component.Dependents = nestedComponents
	c.Component.DependsOn = func(child int) int { return 1 + child*10 }
	c.Component.UsedBy = func(child int) int { return 1 + child*50 }
	c.ReferenceComponent.RealizedBy = nestedComponents
	c.Impact.Items = func(child int, first *int, _ *string, _ *model.ImpactItemFilter) int { return conn(child, first) }
	c.Impact.Paths = func(child int, first *int, _ *string) int { return 10 + child*firstOr(first)*10 }
	c.Query.Impact = func(child int, _ string, _ *model.ImpactDirection, _ *int, _ []model.ImpactRelationship, _ *string) int {
		return 100 + child
	}
	c.Query.Duplicates = func(child int, _ *string, _ *model.Scope, _ *string, _ *string, _ *float64, _ []model.DuplicateBasis, _ []model.ReviewState) int {
		return 200 + child*50
	}
	c.Query.Duplication = func(child int, _ *string, _ *model.Scope, _ *string, _ *string, _ *float64, _ []model.DuplicateBasis, _ []model.ReviewState) int {
		return 200 + child*50
	}
	c.Query.Conformance = func(child int, _ string, _ *string) int { return 50 + child*20 }
	c.Query.ConformanceSummary = func(child int, _ *string, _ *string) int { return 200 + child*50 }
	c.Query.RuleViolations = func(child int, _ *string, _ *string, _ *string) int { return 200 + child*50 }
	c.Query.RuleResults = func(child int, _ *string, _ *string, _ *string) int { return 200 + child*10 }
	c.Query.Path = func(child int, _ string, _ string) int { return 20 + child*10 }
	c.Query.ComponentVersions = func(child int, _ string) int { return 10 + child*10 }
	c.Query.FrameworkDiff = func(child int, _ string, _ string) int { return 50 + child*20 }
}

func componentKey(o model.ComponentSort) model.ComponentField { return o.Field }
func agencyKey(o model.AgencySort) model.AgencyField          { return o.Field }
func referenceKey(o model.ReferenceSort) model.ReferenceField { return o.Field }

// listPrice is what a list's where and orderBy add to its pages' price. A nested list without a
// where costs what it did before it could take one; a top-level list pays its where's price
// (at least 1) always.
func listPrice[W any, S any, F ~string](ent string, where *W, nested bool, orderBy []S, key func(S) F) int {
	p := 0
	if where != nil || !nested {
		p = resolvers.WherePrice(ent, where)
	}
	keys := make([]F, len(orderBy))
	for i, o := range orderBy {
		keys[i] = key(o)
	}
	return p + resolvers.FieldsPrice(ent, keys)
}

// aggregatePrice is an aggregation's price: its base, its groups (first, else 100, per ten), its
// where, its groupBy and stats fields, and 100 more asOf a day.
func aggregatePrice[W any, F ~string](base int, ent string, child int, first *int, where *W, groupBy, stats []F, asOf *string) int {
	n := 100
	if first != nil {
		n = max(1, min(*first, 1000))
	}
	return base + child*max(1, n/10) + resolvers.WherePrice(ent, where) +
		resolvers.FieldsPrice(ent, groupBy) + resolvers.FieldsPrice(ent, stats) + ifSet(asOf, 100)
}

// ifSet is price when the optional argument v is given, else 0.
func ifSet[T any](v *T, price int) int {
	if v == nil {
		return 0
	}
	return price
}
