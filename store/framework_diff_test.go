package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/storetest"
)

// TestFrameworkDiff loads seed/testdata/version.good.yaml — FW-XA lists NTL1 and NTL2; its
// version FW-XA-2027 drops NTL2, renames NTL1 and makes it COMMUNE_ESSENTIAL, and adds NTL3 —
// and compares the two versions both ways; then the embedded framework's versions.
func TestFrameworkDiff(t *testing.T) {
	st := storetest.Empty(t)
	ctx := context.Background()
	f, err := seed.ReadFile("../seed/testdata/version.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	codes := func(rs []model.ReferenceComponent) []string {
		out := []string{}
		for _, r := range rs {
			out = append(out, r.Code)
		}
		return out
	}
	d, err := st.FrameworkDiff(ctx, "FW-XA", "FW-XA-2027")
	if err != nil {
		t.Fatal(err)
	}
	if d.From.Code != "FW-XA" || d.To.Code != "FW-XA-2027" || d.FromCount != 2 || d.ToCount != 2 || d.Unchanged != 0 {
		t.Errorf("diff header = %+v", d)
	}
	if got := codes(d.Added); len(got) != 1 || got[0] != "NTL3" || d.Added[0].AreaType == nil || *d.Added[0].AreaType != model.AreaTypeUrban {
		t.Errorf("added = %v", d.Added)
	}
	if got := codes(d.Removed); len(got) != 1 || got[0] != "NTL2" || !d.Removed[0].CatchAll {
		t.Errorf("removed = %v", d.Removed)
	}
	if len(d.Changed) != 1 || d.Changed[0].Reference.Code != "NTL1" || d.Changed[0].Reference.Tier != model.TierCommuneEssential ||
		len(d.Changed[0].Fields) != 2 {
		t.Fatalf("changed = %+v", d.Changed)
	}
	name, tier := d.Changed[0].Fields[0], d.Changed[0].Fields[1]
	if name.Field != "name" || *name.From != "Thành phần NTL dùng chung" || *name.To != "Thành phần NTL dùng chung (2027)" ||
		tier.Field != "tier" || *tier.From != "CENTRAL" || *tier.To != "COMMUNE_ESSENTIAL" {
		t.Errorf("changed fields = %+v %+v", name, tier)
	}
	// Backwards, what was added is removed; the node of NTL1 still says what FW-XA says.
	back, err := st.FrameworkDiff(ctx, "FW-XA-2027", "FW-XA")
	if err != nil {
		t.Fatal(err)
	}
	if a, r := codes(back.Added), codes(back.Removed); len(a) != 1 || a[0] != "NTL2" || len(r) != 1 || r[0] != "NTL3" ||
		len(back.Changed) != 1 || back.Changed[0].Reference.Tier != model.TierCentral {
		t.Errorf("backwards = added %v removed %v changed %+v", a, r, back.Changed)
	}
	if p, err := st.Get(ctx, store.LabelReferenceComponent, "NTL1"); err != nil || p.(model.ReferenceComponent).Tier != "CENTRAL" || p.(model.ReferenceComponent).FrameworkCode != "FW-XA" {
		t.Errorf("NTL1's node after loading its 2027 version: %v %v", p, err)
	}
	same, err := st.FrameworkDiff(ctx, "FW-XA", "FW-XA")
	if err != nil || same.Unchanged != 2 || len(same.Added)+len(same.Removed)+len(same.Changed) != 0 {
		t.Errorf("a framework against itself: %+v %v", same, err)
	}
	if _, err := st.FrameworkDiff(ctx, "FW-XA", "FW-NONE"); !errors.Is(err, store.ErrNotFound) || !strings.HasSuffix(err.Error(), `not found: no framework has the id or code "FW-NONE"`) {
		t.Errorf("unknown framework: %v", err)
	}
	// Loading again changes nothing (the DEFINED_IN records are merged, not added).
	if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	if again, err := st.FrameworkDiff(ctx, "FW-XA", "FW-XA-2027"); err != nil || again.FromCount != 2 || again.ToCount != 2 || len(again.Changed) != 1 {
		t.Errorf("after a second load: %+v %v", again, err)
	}

	// The embedded framework: the source transcribes one version of each reference framework
	// and no reference component of Decision 3090, so its national versions list none.
	emb, err := seed.ReadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := seed.LoadFramework(ctx, st, emb); err != nil {
		t.Fatal(err)
	}
	nat, err := st.FrameworkDiff(ctx, "QD-3090-2025", "KTTTQGS-2026")
	if err != nil || nat.FromCount != 0 || nat.ToCount != 0 {
		t.Errorf("QD-3090-2025 → KTTTQGS-2026: %+v %v", nat, err)
	}
	xa, err := st.FrameworkDiff(ctx, "KTTS-XA", "KTTS-XA")
	if err != nil || xa.FromCount != 170 || xa.Unchanged != 170 {
		t.Errorf("KTTS-XA against itself: from %d unchanged %d (%v); want the 170 commune codes", xa.FromCount, xa.Unchanged, err)
	}
}
