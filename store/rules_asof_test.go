package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/storetest"
)

// TestRuleChecksAsOf lives through three days with the store's clock, in Hà Nội:
//
//	D0 2026-03-01  framework loaded; T-RA-API (province application, operating, no link to
//	               V-APEX: violates API_VIA_VAPEX); T-RA-DB (province database, no hosting
//	               recorded: undetermined for SECTOR_DB_IN_DATACENTRE); T-RA-DUP provides
//	               CAP-EIDENTITY (duplicates EID); T-RA-SYS with no security level
//	D1 2026-03-10  T-RA-API → V-APEX; T-RA-DB hosted in T-RA-SRV (a server, not a data centre:
//	               violates); T-RA-DUP → EID (uses it: no duplicate); T-RA-SYS security level 4
//	               without a disaster-recovery site (violates DR_FOR_LEVEL_4_5)
//	D2 2026-03-20  T-RA-API deleted (retired); "today" is 2026-03-25
//
// and checks that ruleViolations, ruleViolationCount and ruleResults as of each day give that
// day's answer, and today's without asOf.
func TestRuleChecksAsOf(t *testing.T) {
	st := storetest.Empty(t)
	ctx := context.Background()
	day := func(s string) {
		d, err := time.ParseInLocation("2006-01-02 15:04", s+" 12:00", time.FixedZone("ICT", 7*3600))
		if err != nil {
			t.Fatal(err)
		}
		st.SetClock(func() time.Time { return d })
	}
	t.Cleanup(func() { st.SetClock(nil) })
	admin := model.Principal{Name: "test", Role: model.RoleAdmin, TokenID: "test-admin"}

	day("2026-03-01")
	f, err := seed.ReadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	id := func(label, code string) string {
		p, err := st.Get(ctx, label, code)
		if err != nil || p == nil {
			t.Fatalf("%s %s: %v", label, code, err)
		}
		return nodeID(p)
	}
	hanoi := id(store.LabelAgency, "HA-NOI")
	// Hà Nội's results on the framework alone: what the fixture adds is counted against them.
	base := results(t, st, "HA-NOI", "")
	create := func(code string, kind model.ComponentKind) string {
		c, err := st.CreateComponent(ctx, admin, model.Component{ID: "ra-" + code, Code: code, Name: "Thử " + code, NameEn: "Test " + code,
			Kind: kind, Scope: model.ScopeProvince, Status: model.StatusOperating, LayerCode: "L3"}, hanoi)
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	edge := func(typ, from, to string) {
		if err := st.SetEdge(ctx, admin, typ, from, to, true); err != nil {
			t.Fatalf("%s %s→%s: %v", typ, from, to, err)
		}
	}
	api, db, dup, sys := create("T-RA-API", model.ComponentKindApplication), create("T-RA-DB", model.ComponentKindDatabase),
		create("T-RA-DUP", model.ComponentKindPlatform), create("T-RA-SYS", model.ComponentKindApplication)
	edge(store.RelProvides, dup, id(store.LabelCapability, "CAP-EIDENTITY"))

	day("2026-03-10")
	srv := create("T-RA-SRV", model.ComponentKindInfrastructure)
	edge(store.RelDependsOn, api, id(store.LabelComponent, "V-APEX"))
	edge(store.RelHostedIn, db, srv)
	edge(store.RelDependsOn, dup, id(store.LabelComponent, "EID"))
	level := 4
	if _, err := st.UpdateComponent(ctx, admin, sys, store.ComponentPatch{SecurityLevel: &level}); err != nil {
		t.Fatal(err)
	}

	day("2026-03-20")
	if err := st.DeleteComponent(ctx, admin, api); err != nil {
		t.Fatal(err)
	}
	day("2026-03-25")

	type want struct {
		rule      string
		violating []string // the fixture's components among the violations
		undet     int      // undetermined, beyond the framework's own in Hà Nội
	}
	for _, c := range []struct {
		asOf  string
		wants []want
	}{
		{"2026-03-01", []want{
			{"R-API-VIA-VAPEX", []string{"T-RA-API", "T-RA-DB", "T-RA-DUP", "T-RA-SYS"}, 0},
			{"R-SECTOR-DB-STORAGE", nil, 1},
			{"R-NO-DUPLICATE-SHARED", []string{"T-RA-DUP"}, 0},
			{"R-DR-LEVEL-4-5", nil, 4},
		}},
		{"2026-03-10", []want{
			// T-RA-SRV is infrastructure, no information system (L192)
			{"R-API-VIA-VAPEX", []string{"T-RA-DB", "T-RA-DUP", "T-RA-SYS"}, 0},
			{"R-SECTOR-DB-STORAGE", []string{"T-RA-DB"}, 0},
			{"R-NO-DUPLICATE-SHARED", nil, 0},
			{"R-DR-LEVEL-4-5", []string{"T-RA-SYS"}, 4}, // T-RA-API, -DB, -DUP and the new T-RA-SRV
		}},
		{"", []want{ // today: T-RA-API retired
			{"R-API-VIA-VAPEX", []string{"T-RA-DB", "T-RA-DUP", "T-RA-SYS"}, 0},
			{"R-SECTOR-DB-STORAGE", []string{"T-RA-DB"}, 0},
			{"R-NO-DUPLICATE-SHARED", nil, 0},
			{"R-DR-LEVEL-4-5", []string{"T-RA-SYS"}, 3},
		}},
	} {
		rs := results(t, st, "HA-NOI", c.asOf)
		for _, w := range c.wants {
			vs, err := st.RuleViolations(ctx, w.rule, "HA-NOI", c.asOf)
			if err != nil {
				t.Fatalf("%s as of %q: %v", w.rule, c.asOf, err)
			}
			var got []string
			for _, v := range vs {
				if v.Component != nil && len(v.Component.Code) > 5 && v.Component.Code[:5] == "T-RA-" {
					got = append(got, v.Component.Code)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, w.violating) {
				t.Errorf("%s as of %q: the fixture's violations are %v, want %v", w.rule, c.asOf, got, w.violating)
			}
			n, err := st.RuleViolationCount(ctx, w.rule, "HA-NOI", c.asOf)
			if err != nil || n != len(vs) || rs[w.rule].Violations != n {
				t.Errorf("%s as of %q: count %d (%v), results %d, listed %d", w.rule, c.asOf, n, err, rs[w.rule].Violations, len(vs))
			}
			if got := rs[w.rule].Undetermined - base[w.rule].Undetermined; got != w.undet {
				t.Errorf("%s as of %q: %d undetermined beyond the framework's, want %d", w.rule, c.asOf, got, w.undet)
			}
			if w.undet > 0 && (rs[w.rule].UndeterminedReason == nil || rs[w.rule].UndeterminedReasonEn == nil) {
				t.Errorf("%s: undetermined without a reason: %+v", w.rule, rs[w.rule])
			}
		}
	}
	// Every rule as of a past day answers (the framework's own components, then valid).
	if _, err := st.RuleViolations(ctx, "", "", "2026-03-01"); err != nil {
		t.Errorf("every rule as of D0: %v", err)
	}
	for _, bad := range []string{"2026-03-26", "2026-3-1", "yesterday"} {
		if _, err := st.RuleViolationCount(ctx, "R-API-VIA-VAPEX", "", bad); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("asOf %q: %v, want ErrInvalid", bad, err)
		}
		if _, err := st.RuleResults(ctx, "", "", bad); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("results asOf %q: %v, want ErrInvalid", bad, err)
		}
	}
}

// results is RuleResults by rule code.
func results(t *testing.T, st *store.Store, agency, asOf string) map[string]model.RuleResult {
	t.Helper()
	rs, err := st.RuleResults(context.Background(), "", agency, asOf)
	if err != nil {
		t.Fatalf("rule results of %s as of %q: %v", agency, asOf, err)
	}
	out := map[string]model.RuleResult{}
	for _, r := range rs {
		out[r.Rule.Code] = r
	}
	return out
}
