package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
)

// token issues a real agency-scoped token through the store, as `archgraph token create` does.
func token(t *testing.T, a *api, agency string, role model.Role, ttl time.Duration) (string, model.Token) {
	t.Helper()
	secret, tok, err := a.st.CreateToken(context.Background(), agency, role, "test "+string(role)+"@"+agency, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return secret, tok
}

func TestTokensForgedExpiredRevoked(t *testing.T) {
	a := newAPI(t)
	q := `mutation { updateComponent(id: "SYN-HA-NOI-TINH-LGSP", input: {status: OPERATING}) { status } }`
	before := checksum(t, a.st)

	secret, tok := token(t, a, "HA-NOI", model.RoleEditor, time.Hour)
	for name, bad := range map[string]string{
		"forged":       "agt_" + strings.Repeat("A", 43),
		"tampered":     secret[:len(secret)-1] + "x",
		"not a bearer": "",
	} {
		a.token = bad
		r := a.query(q, nil)
		if name == "not a bearer" {
			if r.code() != "UNAUTHENTICATED" {
				t.Errorf("%s: %s", name, r.Raw)
			}
			continue
		}
		if r.Status != 401 || r.code() != "UNAUTHENTICATED" || !strings.Contains(r.Raw, "unknown") {
			t.Errorf("%s token: %d %s", name, r.Status, r.Raw)
		}
	}
	expired, _ := token(t, a, "HA-NOI", model.RoleEditor, time.Millisecond)
	time.Sleep(20 * time.Millisecond)
	a.token = expired
	if r := a.query(q, nil); r.Status != 401 || !strings.Contains(r.Raw, "expired") {
		t.Errorf("expired token: %d %s", r.Status, r.Raw)
	}
	if _, err := a.st.RevokeToken(context.Background(), tok.ID); err != nil {
		t.Fatal(err)
	}
	a.token = secret
	if r := a.query(q, nil); r.Status != 401 || !strings.Contains(r.Raw, "revoked") {
		t.Errorf("revoked token: %d %s", r.Status, r.Raw)
	}
	if after := checksum(t, a.st); after != before {
		t.Fatal("refused tokens changed the graph")
	}
}

func TestAuthorizationFollowsHierarchy(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	// The fixture's two provinces are the first two of the framework: HA-NOI and HUE.
	hanoi, _ := token(t, a, "HA-NOI", model.RoleEditor, 0)
	commune := "SYN-HA-NOI-X0001"
	communeTok, _ := token(t, a, commune, model.RoleEditor, 0)
	viewer, _ := token(t, a, "HA-NOI", model.RoleViewer, 0)
	hueComponent := firstOwned(t, a, "HUE")
	hanoiPlatform := firstOwned(t, a, "HA-NOI")
	communeComponent := firstOwned(t, a, commune)
	upd := `mutation($id: ID!) { updateComponent(id: $id, input: {status: RETIRED}) { status } }`

	before := checksum(t, a.st)
	changesBefore := countChanges(t, a)
	for _, tc := range []struct {
		name, token, id, scope string
	}{
		{"province A editor on province B's component", hanoi, hueComponent, "HA-NOI"},
		{"commune editor on its province's platform", communeTok, hanoiPlatform, commune},
	} {
		a.token = tc.token
		r := a.query(upd, map[string]any{"id": tc.id})
		if r.code() != "FORBIDDEN" || !strings.Contains(r.Raw, tc.scope) {
			t.Errorf("%s: %s", tc.name, clipBody(r.Raw))
		}
	}
	a.token = viewer
	if r := a.query(upd, map[string]any{"id": communeComponent}); r.code() != "FORBIDDEN" {
		t.Errorf("viewer: %s", clipBody(r.Raw))
	}
	a.token = hanoi
	if r := a.query(`mutation { addDependency(from: "`+hueComponent+`", to: "NDXP") { code } }`, nil); r.code() != "FORBIDDEN" {
		t.Errorf("dependency from another province's component: %s", clipBody(r.Raw))
	}
	if r := a.query(`mutation { addUse(agency: "HUE", component: "NDXP") { code } }`, nil); r.code() != "FORBIDDEN" {
		t.Errorf("use on behalf of another province: %s", clipBody(r.Raw))
	}
	if r := a.query(`mutation { createComponent(input: {code: "TEST-HUE-X", name: "x", nameEn: "x", kind: PLATFORM, scope: PROVINCE, layer: "L2", owner: "HUE"}) { id } }`, nil); r.code() != "FORBIDDEN" {
		t.Errorf("create owned by another province: %s", clipBody(r.Raw))
	}
	if after := checksum(t, a.st); after != before {
		t.Fatal("refused writes changed the graph")
	}
	if n := countChanges(t, a); n != changesBefore {
		t.Fatalf("refused writes added %d audit entries", n-changesBefore)
	}

	// Allowed: the province editor on its commune's component, the commune editor on its own.
	a.token = hanoi
	a.ok(upd, map[string]any{"id": communeComponent})
	a.token = communeTok
	a.ok(`mutation($id: ID!) { updateComponent(id: $id, input: {status: OPERATING}) { status } }`, map[string]any{"id": communeComponent})
	_ = ctx
}

// TestAuditOneEntryPerMutation: N mutations give exactly N audit entries, with actor, operation
// and before/after values; a no-op edge change logs nothing.
func TestAuditOneEntryPerMutation(t *testing.T) {
	a := newAPI(t)
	editor, _ := token(t, a, "HA-NOI", model.RoleEditor, 0)
	a.token = editor
	before := countChanges(t, a)
	d := a.ok(`mutation { createComponent(input: {code: "TEST-AUDIT-1", name: "Hệ thống thử", nameEn: "Test system", kind: APPLICATION, scope: PROVINCE, layer: "L3"}) { id owner { code } } }`, nil)
	id := dig(d, "createComponent", "id").(string)
	if dig(d, "createComponent", "owner", "code") != "HA-NOI" {
		t.Errorf("an editor's component should default to its agency: %v", d)
	}
	muts := []string{
		`mutation($id: ID!) { updateComponent(id: $id, input: {status: BUILDING}) { id } }`,
		`mutation($id: ID!) { addDependency(from: $id, to: "NDXP") { id } }`,
		`mutation($id: ID!) { addProvision(component: $id, capability: "CAP-REPORTING") { id } }`,
		`mutation($id: ID!) { removeDependency(from: $id, to: "NDXP") { id } }`,
		`mutation($id: ID!) { deleteComponent(id: $id) }`,
	}
	for _, m := range muts {
		a.ok(m, map[string]any{"id": id})
	}
	n := 1 + len(muts)
	if got := countChanges(t, a) - before; got != n {
		t.Fatalf("%d mutations gave %d audit entries", n, got)
	}
	d = a.ok(`query($id: ID!) { changes(entity: $id) { operation actor actorAgency before after } }`, map[string]any{"id": id})
	ch := d["changes"].([]any)
	if len(ch) != n || dig(ch, 0, "operation") != "deleteComponent" || dig(ch, n-1, "operation") != "createComponent" {
		t.Fatalf("changes(entity) = %v", ch)
	}
	if dig(ch, n-1, "before") != nil || !strings.Contains(dig(ch, n-1, "after").(string), "TEST-AUDIT-1") ||
		dig(ch, 0, "after") != nil || dig(ch, 0, "actorAgency") != "HA-NOI" {
		t.Fatalf("before/after not recorded: %v", ch)
	}
	upd := ch[n-2].(map[string]any)
	if upd["operation"] != "updateComponent" || !strings.Contains(upd["before"].(string), `"status":"PLANNED"`) ||
		!strings.Contains(upd["after"].(string), `"status":"BUILDING"`) {
		t.Fatalf("the update's entry does not hold the values before and after: %v", upd)
	}
	// Adding an edge that exists, or removing one that does not, changes nothing and logs nothing.
	a.token = "" // read back with no token
	if r := a.query(`mutation { addDependency(from: "NDXP", to: "NDC") { code } }`, nil); r.code() != "UNAUTHENTICATED" {
		t.Fatalf("anonymous mutation: %s", r.Raw)
	}
	// The audit log needs a token (issue 17): anonymous callers get 401.
	if r := a.query(`{ changes(first: 1) { id } }`, nil); r.Status != 401 || r.code() != "UNAUTHENTICATED" {
		t.Fatalf("anonymous changes: %d %s", r.Status, r.Raw)
	}
	a.token = viewerToken
	d = a.ok(`{ changes(actor: "HA-NOI", since: "2000-01-01") { id } }`, nil)
	if len(d["changes"].([]any)) < n {
		t.Fatalf("changes(actor) = %v", d)
	}
	if r := a.query(`{ changes(since: "yesterday") { id } }`, nil); r.code() != "BAD_USER_INPUT" {
		t.Fatalf("a bad since: %s", r.Raw)
	}
	// There is no mutation that edits or deletes the log.
	if r := a.query(`mutation { deleteChange(id: "x") }`, nil); r.code() != "GRAPHQL_VALIDATION_FAILED" {
		t.Fatalf("the schema should have no mutation on the log: %s", r.Raw)
	}
}

func firstOwned(t *testing.T, a *api, agency string) string {
	t.Helper()
	d := a.ok(`query($a: String) { components(first: 1, filter: {owner: $a}) { edges { node { code } } } }`, map[string]any{"a": agency})
	code, _ := dig(d, "components", "edges", 0, "node", "code").(string)
	if code == "" {
		t.Fatalf("%s owns no component in the fixture", agency)
	}
	return code
}

func countChanges(t *testing.T, a *api) int {
	t.Helper()
	ch, err := a.st.Changes(context.Background(), "", "", "", 100000)
	if err != nil {
		t.Fatal(err)
	}
	return len(ch)
}
