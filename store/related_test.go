package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/internal/core"
	"github.com/archgraph/archgraph/store/storetest"
)

// A batched relation with a cap (usedBy: the first 1,000 agencies by code) caps each key's list,
// not the batch's: a page of national components, each used by hundreds of agencies, used to
// share one LIMIT 1000 across all of them, so later components lost their users.
func TestRelatedCapIsPerKey(t *testing.T) {
	st := storetest.Empty(t)
	ctx := context.Background()
	if _, err := core.WriteBookkeeping(ctx, st.DB, "test: users", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		_, err := tx.Run(ctx, `CREATE (big:Component {id: 'c-big', code: 'BIG'}), (small:Component {id: 'c-small', code: 'SMALL'}),
  (none:Component {id: 'c-none', code: 'NONE'})
WITH big, small
UNWIND range(1, 1100) AS i
CREATE (a:Agency {id: 'a-' + i, code: 'A' + right('000' + i, 4)})-[:USES]->(big)
WITH a, i, small WHERE i <= 700
CREATE (a)-[:USES]->(small)`, nil)
		return struct{}{}, err
	}); err != nil {
		t.Fatal(err)
	}
	// Today's form and the form as of a day (the edges have no validFrom: valid on every day).
	for _, rel := range []store.Relation{store.RelComponentUsedBy, store.RelComponentUsedBy.On("2026-01-01")} {
		t.Run(string(rel), func(t *testing.T) { relatedCapIsPerKey(ctx, t, st, rel) })
	}
	// A relation with no form as of a day is itself on any day; a day that is not one is refused.
	if got := store.RelLayerByCode.On("2026-01-01"); got != store.RelLayerByCode {
		t.Errorf("layer.byCode on a day = %q, want itself (layers have no valid time)", got)
	}
	if _, err := st.Related(ctx, store.RelComponentUsedBy+"@2026-13-01", []string{"c-big"}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("a relation on 2026-13-01: %v, want ErrInvalid", err)
	}
}

func relatedCapIsPerKey(ctx context.Context, t *testing.T, st *store.Store, rel store.Relation) {
	got, err := st.Related(ctx, rel, []string{"c-big", "c-small", "c-none"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(got["c-big"]); n != 1000 {
		t.Errorf("BIG: %d users, want the cap, 1000", n)
	}
	if n := len(got["c-small"]); n != 700 {
		t.Errorf("SMALL: %d users, want all 700 (the batch's cap was shared)", n)
	}
	if n := len(got["c-none"]); n != 0 {
		t.Errorf("NONE: %d users, want 0", n)
	}
	// the first 1,000 by code
	if big := got["c-big"]; len(big) == 1000 {
		first, _ := big[0].(model.Agency)
		last, _ := big[999].(model.Agency)
		if first.Code != "A0001" || last.Code != "A1000" {
			t.Errorf("BIG's users run %q … %q, want A0001 … A1000", first.Code, last.Code)
		}
	}
}
