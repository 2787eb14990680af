package server

import (
	"context"
	"net/http"
	"strconv"
	"sync"

	"github.com/archgraph/archgraph/model"
)

// A GraphQL response is sent with HTTP 200 even when it carries errors — except for the errors
// a client or a proxy must act on without reading the body: the error presenter records them
// here, and statusHint's writer sends the response with that status and its header:
//
//	UNAUTHENTICATED  401  WWW-Authenticate: Bearer
//	RATE_LIMITED     429  Retry-After
//	UNAVAILABLE      503  Retry-After
//
// When a response holds several, the one a client must handle first wins (503, then 429, then 401).

type hint struct {
	mu         sync.Mutex
	status     int
	retryAfter int
}

type hintKey struct{}

var hintRank = map[int]int{http.StatusUnauthorized: 1, http.StatusTooManyRequests: 2, http.StatusServiceUnavailable: 3}

// hintStatus records the HTTP status an error code asks for, if any.
func hintStatus(ctx context.Context, code string, retryAfter int) {
	h, _ := ctx.Value(hintKey{}).(*hint)
	if h == nil {
		return
	}
	status := map[string]int{model.CodeUnauthenticated: http.StatusUnauthorized,
		model.CodeRateLimited: http.StatusTooManyRequests, model.CodeUnavailable: http.StatusServiceUnavailable}[code]
	if status == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if hintRank[status] > hintRank[h.status] {
		h.status = status
	}
	if retryAfter > h.retryAfter {
		h.retryAfter = retryAfter
	}
}

// statusHint gives the request a hint and sends its response with the hinted status.
func statusHint(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := &hint{}
		next.ServeHTTP(&hintWriter{ResponseWriter: w, h: h}, r.WithContext(context.WithValue(r.Context(), hintKey{}, h)))
	})
}

type hintWriter struct {
	http.ResponseWriter
	h     *hint
	wrote bool
}

func (w *hintWriter) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote = true
	w.h.mu.Lock()
	status, retry := w.h.status, w.h.retryAfter
	w.h.mu.Unlock()
	if code == http.StatusOK && status != 0 {
		code = status
		switch status {
		case http.StatusUnauthorized:
			w.Header().Set("WWW-Authenticate", `Bearer realm="archgraph"`)
		default:
			w.Header().Set("Retry-After", strconv.Itoa(max(retry, 1)))
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *hintWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Flush lets a streaming response through.
func (w *hintWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection (read deadlines of readBody).
func (w *hintWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// securityHeaders are sent with every response: no content sniffing (a JSON error echoing
// input must never be run as HTML or script), no caching of API answers by shared caches.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if r.URL.Path == "/graphql" || r.URL.Path == "/metrics" || r.URL.Path == "/readyz" || r.URL.Path == "/auth/session" {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}
