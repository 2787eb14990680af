package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/archgraph/archgraph/interop"
	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// smallEstate loads the framework and the synthetic estate of the first province.
func smallEstate(t *testing.T) *store.Store {
	t.Helper()
	st := storetest.Empty(t)
	ctx := context.Background()
	f, err := seed.ReadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	_, err = seed.Synthetic(f, seed.SyntheticOptions{Size: seed.SizeS, RandSeed: 1, Provinces: 1}, func(b bulk.Batch) error {
		return bulk.New(st).WriteBatch(ctx, b)
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func checksum(t *testing.T, st *store.Store) string {
	t.Helper()
	c, err := bulk.New(st).Checksum(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// modelChecksum is the model's checksum without the audit log: an import audits each component
// it creates or changes, so a wiped and re-imported graph has the same model and a new log.
func modelChecksum(t *testing.T, st *store.Store) string {
	t.Helper()
	c, err := bulk.New(st).ModelChecksum(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ag runs the archgraph command against the test Neo4j and returns exit code and output.
func ag(t testing.TB, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	full := append([]string{args[0], args[1]}, append([]string{"--neo4j-uri", storetest.URI()}, args[2:]...)...)
	code := run(context.Background(), full, &out, &errb)
	return code, out.String(), errb.String()
}

// TestExportImportRoundTrip: for the JSON backup and the ArchiMate file, export → wipe → import
// gives the same checksum; importing again changes nothing; and a file broken in the middle is
// refused with a message naming the place, leaving the graph as it was.
func TestExportImportRoundTrip(t *testing.T) {
	st := smallEstate(t)
	ctx := context.Background()
	before := checksum(t, st)
	counts, err := bulk.New(st).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		format, file string
		// break a line of the file: the message must match want
		breakIt func(string) string
		want    string
	}{
		{"json", "g.jsonl", func(s string) string {
			// a relationship whose target is no node of the file
			i := strings.Index(s, `{"type":"DEPENDS_ON"`)
			j := i + strings.Index(s[i:], `"to":"`) + len(`"to":"`)
			return s[:j] + "nonexistent-" + s[j:]
		}, `g.jsonl:\d+: DEPENDS_ON: the target "nonexistent-`},
		{"archimate", "g.xml", func(s string) string {
			i := strings.Index(s, `xsi:type="Serving"`)
			return s[:i] + `xsi:type="Servng"` + s[i+len(`xsi:type="Serving"`):]
		}, `g.xml:\d+: relationship r-[0-9a-f]+ \(Servng\): "Servng" is not an ArchiMate relationship type`},
	} {
		path := filepath.Join(dir, tc.file)
		if code, _, errs := ag(t, "export", tc.format, "--out", path); code != 0 {
			t.Fatalf("export %s: exit %d: %s", tc.format, code, errs)
		}
		if err := bulk.New(st).DeleteAll(ctx); err != nil {
			t.Fatal(err)
		}
		code, out, errs := ag(t, "import", tc.format, path)
		if code != 0 {
			t.Fatalf("import %s: exit %d: %s", tc.format, code, errs)
		}
		if !strings.Contains(out, "in one transaction") {
			t.Errorf("import %s of a small estate: %q, want one transaction", tc.format, out)
		}
		if got := checksum(t, st); got != before {
			c2, _ := bulk.New(st).Count(ctx)
			t.Fatalf("%s round trip: checksum %s, want %s\nbefore %v\nafter  %v", tc.format, got, before, counts, c2)
		}
		if code, _, errs := ag(t, "import", tc.format, path); code != 0 || checksum(t, st) != before {
			t.Fatalf("%s: importing again changed the graph (exit %d: %s)", tc.format, code, errs)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if tc.format == "archimate" {
			// export → empty graph → import → export gives the same bytes.
			again := filepath.Join(dir, "again-"+tc.file)
			if code, _, errs := ag(t, "export", tc.format, "--out", again); code != 0 {
				t.Fatalf("export again: %s", errs)
			}
			data2, err := os.ReadFile(again)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, data2) {
				t.Errorf("archimate: the export of the imported export differs from it (%d and %d bytes)", len(data), len(data2))
			}
		}
		bad := filepath.Join(dir, "bad-"+tc.file)
		if err := os.WriteFile(bad, []byte(tc.breakIt(string(data))), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := bulk.New(st).DeleteAll(ctx); err != nil {
			t.Fatal(err)
		}
		empty := checksum(t, st)
		code, _, errs = ag(t, "import", tc.format, bad)
		if code != 1 || !regexp.MustCompile(strings.ReplaceAll(tc.want, "g.", "bad-g.")).MatchString(errs) {
			t.Errorf("import of a broken %s: exit %d, %q; want exit 1 and %s", tc.format, code, errs, tc.want)
		}
		if checksum(t, st) != empty {
			t.Errorf("import of a broken %s changed the graph", tc.format)
		}
		// Restore for the next format.
		if code, _, errs := ag(t, "import", tc.format, path); code != 0 {
			t.Fatalf("import %s: %s", tc.format, errs)
		}
	}
}

// TestImportBatchedRoundTrip: a file larger than the atomic limit is written in batches after
// the whole file was validated; the round trip still gives the same checksum, and a file with
// an error near its end writes nothing.
func TestImportBatchedRoundTrip(t *testing.T) {
	st := smallEstate(t)
	ctx := context.Background()
	before := checksum(t, st)
	path := filepath.Join(t.TempDir(), "g.jsonl")
	if code, _, errs := ag(t, "export", "json", "--out", path); code != 0 {
		t.Fatal(errs)
	}
	if err := bulk.New(st).DeleteAll(ctx); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	// Break the last relationship: validation must refuse the file before the first batch.
	last := lines[len(lines)-2]
	broken := strings.Join(lines[:len(lines)-2], "\n") + "\n" + strings.Replace(last, `"type":"`, `"type":"X`, 1) + "\n" + lines[len(lines)-1] + "\n"
	src := func(s string) bulk.RecordSource {
		return func(node func(bulk.NodeRecord) error, rel func(bulk.RelRecord) error) error {
			return interopRead(s, node, rel)
		}
	}
	opts := bulk.ImportOptions{AtomicMax: 1000, BatchSize: 700}
	if _, err := bulk.New(st).Import(ctx, src(broken), opts); err == nil || !strings.Contains(err.Error(), "is not a relationship of the metamodel") {
		t.Fatalf("broken file: %v", err)
	}
	if n, _ := bulk.New(st).Count(ctx); n.Nodes[store.LabelComponent] != 0 {
		t.Fatalf("a refused batched import wrote %d components", n.Nodes[store.LabelComponent])
	}
	stats, err := bulk.New(st).Import(ctx, src(string(data)), opts)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Atomic || stats.Batches < 10 {
		t.Errorf("stats %+v: want batches", stats)
	}
	if got := checksum(t, st); got != before {
		t.Fatalf("batched round trip: checksum %s, want %s", got, before)
	}
	// The identity check: a node of the file whose code the graph holds under another id.
	i := strings.Index(string(data), `"code":"HA-NOI","id":"`)
	if i < 0 {
		t.Fatal("fixture: HA-NOI not found")
	}
	i += len(`"code":"HA-NOI","id":"`)
	oldID := string(data[i : i+36])
	changed := strings.ReplaceAll(string(data), oldID, "0"+oldID[1:])
	_, err = bulk.New(st).Import(ctx, src(changed), opts)
	if err == nil || !strings.Contains(err.Error(), "Agency HA-NOI: the graph holds it with id") {
		t.Fatalf("conflicting id: %v", err)
	}
	if checksum(t, st) != before {
		t.Fatal("a refused import changed the graph")
	}
}

// TestCSVRoundTrip: an inventory imported from CSV exports as the same CSV; wiping and
// importing the export gives the same checksum; importing it again changes nothing; a file with
// a bad row or an unknown reference is refused, naming line and column, with nothing written.
func TestCSVRoundTrip(t *testing.T) {
	st := storetest.Empty(t)
	ctx := context.Background()
	f, err := seed.ReadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	framework := modelChecksum(t, st)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	// With a BOM, a decomposed "ộ" (NFD), an ASCII alias (UDCQS1) and a dependency on a row below.
	csv := "\ufeffcode,name,nameEn,kind,scope,status,layer,group,dueYear,exposesApi,realizes,dependsOn,provides,source\n" +
		"HN-PORTAL,Cổng dịch vụ công Hà No\u0323\u0302i,Hanoi public service portal,PORTAL,PROVINCE,OPERATING,L4,,2027,true,UDCQS1,NDXP;HN-DATA,,inventory 2026\n" +
		"HN-DATA,\"Kho dữ liệu, \"\"mở\"\"\",,DATABASE,PROVINCE,BUILDING,L2,,,,,NDC,CAP-MASTER-DATA,\n"
	if err := os.WriteFile(in, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := ag(t, "import", "csv", "--agency", "HA-NOI", in); code != 0 {
		t.Fatalf("import csv: exit %d: %s %s", code, out, errs)
	}
	imported := modelChecksum(t, st)
	if imported == framework {
		t.Fatal("the import wrote nothing")
	}
	exp := filepath.Join(dir, "out.csv")
	if code, _, errs := ag(t, "export", "csv", "--agency", "HA-NOI", "--out", exp); code != 0 {
		t.Fatal(errs)
	}
	got, _ := os.ReadFile(exp)
	for _, want := range []string{"HN-PORTAL,Cổng dịch vụ công Hà Nội,", "ƯDCQS1", "NDXP", "HN-DATA", `"Kho dữ liệu, ""mở"""`} {
		if !strings.Contains(string(got), want) {
			t.Errorf("export lacks %q:\n%s", want, got)
		}
	}
	// Wipe, reload the framework, import the export: the same graph.
	if err := bulk.New(st).DeleteAll(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := ag(t, "import", "csv", "--agency", "HA-NOI", exp); code != 0 {
		t.Fatal(errs)
	}
	if c := modelChecksum(t, st); c != imported {
		t.Fatalf("csv round trip: checksum %s, want %s", c, imported)
	}
	if code, _, errs := ag(t, "import", "csv", "--agency", "HA-NOI", exp); code != 0 || modelChecksum(t, st) != imported {
		t.Fatalf("importing again changed the graph: %s", errs)
	}
	for _, tc := range []struct{ body, want string }{
		{string(got) + "HN-X,x,,PORTAL,PROVINCE,LIVE,L4,,,,,,,\n", `bad.csv:4, column 6 (status): "LIVE" is not one of`},
		{string(got) + "HN-X,x,,PORTAL,PROVINCE,OPERATING,L4,,,,HTS99,NO-SUCH,,\n", "line 4, column dependsOn: \"NO-SUCH\" does not exist"},
		{string(got) + "NDXP,x,,PORTAL,PROVINCE,OPERATING,L4,,,,,,,\n", "line 4, column code: NDXP exists without an owner"},
		{string(got) + "NDC,x,,PORTAL,PROVINCE,OPERATING,L4,,,,,,,\n", "line 4, column code: NDC is owned by BCA, not HA-NOI"},
	} {
		bad := filepath.Join(dir, "bad.csv")
		os.WriteFile(bad, []byte(tc.body), 0o644)
		code, _, errs := ag(t, "import", "csv", "--agency", "HA-NOI", bad)
		if code != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("bad csv: exit %d, %q; want exit 1 and %q", code, errs, tc.want)
		}
		if modelChecksum(t, st) != imported {
			t.Error("a refused csv import changed the graph")
		}
	}
	if code, _, errs := ag(t, "import", "csv", "--agency", "NO-SUCH-AGENCY", exp); code != 1 || !strings.Contains(errs, `no agency with code "NO-SUCH-AGENCY"`) {
		t.Errorf("unknown agency: exit %d, %q", code, errs)
	}
}

func TestInteropUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export"}, "name a format"},
		{[]string{"export", "xml"}, "name a format"},
		{[]string{"export", "csv"}, "--agency CODE is required"},
		{[]string{"import", "json"}, "name the FILE"},
		{[]string{"import", "csv", "f.csv"}, "--agency CODE is required"},
		{[]string{"import", "json", "--batch-size", "0", "f"}, "--batch-size 0"},
	} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), tc.args, &out, &errb); code != 2 || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, errb.String(), tc.want)
		}
	}
}

func interopRead(s string, node func(bulk.NodeRecord) error, rel func(bulk.RelRecord) error) error {
	return interop.ReadBackup(strings.NewReader(s), "g.jsonl", node, rel)
}

// TestImportsBumpRevision: every import from the command line (csv, json, archimate) gives a
// component whose values it changes a new revision, and leaves the revision of one it does not
// change: an edit form opened before the import is then refused with CONFLICT, never saved
// over what the import wrote.
func TestImportsBumpRevision(t *testing.T) {
	st := storetest.Empty(t)
	ctx := context.Background()
	f, err := seed.ReadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	revision := func() (string, int) {
		t.Helper()
		n, err := st.Get(ctx, store.LabelComponent, "HN-REV")
		if err != nil {
			t.Fatal(err)
		}
		c := n.(model.Component)
		return c.ID, c.Revision
	}
	editor := model.Principal{Name: "form", Role: model.RoleEditor, Agency: "HA-NOI"}
	// staleSave is the save of a form opened at revision rev.
	staleSave := func(rev int, after string) {
		t.Helper()
		id, _ := revision()
		status := model.StatusBuilding
		_, err := st.UpdateComponent(ctx, editor, id, store.ComponentPatch{Status: &status, Revision: &rev})
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("after the %s import, a form opened at revision %d saved: %v", after, rev, err)
		}
	}
	importCSV := func(name string) {
		t.Helper()
		in := filepath.Join(dir, "in.csv")
		body := "code,name,kind,scope,status,layer\nHN-REV," + name + ",PORTAL,PROVINCE,OPERATING,L4\n"
		if err := os.WriteFile(in, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, out, errs := ag(t, "import", "csv", "--agency", "HA-NOI", in); code != 0 {
			t.Fatalf("import csv: exit %d: %s %s", code, out, errs)
		}
	}
	importCSV("Cổng thử 1")
	if _, rev := revision(); rev != 0 {
		t.Fatalf("a created component's revision = %d, want 0", rev)
	}
	importCSV("Cổng thử 2")
	if _, rev := revision(); rev != 1 {
		t.Fatalf("after a csv import that renames it, revision = %d, want 1", rev)
	}
	staleSave(0, "csv")
	if code, out, _ := ag(t, "import", "csv", "--agency", "HA-NOI", filepath.Join(dir, "in.csv")); code != 0 || !strings.Contains(out, "0 created, 0 updated, 1 unchanged") {
		t.Fatalf("the same csv again: exit %d, %s", code, out)
	}
	if _, rev := revision(); rev != 1 {
		t.Fatalf("a csv import that changes nothing moved the revision to %d", rev)
	}

	// json and archimate: the export, renamed, imported.
	for i, format := range []string{"json", "archimate"} {
		out := filepath.Join(dir, "model."+format)
		if code, _, errs := ag(t, "export", format, "--out", out); code != 0 {
			t.Fatal(errs)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		from, to := fmt.Sprintf("Cổng thử %d", i+2), fmt.Sprintf("Cổng thử %d", i+3)
		if !bytes.Contains(data, []byte(from)) {
			t.Fatalf("the %s export lacks %q", format, from)
		}
		if err := os.WriteFile(out, bytes.ReplaceAll(data, []byte(from), []byte(to)), 0o644); err != nil {
			t.Fatal(err)
		}
		_, before := revision()
		if code, o, errs := ag(t, "import", format, out); code != 0 {
			t.Fatalf("import %s: exit %d: %s %s", format, code, o, errs)
		}
		if n, _ := st.Get(ctx, store.LabelComponent, "HN-REV"); n.(model.Component).Name != to {
			t.Fatalf("the %s import did not rename the component: %v", format, n)
		}
		if _, rev := revision(); rev != before+1 {
			t.Fatalf("after the %s import, revision = %d, want %d", format, rev, before+1)
		}
		staleSave(before, format)
		if code, o, errs := ag(t, "import", format, out); code != 0 {
			t.Fatalf("import %s again: exit %d: %s %s", format, code, o, errs)
		}
		if _, rev := revision(); rev != before+1 {
			t.Fatalf("importing the same %s again moved the revision to %d", format, rev)
		}
	}
}
