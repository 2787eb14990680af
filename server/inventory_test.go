package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/archgraph/archgraph/interop"
	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store/bulk"
)

// inventoryFile is an inventory CSV built as an agency would: the template the API gives (its
// header and current rows, as they are) and new rows, each a map of column to cell.
func inventoryFile(t *testing.T, template string, rows []map[string]string) string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(template)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("template: %v\n%s", err, template)
	}
	header := recs[0]
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.WriteAll(recs)
	for _, r := range rows {
		rec := make([]string, len(header))
		for i, h := range header {
			rec[i] = r[h]
		}
		_ = w.Write(rec)
	}
	w.Flush()
	return b.String()
}

const (
	previewQ = `mutation($a: ID!, $csv: String!) { previewInventory(agency: $a, csv: $csv, fileName: "xa.csv") {
		agency ok moreProblems created updated unchanged
		problems { line column field message }
		rows { line code action inferred { code score platforms } suggested { code } duplicates { shared { code } } } } }`
	importQ = `mutation($a: ID!, $csv: String!) { importInventory(agency: $a, csv: $csv) {
		created updated unchanged communesRefreshing rows { line code action revision } } }`
)

// TestInventoryUploadAPI: a province's editor uploads the inventory of one of its communes —
// the template the API gives plus 50 new rows, 3 of them wrong. The dry run lists exactly
// those 3 problems with their line and column (one from the file itself, two from the graph)
// and writes nothing; another province's editor and a viewer are refused whatever the file;
// the fixed file's dry run says what each row would do; applying it writes what the command
// line writes (running the command's import of the same file afterwards changes nothing),
// audits each created or changed component, and gives a changed component a new revision, so
// that an edit form opened before is refused with CONFLICT naming the import.
func TestInventoryUploadAPI(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	const commune = "SYN-HA-NOI-X0002"
	prov, _ := token(t, a, "HA-NOI", model.RoleEditor, 0)
	hue, _ := token(t, a, "HUE", model.RoleEditor, 0)
	viewer, _ := token(t, a, "HA-NOI", model.RoleViewer, 0)

	tr := a.asToken(prov, `query($a: ID!) { inventoryCsv(agency: $a) }`, map[string]any{"a": commune})
	if len(tr.Errors) > 0 {
		t.Fatal(tr.Raw)
	}
	template := dig(tr.Data, "inventoryCsv").(string)
	if !strings.HasPrefix(template, strings.Join(interop.InventoryColumns, ",")) {
		t.Fatalf("the template does not start with the inventory header:\n%.300s", template)
	}
	existing, err := interop.DecodeInventory(strings.NewReader(template), "template.csv")
	if err != nil || len(existing) == 0 {
		t.Fatalf("the template of %s does not decode to its components: %v", commune, err)
	}
	names := []string{"Cổng dịch vụ công xã", "Hệ thống quản lý văn bản và điều hành", "Phần mềm một cửa điện tử",
		"Hệ thống thư điện tử công vụ", "Cơ sở dữ liệu hộ tịch"}
	var rows []map[string]string
	for i := 1; i <= 50; i++ {
		rows = append(rows, map[string]string{"code": fmt.Sprintf("TEST-UP-%03d", i), "name": fmt.Sprintf("%s %d", names[i%len(names)], i),
			"nameEn": fmt.Sprintf("Upload test %d", i), "kind": "APPLICATION", "scope": "COMMUNE", "status": "OPERATING", "layer": "L4",
			"dependsOn": existing[0].Code})
	}
	// Two rows depend on rows of the file itself (checked against the file, not the graph).
	rows[1]["dependsOn"] = "TEST-UP-001;" + existing[0].Code
	firstLine := len(existing) + 2 // the header is line 1
	bad := make([]map[string]string, len(rows))
	for i, r := range rows {
		c := map[string]string{}
		for k, v := range r {
			c[k] = v
		}
		bad[i] = c
	}
	bad[9]["kind"] = "CONG"                          // the file's own problem
	bad[19]["layer"] = "L9"                          // no such layer in the graph
	bad[29]["dependsOn"] = "KHONG-CO-THANH-PHAN-NAY" // no such component
	badFile := inventoryFile(t, template, bad)
	goodFile := inventoryFile(t, template, rows)
	header, _ := csv.NewReader(strings.NewReader(template)).Read()
	colOf := func(name string) float64 {
		for i, h := range header {
			if h == name {
				return float64(i + 1)
			}
		}
		t.Fatalf("no column %s", name)
		return 0
	}

	before := checksum(t, a.st)
	// Refused whatever the file: another province's editor, a viewer, an anonymous caller.
	for name, tok := range map[string]string{"other province": hue, "viewer": viewer} {
		for _, q := range []string{previewQ, importQ} {
			for _, f := range []string{badFile, goodFile} {
				if r := a.asToken(tok, q, map[string]any{"a": commune, "csv": f}); r.code() != "FORBIDDEN" {
					t.Fatalf("%s: %s", name, r.Raw)
				}
			}
		}
	}
	if r := a.query(importQ, map[string]any{"a": commune, "csv": goodFile}); r.code() != "UNAUTHENTICATED" {
		t.Fatalf("anonymous: %s", r.Raw)
	}
	// A province's editor may not upload a province's platform list into another province.
	if r := a.asToken(prov, importQ, map[string]any{"a": "HUE", "csv": goodFile}); r.code() != "FORBIDDEN" {
		t.Fatalf("into HUE: %s", r.Raw)
	}

	// The dry run of the file with 3 problems: exactly those, located.
	r := a.asToken(prov, previewQ, map[string]any{"a": commune, "csv": badFile})
	if len(r.Errors) > 0 {
		t.Fatal(r.Raw)
	}
	p := dig(r.Data, "previewInventory").(map[string]any)
	probs, _ := p["problems"].([]any)
	if p["ok"] != false || len(probs) != 3 || p["moreProblems"] != float64(0) || len(p["rows"].([]any)) != 0 {
		t.Fatalf("dry run of the bad file: %s", r.Raw)
	}
	want := []struct {
		line  int
		field string
		text  string
	}{{firstLine + 9, "kind", `"CONG" is not one of`}, {firstLine + 19, "layer", `"L9" does not exist`},
		{firstLine + 29, "dependsOn", `"KHONG-CO-THANH-PHAN-NAY" does not exist`}}
	for i, w := range want {
		got := probs[i].(map[string]any)
		if got["line"] != float64(w.line) || got["field"] != w.field || got["column"] != colOf(w.field) ||
			!strings.Contains(got["message"].(string), w.text) {
			t.Errorf("problem %d = %v, want line %d column %v (%s): %s", i, got, w.line, colOf(w.field), w.field, w.text)
		}
	}
	// Applying it is refused with the same problems, in extensions.
	r = a.asToken(prov, importQ, map[string]any{"a": commune, "csv": badFile})
	if r.code() != "BAD_USER_INPUT" {
		t.Fatalf("import of the bad file: %s", r.Raw)
	}
	if ps, _ := r.Errors[0].Extensions["problems"].([]any); len(ps) != 3 || ps[1].(map[string]any)["field"] != "layer" {
		t.Fatalf("import's problems: %s", r.Raw)
	}
	if after := checksum(t, a.st); after != before {
		t.Fatal("a refused upload or a dry run changed the model")
	}

	// The fixed file's dry run: 50 to create, the template's rows unchanged; nothing written.
	r = a.asToken(prov, previewQ, map[string]any{"a": commune, "csv": goodFile})
	p = dig(r.Data, "previewInventory").(map[string]any)
	if len(r.Errors) > 0 || p["ok"] != true || p["created"] != float64(50) || p["updated"] != float64(0) ||
		p["unchanged"] != float64(len(existing)) || len(p["rows"].([]any)) != 50+len(existing) {
		t.Fatalf("dry run of the fixed file: %.2000s", r.Raw)
	}
	inferredSome := false
	for _, x := range p["rows"].([]any) {
		row := x.(map[string]any)
		if strings.HasPrefix(row["code"].(string), "TEST-UP-") && row["action"] != "CREATE" {
			t.Fatalf("row %v", row)
		}
		if len(row["inferred"].([]any)) > 0 {
			inferredSome = true
		}
	}
	if !inferredSome {
		t.Error("no row of the dry run infers a capability (the names are the framework's own words)")
	}
	if after := checksum(t, a.st); after != before {
		t.Fatal("the dry run changed the model")
	}

	// An editor opened an existing component of the commune; then the file, which renames it,
	// is applied.
	target := existing[len(existing)-1].Code
	o := a.asToken(prov, `query($c: String!) { component(code: $c) { id revision } }`, map[string]any{"c": target})
	id, rev0 := dig(o.Data, "component", "id").(string), dig(o.Data, "component", "revision").(float64)
	renamed := strings.Replace(goodFile, ","+existing[len(existing)-1].Name+",", ","+existing[len(existing)-1].Name+" (đổi tên),", 1)
	if renamed == goodFile {
		t.Fatalf("could not rename %s in the file", target)
	}
	changesBefore := countChanges(t, a)
	r = a.asToken(prov, importQ, map[string]any{"a": commune, "csv": renamed})
	if len(r.Errors) > 0 {
		t.Fatal(r.Raw)
	}
	imp := dig(r.Data, "importInventory").(map[string]any)
	if imp["created"] != float64(50) || imp["updated"] != float64(1) || imp["unchanged"] != float64(len(existing)-1) {
		t.Fatalf("import: %.1000s", r.Raw)
	}
	for _, x := range imp["rows"].([]any) {
		row := x.(map[string]any)
		if row["code"] == target && (row["action"] != "UPDATE" || row["revision"] != rev0+1) {
			t.Fatalf("the renamed row: %v (revision before %v)", row, rev0)
		}
	}
	if n := countChanges(t, a) - changesBefore; n != 51 {
		t.Fatalf("%d audit entries, want 51 (50 created, 1 changed)", n)
	}
	ch := a.asToken(prov, `query($e: ID!) { changes(entity: $e, first: 1) { operation actorAgency } }`, map[string]any{"e": target})
	if dig(ch.Data, "changes", 0, "operation") != "importInventory" || dig(ch.Data, "changes", 0, "actorAgency") != "HA-NOI" {
		t.Fatalf("audit of the renamed component: %s", ch.Raw)
	}
	// The form opened before the import is refused, naming it.
	r = a.asToken(prov, `mutation($id: ID!, $r: Int) { updateComponent(id: $id, revision: $r, input: {status: BUILDING}) { id } }`,
		map[string]any{"id": id, "r": int(rev0)})
	if r.code() != "CONFLICT" || r.Errors[0].Extensions["operation"] != "importInventory" || !strings.Contains(r.Errors[0].Message, "name") {
		t.Fatalf("stale form after the import: %s", r.Raw)
	}

	// Apply = the command: the command's import of the same file afterwards changes nothing,
	// and its dry run says every row is unchanged.
	items, err := interop.DecodeInventory(strings.NewReader(renamed), "renamed.csv")
	if err != nil {
		t.Fatal(err)
	}
	applied := checksum(t, a.st)
	prev, err := bulk.New(a.st).PreviewInventory(ctx, commune, items)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range prev {
		if row.Action != bulk.ActionUnchanged {
			t.Fatalf("after the upload, the command's dry run says %s for line %d (%s)", row.Action, row.Line, row.Code)
		}
	}
	if err := bulk.New(a.st).ImportInventory(ctx, commune, items); err != nil {
		t.Fatal(err)
	}
	if again := checksum(t, a.st); again != applied {
		t.Fatal("the command's import of the file the browser applied changed the model")
	}
	// The template now holds the new components.
	tr = a.asToken(prov, `query($a: ID!) { inventoryCsv(agency: $a) }`, map[string]any{"a": commune})
	if s := dig(tr.Data, "inventoryCsv").(string); !strings.Contains(s, "TEST-UP-050,") || !strings.Contains(s, "(đổi tên)") {
		t.Fatalf("template after the import:\n%.500s", s)
	}

	// Leave the shared fixture as it was: the original rows back (by the command), the test's
	// components retired.
	orig, _ := interop.DecodeInventory(strings.NewReader(template), "template.csv")
	if err := bulk.New(a.st).ImportInventory(ctx, commune, append(orig, items[len(existing):]...)); err != nil {
		t.Fatal(err)
	}
	admin := model.Principal{Name: "test cleanup", Role: model.RoleAdmin}
	for _, it := range items[len(existing):] {
		c := a.asToken(prov, `query($c: String!) { component(code: $c) { id } }`, map[string]any{"c": it.Code})
		if err := a.st.DeleteComponent(ctx, admin, dig(c.Data, "component", "id").(string)); err != nil {
			t.Fatal(err)
		}
	}
}
