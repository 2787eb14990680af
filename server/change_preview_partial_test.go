package server_test

import (
	"fmt"
	"testing"

	"github.com/archgraph/archgraph/store"
)

// TestPreviewPartialEffect: a preview evaluates every agency the change can affect — as many as
// an independent count of the component's owner, users and dependents' owners finds — and says
// it is not partial; with store.MaxPreviewAgencies below that count the same preview says it is
// partial (agenciesLimited) and how many it evaluated, which the form then says first
// (frontend/src/lib/effectLines.ts, tested there in both languages).
func TestPreviewPartialEffect(t *testing.T) {
	a := newAPI(t)
	admin := editorToken // a national operator (the token file)
	codes := cypherRows(t, a.st, `MATCH (c:Component {scope: 'NATIONAL'})
		WITH c, COUNT { (:Agency)-[:USES]->(c) } AS n WHERE n >= 5
		RETURN c.code AS code ORDER BY n DESC, code LIMIT 1`, nil, "code")
	if len(codes) == 0 {
		t.Fatal("the fixture has no national component used by 5 agencies")
	}
	code := codes[0]
	var affected int
	n := cypherRows(t, a.st, `MATCH (c:Component {code: $code})
		CALL (c) {
		  MATCH (a:Agency)-[:OWNS]->(c) RETURN a
		  UNION MATCH (a:Agency)-[:USES]->(c) RETURN a
		  UNION MATCH (a:Agency)-[:OWNS]->(:Component)-[:DEPENDS_ON]->(c) RETURN a
		}
		RETURN count(DISTINCT a) AS n`, map[string]any{"code": code}, "n")
	if _, err := fmt.Sscan(n[0], &affected); err != nil || affected < 5 {
		t.Fatalf("%s affects %v agencies (%v)", code, n, err)
	}
	preview := func() map[string]any {
		t.Helper()
		r := a.asToken(admin, previewChangeQ, map[string]any{"c": map[string]any{"id": code, "update": map[string]any{"description": "thử / trial"}}})
		if len(r.Errors) > 0 {
			t.Fatal(r.Raw)
		}
		return dig(r.Data, "previewComponentChange").(map[string]any)
	}
	if affected > store.MaxPreviewAgencies {
		t.Fatalf("%s affects %d agencies, more than the bound %d: the fixture cannot show an exact preview", code, affected, store.MaxPreviewAgencies)
	}
	if eff := preview(); eff["agenciesLimited"] != false || eff["agenciesChecked"] != float64(affected) {
		t.Fatalf("the preview of %s evaluated %v agencies (limited %v), want all %d", code, eff["agenciesChecked"], eff["agenciesLimited"], affected)
	}
	bound := store.MaxPreviewAgencies
	store.MaxPreviewAgencies = 3
	defer func() { store.MaxPreviewAgencies = bound }()
	if eff := preview(); eff["agenciesLimited"] != true || eff["agenciesChecked"] != float64(3) {
		t.Fatalf("with a bound of 3 the preview of %s evaluated %v agencies (limited %v), want 3 and partial", code, eff["agenciesChecked"], eff["agenciesLimited"])
	}
}
