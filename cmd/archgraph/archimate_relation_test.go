package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// relationModel is a small exchange file of elements archgraph keeps generic (a stakeholder and
// two goals) with generic relationships: two between the same two elements (bb02 and bb03,
// kept as two ARCHIMATE_RELATION), bb01 related by bb04 (both must be nodes: a relationship's
// end is a relationship), a view drawing bb02 and a folder holding it. {{bb03}} and {{extra}}
// let a test change the file.
const relationModel = `<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="id-rm">
  <name xml:lang="en">relations</name>
  <elements>
    <element identifier="id-s1" xsi:type="Stakeholder"><name xml:lang="en">Board</name></element>
    <element identifier="id-g1" xsi:type="Goal"><name xml:lang="en">Faster service</name></element>
    <element identifier="id-g2" xsi:type="Goal"><name xml:lang="en">Lower cost</name></element>
  </elements>
  <relationships>
    <relationship identifier="id-bb01" source="id-s1" target="id-g1" xsi:type="Influence" modifier="+"/>
    <relationship identifier="id-bb02" source="id-s1" target="id-g1" xsi:type="Association" isDirected="true">
      <name xml:lang="en">sponsors</name>
      <documentation xml:lang="en">since 2025</documentation>
    </relationship>
    {{bb03}}
    <relationship identifier="id-bb04" source="id-bb01" target="id-g2" xsi:type="Association"/>
    {{extra}}
  </relationships>
  <organizations>
    <item>
      <label xml:lang="en">Relations</label>
      <item identifierRef="id-bb02"/>
    </item>
  </organizations>
  <views>
    <diagrams>
      <view identifier="id-v1" xsi:type="Diagram">
        <name xml:lang="en">Board</name>
        <node identifier="id-n1" elementRef="id-s1" xsi:type="Element" x="10" y="10" w="120" h="55"/>
        <node identifier="id-n2" elementRef="id-g1" xsi:type="Element" x="200" y="10" w="120" h="55"/>
        <connection identifier="id-c1" relationshipRef="id-bb02" xsi:type="Relationship" source="id-n1" target="id-n2"/>
      </view>
    </diagrams>
  </views>
</model>
`

const bb03 = `<relationship identifier="id-bb03" source="id-s1" target="id-g1" xsi:type="Association"><name xml:lang="en">reviews</name></relationship>`

func writeRelationModel(t *testing.T, b03, extra string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "relations.xml")
	data := strings.NewReplacer("{{bb03}}", b03, "{{extra}}", extra).Replace(relationModel)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// migrate runs `archgraph migrate` against the test Neo4j.
func migrate(t *testing.T) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"migrate", "--neo4j-uri", storetest.URI()}, &out, &errb)
	return code, out.String(), errb.String()
}

func cypherCount(t *testing.T, st *store.Store, q string) int64 {
	t.Helper()
	ctx := context.Background()
	sess := st.Session(ctx, neo4j.AccessModeRead)
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, q, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := res.Single(ctx)
	if err != nil {
		t.Fatal(q, err)
	}
	n, _ := rec.Values[0].(int64)
	return n
}

func cypherWrite(t *testing.T, st *store.Store, q string) {
	t.Helper()
	ctx := context.Background()
	sess := st.Session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, q, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		t.Fatal(q, err)
	}
}

