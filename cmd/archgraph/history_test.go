package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
)

// TestBackupKeepsHistory: the JSON backup carries the model's history — retired components,
// earlier versions, closed relationships — and the measurements recorded through the API, so
// that export → wipe → import gives the same model checksum (history and measurements included)
// and the same answers as of an earlier day. The ArchiMate file carries the current model only,
// and the export says what it left out (the measurements among it).
func TestBackupKeepsHistory(t *testing.T) {
	st := smallEstate(t)
	ctx := context.Background()
	admin := model.Principal{Name: "test", Role: model.RoleAdmin, TokenID: "test"}
	day := func(d int) {
		now := time.Now().AddDate(0, 0, d)
		st.SetClock(func() time.Time { return now })
	}
	t.Cleanup(func() { st.SetClock(nil) })
	comps, err := st.Components(ctx, model.ComponentQuery{}, 0, 3)
	if err != nil || len(comps) < 3 {
		t.Fatalf("components: %v %v", comps, err)
	}
	ndxp, err := st.ResolveComponent(ctx, "NDXP", "")
	if err != nil {
		t.Fatal(err)
	}
	day(1) // the estate was loaded today: history starts tomorrow
	name := "Đổi tên"
	if _, err := st.UpdateComponent(ctx, admin, comps[0].ID, store.ComponentPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetEdge(ctx, admin, store.RelDependsOn, comps[1].ID, ndxp.ID, true); err != nil {
		t.Fatal(err)
	}
	day(2)
	if err := st.SetEdge(ctx, admin, store.RelDependsOn, comps[1].ID, ndxp.ID, false); err != nil {
		t.Fatal(err)
	}
	// Toggling an edge within one day (issue 17): added and removed twice more on the day it
	// was closed, it must leave no empty closed edges (valid on no day), which the restore would
	// merge into one.
	for i := 0; i < 2; i++ {
		for _, add := range []bool{true, false} {
			if err := st.SetEdge(ctx, admin, store.RelDependsOn, comps[1].ID, ndxp.ID, add); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := st.DeleteComponent(ctx, admin, comps[2].ID); err != nil {
		t.Fatal(err)
	}
	// Measurements: one recorded, one recorded and replaced the next day (firstRecordedAt kept).
	measure := func(agency string, v float64) {
		t.Helper()
		if _, err := st.RecordMeasurements(ctx, admin, []store.MeasurementInput{{Indicator: "SATISFACTION", Agency: agency,
			Period: "2026", Value: v, Unit: "%", Source: "Khảo sát", Method: "MANUAL"}}); err != nil {
			t.Fatal(err)
		}
	}
	measure("HA-NOI", 70)
	measure("HUE", 2.5)
	day(3)
	measure("HUE", 3.0) // a float with no fraction must stay a float
	day(3)
	asOf := time.Now().AddDate(0, 0, 1).Format("2006-01-02")
	answer := func() string {
		t.Helper()
		s, err := st.ImpactSummary(ctx, model.ImpactQuery{RootID: "NDXP", MaxDepth: 3, AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		vs, err := st.ComponentVersions(ctx, comps[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		r, err := st.ResolveComponent(ctx, comps[2].ID, asOf)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := st.Measurements(ctx, "SATISFACTION", "", "2026", 10, "")
		if err != nil || len(ms) != 2 {
			t.Fatalf("measurements: %v, %v", ms, err)
		}
		var mt []string
		for _, m := range ms {
			mt = append(mt, fmt.Sprintf("%s=%v first %v last %s", m.AgencyCode, m.Value, *m.FirstRecordedAt, m.RecordedAt))
		}
		return strings.Join(append([]string{strconv.Itoa(s.Total), vs[0].Name, vs[1].Name, r.Code, *r.ValidTo}, mt...), " | ")
	}
	before, err := bulk.New(st).ModelChecksum(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantAnswer := answer()
	dir := t.TempDir()
	path := filepath.Join(dir, "h.jsonl")
	code, _, errs := ag(t, "export", "json", "--out", path)
	if code != 0 || strings.Contains(errs, "RetiredComponent") || strings.Contains(errs, "ComponentVersion") || strings.Contains(errs, "Measurement") {
		t.Fatalf("export json: exit %d: %s", code, errs)
	}
	if code, _, errs := ag(t, "export", "archimate", "--out", filepath.Join(dir, "h.xml")); code != 0 || !strings.Contains(errs, ":RetiredComponent") ||
		!strings.Contains(errs, "2 :Measurement") {
		t.Errorf("export archimate: exit %d, %q: want the retired component and the 2 measurements counted as left out", code, errs)
	}
	if err := bulk.New(st).DeleteAll(ctx); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := ag(t, "import", "json", path); code != 0 {
		t.Fatalf("import json: exit %d: %s %s", code, out, errs)
	}
	if after, err := bulk.New(st).ModelChecksum(ctx); err != nil || after != before {
		t.Fatalf("backup round trip lost history: checksum %s, want %s (%v)", after, before, err)
	}
	if got := answer(); got != wantAnswer {
		t.Errorf("as of %s after the round trip: %q, want %q", asOf, got, wantAnswer)
	}
	if code, _, errs := ag(t, "import", "json", path); code != 0 {
		t.Fatalf("import again: %s", errs)
	}
	if again, _ := bulk.New(st).ModelChecksum(ctx); again != before {
		t.Errorf("importing the backup again changed the model")
	}
}
