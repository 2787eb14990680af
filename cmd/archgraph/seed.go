package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
)

func cmdSeed(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var (
		dataDir   string
		dryRun    bool
		synthetic string
		randSeed  uint64
		batchSize int
		once      bool
		reset     bool
		validFrom string
	)
	c, code := parse("seed", args, stderr, false, func(fs *flag.FlagSet) {
		fs.StringVar(&dataDir, "data", "", "directory of framework *.yaml files (default: the framework built into the binary)")
		fs.BoolVar(&dryRun, "dry-run", false, "validate and say what would change, write nothing")
		fs.StringVar(&synthetic, "synthetic", "", "also generate a synthetic estate of size S (~100k components) or L (~1M)")
		fs.Uint64Var(&randSeed, "rand-seed", 1, "seed of the synthetic generator (same seed, same estate)")
		fs.IntVar(&batchSize, "batch-size", 5000, "rows per UNWIND batch of the synthetic load")
		fs.BoolVar(&reset, "reset", false, "delete every node and relationship before loading (the schema stays)")
		fs.BoolVar(&once, "synthetic-once", false, "skip the synthetic estate when the graph already holds one")
		fs.StringVar(&validFrom, "valid-from", "", "day (YYYY-MM-DD) new components and relationships are valid from (default: today); records that have one keep it")
	})
	if c == nil {
		return code
	}
	if reset && dryRun {
		fmt.Fprintln(stderr, "archgraph seed: --reset and --dry-run exclude each other")
		return 2
	}
	if synthetic != "" && synthetic != string(seed.SizeS) && synthetic != string(seed.SizeL) {
		fmt.Fprintf(stderr, "archgraph seed: --synthetic %q: must be S or L\n", synthetic)
		return 2
	}
	if batchSize < 1 || batchSize > 100000 {
		fmt.Fprintf(stderr, "archgraph seed: --batch-size %d: must be 1..100000\n", batchSize)
		return 2
	}
	if validFrom != "" {
		if _, err := store.ParseDate(validFrom); err != nil {
			fmt.Fprintf(stderr, "archgraph seed: --valid-from: %v\n", err)
			return 2
		}
	}
	log := c.logger()

	// Read and validate everything before touching the database.
	var f *seed.File
	var err error
	if dataDir != "" {
		f, err = seed.ReadDir(dataDir)
	} else {
		f, err = seed.ReadEmbedded()
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	st, err := openStore(c, log)
	if err != nil {
		log.Error("seed", "err", err)
		return 1
	}
	defer st.Close(context.Background())
	if err := st.Ping(ctx, c.Neo4jConnectTimeout); err != nil {
		log.Error("seed: cannot reach neo4j", "uri", c.Neo4jURI, "err", err)
		return 1
	}
	if err := st.Migrate(ctx); err != nil {
		log.Error("seed: migrate", "err", err)
		return 1
	}
	if err := st.SetLoadValidFrom(validFrom); err != nil {
		fmt.Fprintf(stderr, "archgraph seed: --valid-from: %v\n", err)
		return 2
	}
	start := time.Now()
	batches := seed.Batches(f)
	if dryRun {
		plan, err := seed.DryRun(ctx, st, batches)
		if err != nil {
			log.Error("seed: dry run", "err", err)
			return 1
		}
		if synthetic != "" {
			err = runSynthetic(ctx, st, f, seed.Size(synthetic), randSeed, batchSize, stderr, func(b bulk.Batch) error {
				d, err := bulk.New(st).DiffBatch(ctx, b)
				k := b.Label
				if k == "" {
					k = b.Shape.Type
				}
				cur := plan[k]
				cur.Create, cur.Update, cur.Same = cur.Create+d.Create, cur.Update+d.Update, cur.Same+d.Same
				plan[k] = cur
				return err
			})
			if err != nil {
				log.Error("seed: dry run", "err", err)
				return 1
			}
		}
		fmt.Fprintln(stdout, "dry run: nothing written. A load would change:")
		plan.Print(stdout)
		return 0
	}
	if reset {
		if err := bulk.New(st).DeleteAll(ctx); err != nil {
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
	if synthetic != "" && once {
		if n, err := bulk.New(st).SyntheticCount(ctx); err != nil {
			log.Error("seed", "err", err)
			return 1
		} else if n > 0 {
			fmt.Fprintf(stderr, "synthetic: the graph already holds %d synthetic components; skipped (--synthetic-once)\n", n)
			synthetic = ""
		}
	}
	if synthetic != "" {
		err := runSynthetic(ctx, st, f, seed.Size(synthetic), randSeed, batchSize, stderr, func(b bulk.Batch) error {
			return bulk.New(st).WriteBatch(ctx, b)
		})
		if err != nil {
			log.Error("seed: synthetic", "err", err)
			return 1
		}
	}
	counts, err := bulk.New(st).Count(ctx)
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
