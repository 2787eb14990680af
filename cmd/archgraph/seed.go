package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
)

// seedOptions are the flags of archgraph seed.
type seedOptions struct {
	dataDir   string
	dryRun    bool
	synthetic string
	randSeed  uint64
	batchSize int
	once      bool
	reset     bool
	validFrom string
}

func (o *seedOptions) flags(fs *flag.FlagSet) {
	fs.StringVar(&o.dataDir, "data", "", "directory of framework *.yaml files (default: the framework built into the binary)")
	fs.BoolVar(&o.dryRun, "dry-run", false, "validate and say what would change, write nothing")
	fs.StringVar(&o.synthetic, "synthetic", "", "also generate a synthetic estate of size S (~100k components) or L (~1M)")
	fs.Uint64Var(&o.randSeed, "rand-seed", 1, "seed of the synthetic generator (same seed, same estate)")
	fs.IntVar(&o.batchSize, "batch-size", 5000, "rows per UNWIND batch of the synthetic load")
	fs.BoolVar(&o.reset, "reset", false, "delete every node and relationship before loading (the schema stays)")
	fs.BoolVar(&o.once, "synthetic-once", false, "skip the synthetic estate when the graph already holds one")
	fs.StringVar(&o.validFrom, "valid-from", "", "day (YYYY-MM-DD) new components and relationships are valid from (default: today); records that have one keep it")
}

// check refuses flags that contradict each other or are out of range.
func (o *seedOptions) check() error {
	switch {
	case o.reset && o.dryRun:
		return fmt.Errorf("--reset and --dry-run exclude each other")
	case o.synthetic != "" && o.synthetic != string(seed.SizeS) && o.synthetic != string(seed.SizeL):
		return fmt.Errorf("--synthetic %q: must be S or L", o.synthetic)
	case o.batchSize < 1 || o.batchSize > 100000:
		return fmt.Errorf("--batch-size %d: must be 1..100000", o.batchSize)
	}
	if o.validFrom != "" {
		if _, err := store.ParseDate(o.validFrom); err != nil {
			return fmt.Errorf("--valid-from: %w", err)
		}
	}
	return nil
}

