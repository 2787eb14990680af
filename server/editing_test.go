package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/server"
)

// asToken runs q with a bearer token, without touching a.token (safe from several goroutines).
func (a *api) asToken(tok, q string, vars map[string]any) gqlResponse {
	body, err := json.Marshal(map[string]any{"query": q, "variables": vars})
	if err != nil {
		a.t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	out := gqlResponse{Status: rec.Code, Raw: rec.Body.String()}
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return out
}

// TestConcurrentEditsOneConflict: two editors open the same component (the same revision) and
// save at the same moment; one save is written, the other is CONFLICT naming the first editor,
// what it changed and when — never a silent overwrite. Repeated, so that the two requests
// really race on the lock.
func TestConcurrentEditsOneConflict(t *testing.T) {
	a := newAPI(t)
	province, _ := token(t, a, "HA-NOI", model.RoleEditor, 0)
	commune := "SYN-HA-NOI-X0001"
	communeTok, _ := token(t, a, commune, model.RoleEditor, 0)
	d := a.asToken(province, `mutation($o: String) { createComponent(input: {code: "TEST-REV-1", name: "Cổng thông tin xã thử",
		nameEn: "Test commune portal", kind: PORTAL, scope: COMMUNE, layer: "L4", owner: $o}) { id revision } }`, map[string]any{"o": commune})
	if len(d.Errors) > 0 {
		t.Fatal(d.Raw)
	}
	id := dig(d.Data, "createComponent", "id").(string)
	if rev := dig(d.Data, "createComponent", "revision"); rev != float64(0) {
		t.Fatalf("a new component's revision = %v, want 0", rev)
	}
	upd := `mutation($id: ID!, $rev: Int, $name: String) { updateComponent(id: $id, revision: $rev, input: {name: $name}) { name revision } }`
	const rounds = 6
	for round := 0; round < rounds; round++ {
		rev := round // each round starts from the revision the previous winner made
		changesBefore := countChanges(t, a)
		var wg sync.WaitGroup
		start := make(chan struct{})
		res := make([]gqlResponse, 2)
		for i, tok := range []string{province, communeTok} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				res[i] = a.asToken(tok, upd, map[string]any{"id": id, "rev": rev, "name": []string{"Tên của tỉnh", "Tên của xã"}[i] + " " + string(rune('A'+round))})
			}()
		}
		close(start)
		wg.Wait()
		var won, lost []int
		for i, r := range res {
			switch {
			case len(r.Errors) == 0:
				won = append(won, i)
			case r.code() == "CONFLICT":
				lost = append(lost, i)
			default:
				t.Fatalf("round %d editor %d: %s", round, i, r.Raw)
			}
		}
		if len(won) != 1 || len(lost) != 1 {
			t.Fatalf("round %d: %d saves written and %d conflicts, want 1 and 1:\n%s\n%s", round, len(won), len(lost), res[0].Raw, res[1].Raw)
		}
		w, l := res[won[0]], res[lost[0]]
		if dig(w.Data, "updateComponent", "revision") != float64(rev+1) {
			t.Fatalf("round %d: the written save has revision %v, want %d", round, dig(w.Data, "updateComponent", "revision"), rev+1)
		}
		winnerAgency := []string{"HA-NOI", commune}[won[0]]
		ext := l.Errors[0].Extensions
		msg := l.Errors[0].Message
		if ext["revision"] != float64(rev+1) || ext["yourRevision"] != float64(rev) || ext["operation"] != "updateComponent" ||
			!strings.Contains(ext["changedBy"].(string), winnerAgency) || ext["changedAt"] == "" ||
			!strings.Contains(msg, "TEST-REV-1") || !strings.Contains(msg, winnerAgency) || !strings.Contains(msg, "changed name") {
			t.Fatalf("round %d: the conflict does not name who changed what and when: %s", round, l.Raw)
		}
		if f, _ := ext["fields"].([]any); len(f) != 1 || f[0] != "name" {
			t.Fatalf("round %d: fields = %v, want [name]", round, ext["fields"])
		}
		// What is stored is the winner's save, and only it was audited.
		got := a.asToken(province, `query($id: ID!) { node(id: $id) { ... on Component { name revision } } }`, map[string]any{"id": id})
		if want := dig(w.Data, "updateComponent", "name"); dig(got.Data, "node", "name") != want {
			t.Fatalf("round %d: stored name %v, want the written save's %v", round, dig(got.Data, "node", "name"), want)
		}
		if n := countChanges(t, a) - changesBefore; n != 1 {
			t.Fatalf("round %d: %d audit entries, want 1", round, n)
		}
	}
	// A stale retire is refused too; the current revision retires it. Without a revision (the
	// API's earlier clients) nothing is checked.
	if r := a.asToken(province, `mutation($id: ID!) { deleteComponent(id: $id, revision: 0) }`, map[string]any{"id": id}); r.code() != "CONFLICT" {
		t.Fatalf("stale retire: %s", r.Raw)
	}
	if r := a.asToken(province, `mutation($id: ID!) { updateComponent(id: $id, revision: -1, input: {status: BUILDING}) { id } }`, map[string]any{"id": id}); r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "revision" {
		t.Fatalf("negative revision: %s", r.Raw)
	}
	if r := a.asToken(province, `mutation($id: ID!) { updateComponent(id: $id, input: {status: BUILDING}) { revision } }`, map[string]any{"id": id}); len(r.Errors) > 0 || dig(r.Data, "updateComponent", "revision") != float64(rounds+1) {
		t.Fatalf("unchecked update: %s", r.Raw)
	}
	// An update that changes nothing does not move the revision.
	if r := a.asToken(province, `mutation($id: ID!, $r: Int) { updateComponent(id: $id, revision: $r, input: {status: BUILDING}) { revision } }`, map[string]any{"id": id, "r": rounds + 1}); len(r.Errors) > 0 || dig(r.Data, "updateComponent", "revision") != float64(rounds+1) {
		t.Fatalf("no-op update: %s", r.Raw)
	}
	if r := a.asToken(province, `mutation($id: ID!, $r: Int) { deleteComponent(id: $id, revision: $r) }`, map[string]any{"id": id, "r": rounds + 1}); len(r.Errors) > 0 {
		t.Fatalf("retire at the current revision: %s", r.Raw)
	}
}

