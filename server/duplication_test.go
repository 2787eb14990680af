package server_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
)

// TestDuplicationAPI: the per-component report agrees with the rows and the rule check; a
// component created through the API is inferred at once; review decisions need a writing token
// within scope, a note to dismiss, and change what is reported.
func TestDuplicationAPI(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	rep := a.ok(`{ duplication { count findings components { component { code } findings { shared { code } } } } duplicates { component { code } shared { code } }
	  ruleViolationCount(rule: "R-NO-DUPLICATE-SHARED") }`, nil)
	count := int(dig(rep, "duplication", "count").(float64))
	distinct := map[string]bool{}
	for _, r := range dig(rep, "duplicates").([]any) {
		distinct[dig(r, "component", "code").(string)] = true
	}
	if count != len(distinct) || count != len(dig(rep, "duplication", "components").([]any)) {
		t.Errorf("duplication.count %d, components in the rows %d", count, len(distinct))
	}
	if n := int(dig(rep, "ruleViolationCount").(float64)); n != count {
		t.Errorf("ruleViolationCount %d, duplication.count %d: one definition, one count", n, count)
	}

	a.token = editorToken
	create := `mutation($in: CreateComponentInput!) { createComponent(input: $in) { id code } }`
	in := map[string]any{"code": "TEST-DUP-MAIL", "name": "Hệ thống thư điện tử công vụ tỉnh", "nameEn": "Provincial official mail",
		"kind": "APPLICATION", "scope": "PROVINCE", "layer": "L3", "owner": "HA-NOI", "status": "OPERATING"}
	a.ok(create, map[string]any{"in": in})
	one := `query($r: [ReviewState!]) { duplicates(of: "OFFICIAL-EMAIL", review: $r) { component { code } basis confidence matchedTerms review evidenceVi } }`
	find := func(r []string) map[string]any {
		t.Helper()
		var vars map[string]any
		if r != nil {
			vars = map[string]any{"r": r}
		}
		for _, row := range dig(a.ok(one, vars), "duplicates").([]any) {
			if dig(row, "component", "code") == "TEST-DUP-MAIL" {
				return row.(map[string]any)
			}
		}
		return nil
	}
	row := find(nil)
	if row == nil || row["basis"] != "INFERRED" || row["confidence"].(float64) < 0.5 || len(row["matchedTerms"].([]any)) == 0 || row["evidenceVi"] == "" {
		t.Fatalf("the new component's inferred finding: %v", row)
	}

	dismiss := `mutation($n: String!) { dismissDuplicate(component: "TEST-DUP-MAIL", shared: "OFFICIAL-EMAIL", note: $n) { review reviewNote reviewedBy } }`
	a.token = ""
	if r := a.query(dismiss, map[string]any{"n": "x"}); r.code() != "UNAUTHENTICATED" {
		t.Errorf("no token: %s", r.Raw)
	}
	a.token = viewerToken
	if r := a.query(dismiss, map[string]any{"n": "x"}); r.code() != "FORBIDDEN" {
		t.Errorf("viewer: %s", r.Raw)
	}
	other, _, err := a.st.CreateToken(ctx, "HUE", model.RoleEditor, "hue editor", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	a.token = other
	if r := a.query(dismiss, map[string]any{"n": "x"}); r.code() != "FORBIDDEN" {
		t.Errorf("another province's editor: %s", r.Raw)
	}
	a.token = editorToken
	if r := a.query(dismiss, map[string]any{"n": "  "}); r.code() != "BAD_USER_INPUT" {
		t.Errorf("an empty note: %s", r.Raw)
	}
	if r := a.query(`mutation { dismissDuplicate(component: "TEST-DUP-MAIL", shared: "NO-SUCH", note: "x") { review } }`, nil); r.code() != "NOT_FOUND" {
		t.Errorf("an unknown platform: %s", r.Raw)
	}
	d := a.ok(dismiss, map[string]any{"n": "thư công vụ của tỉnh chạy trên hệ thống quốc gia"})
	if dig(d, "dismissDuplicate", "review") != "DISMISSED" || dig(d, "dismissDuplicate", "reviewedBy") != "test-editor" {
		t.Errorf("dismissDuplicate: %v", d)
	}
	if row := find(nil); row != nil {
		t.Errorf("a dismissed finding is reported: %v", row)
	}
	if row := find([]string{"DISMISSED"}); row == nil || row["review"] != "DISMISSED" {
		t.Errorf("review: [DISMISSED] does not list it: %v", row)
	}
	c := a.ok(fmt.Sprintf(`{ changes(entity: %q) { operation } }`, "TEST-DUP-MAIL"), nil)
	if ops := dig(c, "changes").([]any); len(ops) == 0 || dig(ops[0], "operation") != "dismissDuplicate" {
		t.Errorf("audit: %v", c)
	}
	conf := a.ok(`mutation { confirmDuplicate(component: "TEST-DUP-MAIL", shared: "OFFICIAL-EMAIL") { basis confidence review } }`, nil)
	if dig(conf, "confirmDuplicate", "basis") != "CONFIRMED" || dig(conf, "confirmDuplicate", "confidence") != 1.0 {
		t.Errorf("confirmDuplicate: %v", conf)
	}
}
