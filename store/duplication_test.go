package store_test

import (
	"context"
	"errors"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// dupFixture: the framework, province D12-P with its commune D12-X, province D12-Q, and the
// principals that write there.
type dupFixture struct {
	st                         *store.Store
	admin, editorX, editorQ    model.Principal
	provinceID, communeID, qID string
}

func newDupFixture(t *testing.T) *dupFixture {
	t.Helper()
	ctx := context.Background()
	st := storetest.Empty(t)
	f, err := seed.ReadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	// The framework is valid from the start of the year, so that asOf reaches back before the
	// test's writes.
	if err := st.SetLoadValidFrom("2026-01-01"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.SetLoadValidFrom("") })
	if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	agency := func(code, level, province string) bulk.Row {
		return bulk.Row{Code: code, Props: bulk.Props(bulk.P("name", bulk.Str(code)), bulk.P("nameEn", bulk.Str(code)), bulk.P("level", bulk.Str(level)), bulk.P("province", bulk.OptStr(province)),
			bulk.P("synthetic", bulk.Bool(false)), bulk.P("source", bulk.Str("test")))}
	}
	if err := bulk.New(st).WriteAtomic(ctx, []bulk.Batch{
		{Label: store.LabelAgency, Rows: []bulk.Row{agency("D12-P", "PROVINCE", ""), agency("D12-X", "COMMUNE", "D12-P"), agency("D12-Q", "PROVINCE", "")}},
		{Shape: store.Endpoint{From: store.LabelAgency, Type: store.RelPartOf, To: store.LabelAgency}, Rows: []bulk.Row{{From: "D12-X", To: "D12-P"}}},
	}); err != nil {
		t.Fatal(err)
	}
	return &dupFixture{st: st,
		admin:      model.Principal{Name: "admin", Role: model.RoleAdmin, TokenID: "t-admin"},
		editorX:    model.Principal{Name: "xa", Role: model.RoleEditor, Agency: "D12-X", TokenID: "t-x"},
		editorQ:    model.Principal{Name: "other", Role: model.RoleEditor, Agency: "D12-Q", TokenID: "t-q"},
		provinceID: store.StableID(store.LabelAgency, "D12-P"), communeID: store.StableID(store.LabelAgency, "D12-X"),
		qID: store.StableID(store.LabelAgency, "D12-Q")}
}