// TestFieldOfBadInput: a refused input names its field (extensions.field), so that a form shows
// the message next to it.
func TestFieldOfBadInput(t *testing.T) {
	a := newAPI(t)
	tok, _ := token(t, a, "HA-NOI", model.RoleEditor, 0)
	for field, input := range map[string]string{
		"code":    `{code: "bad code", name: "x", nameEn: "x", kind: PORTAL, scope: PROVINCE, layer: "L4"}`,
		"name":    `{code: "TEST-F-1", name: "  ", nameEn: "x", kind: PORTAL, scope: PROVINCE, layer: "L4"}`,
		"dueYear": `{code: "TEST-F-1", name: "x", nameEn: "x", kind: PORTAL, scope: PROVINCE, layer: "L4", dueYear: 1990}`,
		"owner":   `{code: "TEST-F-1", name: "x", nameEn: "x", kind: PORTAL, scope: PROVINCE, layer: "L4", owner: "NO-SUCH-AGENCY"}`,
	} {
		r := a.asToken(tok, `mutation { createComponent(input: `+input+`) { id } }`, nil)
		if len(r.Errors) == 0 || r.Errors[0].Extensions["field"] != field {
			t.Errorf("%s: %s", field, r.Raw)
		}
	}
}

// session is a browser: it keeps the cookies the server sets.
type browser struct {
	t       *testing.T
	h       http.Handler
	cookies map[string]*http.Cookie
	https   bool
}

