package interop

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/archgraph/archgraph/store"
)

func addSeeds(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(p)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}

// FuzzDecodeInventory: the CSV decoder never panics, and what it accepts encodes and decodes
// back to the same items.
func FuzzDecodeInventory(f *testing.F) {
	addSeeds(f, "testdata/*.csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := DecodeInventory(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := EncodeInventory(&buf, items); err != nil {
			t.Fatalf("encode what was decoded: %v", err)
		}
		again, err := DecodeInventory(&buf, "again.csv")
		if err != nil {
			t.Fatalf("decode what was encoded: %v\n%q", err, buf.String())
		}
		for i := range again {
			again[i].Line = items[i].Line
		}
		if !reflect.DeepEqual(again, items) {
			t.Fatalf("round trip changed the items:\n%#v\n%#v", items, again)
		}
	})
}

// FuzzReadArchiMate: the ArchiMate decoder never panics, and a model it accepts whose node ids
// are unique is written and read back as the same records.
func FuzzReadArchiMate(f *testing.F) {
	addSeeds(f, "testdata/*.xml")
	nodes, rels := fixture()
	var buf bytes.Buffer
	aw := NewArchiMateWriter(&buf, "seed")
	for _, n := range nodes {
		aw.Node(n)
	}
	for _, r := range rels {
		aw.Rel(r)
	}
	aw.Close()
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		within(t, data, func() { archiMateRoundTrip(t, data) })
	})
}

func archiMateRoundTrip(t *testing.T, data []byte) {
	{
		var gotN []store.NodeRecord
		var gotR []store.RelRecord
		err := ReadArchiMate(bytes.NewReader(data), int64(len(data)), "fuzz.xml", func(n store.NodeRecord) error {
			n.Where = ""
			gotN = append(gotN, n)
			return nil
		}, func(r store.RelRecord) error {
			r.Where = ""
			gotR = append(gotR, r)
			return nil
		})
		if err != nil {
			return
		}
		ids := map[string]bool{}
		for _, n := range gotN {
			if ids[n.ID()] {
				return // two elements of one node: store.Import refuses that
			}
			ids[n.ID()] = true
		}
		var out bytes.Buffer
		aw := NewArchiMateWriter(&out, "again")
		for _, n := range gotN {
			if err := aw.Node(n); err != nil {
				return // a value the writer refuses, with a message
			}
		}
		for _, r := range gotR {
			if r.InGraph {
				continue // a relationship to a node of the graph (a new component's layer)
			}
			if err := aw.Rel(r); err != nil {
				t.Fatalf("write back a relationship: %v", err)
			}
		}
		if err := aw.Close(); err != nil {
			t.Fatal(err)
		}
		data2 := out.Bytes()
		var n2 []store.NodeRecord
		var r2 []store.RelRecord
		err = ReadArchiMate(bytes.NewReader(data2), int64(len(data2)), "again.xml", func(n store.NodeRecord) error {
			n.Where = ""
			n2 = append(n2, n)
			return nil
		}, func(r store.RelRecord) error {
			r.Where = ""
			r2 = append(r2, r)
			return nil
		})
		if err != nil {
			t.Fatalf("read back what was written: %v\n%s", err, data2)
		}
		var kept []store.RelRecord
		for _, r := range gotR {
			if !r.InGraph {
				kept = append(kept, r)
			}
		}
		if a, b := canon(t, gotN, kept), canon(t, n2, r2); a != b {
			t.Fatalf("round trip changed the records:\n%s\n%s", a, b)
		}
	}
}

// FuzzReadBackup: the backup decoder never panics, and what it accepts writes back the same.
func FuzzReadBackup(f *testing.F) {
	addSeeds(f, "testdata/*.jsonl")
	f.Fuzz(func(t *testing.T, data []byte) {
		var nodes []store.NodeRecord
		var rels []store.RelRecord
		err := ReadBackup(bytes.NewReader(data), "fuzz.jsonl", func(n store.NodeRecord) error {
			nodes = append(nodes, n)
			return nil
		}, func(r store.RelRecord) error {
			rels = append(rels, r)
			return nil
		})
		if err != nil {
			return
		}
		var out bytes.Buffer
		bw, _ := NewBackupWriter(&out)
		for _, n := range nodes {
			if err := bw.Node(n); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range rels {
			if err := bw.Rel(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := bw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := ReadBackup(&out, "again.jsonl", func(store.NodeRecord) error { return nil }, func(store.RelRecord) error { return nil }); err != nil {
			t.Fatalf("read back what was written: %v", err)
		}
	})
}

// canon renders records as text (NaN equals NaN there).
func canon(t *testing.T, nodes []store.NodeRecord, rels []store.RelRecord) string {
	var b []byte
	for _, n := range nodes {
		b = append(b, n.Label...)
		var err error
		if b, err = appendPropsJSON(b, n.Props); err != nil {
			t.Fatal(err)
		}
		b = append(b, '\n')
	}
	for _, r := range rels {
		b = append(b, r.Shape.From+r.Shape.Type+r.Shape.To+r.From+r.To...)
		var err error
		if b, err = appendPropsJSON(b, r.Props); err != nil {
			t.Fatal(err)
		}
		b = append(b, '\n')
	}
	return string(b)
}

// within fails the test when fn runs longer than 10 s: the fuzzer then keeps the input (it
// has no timeout of its own, and a decoder that loops forever would stall it silently).
func within(t *testing.T, data []byte, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("decoding did not finish within 10 s: %q", data)
	}
}