// TestArchiMateRelations: a generic relationship between two elements is one ARCHIMATE_RELATION
// (two between the same elements stay two), one that relates or is related by a relationship a
// node; views and folders refer to either; the export and the round trip are as before; an
// import that would give an identifier to two relationships is refused; and `archgraph migrate`
// turns a graph in the earlier form (every generic relationship a node) into this one, with the
// same export and checksum.
func TestArchiMateRelations(t *testing.T) {
	st := storetest.Empty(t)
	ctx := context.Background()
	f, err := seed.ReadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	model := writeRelationModel(t, bb03, "")
	if code, _, errs := ag(t, "import", "archimate", model); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	// Archisurance too: real relationships of every kind.
	if code, _, errs := ag(t, "import", "archimate", filepath.Join(archimateFixtures(t), "ogxe-archisurance.xml")); code != 0 {
		t.Fatalf("import Archisurance: exit %d: %s", code, errs)
	}
	if n := cypherCount(t, st, `MATCH (:ArchiMateElement {archimateId: 'id-s1'})-[r:ARCHIMATE_RELATION]->(:ArchiMateElement {archimateId: 'id-g1'})
		WHERE r.archimateId IN ['id-bb02', 'id-bb03'] RETURN count(r)`); n != 2 {
		t.Errorf("%d ARCHIMATE_RELATION for bb02 and bb03 between the same two elements, want 2", n)
	}
	if n := cypherCount(t, st, `MATCH (r:ArchiMateRelationship) WHERE r.archimateId IN ['id-bb01', 'id-bb04'] RETURN count(r)`); n != 2 {
		t.Errorf("%d relationship nodes for bb01 (related) and bb04 (relating), want 2", n)
	}
	// Every relationship node is there because ArchiMate needs it.
	if n := cypherCount(t, st, `MATCH (n:ArchiMateRelationship)
		WHERE NOT EXISTS { (:ArchiMateRelationship)-[:ARCHIMATE_SOURCE|ARCHIMATE_TARGET]->(n) }
		  AND NOT EXISTS { (n)-[:ARCHIMATE_SOURCE|ARCHIMATE_TARGET]->(:ArchiMateRelationship) }
		RETURN count(n)`); n != 0 {
		t.Errorf("%d relationship nodes between two elements, related by none: want ARCHIMATE_RELATION", n)
	}
	if n := cypherCount(t, st, `MATCH ()-[r:ARCHIMATE_RELATION]->() RETURN count(r)`); n < 10 {
		t.Errorf("only %d ARCHIMATE_RELATION after importing Archisurance", n)
	}
	if n := cypherCount(t, st, `MATCH ()-[r:ARCHIMATE_RELATION {archimateId: 'id-bb02'}]->()
		WHERE r.archimateName = 'sponsors' AND r.archimateIsDirected AND r.archimateDoc = 'since 2025' RETURN count(r)`); n != 1 {
		t.Errorf("bb02 does not carry its name, direction and documentation (%d)", n)
	}
	full := checksum(t, st)
	first := filepath.Join(t.TempDir(), "first.xml")
	if code, _, errs := ag(t, "export", "archimate", "--out", first); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	validateArchiMate(t, first)
	a, _ := os.ReadFile(first)
	for _, want := range []string{
		`<relationship identifier="id-bb02" source="id-s1" target="id-g1" xsi:type="Association" isDirected="true"><name xml:lang="en">sponsors</name><documentation xml:lang="en">since 2025</documentation>`,
		`<relationship identifier="id-bb03" source="id-s1" target="id-g1" xsi:type="Association"><name xml:lang="en">reviews</name>`,
		`<relationship identifier="id-bb04" source="id-bb01" target="id-g2" xsi:type="Association">`,
		`relationshipRef="id-bb02"`, `<item identifierRef="id-bb02"/>`,
	} {
		if !strings.Contains(string(a), want) {
			t.Errorf("the export lacks %s", want)
		}
	}

	// Importing again changes nothing; a file that moves bb03 to other ends, or makes it a
	// relationship another relates (a node), is refused and changes nothing.
	if code, _, errs := ag(t, "import", "archimate", model); code != 0 || checksum(t, st) != full {
		t.Fatalf("importing again changed the graph (exit %d: %s)", code, errs)
	}
	moved := writeRelationModel(t, strings.Replace(bb03, `target="id-g1"`, `target="id-g2"`, 1), "")
	if code, _, errs := ag(t, "import", "archimate", moved); code == 0 || !strings.Contains(errs, "ARCHIMATE_RELATION") || !strings.Contains(errs, "the graph holds it from") {
		t.Errorf("bb03 moved to other ends: exit %d: %s", code, errs)
	}
	related := writeRelationModel(t, bb03, `<relationship identifier="id-bb05" source="id-bb03" target="id-g2" xsi:type="Association"/>`)
	if code, _, errs := ag(t, "import", "archimate", related); code == 0 || !strings.Contains(errs, "the graph holds it as an ARCHIMATE_RELATION relationship") {
		t.Errorf("bb03 related by another relationship: exit %d: %s", code, errs)
	}
	if checksum(t, st) != full {
		t.Fatal("a refused import changed the graph")
	}

	// The earlier form: every generic relationship a node with ARCHIMATE_SOURCE/TARGET (the
	// node carried exactly the properties the relationship carries now). migrate converts it
	// back; the graph and its export are the same as before.
	cypherWrite(t, st, `MATCH (a)-[r:ARCHIMATE_RELATION]->(b)
		CREATE (n:ArchiMateRelationship) SET n = properties(r)
		CREATE (n)-[:ARCHIMATE_SOURCE]->(a), (n)-[:ARCHIMATE_TARGET]->(b)
		DELETE r`)
	if n := cypherCount(t, st, `MATCH ()-[r:ARCHIMATE_RELATION]->() RETURN count(r)`); n != 0 {
		t.Fatalf("%d ARCHIMATE_RELATION left in the earlier form", n)
	}
	old := checksum(t, st)
	if old == full {
		t.Fatal("the earlier form has the same checksum: the test would not see a migration")
	}
	// The export still reads the earlier form: the same file.
	oldExport := filepath.Join(t.TempDir(), "old.xml")
	if code, _, errs := ag(t, "export", "archimate", "--out", oldExport); code != 0 {
		t.Fatalf("export of the earlier form: %s", errs)
	}
	if b, _ := os.ReadFile(oldExport); string(a) != string(b) {
		t.Errorf("the export of the earlier form differs")
	}
	if code, _, errs := migrate(t); code != 0 {
		t.Fatalf("migrate: exit %d: %s", code, errs)
	}
	if got := checksum(t, st); got != full {
		t.Errorf("after migrate: checksum %s, want %s (the graph before the earlier form)", got, full)
	}
	if n := cypherCount(t, st, `MATCH (r:ArchiMateRelationship) WHERE r.archimateId IN ['id-bb01', 'id-bb04'] RETURN count(r)`); n != 2 {
		t.Errorf("migrate: %d of the relationship nodes ArchiMate needs are left, want 2", n)
	}
	if code, _, errs := ag(t, "export", "archimate", "--out", oldExport); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	if b, _ := os.ReadFile(oldExport); string(a) != string(b) {
		t.Errorf("the export after migrate differs from the one before")
	}
	// migrate again: nothing to convert, nothing changed.
	if code, _, errs := migrate(t); code != 0 || checksum(t, st) != full {
		t.Errorf("a second migrate changed the graph (exit %d: %s)", code, errs)
	}

	// The ArchiMate and JSON round trips of the graph: export → empty → import → export. An
	// ArchiMate file is one model: the graph keeps Archisurance's alone (as
	// TestArchiMateThirdPartyImport does).
	cypherWrite(t, st, "MATCH (m:ArchiMateModel {archimateId: 'id-rm'}) DETACH DELETE m")
	full = checksum(t, st)
	for _, format := range []string{"archimate", "json"} {
		file := filepath.Join(t.TempDir(), "rt."+format)
		if code, _, errs := ag(t, "export", format, "--out", file); code != 0 {
			t.Fatalf("export %s: %s", format, errs)
		}
		if err := bulk.New(st).DeleteAll(ctx); err != nil {
			t.Fatal(err)
		}
		if code, _, errs := ag(t, "import", format, file); code != 0 {
			t.Fatalf("import %s: %s", format, errs)
		}
		if got := checksum(t, st); got != full {
			t.Errorf("%s round trip: checksum %s, want %s", format, got, full)
		}
		again := filepath.Join(t.TempDir(), "again."+format)
		if code, _, errs := ag(t, "export", format, "--out", again); code != 0 {
			t.Fatalf("export %s: %s", format, errs)
		}
		x, _ := os.ReadFile(file)
		y, _ := os.ReadFile(again)
		if string(x) != string(y) {
			t.Errorf("%s: export → empty → import → export is not identical", format)
		}
	}
}