func (fx *dupFixture) create(t *testing.T, code, name string, scope model.Scope, kind model.ComponentKind, status model.Status, owner string) model.Component {
	t.Helper()
	c, err := fx.st.CreateComponent(context.Background(), fx.admin, model.Component{ID: store.StableID(store.LabelComponent, code), Code: code,
		Name: name, NameEn: "test component", Kind: kind, Scope: scope, Status: status, LayerCode: "L2"}, owner)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// findings lists "component>platform:basis" for the components of the test (codes D12-…).
func (fx *dupFixture) findings(t *testing.T, q model.DuplicateQuery) []string {
	t.Helper()
	fs, err := fx.st.DuplicateFindings(context.Background(), "", q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fs {
		if strings.HasPrefix(f.Component.Code, "D12-") {
			out = append(out, f.Component.Code+">"+f.Shared.Code+":"+string(f.Basis))
		}
	}
	sort.Strings(out)
	return out
}

func want(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s: %v, want %v", what, got, want)
	}
}

// TestInferenceOnEveryWritePath: what a component's name says is stored (INFERRED) by the
// mutations, the CSV inventory import, the JSON/ArchiMate import (store.Import) and the seed
// loader, in the writing transaction; renaming removes it; a declared edge supersedes it.
func TestInferenceOnEveryWritePath(t *testing.T) {
	fx := newDupFixture(t)
	ctx := context.Background()
	st := fx.st

	// createComponent
	fx.create(t, "D12-MAIL", "Hệ thống thư điện tử công vụ tỉnh", model.ScopeProvince, model.ComponentKindApplication, model.StatusOperating, fx.provinceID)
	want(t, "after createComponent", fx.findings(t, model.DuplicateQuery{}), "D12-MAIL>OFFICIAL-EMAIL:INFERRED")
	fs, _ := st.DuplicateFindings(ctx, "OFFICIAL-EMAIL", model.DuplicateQuery{})
	for _, f := range fs {
		if f.Component.Code == "D12-MAIL" && (f.Confidence < 0.5 || !slices.Contains(f.MatchedTerms, "thư điện tử công vụ") ||
			!strings.Contains(f.Evidence, "thư điện tử công vụ") || !strings.Contains(f.EvidenceEn, "OFFICIAL-EMAIL") ||
			f.Province == nil || f.Province.Code != "D12-P") {
			t.Errorf("inferred finding %+v", f)
		}
	}

	// updateComponent: a generic name infers nothing; the inferred edge is closed
	name := "Phần mềm quản lý tài sản công"
	if _, err := st.UpdateComponent(ctx, fx.admin, store.StableID(store.LabelComponent, "D12-MAIL"), store.ComponentPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	want(t, "after a rename", fx.findings(t, model.DuplicateQuery{}))
	name = "He thong dinh danh dien tu tinh"
	if _, err := st.UpdateComponent(ctx, fx.admin, store.StableID(store.LabelComponent, "D12-MAIL"), store.ComponentPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	want(t, "after a second rename", fx.findings(t, model.DuplicateQuery{}), "D12-MAIL>EID:INFERRED")

	// addProvision on an inferred edge makes it declared
	id := store.StableID(store.LabelComponent, "D12-MAIL")
	if err := st.SetEdge(ctx, fx.admin, store.RelProvides, id, store.StableID(store.LabelCapability, "CAP-EIDENTITY"), true); err != nil {
		t.Fatal(err)
	}
	want(t, "after addProvision", fx.findings(t, model.DuplicateQuery{}), "D12-MAIL>EID:DECLARED")

	// a suggested realization goes once one is declared, and comes back when it is removed
	lgsp := fx.create(t, "D12-LGSP", "Trục LGSP tỉnh", model.ScopeProvince, model.ComponentKindPlatform, model.StatusOperating, fx.provinceID)
	realizes := func() []string {
		items, err := bulk.New(st).ExportInventory(ctx, "D12-P")
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Code == "D12-LGSP" {
				return it.Realizes
			}
		}
		return nil
	}
	if got := suggested(t, st, lgsp.ID); !slices.Equal(got, []string{"TINH-LGSP"}) {
		t.Errorf("suggested realizations of Trục LGSP: %v", got)
	}
	if r := realizes(); len(r) != 0 {
		t.Errorf("the CSV export carries inferred realizations %v", r)
	}
	if err := st.SetEdge(ctx, fx.admin, store.RelRealizes, lgsp.ID, store.StableID(store.LabelReferenceComponent, "TINH-DC"), true); err != nil {
		t.Fatal(err)
	}
	if got := suggested(t, st, lgsp.ID); !slices.Equal(got, []string{"TINH-DC"}) {
		t.Errorf("realizations once one is declared (no suggestion beside it): %v", got)
	}
	if err := st.SetEdge(ctx, fx.admin, store.RelRealizes, lgsp.ID, store.StableID(store.LabelReferenceComponent, "TINH-DC"), false); err != nil {
		t.Fatal(err)
	}
	if got := suggested(t, st, lgsp.ID); !slices.Equal(got, []string{"TINH-LGSP"}) {
		t.Errorf("suggestion after removing the declared realization: %v", got)
	}

	// the CSV inventory import
	if err := bulk.New(st).ImportInventory(ctx, "D12-X", []bulk.InventoryItem{
		{Line: 2, Code: "D12-XA-DANCU", Name: "CSDL dân cư xã", Kind: "DATABASE", Scope: "COMMUNE", Status: "OPERATING", Layer: "L2"},
		{Line: 3, Code: "D12-XA-WEB", Name: "Trang thông tin điện tử xã", Kind: "PORTAL", Scope: "COMMUNE", Status: "OPERATING", Layer: "L4"},
	}); err != nil {
		t.Fatal(err)
	}
	want(t, "after the CSV import", fx.findings(t, model.DuplicateQuery{}), "D12-MAIL>EID:DECLARED", "D12-XA-DANCU>NDB-POPULATION:INFERRED")

	// store.Import: the JSON backup and ArchiMate readers' way in
	imported := store.StableID(store.LabelComponent, "D12-IMP")
	src := func(node func(bulk.NodeRecord) error, rel func(bulk.RelRecord) error) error {
		if err := node(bulk.NodeRecord{Label: store.LabelAgency, Props: bulk.Props(bulk.P("id", bulk.Str(fx.communeID)), bulk.P("code", bulk.Str("D12-X")),
			bulk.P("name", bulk.Str("D12-X")), bulk.P("nameEn", bulk.Str("D12-X")), bulk.P("level", bulk.Str("COMMUNE")), bulk.P("province", bulk.Str("D12-P")), bulk.P("synthetic", bulk.Bool(false)), bulk.P("source", bulk.Str("test")))}); err != nil {
			return err
		}
		if err := node(bulk.NodeRecord{Label: store.LabelComponent, Props: bulk.Props(bulk.P("id", bulk.Str(imported)), bulk.P("code", bulk.Str("D12-IMP")),
			bulk.P("name", bulk.Str("Hệ thống email phường")), bulk.P("nameEn", bulk.Str("Ward mail")), bulk.P("kind", bulk.Str("APPLICATION")), bulk.P("scope", bulk.Str("COMMUNE")), bulk.P("status", bulk.Str("OPERATING")),
			bulk.P("layer", bulk.Str("L3")))}); err != nil {
			return err
		}
		return rel(bulk.RelRecord{From: fx.communeID, To: imported,
			Shape: store.Endpoint{From: store.LabelAgency, Type: store.RelOwns, To: store.LabelComponent}, Props: bulk.Props()})
	}
	if _, err := bulk.New(st).Import(ctx, src, bulk.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	want(t, "after store.Import", fx.findings(t, model.DuplicateQuery{}), "D12-MAIL>EID:DECLARED", "D12-XA-DANCU>NDB-POPULATION:INFERRED",
		"D12-IMP>OFFICIAL-EMAIL:INFERRED")

	// the seed loader
	if err := bulk.New(st).WriteAtomic(ctx, []bulk.Batch{
		{Label: store.LabelComponent, Rows: []bulk.Row{{Code: "D12-SEED", Props: bulk.Props(bulk.P("name", bulk.Str("Cổng dữ liệu mở tỉnh")), bulk.P("nameEn", bulk.Str("Open data portal")),
			bulk.P("kind", bulk.Str("PORTAL")), bulk.P("scope", bulk.Str("PROVINCE")), bulk.P("status", bulk.Str("OPERATING")), bulk.P("layer", bulk.Str("L4")), bulk.P("synthetic", bulk.Bool(false)), bulk.P("source", bulk.Str("test")))}}},
		{Shape: store.Endpoint{From: store.LabelAgency, Type: store.RelOwns, To: store.LabelComponent}, Rows: []bulk.Row{{From: "D12-P", To: "D12-SEED"}}},
	}); err != nil {
		t.Fatal(err)
	}
	want(t, "after the seed loader", fx.findings(t, model.DuplicateQuery{}), "D12-MAIL>EID:DECLARED", "D12-XA-DANCU>NDB-POPULATION:INFERRED",
		"D12-IMP>OFFICIAL-EMAIL:INFERRED", "D12-SEED>NDP:INFERRED")

	// filters: basis, confidence, province, scope
	want(t, "basis DECLARED", fx.findings(t, model.DuplicateQuery{Basis: []model.DuplicateBasis{model.DuplicateBasisDeclared}}), "D12-MAIL>EID:DECLARED")
	want(t, "scope COMMUNE", fx.findings(t, model.DuplicateQuery{Scope: model.ScopeCommune}), "D12-XA-DANCU>NDB-POPULATION:INFERRED",
		"D12-IMP>OFFICIAL-EMAIL:INFERRED")
	want(t, "minConfidence 1", fx.findings(t, model.DuplicateQuery{MinConfidence: 1}), "D12-MAIL>EID:DECLARED")
	if fs, err := st.DuplicateFindings(ctx, "", model.DuplicateQuery{Province: "D12-Q"}); err != nil || len(fs) != 0 {
		t.Errorf("province D12-Q: %v %v", fs, err)
	}
	if _, err := st.DuplicateFindings(ctx, "", model.DuplicateQuery{Province: "D12-X"}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("a commune as province: %v", err)
	}
}

// suggested lists the reference components a component realizes (declared or suggested).
func suggested(t *testing.T, st *store.Store, id string) []string {
	t.Helper()
	rels, err := st.Related(context.Background(), store.RelComponentRealizes, []string{id})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range rels[id] {
		out = append(out, p.(model.ReferenceComponent).Code)
	}
	sort.Strings(out)
	return out
}

// TestDuplicationRules: national platforms count once OPERATING; a province's deployed
// platforms are shared with its communes (for what they provide and are sanctioned for); counts
// are per component in the report and the rule check alike.
func TestDuplicationRules(t *testing.T) {
	fx := newDupFixture(t)
	ctx := context.Background()
	st := fx.st
	// A national platform recorded as BUILDING is not deployed: an API gateway of a province is
	// not (yet) reported against V-APEX.
	building := model.StatusBuilding
	if _, err := st.UpdateComponent(ctx, fx.admin, store.StableID(store.LabelComponent, "V-APEX"), store.ComponentPatch{Status: &building}); err != nil {
		t.Fatal(err)
	}
	fx.create(t, "D12-APIGW", "Cổng trao đổi API (API Gateway) tỉnh", model.ScopeProvince, model.ComponentKindPlatform, model.StatusOperating, fx.provinceID)
	want(t, "a BUILDING national platform", fx.findings(t, model.DuplicateQuery{}))
	operating := model.StatusOperating
	if _, err := st.UpdateComponent(ctx, fx.admin, store.StableID(store.LabelComponent, "V-APEX"), store.ComponentPatch{Status: &operating}); err != nil {
		t.Fatal(err)
	}
	want(t, "once V-APEX operates", fx.findings(t, model.DuplicateQuery{}), "D12-APIGW>V-APEX:INFERRED")

	// The province's LGSP (OPERATING, realizes TINH-LGSP by suggestion) is shared with D12-X.
	fx.create(t, "D12-LGSP", "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP)", model.ScopeProvince, model.ComponentKindPlatform, model.StatusOperating, fx.provinceID)
	fx.create(t, "D12-XA-TRUC", "Trục tích hợp dữ liệu xã", model.ScopeCommune, model.ComponentKindPlatform, model.StatusOperating, fx.communeID)
	fx.create(t, "D12-Q-TRUC", "Trục tích hợp dữ liệu của tỉnh khác", model.ScopeProvince, model.ComponentKindPlatform, model.StatusOperating, fx.qID)
	// D12-Q-TRUC, a province's data-integration axis, is the LGSP the framework sanctions
	// (TINH-LGSP, suggested): not a duplicate.
	want(t, "a commune beside its province's LGSP", fx.findings(t, model.DuplicateQuery{}), "D12-APIGW>V-APEX:INFERRED",
		"D12-XA-TRUC>D12-LGSP:INFERRED", "D12-XA-TRUC>NDOP:INFERRED", "D12-XA-TRUC>NDXP:INFERRED")

	rep, err := st.DuplicationReport(ctx, "", model.DuplicateQuery{Province: "D12-P"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Count != 2 || rep.Findings != 4 {
		t.Errorf("report of D12-P: %d components, %d findings; want 2 and 4", rep.Count, rep.Findings)
	}
	counts := map[string]int{}
	for _, p := range rep.Platforms {
		counts[p.Platform.Code] = p.Components
	}
	if counts["NDXP"] != 1 || counts["D12-LGSP"] != 1 || counts["EID"] != 0 {
		t.Errorf("per platform: %v", counts)
	}
	if _, ok := counts["EID"]; !ok {
		t.Errorf("a platform nothing duplicates is not listed with 0: %v", counts)
	}
	if _, ok := counts["ONLINE-MEETING"]; !ok {
		t.Errorf("a platform of UNKNOWN status (the framework states none) not listed as shared")
	}
	vs, err := st.RuleViolations(ctx, "R-NO-DUPLICATE-SHARED", "D12-P", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 {
		t.Errorf("rule check of D12-P: %d violations, want 2 (one per component)", len(vs))
	}
	for _, v := range vs {
		if v.Component.Code == "D12-XA-TRUC" && !strings.Contains(v.MessageEn, "D12-LGSP") {
			t.Errorf("the violation does not name the provincial platform: %s", v.MessageEn)
		}
	}

	// A planned provincial platform is not shared yet.
	planned := model.StatusPlanned
	if _, err := st.UpdateComponent(ctx, fx.admin, store.StableID(store.LabelComponent, "D12-LGSP"), store.ComponentPatch{Status: &planned}); err != nil {
		t.Fatal(err)
	}
	if got := fx.findings(t, model.DuplicateQuery{}); slices.Contains(got, "D12-XA-TRUC>D12-LGSP:INFERRED") {
		t.Errorf("a PLANNED provincial platform is shared: %v", got)
	}
	if fs, err := st.DuplicateFindings(ctx, "EID", model.DuplicateQuery{}); err != nil || len(fs) != 0 {
		t.Errorf("a platform nobody duplicates: %v %v", fs, err)
	}
}

// TestReviewDuplicate: decisions are scoped, audited, kept through asOf, lapse when the inputs
// change, and serialise under concurrency.
func TestReviewDuplicate(t *testing.T) {
	fx := newDupFixture(t)
	ctx := context.Background()
	st := fx.st
	day := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return day })
	t.Cleanup(func() { st.SetClock(nil) })

	x := fx.create(t, "D12-XA-MAIL", "Hệ thống thư điện tử xã", model.ScopeCommune, model.ComponentKindApplication, model.StatusOperating, fx.communeID)
	mail := store.StableID(store.LabelComponent, "OFFICIAL-EMAIL")
	day = day.AddDate(0, 0, 1)

	// Authorization: another province's editor, and a viewer, may not decide.
	if _, err := st.ReviewDuplicate(ctx, fx.editorQ, x.ID, mail, model.ReviewStateDismissed, "no"); !errors.Is(err, store.ErrForbidden) {
		t.Errorf("another province's editor: %v", err)
	}
	viewer := model.Principal{Name: "v", Role: model.RoleViewer, Agency: "D12-X"}
	if _, err := st.ReviewDuplicate(ctx, viewer, x.ID, mail, model.ReviewStateDismissed, "no"); !errors.Is(err, store.ErrForbidden) {
		t.Errorf("a viewer: %v", err)
	}
	building := model.StatusBuilding
	if _, err := st.UpdateComponent(ctx, fx.admin, store.StableID(store.LabelComponent, "ONLINE-MEETING"), store.ComponentPatch{Status: &building}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ReviewDuplicate(ctx, fx.editorX, x.ID, store.StableID(store.LabelComponent, "ONLINE-MEETING"), model.ReviewStateConfirmed, ""); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("a BUILDING platform: %v", err)
	}
	if _, err := st.ReviewDuplicate(ctx, fx.editorX, x.ID, store.StableID(store.LabelComponent, "EID"), model.ReviewStateDismissed, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("dismissing a finding that does not exist: %v", err)
	}

	f, err := st.ReviewDuplicate(ctx, fx.editorX, x.ID, mail, model.ReviewStateDismissed, "hộp thư của xã nằm trên hệ thống của tỉnh")
	if err != nil {
		t.Fatal(err)
	}
	if f.Review != model.ReviewStateDismissed || f.ReviewNote == nil || *f.ReviewNote == "" || f.ReviewedBy == nil || *f.ReviewedBy != "xa" {
		t.Errorf("dismissed finding %+v", f)
	}
	want(t, "after the dismissal", fx.findings(t, model.DuplicateQuery{}))
	want(t, "review DISMISSED", fx.findings(t, model.DuplicateQuery{Review: []model.ReviewState{model.ReviewStateDismissed}}), "D12-XA-MAIL>OFFICIAL-EMAIL:INFERRED")
	asOf := fx.findings(t, model.DuplicateQuery{AsOf: "2026-11-20"})
	want(t, "as of the day before the dismissal", asOf, "D12-XA-MAIL>OFFICIAL-EMAIL:INFERRED")
	changes, err := st.Governance().Changes(ctx, x.ID, "", "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) == 0 || changes[0].Operation != "dismissDuplicate" {
		t.Errorf("audit log: %+v", changes)
	}

	// An unrelated write keeps the dismissal; a new name is new input: it lapses.
	ok := true
	if _, err := st.UpdateComponent(ctx, fx.admin, x.ID, store.ComponentPatch{ExposesAPI: &ok}); err != nil {
		t.Fatal(err)
	}
	want(t, "after an unrelated change", fx.findings(t, model.DuplicateQuery{}))
	name := "Hệ thống thư điện tử công vụ xã"
	if _, err := st.UpdateComponent(ctx, fx.admin, x.ID, store.ComponentPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	want(t, "after a rename", fx.findings(t, model.DuplicateQuery{}), "D12-XA-MAIL>OFFICIAL-EMAIL:INFERRED")

	// Confirming what the matcher missed counts as declared; it survives re-inference.
	y := fx.create(t, "D12-XA-Y", "Phần mềm tiện ích xã", model.ScopeCommune, model.ComponentKindApplication, model.StatusOperating, fx.communeID)
	f, err = st.ReviewDuplicate(ctx, fx.editorX, y.ID, store.StableID(store.LabelComponent, "EID"), model.ReviewStateConfirmed, "đăng nhập riêng")
	if err != nil {
		t.Fatal(err)
	}
	if f.Basis != model.DuplicateBasisConfirmed || f.Confidence != 1 || f.Review != model.ReviewStateConfirmed {
		t.Errorf("confirmed finding %+v", f)
	}
	name = "Phần mềm tiện ích xã (bản 2)"
	if _, err := st.UpdateComponent(ctx, fx.admin, y.ID, store.ComponentPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	want(t, "after confirmation and re-inference", fx.findings(t, model.DuplicateQuery{}), "D12-XA-MAIL>OFFICIAL-EMAIL:INFERRED", "D12-XA-Y>EID:CONFIRMED")

	// Concurrent decisions on one finding serialise: each is written whole, and the last wins.
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			d := model.ReviewStateConfirmed
			if i%2 == 1 {
				d = model.ReviewStateDismissed
			}
			_, errs[i] = st.ReviewDuplicate(ctx, fx.editorX, x.ID, mail, d, "concurrent")
		}(i)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("decision %d: %v", i, err)
		}
	}
	all, err := st.DuplicateFindings(ctx, "OFFICIAL-EMAIL", model.DuplicateQuery{Review: model.AllReviewState})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range all {
		if f.Component.ID == x.ID {
			n++
			if f.Review != model.ReviewStateConfirmed && f.Review != model.ReviewStateDismissed {
				t.Errorf("after concurrent decisions: %+v", f)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d findings of D12-XA-MAIL after concurrent decisions, want 1", n)
	}
	changes, err = st.Governance().Changes(ctx, x.ID, "", "", 50)
	if err != nil {
		t.Fatal(err)
	}
	reviews := 0
	for _, c := range changes {
		if c.Operation == "confirmDuplicate" || c.Operation == "dismissDuplicate" {
			reviews++
		}
	}
	if reviews != 9 {
		t.Errorf("%d review entries in the audit log, want 9", reviews)
	}
}

// TestDescriptionAndOpenFlags: a component's description is read by inference on create, on
// update (alone) and from a CSV inventory, and removing it closes what it said; the open flags
// the statement starts from follow a realization that sanctions or stops sanctioning an edge,
// and Migrate restores flags a graph lacks (one written before they existed).
func TestDescriptionAndOpenFlags(t *testing.T) {
	fx := newDupFixture(t)
	ctx := context.Background()
	st := fx.st

	desc := "Cung cấp tài khoản đăng nhập một lần (SSO) cho cán bộ các sở, ngành"
	c, err := st.CreateComponent(ctx, fx.admin, model.Component{ID: store.StableID(store.LabelComponent, "D12-PORTAL2"), Code: "D12-PORTAL2",
		Name: "Hệ thống phần mềm dùng chung số 2", NameEn: "shared software 2", Description: &desc,
		Kind: model.ComponentKindPlatform, Scope: model.ScopeProvince, Status: model.StatusOperating, LayerCode: "L2"}, fx.provinceID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Description == nil || *c.Description != desc {
		t.Errorf("created description %v", c.Description)
	}
	want(t, "a description that says SSO", fx.findings(t, model.DuplicateQuery{}), "D12-PORTAL2>EID:INFERRED")

	// updateComponent with only a description: removed ("") then set again
	empty := ""
	if c, err = st.UpdateComponent(ctx, fx.admin, c.ID, store.ComponentPatch{Description: &empty}); err != nil {
		t.Fatal(err)
	}
	if c.Description != nil {
		t.Errorf("description after removing it: %q", *c.Description)
	}
	want(t, "after removing the description", fx.findings(t, model.DuplicateQuery{}))
	mail := "Hộp thư công vụ của các cơ quan trong tỉnh"
	if _, err = st.UpdateComponent(ctx, fx.admin, c.ID, store.ComponentPatch{Description: &mail}); err != nil {
		t.Fatal(err)
	}
	want(t, "after a new description", fx.findings(t, model.DuplicateQuery{}), "D12-PORTAL2>OFFICIAL-EMAIL:INFERRED")

	// the CSV inventory's description column
	if err := bulk.New(st).ImportInventory(ctx, "D12-X", []bulk.InventoryItem{
		{Line: 2, Code: "D12-XA-APP", Name: "Phần mềm xã số 1", Description: "Quản lý nhân khẩu, hộ khẩu trên địa bàn xã", Kind: "APPLICATION",
			Scope: "COMMUNE", Status: "OPERATING", Layer: "L3"},
	}); err != nil {
		t.Fatal(err)
	}
	want(t, "after a CSV row with a description", fx.findings(t, model.DuplicateQuery{}),
		"D12-PORTAL2>OFFICIAL-EMAIL:INFERRED", "D12-XA-APP>NDB-POPULATION:INFERRED")
	items, err := bulk.New(st).ExportInventory(ctx, "D12-X")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Description != "Quản lý nhân khẩu, hộ khẩu trên địa bàn xã" {
		t.Errorf("exported inventory %+v", items)
	}

	// open flags: a declared realization that sanctions the edge takes the finding away (and
	// the flag), removing it brings both back
	dc := fx.create(t, "D12-DC", "Trung tâm dữ liệu phường", model.ScopeCommune, model.ComponentKindInfrastructure, model.StatusOperating, fx.communeID)
	want(t, "a commune's data centre", fx.findings(t, model.DuplicateQuery{Shared: ""}),
		"D12-DC>NDC:INFERRED", "D12-DC>NDC-CLOUD:INFERRED", "D12-PORTAL2>OFFICIAL-EMAIL:INFERRED", "D12-XA-APP>NDB-POPULATION:INFERRED")
	openEdges := func() int {
		n, err := st.RawCount(ctx, `MATCH (:Component {code: 'D12-DC'})-[p:PROVIDES {open: true}]->() RETURN p`)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := openEdges(); n != 1 {
		t.Errorf("open edges of D12-DC: %d, want 1", n)
	}
	// HTS4 (commune framework) provides CAP-DATACENTER-CLOUD: realizing it sanctions the edge
	hts4 := store.StableID(store.LabelReferenceComponent, "HTS4")
	if err := st.SetEdge(ctx, fx.admin, store.RelRealizes, dc.ID, hts4, true); err != nil {
		t.Fatal(err)
	}
	if n := openEdges(); n != 0 {
		t.Errorf("open edges of D12-DC once sanctioned: %d, want 0", n)
	}
	want(t, "once sanctioned", fx.findings(t, model.DuplicateQuery{}), "D12-PORTAL2>OFFICIAL-EMAIL:INFERRED", "D12-XA-APP>NDB-POPULATION:INFERRED")
	if err := st.SetEdge(ctx, fx.admin, store.RelRealizes, dc.ID, hts4, false); err != nil {
		t.Fatal(err)
	}
	want(t, "after removing the realization", fx.findings(t, model.DuplicateQuery{}),
		"D12-DC>NDC:INFERRED", "D12-DC>NDC-CLOUD:INFERRED", "D12-PORTAL2>OFFICIAL-EMAIL:INFERRED", "D12-XA-APP>NDB-POPULATION:INFERRED")

	// a graph without flags (written before them): no finding until Migrate restores them
	sess := st.Session(ctx, neo4j.AccessModeWrite)
	res, err := sess.Run(ctx, `MATCH ()-[p:PROVIDES]->() WHERE p.open IS NOT NULL REMOVE p.open`, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	sess.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want(t, "without flags", fx.findings(t, model.DuplicateQuery{}))
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	want(t, "after Migrate", fx.findings(t, model.DuplicateQuery{}),
		"D12-DC>NDC:INFERRED", "D12-DC>NDC-CLOUD:INFERRED", "D12-PORTAL2>OFFICIAL-EMAIL:INFERRED", "D12-XA-APP>NDB-POPULATION:INFERRED")
}

// TestReviewPerPlatform: decisions on one component against two platforms of one capability
// (a commune's data centre against NDC and NDC-CLOUD) are kept apart, each with its own note,
// author and time; dismissing one leaves the other reported.
func TestReviewPerPlatform(t *testing.T) {
	fx := newDupFixture(t)
	ctx := context.Background()
	st := fx.st
	dc := fx.create(t, "D12-DC2", "Trung tâm dữ liệu phường", model.ScopeCommune, model.ComponentKindInfrastructure, model.StatusOperating, fx.communeID)
	ndc, ndcCloud := store.StableID(store.LabelComponent, "NDC"), store.StableID(store.LabelComponent, "NDC-CLOUD")
	if _, err := st.ReviewDuplicate(ctx, fx.editorX, dc.ID, ndc, model.ReviewStateDismissed, "phòng máy, không phải TTDL"); err != nil {
		t.Fatal(err)
	}
	want(t, "one platform dismissed", fx.findings(t, model.DuplicateQuery{}), "D12-DC2>NDC-CLOUD:INFERRED")
	other := fx.admin
	other.Name = "admin-2"
	if _, err := st.ReviewDuplicate(ctx, other, dc.ID, ndcCloud, model.ReviewStateConfirmed, "có đám mây riêng"); err != nil {
		t.Fatal(err)
	}
	fs, err := st.DuplicateFindings(ctx, "", model.DuplicateQuery{Review: model.AllReviewState})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range fs {
		if f.Component.Code == "D12-DC2" && f.ReviewNote != nil && f.ReviewedBy != nil && f.ReviewedAt != nil {
			got[f.Shared.Code] = string(f.Review) + " " + *f.ReviewNote + " " + *f.ReviewedBy
		}
	}
	if got["NDC"] != "DISMISSED phòng máy, không phải TTDL xa" || got["NDC-CLOUD"] != "CONFIRMED có đám mây riêng admin-2" {
		t.Errorf("decisions per platform: %v", got)
	}
}

// TestSharedPlatformsAsOfAnEarlierScope: as of a day, the report's shared platforms are those
// of that day, found by the day's scope — also a platform whose scope has changed since (the
// day's scope is an earlier version's), and not one that only has a shared scope now.
func TestSharedPlatformsAsOfAnEarlierScope(t *testing.T) {
	fx := newDupFixture(t)
	ctx := context.Background()
	st := fx.st
	day := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return day })
	t.Cleanup(func() { st.SetClock(nil) })

	// On 11-20: D12-WAS-SHARED is the province's operating platform, D12-NOW-SHARED a commune's.
	was := fx.create(t, "D12-WAS-SHARED", "Nền tảng dùng chung của tỉnh", model.ScopeProvince, model.ComponentKindPlatform, model.StatusOperating, fx.provinceID)
	now := fx.create(t, "D12-NOW-SHARED", "Nền tảng của xã", model.ScopeCommune, model.ComponentKindPlatform, model.StatusOperating, fx.communeID)
	// On 11-22 they trade places: the province's platform is handed to the commune, and the
	// commune's to the province.
	day = day.AddDate(0, 0, 2)
	commune, province := model.ScopeCommune, model.ScopeProvince
	if _, err := st.UpdateComponent(ctx, fx.admin, was.ID, store.ComponentPatch{Scope: &commune, OwnerID: &fx.communeID}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpdateComponent(ctx, fx.admin, now.ID, store.ComponentPatch{Scope: &province, OwnerID: &fx.provinceID}); err != nil {
		t.Fatal(err)
	}
	platforms := func(asOf string) []string {
		t.Helper()
		rep, err := st.DuplicationReport(ctx, "", model.DuplicateQuery{AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range rep.Platforms {
			if strings.HasPrefix(p.Platform.Code, "D12-") {
				out = append(out, p.Platform.Code+":"+string(p.Platform.Scope))
			}
		}
		sort.Strings(out)
		return out
	}
	want(t, "as of 11-21", platforms("2026-11-21"), "D12-WAS-SHARED:PROVINCE")
	want(t, "as of 11-22", platforms("2026-11-22"), "D12-NOW-SHARED:PROVINCE")
	want(t, "now", platforms(""), "D12-NOW-SHARED:PROVINCE")
}
