package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// TestMeasurementsAsOf lives through three days with the store's clock:
//
//	D0 2026-03-01  MA-X1 (commune of MA-P1) reports 80
//	D1 2026-03-10  MA-X2 (commune of MA-P1) reports 90; MA-Y1 (commune of MA-P2) reports 60
//	D2 2026-03-20  MA-X1 reports 85 (replacing 80); MA-Y2 (commune of MA-P2) reports 70
//	"today" 2026-03-25
//
// and checks that measurements and measurementSummary as of a day leave out what was first
// recorded later, and refuse (naming the value) when a value they read was replaced since.
func TestMeasurementsAsOf(t *testing.T) {
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
	agency := func(code, level string) bulk.Row {
		return bulk.Row{Code: code, Props: bulk.Props(bulk.P("id", bulk.Str(store.StableID(store.LabelAgency, code))), bulk.P("name", bulk.Str("Cơ quan "+code)),
			bulk.P("nameEn", bulk.Str("Agency "+code)), bulk.P("level", bulk.Str(level)), bulk.P("synthetic", bulk.Bool(false)), bulk.P("source", bulk.Str("test")))}
	}
	day("2026-03-01")
	if err := bulk.New(st).WriteAtomic(ctx, []bulk.Batch{
		{Label: store.LabelAgency, Rows: []bulk.Row{agency("MA-P1", "PROVINCE"), agency("MA-P2", "PROVINCE"),
			agency("MA-X1", "COMMUNE"), agency("MA-X2", "COMMUNE"), agency("MA-Y1", "COMMUNE"), agency("MA-Y2", "COMMUNE")}},
		{Shape: store.Endpoint{From: store.LabelAgency, Type: store.RelPartOf, To: store.LabelAgency},
			Rows: []bulk.Row{{From: "MA-X1", To: "MA-P1"}, {From: "MA-X2", To: "MA-P1"}, {From: "MA-Y1", To: "MA-P2"}, {From: "MA-Y2", To: "MA-P2"}}},
	}); err != nil {
		t.Fatal(err)
	}
	admin := model.Principal{Name: "test admin", Role: model.RoleAdmin}
	record := func(agency string, v float64) {
		if _, err := st.RecordMeasurements(ctx, admin, []store.MeasurementInput{{Indicator: "SATISFACTION", Agency: agency,
			Period: "2026-Q1", Value: v, Unit: "%", Source: "Khảo sát", Method: "MANUAL"}}); err != nil {
			t.Fatal(err)
		}
	}
	record("MA-X1", 80)
	day("2026-03-10")
	record("MA-X2", 90)
	record("MA-Y1", 60)
	day("2026-03-20")
	record("MA-X1", 85)
	record("MA-Y2", 70)
	day("2026-03-25")

	values := func(agency, asOf string) ([]float64, error) {
		ms, err := st.Measurements(ctx, "SATISFACTION", agency, "2026-Q1", 10, asOf)
		var out []float64
		for _, m := range ms {
			out = append(out, m.Value)
		}
		return out, err
	}
	for _, c := range []struct {
		agency, asOf string
		want         []float64
	}{
		{"MA-X2", "2026-03-01", nil}, // first recorded on D1
		{"MA-X2", "2026-03-10", []float64{90}},
		{"MA-X1", "2026-03-20", []float64{85}},
		{"MA-X1", "", []float64{85}},
		{"MA-Y2", "2026-03-19", nil},
	} {
		got, err := values(c.agency, c.asOf)
		if err != nil || len(got) != len(c.want) || (len(got) == 1 && got[0] != c.want[0]) {
			t.Errorf("%s as of %q: %v, %v; want %v", c.agency, c.asOf, got, err, c.want)
		}
	}
	// MA-X1's 80 of D0 was replaced on D2: as of D0 or D1 it cannot be given as it was.
	for _, asOf := range []string{"2026-03-01", "2026-03-10"} {
		if _, err := values("MA-X1", asOf); !errors.Is(err, store.ErrInvalid) || !strings.Contains(err.Error(), "MA-X1") || !strings.Contains(err.Error(), "replaced") {
			t.Errorf("MA-X1 as of %s: %v; want a refusal naming the replaced value", asOf, err)
		}
		if _, err := st.MeasurementSummary(ctx, "SATISFACTION", "2026-Q1", "MA-P1", asOf); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("summary of MA-P1 as of %s: %v; want a refusal", asOf, err)
		}
	}
	// MA-P2 as of D1: only MA-Y1 had reported.
	sum, err := st.MeasurementSummary(ctx, "SATISFACTION", "2026-Q1", "MA-P2", "2026-03-10")
	if err != nil || sum.Total.Reported != 1 || sum.Total.Of != 2 || sum.Total.Value == nil || *sum.Total.Value != 60 {
		t.Errorf("summary of MA-P2 as of D1: %+v, %v; want 60 reported by 1 of 2", sum.Total, err)
	}
	sum, err = st.MeasurementSummary(ctx, "SATISFACTION", "2026-Q1", "MA-P2", "")
	if err != nil || sum.Total.Reported != 2 || sum.Total.Value == nil || *sum.Total.Value != 65 {
		t.Errorf("summary of MA-P2 now: %+v, %v; want 65 reported by 2", sum.Total, err)
	}
	// As of D2 nothing read has changed since: MA-P1's communes 85 and 90.
	sum, err = st.MeasurementSummary(ctx, "SATISFACTION", "2026-Q1", "MA-P1", "2026-03-20")
	if err != nil || sum.Total.Reported != 2 || sum.Total.Value == nil || *sum.Total.Value != 87.5 {
		t.Errorf("summary of MA-P1 as of D2: %+v, %v; want 87.5", sum.Total, err)
	}
	// The nation as of D2, read from the indicator's measurements (one statement for every
	// province): MA-P1 87.5 from 2 of 2 communes, MA-P2 65 from 2 of 2; the nation their mean.
	sum, err = st.MeasurementSummary(ctx, "SATISFACTION", "2026-Q1", "", "2026-03-20")
	if err != nil || sum.Total.Value == nil || *sum.Total.Value != 76.25 || sum.Total.Reported != 2 {
		t.Errorf("the nation as of D2: %+v, %v; want 76.25 from 2 provinces", sum.Total, err)
	}
	for _, c := range sum.Children {
		want := map[string]float64{"MA-P1": 87.5, "MA-P2": 65}[c.Agency.Code]
		if c.Value == nil || *c.Value != want || c.Reported != 2 || c.Of != 2 || c.Basis != "COMMUNES" {
			t.Errorf("the nation as of D2, %s: %+v; want %v from 2 of 2 communes", c.Agency.Code, c, want)
		}
	}
	// The nation as of D1 reads MA-X1: refused; a day after today or malformed: refused.
	for _, asOf := range []string{"2026-03-10", "2026-03-26", "10/03/2026"} {
		if _, err := st.MeasurementSummary(ctx, "SATISFACTION", "2026-Q1", "", asOf); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("nation as of %s: %v; want ErrInvalid", asOf, err)
		}
	}
	ms, _ := st.Measurements(ctx, "SATISFACTION", "MA-X1", "", 10, "")
	if len(ms) != 1 || ms[0].FirstRecordedAt == nil || !strings.HasPrefix(*ms[0].FirstRecordedAt, "2026-03-01") || !strings.HasPrefix(ms[0].RecordedAt, "2026-03-20") {
		t.Errorf("MA-X1: %+v; want first recorded on D0, last on D2", ms)
	}
}
