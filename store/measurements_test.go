package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// TestMeasurements: values recorded within the actor's scope, replaced (not duplicated) on a
// second report, audited, refused whole when one is wrong, and rolled up commune → province →
// nation with coverage.
func TestMeasurements(t *testing.T) {
	st := storetest.Empty(t)
	ctx := context.Background()
	agency := func(code, level, partOf string) bulk.Row {
		return bulk.Row{Code: code, Props: bulk.Props(bulk.P("id", bulk.Str(store.StableID(store.LabelAgency, code))), bulk.P("name", bulk.Str("Cơ quan "+code)),
			bulk.P("nameEn", bulk.Str("Agency "+code)), bulk.P("level", bulk.Str(level)), bulk.P("synthetic", bulk.Bool(false)), bulk.P("source", bulk.Str("test")))}
	}
	err := bulk.New(st).WriteAtomic(ctx, []bulk.Batch{
		{Label: store.LabelAgency, Rows: []bulk.Row{agency("M-P1", "PROVINCE", ""), agency("M-P2", "PROVINCE", ""),
			agency("M-X1", "COMMUNE", ""), agency("M-X2", "COMMUNE", ""), agency("M-X3", "COMMUNE", ""), agency("M-Y1", "COMMUNE", "")}},
		{Shape: store.Endpoint{From: store.LabelAgency, Type: store.RelPartOf, To: store.LabelAgency},
			Rows: []bulk.Row{{From: "M-X1", To: "M-P1"}, {From: "M-X2", To: "M-P1"}, {From: "M-X3", To: "M-P1"}, {From: "M-Y1", To: "M-P2"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	admin := model.Principal{Name: "test admin", Role: model.RoleAdmin}
	editor := model.Principal{Name: "editor of M-P1", Role: model.RoleEditor, Agency: "M-P1"}
	m := func(agency string, v float64) store.MeasurementInput {
		return store.MeasurementInput{Indicator: "SATISFACTION", Agency: agency, Period: "2026-Q3", Value: v, Unit: "%",
			Source: "Hệ thống đánh giá mức độ hài lòng", Method: "AUTOMATED"}
	}
	if _, err := st.RecordMeasurements(ctx, editor, []store.MeasurementInput{m("M-X1", 80), m("M-X2", 90)}); err != nil {
		t.Fatal(err)
	}
	// Outside the editor's scope: refused, and nothing of the batch is written.
	_, err = st.RecordMeasurements(ctx, editor, []store.MeasurementInput{m("M-X3", 70), m("M-Y1", 50)})
	if !errors.Is(err, store.ErrForbidden) {
		t.Fatalf("an editor of M-P1 recording for M-Y1: %v", err)
	}
	if got, _ := st.Measurements(ctx, "SATISFACTION", "M-X3", "", 10, ""); len(got) != 0 {
		t.Fatalf("a refused batch wrote %v", got)
	}
	// A second value for the same indicator, agency and period replaces the first.
	if _, err := st.RecordMeasurements(ctx, editor, []store.MeasurementInput{m("M-X2", 100)}); err != nil {
		t.Fatal(err)
	}
	got, err := st.Measurements(ctx, "SATISFACTION", "", "2026-Q3", 10, "")
	if err != nil || len(got) != 2 || got[1].AgencyCode != "M-X2" || got[1].Value != 100 || got[1].Method != "AUTOMATED" {
		t.Fatalf("measurements %+v, %v", got, err)
	}
	if ch, err := st.Governance().Changes(ctx, got[1].ID, "", "", 10); err != nil || len(ch) != 2 || ch[0].Operation != "recordMeasurement" ||
		ch[0].Before == nil || !strings.Contains(*ch[0].Before, "90") {
		t.Errorf("audit of the replaced value: %+v, %v", ch, err)
	}
	if _, err := st.RecordMeasurements(ctx, admin, []store.MeasurementInput{m("M-Y1", 60)}); err != nil {
		t.Fatal(err)
	}

	// Roll-up: M-P1 from 2 of its 3 communes (mean 90); M-P2 from 1 of 1 (60); the nation 2 of 2
	// provinces (mean of the provinces, 75).
	nation, err := st.MeasurementSummary(ctx, "SATISFACTION", "2026-Q3", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if nation.Total.Reported != 2 || nation.Total.Of != 2 || nation.Total.Value == nil || *nation.Total.Value != 75 ||
		nation.Indicator.Threshold != nil || !strings.Contains(nation.Indicator.ThresholdSource, "no target") {
		t.Errorf("nation %+v (indicator %+v)", nation.Total, nation.Indicator)
	}
	if len(nation.Children) != 2 || nation.Children[0].Reported != 2 || nation.Children[0].Of != 3 || *nation.Children[0].Value != 90 ||
		nation.Children[0].Basis != "COMMUNES" || *nation.Children[0].Min != 80 || *nation.Children[0].Max != 100 {
		t.Errorf("provinces %+v", nation.Children)
	}
	// A province's own value wins over its communes' mean.
	own := m("M-P1", 85)
	if _, err := st.RecordMeasurements(ctx, editor, []store.MeasurementInput{own}); err != nil {
		t.Fatal(err)
	}
	p1, err := st.MeasurementSummary(ctx, "SATISFACTION", "2026-Q3", "M-P1", "")
	if err != nil || p1.Total.Basis != "OWN" || *p1.Total.Value != 85 || p1.Total.Reported != 2 || len(p1.Children) != 2 {
		t.Errorf("M-P1 %+v, %v", p1, err)
	}

	// Bad input names the problem.
	for _, c := range []struct {
		in   store.MeasurementInput
		want string
	}{
		{store.MeasurementInput{Indicator: "NOPE", Agency: "M-X1", Period: "2026", Value: 1, Unit: "%", Source: "x", Method: "MANUAL"}, "indicator"},
		{store.MeasurementInput{Indicator: "SATISFACTION", Agency: "M-X1", Period: "Q3 2026", Value: 1, Unit: "%", Source: "x", Method: "MANUAL"}, "period"},
		{store.MeasurementInput{Indicator: "SATISFACTION", Agency: "M-X1", Period: "2026", Value: 1, Unit: "điểm", Source: "x", Method: "MANUAL"}, "unit"},
		{store.MeasurementInput{Indicator: "SATISFACTION", Agency: "M-X1", Period: "2026", Value: -1, Unit: "%", Source: "x", Method: "MANUAL"}, "value"},
		{store.MeasurementInput{Indicator: "SATISFACTION", Agency: "M-X1", Period: "2026", Value: 1, Unit: "%", Source: " ", Method: "MANUAL"}, "source"},
		{store.MeasurementInput{Indicator: "SATISFACTION", Agency: "NO-SUCH", Period: "2026", Value: 1, Unit: "%", Source: "x", Method: "MANUAL"}, "NO-SUCH"},
	} {
		_, err := st.RecordMeasurements(ctx, admin, []store.MeasurementInput{c.in})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one naming %s", c.in, err, c.want)
		}
	}
	if _, err := st.MeasurementSummary(ctx, "SATISFACTION", "2026-Q3", "M-X1", ""); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("a commune as province: %v", err)
	}
}
