package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/server"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// The API tests share one fixture: the framework and a small synthetic estate (two provinces),
// loaded once per test binary into the wiped test database.
var (
	fixtureOnce sync.Once
	errFixture  error
)

const (
	editorToken = "editor-token-0123456789abcdef"
	viewerToken = "viewer-token-0123456789abcdef"
)

type api struct {
	t     testing.TB
	st    *store.Store
	h     http.Handler
	token string
}

func newAPI(t testing.TB) *api {
	t.Helper()
	st := storetest.Open(t)
	fixtureOnce.Do(func() {
		ctx := context.Background()
		if errFixture = bulk.New(st).DeleteAll(ctx); errFixture != nil {
			return
		}
		f, err := seed.ReadEmbedded()
		if err != nil {
			errFixture = err
			return
		}
		if _, _, errFixture = seed.LoadFramework(ctx, st, f); errFixture != nil {
			return
		}
		_, errFixture = seed.Synthetic(f, seed.SyntheticOptions{Size: seed.SizeS, RandSeed: 1, Provinces: 2},
			func(b bulk.Batch) error { return bulk.New(st).WriteBatch(ctx, b) })
	})
	if errFixture != nil {
		t.Fatal(errFixture)
	}
	tokens, err := server.LoadTokens(writeTokens(t))
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	// A generous deadline: these tests check answers, and a loaded CI machine is slow.
	h := server.New(server.Options{Store: st, Resolver: &resolvers.Resolver{Store: st, Version: model.Version{Version: "test"}},
		Log: log, Tokens: tokens, RequestTimeout: time.Minute})
	return &api{t: t, st: st, h: h}
}

func writeTokens(t testing.TB) string {
	p := filepath.Join(t.TempDir(), "tokens")
	body := "# test tokens\n" + editorToken + " editor test-editor\n" + viewerToken + " viewer test-viewer\n"
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

type gqlResponse struct {
	Status int
	Data   map[string]any
	Errors []struct {
		Message    string
		Extensions map[string]any
	}
	Raw string
}

// code is the first error's code, or "".
func (r gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

func (a *api) post(body []byte) gqlResponse {
	a.t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	out := gqlResponse{Status: rec.Code, Raw: rec.Body.String()}
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return out
}

func (a *api) query(q string, vars map[string]any) gqlResponse {
	a.t.Helper()
	body, err := json.Marshal(map[string]any{"query": q, "variables": vars})
	if err != nil {
		a.t.Fatal(err)
	}
	return a.post(body)
}

// ok runs q and fails the test on any error.
func (a *api) ok(q string, vars map[string]any) map[string]any {
	a.t.Helper()
	r := a.query(q, vars)
	if r.Status != 200 || len(r.Errors) > 0 || r.Data == nil {
		a.t.Fatalf("query failed (%d): %s\nquery: %s", r.Status, r.Raw, q)
	}
	return r.Data
}

// refusal is a query the API must refuse with code and an error message containing msg.
type refusal struct{ name, q, code, msg string }

// refusedFast runs each refusal as a subtest: the right code and message, within 2 s (hostile
// input is refused before any costly work).
func (a *api) refusedFast(t *testing.T, cases []refusal) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			r := a.query(tc.q, nil)
			if r.code() != tc.code || len(r.Errors) == 0 || !strings.Contains(r.Errors[0].Message, tc.msg) {
				t.Errorf("want %s %q, got %s", tc.code, tc.msg, clipBody(r.Raw))
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("refused after %s", d)
			}
		})
	}
}

// dig walks a decoded JSON value by keys and indexes: dig(d, "components", "edges", 0, "node").
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func checksum(t *testing.T, st *store.Store) string {
	t.Helper()
	sum, err := bulk.New(st).ModelChecksum(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

var _ = strings.Repeat
