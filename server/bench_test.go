package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/server"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// BenchmarkAPI measures, on the synthetic S estate, each headline query end to end through the
// GraphQL handler and the same store call (the same Cypher through the driver) side by side,
// and prints p50/p99 of both and the ratio of the medians. Run: scripts/bench -bench API ./server
func BenchmarkAPI(b *testing.B) {
	ctx := context.Background()
	st := storetest.Open(b)
	ensureEstateS(ctx, b, st)
	h := server.New(server.Options{Store: st, Resolver: &resolvers.Resolver{Store: st}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Cost:       &server.CostLimits{}, /* the server's own speed: no per-client budget or analysis slots */
		CacheBytes: -1 /* every answer computed: the response cache is measured by BenchmarkCache */})
	gql := func(q string) func() error {
		body, _ := json.Marshal(map[string]any{"query": q})
		return func() error {
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != 200 || strings.Contains(rec.Body.String(), `"errors"`) {
				return fmt.Errorf("%d %.300s", rec.Code, rec.Body.String())
			}
			return nil
		}
	}
	ndxp, err := st.ResolveComponent(ctx, "NDXP", "")
	if err != nil {
		b.Fatal(err)
	}
	hn, err := st.ResolveAgency(ctx, "HA-NOI")
	if err != nil {
		b.Fatal(err)
	}
	iq := model.ImpactQuery{RootID: ndxp.ID, Direction: model.ImpactDirectionDependents, MaxDepth: 5}
	ops := []struct {
		name       string
		api, store func() error
	}{
		{"impact of NDXP (summary + 100 items)",
			gql(`{ impact(of: "NDXP", maxDepth: 5) { total byLayer { key count } byLevel { key count } byProvince { key count } items(first: 100) { edges { node { depth component { code layer { code } } } } } } }`),
			func() error {
				if _, err := st.ImpactSummary(ctx, iq); err != nil {
					return err
				}
				_, err := st.ImpactItems(ctx, iq, 0, 101)
				return err
			}},
		{"duplicates across all provinces",
			gql(`{ duplicates { component { code } agency { code } province { code } capability { code } shared { code } evidence } }`),
			func() error { _, err := st.Duplicates(ctx, "", "", ""); return err }},
		{"conformance summary of HA-NOI",
			gql(`{ conformanceSummary(province: "HA-NOI") { total { communes tally { score } byGroup { groupCode tally { score } } } children { agency { code } tally { score missing } } } }`),
			func() error { _, err := st.ConformanceSummary(ctx, hn.ID, ""); return err }},
		{"catalog page of 100 components",
			gql(`{ components(first: 100, filter: {scope: [COMMUNE]}) { edges { node { code name nameEn status layer { code } owner { code } } } } }`),
			// The same three statements the API runs: the page, then its rows' layers and owners.
			func() error {
				rows, err := st.Components(ctx, model.ComponentQuery{Scopes: []model.Scope{model.ScopeCommune}}, 0, 101)
				if err != nil {
					return err
				}
				ids, layers := make([]string, 0, len(rows)), map[string]bool{}
				for _, c := range rows[:min(len(rows), 100)] {
					ids = append(ids, c.ID)
					layers[c.LayerCode] = true
				}
				codes := make([]string, 0, len(layers))
				for l := range layers {
					codes = append(codes, l)
				}
				if _, err := st.Related(ctx, store.RelLayerByCode, codes); err != nil {
					return err
				}
				_, err = st.Related(ctx, store.RelComponentOwner, ids)
				return err
			}},
	}
	const iterations = 60
	for i := 0; i < b.N; i++ {
		var ratios []float64
		for _, op := range ops {
			// Warm both paths, then alternate them so that both see the same cache state.
			for w := 0; w < 5; w++ {
				if err := op.api(); err != nil {
					b.Fatalf("%s (API): %v", op.name, err)
				}
				if err := op.store(); err != nil {
					b.Fatalf("%s (store): %v", op.name, err)
				}
			}
			var apiT, stT []time.Duration
			for it := 0; it < iterations; it++ {
				t0 := time.Now()
				if err := op.api(); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if err := op.store(); err != nil {
					b.Fatal(err)
				}
				apiT, stT = append(apiT, t1.Sub(t0)), append(stT, time.Since(t1))
			}
			a50, a99, s50, s99 := pct(apiT, 50), pct(apiT, 99), pct(stT, 50), pct(stT, 99)
			ratio := float64(a50) / float64(s50)
			ratios = append(ratios, ratio)
			fmt.Printf("%-40s API p50 %7.1f ms p99 %7.1f ms | Cypher p50 %7.1f ms p99 %7.1f ms | ratio %.2fx\n",
				op.name, ms(a50), ms(a99), ms(s50), ms(s99), ratio)
		}
		sort.Float64s(ratios)
		med := (ratios[len(ratios)/2] + ratios[(len(ratios)-1)/2]) / 2
		fmt.Printf("median API/Cypher ratio: %.2fx (target <= 1.3x)\n", med)
		b.ReportMetric(med, "api/cypher")
	}
}

// ensureEstateS loads the framework and the synthetic S estate (rand seed 1) unless the test
// database already holds it.
func ensureEstateS(ctx context.Context, b *testing.B, st *store.Store) {
	b.Helper()
	if n, err := bulk.New(st).SyntheticCount(ctx); err != nil {
		b.Fatal(err)
	} else if n < 90_000 {
		b.Logf("loading the S estate (the graph holds %d synthetic components)", n)
		if err := bulk.New(st).DeleteAll(ctx); err != nil {
			b.Fatal(err)
		}
		f, err := seed.ReadEmbedded()
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
			b.Fatal(err)
		}
		if _, err := seed.Synthetic(f, seed.SyntheticOptions{Size: seed.SizeS, RandSeed: 1}, func(bt bulk.Batch) error { return bulk.New(st).WriteBatch(ctx, bt) }); err != nil {
			b.Fatal(err)
		}
	}
	// As `archgraph seed` does: the conformance roll-up reads its facts (a no-op when current).
	if _, err := st.RefreshConformanceFacts(ctx); err != nil {
		b.Fatal(err)
	}
}

// pct is the p-th percentile (nearest rank).
func pct(ds []time.Duration, p int) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p+99)/100 - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
