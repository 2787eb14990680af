package seed

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// BenchmarkSeedS loads the framework and the synthetic estate of size S into the (wiped) test
// Neo4j with the batched loader, then loads a sample of the same rows with a naive loader (one
// transaction per row) and prints both rates and their ratio. Run it with
//
//	scripts/bench -run '^$' -bench SeedS
func BenchmarkSeedS(b *testing.B) {
	benchSeed(b, SizeS, 3000)
}

// BenchmarkSeedL loads size L (about a million components) and reports the loader's peak
// resident memory (VmHWM). It takes several minutes.
func BenchmarkSeedL(b *testing.B) {
	benchSeed(b, SizeL, 0)
}

func benchSeed(b *testing.B, size Size, naiveRows int) {
	ctx := context.Background()
	f := framework(b)
	for i := 0; i < b.N; i++ {
		st := storetest.Empty(b)
		if _, _, err := LoadFramework(ctx, st, f); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		var rows int64
		stats, err := Synthetic(f, SyntheticOptions{Size: size, RandSeed: 1}, func(bt bulk.Batch) error {
			rows += int64(len(bt.Rows))
			return bulk.New(st).WriteBatch(ctx, bt)
		})
		if err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		batched := float64(rows) / took.Seconds()
		fmt.Printf("seed %s batched: %d communes, %d components, %d relationships (%d rows) in %.1f s = %.0f entities/s; peak RSS %d MB\n",
			size, stats.Communes, stats.Components, stats.Relationships, rows, took.Seconds(), batched, peakRSSMB())
		b.ReportMetric(took.Seconds(), "load-s")
		b.ReportMetric(batched, "entities/s")
		b.ReportMetric(float64(peakRSSMB()), "peak-rss-MB")
		if naiveRows == 0 {
			continue
		}
		// The naive loader writes the first naiveRows rows of the same estate, one transaction
		// each, into a graph that holds only the framework.
		st = storetest.Empty(b)
		if _, _, err := LoadFramework(ctx, st, f); err != nil {
			b.Fatal(err)
		}
		var sample []bulk.Batch
		left := naiveRows
		_, err = Synthetic(f, SyntheticOptions{Size: size, RandSeed: 1, Provinces: 1}, func(bt bulk.Batch) error {
			if left <= 0 {
				return nil
			}
			if len(bt.Rows) > left {
				bt.Rows = bt.Rows[:left]
			}
			left -= len(bt.Rows)
			sample = append(sample, bt)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		for _, bt := range sample {
			if err := bulk.New(st).WriteRowByRow(ctx, bt); err != nil {
				b.Fatal(err)
			}
		}
		naive := float64(naiveRows-left) / time.Since(start).Seconds()
		fmt.Printf("seed %s naive (one transaction per row, %d rows): %.0f entities/s; batched/naive = %.1fx (target >= 20x)\n",
			size, naiveRows-left, naive, batched/naive)
		b.ReportMetric(batched/naive, "batched/naive")
	}
}

// peakRSSMB is this process's peak resident set size, from /proc/self/status.
func peakRSSMB() int64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			kb, _ := strconv.ParseInt(strings.Fields(l)[1], 10, 64)
			return kb / 1024
		}
	}
	return -1
}
