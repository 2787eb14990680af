package seed

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

func framework(t testing.TB) *File {
	t.Helper()
	f, err := ReadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func counts(t testing.TB, st *store.Store) bulk.Counts {
	t.Helper()
	c, err := bulk.New(st).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLoadFrameworkTwiceSameCounts(t *testing.T) {
	st := storetest.Empty(t)
	ctx := context.Background()
	f := framework(t)
	if _, _, err := LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	first := counts(t, st)
	if first.Nodes[store.LabelReferenceComponent] != int64(len(f.ReferenceComponents)) ||
		first.Nodes[store.LabelLayer] != 4 || first.Nodes[store.LabelAgency] != int64(len(f.Agencies)) ||
		first.Rels[store.RelDependsOn] != int64(len(f.Dependencies)) {
		t.Fatalf("counts after one load do not match the files: %+v", first)
	}
	if _, _, err := LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	if second := counts(t, st); !reflect.DeepEqual(first, second) {
		t.Fatalf("a second load changed the counts:\nfirst  %+v\nsecond %+v", first, second)
	}
	plan, err := DryRun(ctx, st, Batches(f))
	if err != nil {
		t.Fatal(err)
	}
	for k, d := range plan {
		if d.Create != 0 || d.Update != 0 {
			t.Errorf("dry run after a load: %s would change %+v", k, d)
		}
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	st := storetest.Empty(t)
	ctx := context.Background()
	f := framework(t)
	plan, err := DryRun(ctx, st, Batches(f))
	if err != nil {
		t.Fatal(err)
	}
	if plan[store.LabelReferenceComponent].Create != len(f.ReferenceComponents) {
		t.Fatalf("dry run on an empty graph: %+v", plan[store.LabelReferenceComponent])
	}
	c := counts(t, st)
	for l, n := range c.Nodes {
		if n != 0 {
			t.Fatalf("dry run wrote %d %s nodes", n, l)
		}
	}
}

var errStop = errors.New("stopped halfway")

// TestCancelledSyntheticLoadRerun: a synthetic load stopped halfway and run again ends with the
// same counts as a clean load.
func TestCancelledSyntheticLoadRerun(t *testing.T) {
	ctx := context.Background()
	f := framework(t)
	opts := SyntheticOptions{Size: SizeS, RandSeed: 7, BatchSize: 500, Provinces: 2}
	load := func(st *store.Store, stopAfter int) (int, error) {
		n := 0
		_, err := Synthetic(f, opts, func(b bulk.Batch) error {
			if stopAfter > 0 && n == stopAfter {
				return errStop
			}
			n++
			return bulk.New(st).WriteBatch(ctx, b)
		})
		return n, err
	}

	st := storetest.Empty(t)
	if _, _, err := LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	batches, err := load(st, 0)
	if err != nil {
		t.Fatal(err)
	}
	clean := counts(t, st)
	if clean.Nodes[store.LabelComponent] < 1000 || batches < 4 {
		t.Fatalf("the test estate is too small to stop halfway: %d batches, %+v", batches, clean)
	}

	st = storetest.Empty(t)
	if _, _, err := LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	if _, err := load(st, batches/2); !errors.Is(err, errStop) {
		t.Fatalf("the interrupted load returned %v", err)
	}
	half := counts(t, st)
	if reflect.DeepEqual(half, clean) {
		t.Fatal("the interrupted load already had every row; the test proves nothing")
	}
	if _, err := load(st, 0); err != nil {
		t.Fatal(err)
	}
	if rerun := counts(t, st); !reflect.DeepEqual(rerun, clean) {
		t.Fatalf("interrupted + rerun differs from a clean load:\nclean %+v\nrerun %+v", clean, rerun)
	}
}

// TestSyntheticDeterministic: the same seed gives the same estate, another seed another one.
func TestSyntheticDeterministic(t *testing.T) {
	f := framework(t)
	digest := func(seed uint64) (SyntheticStats, []string) {
		var codes []string
		stats, err := Synthetic(f, SyntheticOptions{Size: SizeS, RandSeed: seed, Provinces: 1}, func(b bulk.Batch) error {
			for _, r := range b.Rows {
				codes = append(codes, r.Code+r.From+r.To)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return stats, codes
	}
	s1, c1 := digest(1)
	s2, c2 := digest(1)
	s3, c3 := digest(2)
	if s1 != s2 || !reflect.DeepEqual(c1, c2) {
		t.Fatal("the same seed gave two estates")
	}
	if reflect.DeepEqual(c1, c3) {
		t.Fatal("two seeds gave the same estate")
	}
	if s1.Communes == 0 || s1.Components == 0 || s3.Components == 0 {
		t.Fatalf("empty estate: %+v", s1)
	}
}

// TestSyntheticSizeS: the full S estate has 3,321 communes over 34 provinces and about 100k
// components and 400k relationships (generated only, not written).
func TestSyntheticSizeS(t *testing.T) {
	f := framework(t)
	var rels int64
	stats, err := Synthetic(f, SyntheticOptions{Size: SizeS, RandSeed: 1}, func(b bulk.Batch) error {
		if b.Label == "" {
			rels += int64(len(b.Rows))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("size S: %+v", stats)
	if stats.Communes != CommuneCount {
		t.Fatalf("%d communes, want %d", stats.Communes, CommuneCount)
	}
	if stats.Components < 80_000 || stats.Components > 130_000 {
		t.Errorf("%d components, want about 100k", stats.Components)
	}
	if rels != stats.Relationships || rels < 320_000 || rels > 520_000 {
		t.Errorf("%d relationships (stats %d), want about 400k", rels, stats.Relationships)
	}
}
