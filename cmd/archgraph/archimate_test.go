package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/internal/shared"
	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// archimateFixtures is ../shared/fixtures/archimate beside the clone.
func archimateFixtures(t testing.TB) string {
	t.Helper()
	p := shared.Path(t, "fixtures/archimate/xsd/archimate3_Diagram.xsd", "the ArchiMate fixtures and schemas")
	return filepath.Dir(filepath.Dir(p))
}

// validateArchiMate checks a file against the Open Group 3.1 Diagram schema with xmllint.
func validateArchiMate(t testing.TB, path string) {
	t.Helper()
	dir := archimateFixtures(t)
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatal("xmllint not found: apt-get install libxml2-utils (.ci/run does)")
	}
	cmd := exec.Command(xmllint, "--nonet", "--noout", "--schema", filepath.Join(dir, "xsd", "archimate3_Diagram.xsd"), path)
	cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+filepath.Join(dir, "xsd", "catalog.xml"))
	if out, err := cmd.CombinedOutput(); err != nil {
		if len(out) > 3000 {
			out = out[:3000]
		}
		t.Fatalf("%s does not validate against the ArchiMate 3.1 schema: %v\n%s", path, err, out)
	}
}

// TestArchiMateThirdPartyImport: into a graph holding the framework, Archi's Sample1 and
// bendpoint files and Archisurance import without --partial, a second import changes nothing,
// the components they bring answer the analyses, and the export (with generated views)
// validates and keeps every view.
func TestArchiMateThirdPartyImport(t *testing.T) {
	st := storetest.Empty(t)
	ctx := context.Background()
	f, err := seed.ReadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	dir := archimateFixtures(t)
	for _, file := range []string{"archi-Sample1.xml", "archi-bendpoint.test.xml", "ogxe-archisurance.xml"} {
		code, out, errs := ag(t, "import", "archimate", filepath.Join(dir, file))
		if code != 0 {
			t.Fatalf("import %s: exit %d: %s", file, code, errs)
		}
		if !strings.Contains(out, file+": mapped") {
			t.Errorf("import %s: no summary: %q", file, out)
		}
	}
	before := checksum(t, st)
	if code, _, errs := ag(t, "import", "archimate", filepath.Join(dir, "ogxe-archisurance.xml")); code != 0 || checksum(t, st) != before {
		t.Fatalf("importing Archisurance again changed the graph (exit %d: %s)", code, errs)
	}
	// The CRM System (ApplicationComponent id-1393) is a component of layer L3 the analyses see.
	crm, err := st.Get(ctx, store.LabelComponent, "ID-1393")
	if err != nil {
		t.Fatal(err)
	}
	c, _ := crm.(model.Component)
	if c.Kind != model.ComponentKindApplication || c.LayerCode != "L3" || c.Scope != model.ScopeOrganization || c.Name != "CRM System" {
		t.Errorf("CRM System: %+v", c)
	}
	if _, err := st.ImpactItems(ctx, model.ImpactQuery{RootID: c.ID, Direction: model.ImpactDirectionDependencies, MaxDepth: 3}, 0, 100); err != nil {
		t.Errorf("impact of an imported component: %v", err)
	}
	// Export with generated views: valid, every kept view and the generated ones.
	path := filepath.Join(t.TempDir(), "all.xml")
	code, _, errs := ag(t, "export", "archimate", "--out", path, "--view", "layers", "--view", "impact:ID-1016")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	// Two imported models (Sample1 and Archisurance have the same identifier, id-11f5304f: the
	// second updates the first): an export is one model, named by archgraph, and says what it
	// left out.
	if !strings.Contains(errs, "left out: 2 imported models whose identifier, names") {
		t.Errorf("the export's summary does not name the models it cannot name: %s", errs)
	}
	validateArchiMate(t, path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	views := len(regexp.MustCompile(`<view identifier=`).FindAll(data, -1))
	if want := 17 + 1 + 4 + 1; views != want {
		t.Errorf("%d views, want %d (17 Archisurance, 1 bendpoint, 4 layers, 1 impact)", views, want)
	}
	for _, want := range []string{`<sourceAttachment x="35" y="138"/>`, `identifier="id-1393"`, `<name xml:lang="en">Impact of ID-1016 – DBMS`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the export lacks %s", want)
		}
	}
	// The graph with the imported models (Archisurance's model alone: the other two files'
	// model nodes removed) round-trips through both formats: export → empty graph → import gives
	// the same checksum, and exporting again the same bytes.
	sess := st.Session(ctx, neo4j.AccessModeWrite)
	if _, err := sess.Run(ctx, "MATCH (m:ArchiMateModel) WHERE m.archimateId <> 'id-11f5304f' DETACH DELETE m", nil); err != nil {
		t.Fatal(err)
	}
	sess.Close(ctx)
	full := checksum(t, st)
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
			t.Errorf("%s round trip of a graph holding Archisurance: checksum %s, want %s", format, got, full)
		}
		again := filepath.Join(t.TempDir(), "again."+format)
		if code, _, errs := ag(t, "export", format, "--out", again); code != 0 {
			t.Fatalf("export %s: %s", format, errs)
		}
		a, _ := os.ReadFile(file)
		b, _ := os.ReadFile(again)
		if format == "archimate" && string(a) != string(b) {
			t.Errorf("archimate: export → empty → import → export is not byte-identical")
		}
		if format == "archimate" && !strings.Contains(string(a), `<name xml:lang="en">Archisurance</name>`) {
			t.Errorf("the export does not carry the imported model's name")
		}
	}
	// An unknown component for an impact view is named.
	if code, _, errs := ag(t, "export", "archimate", "--out", path, "--view", "impact:NOPE"); code != 1 || !strings.Contains(errs, `NOPE`) {
		t.Errorf("impact:NOPE: exit %d: %s", code, errs)
	}
}

// TestArchiMatePartialImport: a file with a problem writes nothing and lists it; --partial
// writes the rest and the report names what was skipped.
func TestArchiMatePartialImport(t *testing.T) {
	st := storetest.Empty(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "m.xml")
	os.WriteFile(file, []byte(`<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">
  <name>m</name>
  <elements>
    <element identifier="a" xsi:type="Goal"><name>Goal</name></element>
    <element identifier="b" xsi:type="Frobnicator"><name>B</name></element>
  </elements>
</model>`), 0o644)
	empty := checksum(t, st)
	code, _, errs := ag(t, "import", "archimate", file)
	if code != 1 || !strings.Contains(errs, `m.xml:5: element b: "Frobnicator" is not an ArchiMate element type`) || checksum(t, st) != empty {
		t.Fatalf("exit %d: %s", code, errs)
	}
	report := filepath.Join(dir, "report.txt")
	code, out, errs := ag(t, "import", "archimate", "--partial", "--report", report, file)
	if code != 0 {
		t.Fatalf("--partial: exit %d: %s", code, errs)
	}
	rep, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rep), "Skipped (1 problems") || !strings.Contains(string(rep), `kept as a generic ArchiMate Goal`) || !strings.Contains(out, "imported 2 nodes") /* the Goal and the file's model */ {
		t.Errorf("report:\n%s\nout: %s", rep, out)
	}
}
