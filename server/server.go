// Package server builds archgraph's HTTP handler: health and readiness probes, the GraphQL
// endpoint with its limits and error presenter, and the embedded web UI. cmd/archgraph only
// wires it; tests drive the same handler.
package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/google/uuid"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/archgraph/archgraph/graph"
	"github.com/archgraph/archgraph/resolvers"
	"github.com/archgraph/archgraph/store"
)

// Options configures the handler.
type Options struct {
	Store    *store.Store
	Resolver *resolvers.Resolver
	Log      *slog.Logger
	// RequestTimeout is every request's deadline; keep it below the driver's retry budget.
	RequestTimeout time.Duration
	// ReadyTimeout bounds the Neo4j check of /readyz.
	ReadyTimeout time.Duration
	// MaxBodyBytes bounds a request body; larger ones get 413.
	MaxBodyBytes int64
	// Dev turns on introspection, field suggestions and GraphiQL at /graphiql.
	Dev bool
	// Limits bound each GraphQL operation; zero means DefaultLimits.
	Limits Limits
	// Tokens are the token file's bearer tokens (national operators); tokens issued with
	// `archgraph token create` are looked up in Neo4j.
	Tokens Tokens
	// ClosedReads refuses queries without a token (reads are open by default).
	ClosedReads bool
	// BodyTimeout bounds the time a client takes to send its request body (408 past it).
	BodyTimeout time.Duration
	// Cost bounds each client's spending and the analyses run at once; nil means DefaultCost,
	// a zero CostLimits no limits at all (benchmarks of the server's own speed).
	Cost *CostLimits
	// RestrictOps answers /metrics only to admin tokens, and the details of /readyz likewise;
	// others get 401/403 and a generic readiness.
	RestrictOps bool
	// KnownOperations are operation names that /metrics counts by name for anonymous callers,
	// besides those of the embedded web UI; token holders' names are counted up to a cap.
	KnownOperations []string
	// SessionTTL bounds a browser session (session.go); 0 means DefaultSessionTTL.
	SessionTTL time.Duration
	// SecureCookies marks the session cookie Secure even when the request came over plain
	// HTTP (a TLS-terminating proxy in front); over TLS it is always Secure.
	SecureCookies bool
	// CacheBytes bounds the response cache of identical reads (cache.go); 0 means
	// DefaultCacheBytes, a negative value turns the cache off.
	CacheBytes int64
	// WarmUp, when set, is given the GraphQL executor and shown in /metrics; run it with
	// WarmUp.Run once the server is built (warmup.go).
	WarmUp *WarmUp
}

// DefaultCacheBytes is the response cache's default size.
const DefaultCacheBytes = 64 << 20

// New returns the root handler.
func New(o Options) http.Handler {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = 10 * time.Second
	}
	if o.ReadyTimeout <= 0 {
		o.ReadyTimeout = 2 * time.Second
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 1 << 20
	}
	if o.BodyTimeout <= 0 {
		o.BodyTimeout = 10 * time.Second
	}
	if o.Cost == nil {
		o.Cost = &DefaultCost
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	ops := opsAccess{tokens: o.Tokens, st: o.Store, restrict: o.RestrictOps}
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := o.Store.Ping(r.Context(), o.ReadyTimeout); err != nil {
			// The reason names Neo4j's address and driver internals: only for operators.
			body := map[string]string{"status": "unavailable", "reason": "the database does not answer"}
			if ops.detail(r) {
				body["detail"] = err.Error()
			}
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusServiceUnavailable, body)
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	c := newCost(*o.Cost)
	metrics := NewMetrics(o.Store)
	metrics.cost = c
	metrics.knownOps = knownOperations(o.KnownOperations)
	if o.CacheBytes == 0 {
		o.CacheBytes = DefaultCacheBytes
	}
	cache := newResponseCache(o.Store, o.CacheBytes)
	metrics.cache = cache
	mux.Handle("GET /metrics", ops.guard(compressed(metrics)))
	gql := newGraphQL(o, c)
	if g, ok := gql.(*handler.Server); ok {
		g.Use(metrics)
		// Inside the metrics (which count and time cached answers too) and after the budget
		// (a cached answer is cheap, but a flood of them is still a flood).
		g.Use(cache)
	}
	if o.WarmUp != nil {
		// The warm-up runs the UI's operations as a request would, past the HTTP layers
		// (address, body, compression, authentication: it is the server itself).
		o.WarmUp.attach(withLoaders(o.Store, gql), o.Store, o.CacheBytes > 0)
		metrics.warm = o.WarmUp
	}
	// readBody sits outside the compression: it sets the connection's read deadline through
	// the writers it is handed.
	if o.SessionTTL <= 0 {
		o.SessionTTL = DefaultSessionTTL
	}
	ss := sessions{tokens: o.Tokens, st: o.Store, ttl: o.SessionTTL, secure: o.SecureCookies}
	mux.Handle("/graphql", clientAddr(o.Cost.ClientIPHeader, readBody(o.MaxBodyBytes, o.BodyTimeout, o.Log,
		compressed(withETags(statusHint(authenticate(o.Tokens, o.Store, !o.ClosedReads, ss, withLoaders(o.Store, gql))))))))
	mux.HandleFunc("/auth/session", ss.handle)
	if o.Dev {
		mux.Handle("GET /graphiql", playground.Handler("archgraph", "/graphql"))
	}
	mux.Handle("/", ui())
	return securityHeaders(requestID(o.Log, deadline(o.RequestTimeout, metrics.Wrap(mux))))
}

func newGraphQL(o Options, c *cost) http.Handler {
	cfg := graph.Config{Resolvers: o.Resolver}
	complexity(&cfg.Complexity)
	srv := handler.New(graph.NewExecutableSchema(cfg))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	limits := o.Limits
	if limits == (Limits{}) {
		limits = DefaultLimits
	}
	limits.Introspection = o.Dev
	srv.SetParserTokenLimit(limits.ParserTokens)
	srv.SetDisableSuggestion(!o.Dev)
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(limits)
	srv.Use(extension.FixedComplexityLimit(limits.MaxComplexity))
	srv.Use(c) // after the complexity limit, whose result it charges
	srv.AroundRootFields(c.analysisSlot)
	if o.Dev {
		srv.Use(extension.Introspection{})
	}
	srv.SetErrorPresenter(errorPresenter(o.Log, o.Dev))
	srv.SetRecoverFunc(recoverFunc(o.Log))
	return srv
}

// withLoaders gives every GraphQL request its own batching loaders.
func withLoaders(st *store.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(resolvers.WithLoaders(r.Context(), st)))
	})
}

type ctxKey int

const requestIDKey ctxKey = 0

// RequestID returns the request's id (set by the requestID middleware), or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// requestID gives every request an id, echoes it in X-Request-Id and logs the request once.
func requestID(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := uuid.NewString()
		w.Header().Set("X-Request-Id", id)
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
		log.Info("request", "request_id", id, "method", r.Method, "path", r.URL.Path, "status", sw.status, "ms", time.Since(start).Milliseconds())
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// deadline puts a deadline on every request's context.
func deadline(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func gqlErrorBody(msg, code string) map[string]any {
	return map[string]any{"errors": []map[string]any{{"message": msg, "extensions": map[string]string{"code": code}}}}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
