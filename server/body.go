package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"
	"unicode/utf8"

	"github.com/archgraph/archgraph/model"
)

// maxJSONDepth bounds the nesting of a request's JSON (variables included): a GraphQL request
// of archgraph's schema needs a handful of levels; 20,000 would only cost the decoder.
const maxJSONDepth = 64

// readBody is the one reader of request bodies, before authentication and parsing: every
// refusal is an HTTP status with a GraphQL-shaped error body and a code, and no body is ever
// logged or echoed.
//
//   - over max bytes, announced or sent chunked: 413 PAYLOAD_TOO_LARGE;
//   - not sent completely within timeout (a slow or stalled client): 408 REQUEST_TIMEOUT, and the
//     connection is closed;
//   - empty, not UTF-8 (which the JSON decoder would turn into U+FFFD silently), not a JSON
//     object (a batch array, broken JSON), nested deeper than maxJSONDepth, or with fields a
//     GraphQL request does not have: 400 BAD_REQUEST naming the problem.
//
// GET requests carry the operation in the URL, whose size the server's header limit bounds;
// their variables and extensions parameters get the same checks.
func readBody(max int64, timeout time.Duration, log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			q := r.URL.Query()
			for _, p := range []string{"query", "operationName", "variables", "extensions"} {
				if v := q.Get(p); !utf8.ValidString(v) {
					badRequest(w, fmt.Sprintf("the %s parameter is not valid UTF-8", p))
					return
				} else if v != "" && (p == "variables" || p == "extensions") {
					if msg := checkJSONObject([]byte(v)); msg != "" {
						badRequest(w, "the "+p+" parameter: "+msg)
						return
					}
				}
			}
			next.ServeHTTP(w, r)
			return
		}
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > max {
			tooLarge(w, max)
			return
		}
		if timeout > 0 {
			// Only the body's read is bounded here; the response has its own write deadline.
			_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(timeout))
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
		if timeout > 0 {
			_ = http.NewResponseController(w).SetReadDeadline(time.Time{})
		}
		var mbe *http.MaxBytesError
		var ne net.Error
		switch {
		case errors.As(err, &mbe):
			tooLarge(w, max)
			return
		case errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
			log.Warn("request body not received in time", "request_id", RequestID(r.Context()), "timeout", timeout, "bytes", len(body))
			w.Header().Set("Connection", "close")
			writeJSON(w, http.StatusRequestTimeout, gqlErrorBody(fmt.Sprintf("the request body did not arrive within %s", timeout), model.CodeRequestTimeout))
			return
		case err != nil:
			badRequest(w, "the request body could not be read")
			return
		}
		if msg := checkRequestBody(body); msg != "" {
			badRequest(w, msg)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		next.ServeHTTP(w, r)
	})
}

// checkRequestBody says what is wrong with a POST body, or "".
func checkRequestBody(body []byte) string {
	t := bytes.TrimSpace(body)
	switch {
	case len(t) == 0:
		return `the request body is empty; send {"query": "…"}`
	case !utf8.Valid(body):
		return "the request body is not valid UTF-8"
	case t[0] == '[':
		return "batched operations are not supported; send one operation per request"
	}
	if msg := checkJSONObject(t); msg != "" {
		return "the request body " + msg
	}
	var req struct {
		Query         *string         `json:"query"`
		OperationName *string         `json:"operationName"`
		Variables     json.RawMessage `json:"variables"`
		Extensions    json.RawMessage `json:"extensions"`
		DocumentID    *string         `json:"documentId"`
	}
	dec := json.NewDecoder(bytes.NewReader(t))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return fmt.Sprintf("is not a GraphQL request: %q must not be a %s", ute.Field, ute.Value)
		}
		return "is not a GraphQL request: " + clipMsg(err.Error())
	}
	for _, p := range []struct {
		name string
		raw  json.RawMessage
	}{{"variables", req.Variables}, {"extensions", req.Extensions}} {
		if v := bytes.TrimSpace(p.raw); len(v) > 0 && !bytes.Equal(v, []byte("null")) && v[0] != '{' {
			return fmt.Sprintf("is not a GraphQL request: %q must be an object", p.name)
		}
	}
	return ""
}

// checkJSONObject checks that b is one JSON object nested at most maxJSONDepth deep.
func checkJSONObject(b []byte) string {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '{' {
		return "is not a JSON object"
	}
	depth, inString, escaped := 0, false, false
	for _, c := range t {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			if depth > maxJSONDepth {
				return fmt.Sprintf("is nested more than %d levels deep", maxJSONDepth)
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	if !json.Valid(t) {
		var v any
		err := json.Unmarshal(t, &v)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fmt.Sprintf("is not valid JSON (at byte %d)", se.Offset)
		}
		return "is not valid JSON"
	}
	return ""
}

func clipMsg(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

func badRequest(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusBadRequest, gqlErrorBody(msg, model.CodeBadRequest))
}

func tooLarge(w http.ResponseWriter, max int64) {
	w.Header().Set("Connection", "close")
	writeJSON(w, http.StatusRequestEntityTooLarge, gqlErrorBody(fmt.Sprintf("request body too large (at most %d bytes)", max), model.CodePayloadTooLarge))
}