func (b *browser) do(method, path, body string, hdr map[string]string) *httptest.ResponseRecorder {
	b.t.Helper()
	url := path
	if b.https {
		url = "https://archgraph.example" + path
	}
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return rec
}

var webHeaders = map[string]string{"Content-Type": "application/json", server.ClientHeader: "web"}

func (b *browser) gql(q string, hdr map[string]string) gqlResponse {
	b.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q})
	rec := b.do(http.MethodPost, "/graphql", string(body), hdr)
	out := gqlResponse{Status: rec.Code, Raw: rec.Body.String()}
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return out
}

// TestSessionSignInOut: a token is exchanged for an HttpOnly, SameSite=Strict session cookie
// (Secure and __Host- over TLS); the cookie counts only with the client header (CSRF); `me`
// says who; the session ends when the token is revoked or expires, and on sign-out; neither
// the token nor the session's secret reaches the log.
func TestSessionSignInOut(t *testing.T) {
	a := newAPI(t)
	var logBuf bytes.Buffer
	var mu sync.Mutex
	log := slog.New(slog.NewJSONHandler(lockedWriter{&mu, &logBuf}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	tokens, err := server.LoadTokens(writeTokens(t))
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(server.Options{Store: a.st, Resolver: &resolvers.Resolver{Store: a.st, Version: model.Version{Version: "test"}},
		Log: log, Tokens: tokens, RequestTimeout: time.Minute})
	secret, tok := token(t, a, "HA-NOI", model.RoleEditor, 2*time.Hour)
	b := &browser{t: t, h: h, cookies: map[string]*http.Cookie{}}
	signIn := func(tk string, hdr map[string]string) *httptest.ResponseRecorder {
		body, _ := json.Marshal(map[string]string{"token": tk})
		return b.do(http.MethodPost, "/auth/session", string(body), hdr)
	}
	if rec := signIn(secret, map[string]string{"Content-Type": "application/json"}); rec.Code != 403 {
		t.Fatalf("sign-in without the client header: %d %s", rec.Code, rec.Body)
	}
	if rec := signIn(secret, map[string]string{"Content-Type": "text/plain", server.ClientHeader: "web"}); rec.Code != 400 {
		t.Fatalf("sign-in as text/plain (a form's): %d %s", rec.Code, rec.Body)
	}
	if rec := signIn("agt_"+strings.Repeat("B", 43), webHeaders); rec.Code != 401 || len(b.cookies) != 0 {
		t.Fatalf("sign-in with an unknown token: %d %s", rec.Code, rec.Body)
	}
	rec := signIn(secret, webHeaders)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"agency":"HA-NOI"`) {
		t.Fatalf("sign-in: %d %s", rec.Code, rec.Body)
	}
	c := b.cookies[server.SessionCookie]
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Secure || c.Path != "/" ||
		strings.Contains(c.Value, secret) || !strings.HasPrefix(c.Value, "ags_") {
		t.Fatalf("session cookie %+v", c)
	}
	if c.Expires.After(time.Now().Add(2*time.Hour + time.Minute)) {
		t.Fatalf("the session outlives its token: %v", c.Expires)
	}
	me := `{ me { name role canWrite national via expiresAt agency { code } editableAgencies { code } } }`
	r := b.gql(me, webHeaders)
	if r.Status != 200 || dig(r.Data, "me", "via") != "SESSION" || dig(r.Data, "me", "agency", "code") != "HA-NOI" ||
		dig(r.Data, "me", "canWrite") != true || dig(r.Data, "me", "national") != false {
		t.Fatalf("me: %s", r.Raw)
	}
	if eds, _ := dig(r.Data, "me", "editableAgencies").([]any); len(eds) < 2 || dig(eds, 0, "code") != "HA-NOI" {
		t.Fatalf("editableAgencies should be the province then its communes: %v", eds)
	}
	// Without the client header (a page of another site, a link) the cookie does not count.
	if r := b.gql(me, map[string]string{"Content-Type": "application/json"}); r.Status != 200 || dig(r.Data, "me") != nil {
		t.Fatalf("me without the client header: %s", r.Raw)
	}
	upd := `mutation { createComponent(input: {code: "TEST-SESS-1", name: "Thử", nameEn: "Test", kind: PORTAL, scope: PROVINCE, layer: "L4"}) { revision owner { code } } }`
	if r := b.gql(upd, map[string]string{"Content-Type": "application/json"}); r.code() != "UNAUTHENTICATED" {
		t.Fatalf("a forged cross-site mutation: %s", r.Raw)
	}
	if r := b.gql(upd, webHeaders); len(r.Errors) > 0 || dig(r.Data, "createComponent", "owner", "code") != "HA-NOI" {
		t.Fatalf("a mutation in the session: %s", r.Raw)
	}
	// A token of the token file signs in too (a national operator).
	b2 := &browser{t: t, h: h, cookies: map[string]*http.Cookie{}, https: true}
	body, _ := json.Marshal(map[string]string{"token": editorToken})
	if rec := b2.do(http.MethodPost, "/auth/session", string(body), webHeaders); rec.Code != 200 {
		t.Fatalf("operator sign-in: %d %s", rec.Code, rec.Body)
	}
	if c := b2.cookies[server.SecureSessionCookie]; c == nil || !c.Secure || !c.HttpOnly {
		t.Fatalf("over TLS the cookie is __Host- and Secure: %v", b2.cookies)
	}
	if r := b2.gql(me, webHeaders); dig(r.Data, "me", "national") != true || dig(r.Data, "me", "agency") != nil {
		t.Fatalf("operator me: %s", r.Raw)
	}
	// Expiry of the token ends the session (checked on the store's clock).
	later := time.Now().Add(3 * time.Hour)
	a.st.SetClock(func() time.Time { return later })
	r = b.gql(me, webHeaders)
	a.st.SetClock(nil)
	if r.Status != 401 || r.code() != "UNAUTHENTICATED" {
		t.Fatalf("after the token's expiry: %d %s", r.Status, r.Raw)
	}
	if len(b.cookies) != 0 {
		t.Fatalf("an ended session's cookie should be cleared: %v", b.cookies)
	}
	// Revocation ends a session at the next request.
	if rec := signIn(secret, webHeaders); rec.Code != 200 {
		t.Fatalf("second sign-in: %d", rec.Code)
	}
	if _, err := a.st.Governance().RevokeToken(context.Background(), tok.ID); err != nil {
		t.Fatal(err)
	}
	if r := b.gql(me, webHeaders); r.Status != 401 || !strings.Contains(r.Raw, "revoked") {
		t.Fatalf("after revocation: %d %s", r.Status, r.Raw)
	}
	// Sign-out removes the session: its cookie replayed later is refused.
	other, _ := token(t, a, "HA-NOI", model.RoleViewer, 0)
	if rec := signIn(other, webHeaders); rec.Code != 200 {
		t.Fatalf("viewer sign-in: %d", rec.Code)
	}
	kept := *b.cookies[server.SessionCookie]
	if r := b.gql(me, webHeaders); dig(r.Data, "me", "canWrite") != false {
		t.Fatalf("viewer me: %s", r.Raw)
	}
	if rec := b.do(http.MethodDelete, "/auth/session", "", webHeaders); rec.Code != 204 || len(b.cookies) != 0 {
		t.Fatalf("sign-out: %d %v", rec.Code, b.cookies)
	}
	b.cookies[kept.Name] = &kept
	if r := b.gql(me, webHeaders); r.Status != 401 {
		t.Fatalf("a signed-out session's cookie replayed: %d %s", r.Status, r.Raw)
	}
	mu.Lock()
	logged := logBuf.String()
	mu.Unlock()
	if logged == "" || strings.Contains(logged, secret) || strings.Contains(logged, other) || strings.Contains(logged, kept.Value) {
		t.Fatalf("the log holds a token or session secret (or is empty): %s", clip(logged))
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