func cmdSeed(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o seedOptions
	c, code := parse("seed", args, stderr, false, o.flags)
	if c == nil {
		return code
	}
	if err := o.check(); err != nil {
		fmt.Fprintf(stderr, "archgraph seed: %v\n", err)
		return 2
	}
	log := c.logger()

	// Read and validate everything before touching the database.
	var f *seed.File
	var err error
	if o.dataDir != "" {
		f, err = seed.ReadDir(o.dataDir)
	} else {
		f, err = seed.ReadEmbedded()
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	st, ok := connect(ctx, c, log, "seed")
	if !ok {
		return 1
	}
	defer st.Close(context.Background())
	if err := st.Migrate(ctx); err != nil {
		log.Error("seed: migrate", "err", err)
		return 1
	}
	if err := st.SetLoadValidFrom(o.validFrom); err != nil {
		fmt.Fprintf(stderr, "archgraph seed: --valid-from: %v\n", err)
		return 2
	}
	if o.dryRun {
		return seedDryRun(ctx, st, f, o, stdout, stderr, log)
	}
	return seedLoad(ctx, st, f, o, stdout, stderr, log)
}

// seedDryRun says what a load (framework, and synthetic estate when asked) would change.
func seedDryRun(ctx context.Context, st *store.Store, f *seed.File, o seedOptions, stdout, stderr io.Writer, log *slog.Logger) int {
	plan, err := seed.DryRun(ctx, st, seed.Batches(f))
	if err == nil && o.synthetic != "" {
		err = runSynthetic(ctx, st, f, seed.Size(o.synthetic), o.randSeed, o.batchSize, stderr, func(b bulk.Batch) error {
			return plan.Diff(ctx, st, b)
		})
	}
	if err != nil {
		log.Error("seed: dry run", "err", err)
		return 1
	}
	fmt.Fprintln(stdout, "dry run: nothing written. A load would change:")
	plan.Print(stdout)
	return 0
}

// seedLoad loads the framework, then the synthetic estate when asked, and prints the counts.
func seedLoad(ctx context.Context, st *store.Store, f *seed.File, o seedOptions, stdout, stderr io.Writer, log *slog.Logger) int {
	start := time.Now()
	b := bulk.New(st)
	if o.reset {
		if err := b.DeleteAll(ctx); err != nil {
			log.Error("seed: reset", "err", err)
			return 1
		}
		fmt.Fprintln(stderr, "reset: the graph was emptied")
	}
	n, took, err := seed.LoadFramework(ctx, st, f)
	if err != nil {
		log.Error("seed", "err", err)
		return 1
	}
	fmt.Fprintf(stderr, "framework: %d rows written in one transaction (%s)\n", n, took.Round(time.Millisecond))
	synthetic := o.synthetic
	if synthetic != "" && o.once {
		n, err := b.SyntheticCount(ctx)
		if err != nil {
			log.Error("seed", "err", err)
			return 1
		}
		if n > 0 {
			fmt.Fprintf(stderr, "synthetic: the graph already holds %d synthetic components; skipped (--synthetic-once)\n", n)
			synthetic = ""
		}
	}
	if synthetic != "" {
		err := runSynthetic(ctx, st, f, seed.Size(synthetic), o.randSeed, o.batchSize, stderr, func(bt bulk.Batch) error {
			return b.WriteBatch(ctx, bt)
		})
		if err != nil {
			log.Error("seed: synthetic", "err", err)
			return 1
		}
	}
	if err := refreshFacts(ctx, st, stderr); err != nil {
		log.Error("seed: conformance facts", "err", err)
		return 1
	}
	if _, err := st.RefreshComponentCounts(ctx); err != nil {
		log.Error("seed: component counts", "err", err)
		return 1
	}
	counts, err := b.Count(ctx)
	if err != nil {
		log.Error("seed: count", "err", err)
		return 1
	}
	fmt.Fprintf(stdout, "seed done in %s; the graph now holds\n", time.Since(start).Round(time.Millisecond))
	seed.PrintCounts(stdout, counts)
	return 0
}

func runSynthetic(ctx context.Context, st *store.Store, f *seed.File, size seed.Size, randSeed uint64, batchSize int,
	stderr io.Writer, emit func(bulk.Batch) error) error {
	start := time.Now()
	stats, err := seed.Synthetic(f, seed.SyntheticOptions{Size: size, RandSeed: randSeed, BatchSize: batchSize,
		Progress: func(done, total int, comps int64) {
			fmt.Fprintf(stderr, "synthetic %s: province %d/%d, %d components, %s\n", size, done, total, comps, time.Since(start).Round(100*time.Millisecond))
		}}, func(b bulk.Batch) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return emit(b)
	})
	if err != nil {
		return err
	}
	el := time.Since(start)
	fmt.Fprintf(stderr, "synthetic %s: %d communes, %d components, %d relationships in %s (%.0f entities/s)\n",
		size, stats.Communes, stats.Components, stats.Relationships, el.Round(time.Millisecond),
		float64(stats.Communes+stats.Components+stats.Relationships)/el.Seconds())
	return nil
}

// refreshFacts recomputes the conformance facts after a load that does not keep them
// (store.RefreshConformanceFacts), so that the first roll-up a dashboard asks for reads them.
func refreshFacts(ctx context.Context, st *store.Store, stderr io.Writer) error {
	start := time.Now()
	current, err := st.RefreshConformanceFacts(ctx)
	if err != nil {
		return err
	}
	if current {
		fmt.Fprintf(stderr, "conformance facts: current (%s)\n", time.Since(start).Round(time.Millisecond))
	}
	return nil
}
