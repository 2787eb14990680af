package interop

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/archgraph/archgraph/internal/shared"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
)

// fixtureDir holds the third-party exchange files and the Open Group schemas (../shared beside
// the clone, or $ARCHGRAPH_SHARED; see internal/shared).
func fixtureDir(t testing.TB) string {
	t.Helper()
	p := shared.Path(t, "fixtures/archimate/xsd/archimate3_Diagram.xsd", "the ArchiMate fixtures and schemas")
	return filepath.Dir(filepath.Dir(p))
}

const dcNS = "http://purl.org/dc/elements/1.1/"

// ValidateArchiMateXSD checks data against the Open Group 3.1 Diagram schema with xmllint
// (Debian's libxml2-utils), offline, and Dublin Core metadata against the DC schema; it fails the
// test with xmllint's messages.
func validateXSD(t testing.TB, data []byte) {
	t.Helper()
	dir := fixtureDir(t)
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatal("xmllint not found: apt-get install libxml2-utils (.ci/run does)")
	}
	f := filepath.Join(t.TempDir(), "export.xml")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	schema := filepath.Join(dir, "xsd", "archimate3_Diagram.xsd")
	if bytes.Contains(data, []byte(dcNS)) {
		// Dublin Core metadata (as the Archisurance file has): the Diagram schema does not import
		// the DC schema that the file's xsi:schemaLocation names; validate against both.
		schema = filepath.Join(t.TempDir(), "archimate-dc.xsd")
		both := `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="` + ArchiMateNS + `" schemaLocation="` + filepath.Join(dir, "xsd", "archimate3_Diagram.xsd") + `"/>
  <xs:import namespace="` + dcNS + `" schemaLocation="` + filepath.Join(dir, "xsd", "dc.xsd") + `"/>
</xs:schema>`
		if err := os.WriteFile(schema, []byte(both), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(xmllint, "--nonet", "--noout", "--schema", schema, f)
	cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+filepath.Join(dir, "xsd", "catalog.xml"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the export does not validate against the ArchiMate 3.1 schema: %v\n%s", err, clipOut(out))
	}
}

func clipOut(b []byte) string {
	if len(b) > 4000 {
		return string(b[:4000]) + "…"
	}
	return string(b)
}

// importFile decodes and maps data as an import into a graph with the framework's layers would.
func importFile(t *testing.T, data []byte, name string, opts MapOptions) *ArchiMateImport {
	t.Helper()
	f, err := DecodeArchiMate(data, name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if opts.Layers == nil {
		opts.Layers = DefaultLayers
	}
	return f.Map(opts)
}

// export writes records as the export would (InGraph relationships lead to nodes of the graph,
// not of the records: they are left out).
func export(t *testing.T, nodes []bulk.NodeRecord, rels []bulk.RelRecord, gen ...GeneratedView) []byte {
	t.Helper()
	var buf bytes.Buffer
	aw := NewArchiMateWriter(&buf, "test")
	for _, g := range gen {
		aw.Generate(g)
	}
	for _, n := range nodes {
		if err := aw.Node(n); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range rels {
		if r.InGraph {
			continue
		}
		if err := aw.Rel(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := aw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func count(re string, data []byte) int { return len(regexp.MustCompile(re).FindAllIndex(data, -1)) }

// TestArchiMateThirdPartyFiles: Archi's Sample1 and bendpoint test files and the Archisurance
// case study import without problems; every element, relationship and view is kept; the
// export validates against the schema, keeps the views with their bendpoints, bounds, styles
// and nesting, and reads back as the same records.
func TestArchiMateThirdPartyFiles(t *testing.T) {
	dir := fixtureDir(t)
	for _, tc := range []struct {
		file                   string
		elements, rels, views  int
		mapped                 int
		keep                   []string // in the export
		documentation, folders int
	}{
		{"archi-Sample1.xml", 2, 1, 0, 0, []string{`<documentation>A description of a sales person</documentation>`}, 2, 0},
		{"archi-bendpoint.test.xml", 2, 2, 1, 0, []string{`<sourceAttachment x="35" y="138"/>`, `<targetAttachment x="160" y="138"/>`}, 0, 0},
		{"ogxe-archisurance.xml", 120, 178, 17, 30, []string{
			`<fillColor r="128" g="255" b="255" a="100"/>`, `<font name="Segoe UI" size="9">`, `<bendpoint x=`,
			`<viewRef ref="id-3944"/>`, `xsi:type="Container"`, `accessType="Write"`, `<label xml:lang="en">Actors</label>`,
		}, 0, 1},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			im := importFile(t, data, tc.file, MapOptions{})
			if err := im.Err(); err != nil {
				t.Fatal(err)
			}
			nodes, rels := collect(t, im.Source())
			elems, views, models := 0, 0, 0
			for _, n := range nodes {
				switch n.Label {
				case store.LabelArchiMateView:
					views++
				case store.LabelArchiMateModel:
					models++
				case store.LabelArchiMateRelationship:
				default:
					elems++
				}
			}
			if models != 1 {
				t.Errorf("%d ArchiMateModel nodes, want 1 (the file's name, folders, …)", models)
			}
			if elems != tc.elements || views != tc.views || im.MappedRels+im.GenericRels != tc.rels {
				t.Errorf("%d elements, %d relationships, %d views; want %d, %d, %d", elems, im.MappedRels+im.GenericRels, views, tc.elements, tc.rels, tc.views)
			}
			mapped := 0
			for _, c := range im.Mapped {
				mapped += c
			}
			if mapped != tc.mapped {
				t.Errorf("%d elements mapped onto the metamodel (%v), want %d", mapped, im.Mapped, tc.mapped)
			}
			out := export(t, nodes, rels)
			validateXSD(t, out)
			for _, want := range tc.keep {
				if !bytes.Contains(out, []byte(want)) {
					t.Errorf("the export lacks %s", want)
				}
			}
			if got := count(`<view `, out); got != tc.views {
				t.Errorf("the export has %d views, want %d", got, tc.views)
			}
			if got, want := count(`<node `, out), count(`<node `, data); got != want {
				t.Errorf("the export's views have %d nodes, the file's %d", got, want)
			}
			if got, want := count(`<connection `, out), count(`<connection `, data); got != want {
				t.Errorf("the export's views have %d connections, the file's %d", got, want)
			}
			if got, want := count(`<documentation`, out), count(`<documentation`, data); got < want-2 {
				t.Errorf("the export has %d documentation texts, the file %d", got, want)
			}
			// Identifiers of the file are kept.
			for _, m := range regexp.MustCompile(`<element identifier="([^"]+)"`).FindAllSubmatch(data, -1) {
				if !bytes.Contains(out, []byte(`identifier="`+string(m[1])+`"`)) {
					t.Errorf("identifier %s is not kept", m[1])
					break
				}
			}
			// Nothing of the file is lost: every element with its attributes and text is in the
			// export (which may add archgraph's properties of mapped elements).
			if missing := missingFacts(t, data, out); len(missing) > 0 {
				t.Errorf("the export lacks %d parts of the file, e.g.:\n  %s", len(missing), strings.Join(missing[:min(len(missing), 10)], "\n  "))
			}
			// Read back: the same records.
			im2 := importFile(t, out, "again.xml", MapOptions{})
			if err := im2.Err(); err != nil {
				t.Fatal(err)
			}
			n2, r2 := collect(t, im2.Source())
			if d := lineDiff(sortedCanon(t, nodes, dropInGraph(rels)), sortedCanon(t, n2, dropInGraph(r2))); d != "" {
				t.Errorf("export and import changed the records:\n%s", d)
			}
			again := export(t, n2, r2)
			if !bytes.Equal(out, again) {
				t.Errorf("a second export differs from the first")
			}
		})
	}
}

// sortedCanon is canon with lines sorted: the export orders by code, the file by its author.
func sortedCanon(t *testing.T, nodes []bulk.NodeRecord, rels []bulk.RelRecord) string {
	lines := strings.Split(canon(t, nodes, rels), "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// lineDiff lists the lines only in a (-) and only in b (+).
func lineDiff(a, b string) string {
	in := func(s string) map[string]int {
		m := map[string]int{}
		for _, l := range strings.Split(s, "\n") {
			m[l]++
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out []string
	for l, n := range ma {
		if mb[l] < n {
			out = append(out, "- "+l)
		}
	}
	for l, n := range mb {
		if ma[l] < n {
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func dropInGraph(rels []bulk.RelRecord) []bulk.RelRecord {
	var out []bulk.RelRecord
	for _, r := range rels {
		if !r.InGraph {
			out = append(out, r)
		}
	}
	return out
}

// TestArchiMateMapping: what maps onto the metamodel and with what; everything else kept with
// its type; documentation, relationship names and access types kept.
func TestArchiMateMapping(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fixtureDir(t), "ogxe-archisurance.xml"))
	if err != nil {
		t.Fatal(err)
	}
	im := importFile(t, data, "archisurance.xml", MapOptions{})
	nodes, rels := collect(t, im.Source())
	byIdent := map[string]bulk.NodeRecord{}
	for _, n := range nodes {
		byIdent[identOf(plainProps(n.Props))] = n
	}
	for ident, want := range map[string]struct{ label, kind, typ, layer string }{
		"id-1393": {store.LabelComponent, "APPLICATION", "ApplicationComponent", "L3"}, // ApplicationComponent CRM System
		"id-1016": {store.LabelComponent, "PLATFORM", "SystemSoftware", "L2"},          // SystemSoftware DBMS
		"id-1053": {store.LabelComponent, "INFRASTRUCTURE", "Device", "L1"},            // Device Unix Server
		"id-1089": {store.LabelComponent, "NETWORK", "CommunicationNetwork", "L1"},     // LAN
		"id-837":  {store.LabelComponent, "DATABASE", "DataObject", "L2"},              // DataObject
		"id-521":  {store.LabelArchiMateElement, "", "BusinessRole", ""},               // Customer
		"id-345":  {store.LabelArchiMateElement, "", "BusinessActor", ""},              // HRM: no level
	} {
		n, ok := byIdent[ident]
		if !ok {
			t.Errorf("%s: not imported", ident)
			continue
		}
		if n.Label != want.label || plainProps(n.Props)["kind"] != nilIfEmpty(want.kind) || plainProps(n.Props)[pArchiType] != nilIfEmpty(want.typ) || plainProps(n.Props)["layer"] != nilIfEmpty(want.layer) {
			t.Errorf("%s: %s %v, want %+v", ident, n.Label, plainProps(n.Props), want)
		}
		if n.Label == store.LabelComponent && (plainProps(n.Props)["scope"] != defaultScope || plainProps(n.Props)["status"] != defaultStatus || plainProps(n.Props)["source"] != importSource) {
			t.Errorf("%s: a new component gets scope, status and source: %v", ident, plainProps(n.Props))
		}
		if !regexp.MustCompile(`^[A-Z0-9][A-Z0-9_.-]{0,63}$`).MatchString(n.Code()) {
			t.Errorf("%s: code %q", ident, n.Code())
		}
	}
	layerRels := 0
	for _, r := range rels {
		if r.InGraph {
			layerRels++
			if r.Shape.Type != store.RelInLayer {
				t.Errorf("InGraph %v", r.Shape)
			}
		}
	}
	if layerRels != 30 {
		t.Errorf("%d components put in a layer, want 30", layerRels)
	}
	// Access types, relationship names and documentation survive.
	out := export(t, nodes, rels)
	for _, want := range []string{`accessType="Write"`, `accessType="Read"`, `<documentation xml:lang="en">`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("export lacks %s", want)
		}
	}
	if count(`accessType=`, out) != count(`accessType=`, data) {
		t.Errorf("%d access types written, the file has %d", count(`accessType=`, out), count(`accessType=`, data))
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// TestArchiMateEncodings: the same model saved as UTF-8 with and without a byte-order mark,
// UTF-16 little- and big-endian with one, windows-1252 and ISO-8859-1 (declared) reads the same.
func TestArchiMateEncodings(t *testing.T) {
	model := func(enc string) string {
		return `<?xml version="1.0" encoding="` + enc + `"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">
  <name xml:lang="en">Modèle</name>
  <elements>
    <element identifier="e1" xsi:type="ApplicationComponent"><name xml:lang="en">Façade Société Générale</name><documentation>Straße, naïve, ½ €</documentation></element>
    <element identifier="e2" xsi:type="BusinessRole"><name xml:lang="en">Señor Müller</name></element>
  </elements>
  <relationships>
    <relationship identifier="r1" source="e1" target="e2" xsi:type="Serving"/>
  </relationships>
</model>
`
	}
	want := map[string]string{"e1": "Façade Société Générale", "e2": "Señor Müller"}
	files := map[string][]byte{}
	files["utf-8"] = []byte(model("UTF-8"))
	files["utf-8-bom"] = append([]byte{0xEF, 0xBB, 0xBF}, model("UTF-8")...)
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(model("UTF-16")))
	files["utf-16le"] = le
	be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(model("UTF-16")))
	files["utf-16be"] = be
	w, err := charmap.Windows1252.NewEncoder().Bytes([]byte(model("windows-1252")))
	if err != nil {
		t.Fatal(err)
	}
	files["windows-1252"] = w
	latin := strings.Replace(model("ISO-8859-1"), " €", "", 1)
	l, err := charmap.ISO8859_1.NewEncoder().Bytes([]byte(latin))
	if err != nil {
		t.Fatal(err)
	}
	files["iso-8859-1"] = l
	for name, data := range files {
		im := importFile(t, data, name, MapOptions{})
		if err := im.Err(); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		nodes, _ := collect(t, im.Source())
		got := 0
		for _, n := range nodes {
			if w, ok := want[identOf(plainProps(n.Props))]; ok {
				got++
				if plainProps(n.Props)["name"] != w {
					t.Errorf("%s: name %q, want %q", name, plainProps(n.Props)["name"], w)
				}
			}
			if identOf(plainProps(n.Props)) == "e1" && !strings.HasPrefix(plainProps(n.Props)[pDoc].(string), "Straße, naïve, ½") {
				t.Errorf("%s: documentation %q", name, plainProps(n.Props)[pDoc])
			}
		}
		if got != 2 {
			t.Errorf("%s: %d of 2 elements", name, got)
		}
	}
	// Undeclared windows-1252 is refused with a message that says what to do, and the line.
	f, err := DecodeArchiMate(bytes.Replace(files["windows-1252"], []byte("windows-1252"), []byte("UTF-8"), 1), "bad.xml")
	if err == nil || !strings.Contains(err.Error(), "bad.xml:3: the file is not valid UTF-8") || !strings.Contains(err.Error(), "declare its encoding") {
		t.Errorf("undeclared windows-1252: %v %v", f, err)
	}
}

// TestArchiMateToolIdioms: files as Sparx Enterprise Architect (windows-1252, EAID_
// identifiers, tagged values as typed properties, packages as folders, styled views with
// bendpoints), Visual Paradigm (Vietnamese names in two languages, a junction, nested nodes,
// labels, containers, a relationship on a relationship) and an ARIS conversion (UTF-16 with a
// byte-order mark, German and English names, typed properties) write them: they import whole,
// export valid, and keep what they say.
func TestArchiMateToolIdioms(t *testing.T) {
	for _, tc := range []struct {
		file   string
		checks map[string]string // identifier -> property=value that must hold
		keep   []string
	}{
		{"sparx-ea-windows-1252.xml", map[string]string{
			"EAID_1A2B3C4D_5E6F_4a7b_8C9D_0E1F2A3B4C5D": "name=Gestión de Pedidos",
			"EAID_3C4D5E6F_7081_4c9d_AEBF_2A3B4C5D6E7F": "Owner=Françoise",
			"EAID_4D5E6F70_8192_4dae_BFC0_3B4C5D6E7F80": "archimateType=BusinessRole",
		}, []string{`accessType="Write"`, `modifier="+"`, `<bendpoint x="375" y="250"/>`, `viewpoint="Application Usage"`,
			`<label xml:lang="en">Technology Layer</label>`, `Takes the guest’s order… and passes it to the kitchen – “à la carte” only; price in €.`,
			`<font name="Calibri" size="8">`, `type="date"`, `<value xml:lang="en">2026-03-01</value>`}},
		{"visual-paradigm.xml", map[string]string{
			"_yNz0qAGAUHAB1wdw": "nameEn=Provincial public service portal",
			"_yNz0qAGAUHAB1we1": "archimateType=AndJunction",
		}, []string{`<label xml:lang="vi">Ghi chú: bản nháp</label>`, `accessType="ReadWrite"`, `isDirected="false"`,
			`<name xml:lang="vi">đặt tại</name>`, `xsi:type="Line"`, "Cổng một cửa\n(trực tuyến)"}},
		{"archi5-prefixed.xml", map[string]string{
			"id-2b1e7f3c5a9d4e0b8c6a1f3e5d7b9a0c": "kind=APPLICATION",
			"id-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d": "archimateType=OrJunction",
			"id-r4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9": "archimateModifier=++",
		}, []string{`<font name="Segoe UI" size="9" style="bold italic">`, `<style lineWidth="3">`, `<lineColor r="255" g="0" b="0"/>`,
			`<viewRef ref="id-v2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a"/>`, `conceptRef="id-1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e"`,
			`<value xml:lang="en">${name} (${property:Owner})</value>`, "<value xml:lang=\"en\">${name}\n${property:Owner}</value>",
			`accessType="Access"`, `isDirected="true"`, `<documentation xml:lang="en">Views for the director</documentation>`,
			`<label xml:lang="en">Strategy</label>`, `<documentation xml:lang="en">Who serves whom</documentation>`, `xsi:type="Label"`}},
		{"bizzdesign.xml", map[string]string{
			"id-0b3e6a14-8d5f-11ee-9c6a-0242ac120002": "nameEn=Case management system",
			"id-0b3e6e24-8d5f-11ee-9c6a-0242ac120002": "archimateType=Stakeholder",
		}, []string{`version="4.2"`, `<name xml:lang="nl">Gemeente Zuidstad – applicatielandschap</name>`, `<dc:title`,
			`<item identifier="id-f-retired">`, `<documentation xml:lang="nl">Nog leeg</documentation>`, `<label xml:lang="en">Applications</label>`,
			`<value xml:lang="nl">Vastgesteld</value><value xml:lang="en">Approved</value>`, `viewpointRef="id-vp-landscape"`,
			`<viewpoint identifier="id-vp-landscape">`, `<allowedElementType type="ApplicationComponent"/>`,
			`<name xml:lang="en">provides case status</name>`, `<label xml:lang="nl">Concepten</label>`}},
		{"aris-utf16le.xml", map[string]string{
			"id-aris-0b1c2d3e-4f50-11e6-0000-000000000002": "name=Antrag prüfen",
		}, []string{`<name xml:lang="de">Antrag prüfen</name>`, `<name xml:lang="en">Check application</name>`, `type="time"`, `type="boolean"`,
			`<label xml:lang="de">Hauptgruppe</label>`, `<name xml:lang="de">Prozesslandkarte Bürgerdienste</name>`,
			`<value xml:lang="de">45</value>`, `<value xml:lang="de">Jürgen Groß</value>`}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "tools", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			im := importFile(t, data, tc.file, MapOptions{})
			if err := im.Err(); err != nil {
				t.Fatal(err)
			}
			nodes, rels := collect(t, im.Source())
			// Elements, relationship nodes, and generic relationships kept as ARCHIMATE_RELATION.
			byIdent := map[string]bulk.Properties{}
			for _, n := range nodes {
				byIdent[identOf(plainProps(n.Props))] = n.Props
			}
			for _, r := range rels {
				if r.Shape.Type == store.RelArchiMateRelation {
					byIdent[identOf(plainProps(r.Props))] = r.Props
				}
			}
			for ident, check := range tc.checks {
				k, v, _ := strings.Cut(check, "=")
				if got := plainProps(byIdent[ident])[k]; got != v {
					t.Errorf("%s: %s = %#v, want %q", ident, k, got, v)
				}
			}
			out := export(t, nodes, rels)
			validateXSD(t, out)
			for _, want := range tc.keep {
				if !bytes.Contains(out, []byte(want)) {
					t.Errorf("the export lacks %s", want)
				}
			}
			if got, want := count(`<node `, out), count(`<node `, decodeForCount(t, data))+count(`<archimate:node `, data); got != want {
				t.Errorf("%d diagram nodes, the file has %d", got, want)
			}
			if missing := missingFacts(t, data, out); len(missing) > 0 {
				t.Errorf("the export lacks %d parts of the file, e.g.:\n  %s", len(missing), strings.Join(missing[:min(len(missing), 10)], "\n  "))
			}
			// Read back and written again: the same records, the same bytes.
			im2 := importFile(t, out, "again.xml", MapOptions{})
			if err := im2.Err(); err != nil {
				t.Fatal(err)
			}
			n2, r2 := collect(t, im2.Source())
			if d := lineDiff(sortedCanon(t, nodes, dropInGraph(rels)), sortedCanon(t, n2, dropInGraph(r2))); d != "" {
				t.Errorf("export and import changed the records:\n%s", d)
			}
			if again := export(t, n2, r2); !bytes.Equal(out, again) {
				t.Errorf("a second export differs from the first")
			}
		})
	}
}

func decodeForCount(t *testing.T, data []byte) []byte {
	u, _, err := toUTF8(data)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestArchiMateAllProblems: a file with several problems reports all of them at once, each with
// the line its element starts on; with Partial, the rest is imported and the report names what
// was skipped.
func TestArchiMateAllProblems(t *testing.T) {
	data := []byte(`<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">
  <name>m</name>
  <elements>
    <element identifier="a" xsi:type="Frobnicator">
      <name>a</name>
    </element>
    <element identifier="b"
             xsi:type="ApplicationComponent">
      <name>b` + "\u202E" + `gnp.exe</name>
    </element>
    <element identifier="c" xsi:type="Node">
      <name>good</name>
      <properties>
        <property propertyDefinitionRef="p1"><value>APPLICATON</value></property>
        <property propertyDefinitionRef="p2"><value>Component</value></property>
      </properties>
    </element>
    <element identifier="d" xsi:type="Goal"><name>fine</name></element>
  </elements>
  <relationships>
    <relationship identifier="r1" source="a" target="d" xsi:type="Influence"/>
    <relationship identifier="r2" source="d" target="zz" xsi:type="Association"/>
  </relationships>
  <propertyDefinitions>
    <propertyDefinition identifier="p1" type="string"><name>kind</name></propertyDefinition>
    <propertyDefinition identifier="p2" type="string"><name>archgraph:label</name></propertyDefinition>
  </propertyDefinitions>
</model>
`)
	im := importFile(t, data, "p.xml", MapOptions{})
	err := im.Err()
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`p.xml:5: element a: "Frobnicator" is not an ArchiMate element type`,
		`p.xml:8: element b (ApplicationComponent`, `name: contains the bidirectional override U+202E (RLO)`,
		`p.xml:12: element c (Node "good"): kind "APPLICATON" is not one of`,
		`p.xml:22: relationship r1 (Influence): its source a is skipped`,
		`p.xml:23: relationship r2 (Association): its target "zz" is no element or relationship of the file`,
		`5 problems, nothing written`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error lacks %q:\n%v", want, err)
		}
	}
	im = importFile(t, data, "p.xml", MapOptions{Partial: true})
	if err := im.Err(); err != nil {
		t.Fatalf("partial: %v", err)
	}
	nodes, _ := collect(t, im.Source())
	nodes = withoutModel(t, nodes, "m")
	if len(nodes) != 1 || plainProps(nodes[0].Props)["name"] != "fine" {
		t.Errorf("partial import: %v", nodes)
	}
	var rep bytes.Buffer
	if err := im.WriteReport(&rep); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Skipped (5 problems", "p.xml:5: element a: \"Frobnicator\"", "element d (Goal \"fine\"): kept as a generic ArchiMate Goal"} {
		if !strings.Contains(rep.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, rep.String())
		}
	}
}

// TestArchiMateGeneratedViews: one view per layer and an impact view by depth, valid against
// the schema, with a connection for each relationship between shown elements.
func TestArchiMateGeneratedViews(t *testing.T) {
	nodes, rels := fixture()
	id := func(code string) string { return store.StableID(store.LabelComponent, code) }
	out := export(t, nodes, rels, GeneratedView{Layers: true},
		GeneratedView{Root: id("DC"), Depths: map[string]int{id("DC"): 0, id("PLAT"): 1, id("DB"): 1, id("APP"): 2}, Title: "Impact of DC"})
	validateXSD(t, out)
	if n := count(`<view identifier="id-archgraph-view-layer-`, out); n != 1 {
		t.Errorf("%d layer views, want 1 (the fixture's components are all in L2 or none)", n)
	}
	i := bytes.Index(out, []byte(`<name xml:lang="en">Impact of DC</name>`))
	if i < 0 {
		t.Fatal("no impact view")
	}
	impact := out[i:]
	impact = impact[:bytes.Index(impact, []byte("</view>"))]
	if count(`<node `, impact) != 4 || count(`<connection `, impact) != 4 {
		t.Errorf("impact view: %d nodes and %d connections, want 4 and 4:\n%s", count(`<node `, impact), count(`<connection `, impact), impact)
	}
	// Depth 2 is the third column.
	if !regexp.MustCompile(`x="` + strconv.Itoa(margin+2*(boxW+2*gapX)) + `"`).Match(impact) {
		t.Errorf("APP (depth 2) not in the third column:\n%s", impact)
	}
}

// TestArchiMateAgencies: a business actor is an agency when it says its level, or when the
// graph holds an agency of its code; otherwise it is kept generic.
func TestArchiMateAgencies(t *testing.T) {
	data := []byte(`<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">
  <name>m</name>
  <elements>
    <element identifier="a1" xsi:type="BusinessActor"><name>Sở Nội vụ</name><properties><property propertyDefinitionRef="p1"><value>PROVINCE</value></property></properties></element>
    <element identifier="a2" xsi:type="BusinessActor"><name>Khách hàng</name></element>
    <element identifier="a3" xsi:type="BusinessActor"><name>UBND tỉnh</name><properties><property propertyDefinitionRef="p2"><value>HA-NOI</value></property></properties></element>
    <element identifier="a4" xsi:type="BusinessActor"><name>Bad</name><properties><property propertyDefinitionRef="p1"><value>L9</value></property></properties></element>
  </elements>
  <propertyDefinitions>
    <propertyDefinition identifier="p1" type="string"><name>level</name></propertyDefinition>
    <propertyDefinition identifier="p2" type="string"><name>code</name></propertyDefinition>
  </propertyDefinitions>
</model>`)
	im := importFile(t, data, "a.xml", MapOptions{Existing: map[string]map[string]bool{store.LabelAgency: {"HA-NOI": true}}})
	if err := im.Err(); err != nil {
		t.Fatal(err)
	}
	nodes, _ := collect(t, im.Source())
	want := map[string]string{"m": store.LabelArchiMateModel, "a1": store.LabelAgency, "a2": store.LabelArchiMateElement, "a3": store.LabelAgency, "a4": store.LabelArchiMateElement}
	for _, n := range nodes {
		if w := want[identOf(plainProps(n.Props))]; n.Label != w {
			t.Errorf("%s: %s, want %s", identOf(plainProps(n.Props)), n.Label, w)
		}
	}
	var rep bytes.Buffer
	im.WriteReport(&rep)
	if !strings.Contains(rep.String(), `a.xml:7: element a4 (BusinessActor "Bad"): kept as a generic ArchiMate BusinessActor: level "L9" is not one of`) {
		t.Errorf("report:\n%s", rep.String())
	}
}

// TestArchiMateNFC: names typed decomposed (as macOS and some Windows input methods write
// Vietnamese) are stored composed, like the API stores them.
func TestArchiMateNFC(t *testing.T) {
	decomposed := "Ho\u0300a Bi\u0300nh" // "Hòa Bình" with combining graves
	data := []byte(`<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">
  <name>m</name>
  <elements>
    <element identifier="a" xsi:type="ApplicationComponent"><name xml:lang="vi">` + decomposed + `</name><documentation>` + decomposed + `</documentation></element>
  </elements>
</model>`)
	im := importFile(t, data, "n.xml", MapOptions{})
	if err := im.Err(); err != nil {
		t.Fatal(err)
	}
	nodes, _ := collect(t, im.Source())
	nodes = withoutModel(t, nodes, "m")
	if len(nodes) != 1 || plainProps(nodes[0].Props)["name"] != "Hòa Bình" || plainProps(nodes[0].Props)[pDoc] != "Hòa Bình" {
		t.Errorf("not NFC: %+q", nodes)
	}
}

// TestArchiMateGeneratedViewsTwice: an export with generated views, imported and exported again
// with the same views, keeps the imported ones and draws new ones under other identifiers (the
// file stays valid).
func TestArchiMateGeneratedViewsTwice(t *testing.T) {
	nodes, rels := fixture()
	out := export(t, nodes, rels, GeneratedView{Layers: true})
	im := importFile(t, out, "gen.xml", MapOptions{})
	if err := im.Err(); err != nil {
		t.Fatal(err)
	}
	n2, r2 := collect(t, im.Source())
	again := export(t, n2, r2, GeneratedView{Layers: true})
	validateXSD(t, again)
	if c := count(`<view `, again); c != 2 {
		t.Errorf("%d views, want the kept one and a new one", c)
	}
}

// missingFacts lists what the file says and its export does not: each element of the file as its
// name, attributes (references to property definitions by the definition's name and type) and
// text, except the property definitions themselves (the export numbers them anew) and the
// model's xsi:schemaLocation (the export names the 3.1 schema). Order and nesting of folders are
// not compared (Archi sorts its model tree anyway).
func missingFacts(t *testing.T, file, export []byte) []string {
	t.Helper()
	facts := func(data []byte) map[string]int {
		root, err := parseXML(data, "f")
		if err != nil {
			t.Fatal(err)
		}
		defs := map[string]string{}
		for _, c := range root.kids {
			if c.local == "propertyDefinitions" {
				for _, d := range c.kids {
					id, _ := d.attr("", "identifier")
					typ, _ := d.attr("", "type")
					for _, n := range d.kids {
						if n.local == "name" {
							defs[id] = typ + ":" + normText(n.text)
						}
					}
				}
			}
		}
		out := map[string]int{}
		var walk func(e *xel, top bool)
		walk = func(e *xel, top bool) {
			if e.local == "propertyDefinitions" {
				return
			}
			var attrs []string
			for _, a := range e.attrs {
				v := a.Value
				switch {
				case top && a.Name.Local == "schemaLocation":
					continue
				case a.Name.Local == "propertyDefinitionRef":
					v = defs[v]
				case a.Name.Local == "isDirected":
					v = map[string]string{"1": "true", "0": "false"}[v] + strings.TrimLeft(v, "10")
				case a.Name.Local == "type" && a.Name.Space == xsiNS:
					v = localType(v) // "archimate:Element": the prefix is the file's
					if e.local == "view" && v == "Diagram" {
						continue // the export writes the type the schema implies
					}
				}
				attrs = append(attrs, a.Name.Local+"="+v)
			}
			sort.Strings(attrs)
			text := normText(e.text)
			if f, err := strconv.ParseFloat(text, 64); err == nil && e.local == "value" {
				text = strconv.FormatFloat(f, 'g', -1, 64) // a number property: its value, not its digits
			}
			out[e.local+"|"+strings.Join(attrs, " ")+"|"+text]++
			for _, k := range e.kids {
				walk(k, false)
			}
		}
		walk(root, true)
		return out
	}
	have := facts(export)
	var missing []string
	for f, n := range facts(file) {
		if have[f] < n {
			missing = append(missing, f)
		}
	}
	sort.Strings(missing)
	return missing
}

// withoutModel returns nodes without the ArchiMateModel node, which must be there and be the
// file's model (identifier ident).
func withoutModel(t *testing.T, nodes []bulk.NodeRecord, ident string) []bulk.NodeRecord {
	t.Helper()
	var out []bulk.NodeRecord
	models := 0
	for _, n := range nodes {
		if n.Label == store.LabelArchiMateModel {
			models++
			if identOf(plainProps(n.Props)) != ident {
				t.Errorf("model %s, want %s", identOf(plainProps(n.Props)), ident)
			}
			continue
		}
		out = append(out, n)
	}
	if models != 1 {
		t.Errorf("%d ArchiMateModel nodes, want 1", models)
	}
	return out
}

// TestArchiMateDiagramExtras: properties on a diagram node (which some tools write, though the
// 3.1 schema has none there) are left out and named in the report, so that the export validates;
// a label's conceptRef is kept, and left out when its element is not exported.
func TestArchiMateDiagramExtras(t *testing.T) {
	data := []byte(`<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="id-m">
  <name xml:lang="en">m</name>
  <elements>
    <element identifier="id-a" xsi:type="Goal"><name xml:lang="en">a</name></element>
    <element identifier="id-b" xsi:type="Goal"><name xml:lang="en">b</name></element>
  </elements>
  <propertyDefinitions>
    <propertyDefinition identifier="p1" type="string"><name>Owner</name></propertyDefinition>
  </propertyDefinitions>
  <views>
    <diagrams>
      <view identifier="id-v" xsi:type="Diagram">
        <name xml:lang="en">v</name>
        <node identifier="id-n1" xsi:type="Element" elementRef="id-a" x="0" y="0" w="10" h="10">
          <properties><property propertyDefinitionRef="p1"><value>x</value></property></properties>
        </node>
        <node identifier="id-n2" xsi:type="Label" conceptRef="id-b" x="20" y="0" w="10" h="10"><label xml:lang="en">about b</label></node>
      </view>
    </diagrams>
  </views>
</model>`)
	im := importFile(t, data, "d.xml", MapOptions{})
	if err := im.Err(); err != nil {
		t.Fatal(err)
	}
	var rep bytes.Buffer
	im.WriteReport(&rep)
	if !strings.Contains(rep.String(), "d.xml:15: view id-v (\"v\"): the properties of diagram node id-n1 are not kept") {
		t.Errorf("report:\n%s", rep.String())
	}
	nodes, rels := collect(t, im.Source())
	out := export(t, nodes, rels)
	validateXSD(t, out)
	if !bytes.Contains(out, []byte(`conceptRef="id-b"`)) {
		t.Errorf("conceptRef not kept:\n%s", out)
	}
	var without []bulk.NodeRecord
	for _, n := range nodes {
		if identOf(plainProps(n.Props)) != "id-b" {
			without = append(without, n)
		}
	}
	out = export(t, without, rels)
	validateXSD(t, out)
	if bytes.Contains(out, []byte(`conceptRef`)) || !bytes.Contains(out, []byte(`about b`)) {
		t.Errorf("a label of a concept not exported:\n%s", out)
	}
}

// TestArchiMateGenericRelationForms: in every real and tool-written file, a generic relationship
// between two elements is one ARCHIMATE_RELATION record carrying its identifier, type and id;
// a relationship node is kept only for one that relates a relationship or that another relates.
func TestArchiMateGenericRelationForms(t *testing.T) {
	files := map[string]string{}
	for _, name := range []string{"archi-Sample1.xml", "archi-bendpoint.test.xml", "ogxe-archisurance.xml"} {
		files[name] = filepath.Join(fixtureDir(t), name)
	}
	tools, err := filepath.Glob(filepath.Join("testdata", "tools", "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range tools {
		files[filepath.Base(p)] = p
	}
	relations, relNodes := 0, 0
	for name, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		im := importFile(t, data, name, MapOptions{})
		if err := im.Err(); err != nil {
			t.Fatal(err)
		}
		nodes, rels := collect(t, im.Source())
		label := map[string]string{}
		for _, n := range nodes {
			label[n.ID()] = n.Label
		}
		relating := map[string]bool{} // relationship nodes with a relationship end, or one relating them
		for _, r := range rels {
			if r.Shape.Type == store.RelArchiMateSource || r.Shape.Type == store.RelArchiMateTarget {
				if label[r.To] == store.LabelArchiMateRelationship {
					relating[r.From], relating[r.To] = true, true
				}
			}
		}
		for _, n := range nodes {
			if n.Label == store.LabelArchiMateRelationship {
				relNodes++
				if !relating[n.ID()] {
					t.Errorf("%s: relationship node %s relates no relationship and none relates it", name, n.Code())
				}
			}
		}
		for _, r := range rels {
			if r.Shape.Type != store.RelArchiMateRelation {
				continue
			}
			relations++
			p := plainProps(r.Props)
			text := func(k string) string { s, _ := p[k].(string); return s }
			if text("id") == "" || text("code") == "" || text(pArchiType) == "" || label[r.From] != r.Shape.From || label[r.To] != r.Shape.To ||
				r.Shape.From == store.LabelArchiMateRelationship || r.Shape.To == store.LabelArchiMateRelationship {
				t.Errorf("%s: ARCHIMATE_RELATION %v %s->%s (%s, %s)", name, p, r.From, r.To, label[r.From], label[r.To])
			}
		}
	}
	if relations == 0 || relNodes == 0 {
		t.Errorf("%d ARCHIMATE_RELATION and %d relationship nodes in the files: the test sees neither form", relations, relNodes)
	}
}
