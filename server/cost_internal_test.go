package server

import (
	"context"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/archgraph/archgraph/model"
)

// TestAnalysisSlotsOfDryRuns: the dry runs (previewComponentChange, previewInventory) wait for an
// analysis slot like the analyses they run, although they are mutations; the other mutations and
// the cheap queries do not. With the only slot taken, each root field either runs or is refused
// RATE_LIMITED after the wait.
func TestAnalysisSlotsOfDryRuns(t *testing.T) {
	c := newCost(CostLimits{MaxAnalyses: 1, AnalysisWait: 20 * time.Millisecond})
	c.slots <- struct{}{} // the only slot is taken
	run := func(op ast.Operation, field string) (ran bool, code string) {
		ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, nil)
		ctx = graphql.WithOperationContext(ctx, &graphql.OperationContext{Operation: &ast.OperationDefinition{Operation: op}})
		ctx = graphql.WithRootFieldContext(ctx, &graphql.RootFieldContext{Field: graphql.CollectedField{Field: &ast.Field{Name: field}}})
		c.analysisSlot(ctx, func(context.Context) graphql.Marshaler {
			ran = true
			return graphql.Null
		})
		if errs := graphql.GetErrors(ctx); len(errs) > 0 {
			code, _ = errs[0].Extensions["code"].(string)
		}
		return ran, code
	}
	for _, tc := range []struct {
		op    ast.Operation
		field string
		waits bool
	}{
		{ast.Mutation, "previewComponentChange", true},
		{ast.Mutation, "previewInventory", true},
		{ast.Query, "conformanceSummary", true},
		{ast.Mutation, "createComponent", false},
		{ast.Mutation, "importInventory", false},
		{ast.Query, "layers", false},
	} {
		ran, code := run(tc.op, tc.field)
		if tc.waits && (ran || code != model.CodeRateLimited) {
			t.Errorf("%s %s ran %v (code %q) with no slot free: want refused RATE_LIMITED", tc.op, tc.field, ran, code)
		}
		if !tc.waits && (!ran || code != "") {
			t.Errorf("%s %s ran %v (code %q): it takes no slot, want it run", tc.op, tc.field, ran, code)
		}
	}
	<-c.slots
	if ran, code := run(ast.Mutation, "previewComponentChange"); !ran || code != "" {
		t.Errorf("previewComponentChange with a slot free: ran %v, code %q", ran, code)
	}
}
