package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/archgraph/archgraph/server"
)

// TestClientAbortIsNotInternal: a client that aborts its request while the server computes it
// (the effect panel aborts its preview when the form changes) is not an internal error: the
// server logs it at debug level as a canceled request, never "graphql: internal error".
func TestClientAbortIsNotInternal(t *testing.T) {
	a := newAPI(t)
	logs := &syncBuffer{}
	h := newHardened(t, a.st, func(o *server.Options) {
		o.Log = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	id := cypherRows(t, a.st, `MATCH (:Agency {code: 'HA-NOI'})-[:OWNS]->(c:Component) RETURN c.id AS id ORDER BY c.code LIMIT 1`, nil, "id")[0]
	body, _ := json.Marshal(map[string]any{"query": previewChangeQ, "variables": map[string]any{"c": map[string]any{
		"id": id, "update": map[string]any{"name": "Tên thử hủy"}}}})
	canceled := false
	// The abort must land while the server works: tried after several delays, until one does.
	for _, after := range []time.Duration{150 * time.Millisecond, 80 * time.Millisecond, 300 * time.Millisecond, 40 * time.Millisecond, 600 * time.Millisecond} {
		ctx, cancel := context.WithTimeout(context.Background(), after)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, h.srv.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+adminToken)
		resp, err := http.DefaultClient.Do(req)
		cancel()
		if err == nil {
			resp.Body.Close()
			continue // answered before the abort
		}
		// The server notices the closed connection and ends the request: wait for its log line.
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if strings.Contains(logs.String(), "request canceled by the client") {
				canceled = true
				break
			}
			if strings.Contains(logs.String(), `"http request"`) && strings.Contains(logs.String(), "internal error") {
				break
			}
		}
		if canceled {
			break
		}
	}
	if strings.Contains(logs.String(), "graphql: internal error") {
		t.Errorf("a client abort was logged as an internal error:\n%.2000s", logs.String())
	}
	if !canceled {
		t.Errorf("no abort landed while the server worked, or it was not logged as a canceled request:\n%.2000s", logs.String())
	}
}
