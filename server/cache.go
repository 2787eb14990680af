package server

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"golang.org/x/sync/singleflight"

	"github.com/archgraph/archgraph/model"
)

// The response cache answers identical reads — dashboards repeat the same queries all day —
// without running them again. An answer is keyed by the graph's write version, which every
// write transaction bumps in the database itself (store.GraphVersion): a query reads the
// version first, so an answer computed at version v already holds every write acknowledged
// before v, and a write acknowledged by any instance changes the key for every instance. The
// key also holds the caller (token id or anonymous) when the answer may depend on who asks (see
// callerFree), the day in Vietnam (asOf defaults to today) and the query, operation and
// variables. Only answers without errors are kept; the
// cache is bounded in bytes, least recently used first out.

// versionSource reads the graph's write version.
type versionSource interface {
	GraphVersion(ctx context.Context) (string, error)
}

// responseCache is a bytes-bounded LRU of GraphQL answers, and a gqlgen extension.
type responseCache struct {
	versions versionSource
	maxBytes int64
	now      func() time.Time

	mu    sync.Mutex
	size  int64
	order *list.List // front: most recently used *cacheEntry
	items map[string]*list.Element

	// flight lets identical queries that miss at the same time run once (single-flight per key):
	// thirty-two dashboards asking for the same cold nation summary wait for one computation
	// instead of running thirty-two.
	flight singleflight.Group

	hits, misses, evictions, uncacheable, coalesced atomic.Int64
	waiting                                         atomic.Int64 // callers in shared now
}

type cacheEntry struct {
	key  string
	resp *graphql.Response
	size int64
}

// newResponseCache returns a cache of at most maxBytes of answers (<= 0: none kept).
func newResponseCache(v versionSource, maxBytes int64) *responseCache {
	return &responseCache{versions: v, maxBytes: maxBytes, now: time.Now, order: list.New(), items: map[string]*list.Element{}}
}

// vietnam is UTC+7, the calendar of asOf.
var vietnam = time.FixedZone("ICT", 7*3600)

// key is the cache key of the current operation at version v.
func (c *responseCache) key(ctx context.Context, v string) (string, bool) {
	if !graphql.HasOperationContext(ctx) {
		return "", false
	}
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Query {
		return "", false
	}
	vars, err := json.Marshal(oc.Variables) // map keys come out sorted
	if err != nil {
		return "", false
	}
	who := "anonymous"
	if p, ok := model.PrincipalFrom(ctx); ok && !callerFreeOperation(oc.Doc, oc.Operation.SelectionSet) {
		who = "token:" + p.TokenID + ":" + p.Name
		if p.Session {
			who += ":session:" + p.ExpiresAt
		}
	}
	h := sha256.New()
	for _, part := range []string{v, c.now().In(vietnam).Format(time.DateOnly), who,
		oc.RawQuery, oc.OperationName, string(vars)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)), true
}

// callerFree are the Query fields whose answers are the same for every caller allowed to read:
// the model, its history and its analyses (reads are not scoped by the caller's rights; only
// writes are). An operation that selects nothing else is kept once for all its callers, signed in
// or not: a signed-in dashboard gets the answers that anonymous dashboards and the refresh after
// writes (refresh.go) computed. callerBound are those that name or need the caller: me (the
// caller itself) and changes (token holders only). Any other field — one added later — keeps
// its answers per caller until it is classified: TestCacheFieldsClassified fails on a Query field
// in neither list.
var (
	callerFree = map[string]bool{
		"__typename": true, "__schema": true, "__type": true,
		"version": true, "node": true, "layers": true, "layer": true, "frameworks": true, "framework": true,
		"groups": true, "group": true, "capabilities": true, "capability": true, "rules": true, "rule": true,
		"component": true, "components": true, "agency": true, "agencies": true,
		"referenceComponent": true, "referenceComponents": true, "search": true, "searchHits": true,
		"recordedSince": true, "impact": true, "duplicates": true, "duplication": true,
		"conformance": true, "conformanceGaps": true, "conformanceSummary": true,
		"ruleViolations": true, "ruleViolationCount": true, "ruleResults": true,
		"componentVersions": true, "frameworkDiff": true, "path": true,
		"componentAggregate": true, "agencyAggregate": true, "referenceAggregate": true,
		"inventoryCsv": true, "indicators": true, "measurements": true, "measurementSummary": true,
	}
	callerBound = map[string]bool{"me": true, "changes": true}
)

// callerFreeOperation says whether every root field of an operation (through fragments) is
// callerFree.
func callerFreeOperation(doc *ast.QueryDocument, set ast.SelectionSet) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if !callerFree[s.Name] {
				return false
			}
		case *ast.InlineFragment:
			if !callerFreeOperation(doc, s.SelectionSet) {
				return false
			}
		case *ast.FragmentSpread:
			f := s.Definition
			if f == nil && doc != nil {
				f = doc.Fragments.ForName(s.Name)
			}
			if f == nil || !callerFreeOperation(doc, f.SelectionSet) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// ExtensionName implements graphql.HandlerExtension.
func (c *responseCache) ExtensionName() string { return "ResponseCache" }

// Validate implements graphql.HandlerExtension.
func (c *responseCache) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse implements graphql.ResponseInterceptor: a query's answer comes from the
// cache when the graph has not changed since it was computed.
func (c *responseCache) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if c.maxBytes <= 0 || len(graphql.GetErrors(ctx)) > 0 {
		// Errors already collected: a refused operation (budget, limits) going out through
		// DispatchError — it must get its error, never a cached answer.
		return next(ctx)
	}
	v, err := c.versions.GraphVersion(ctx)
	if err != nil {
		// Neo4j is not answering: let the operation fail (or succeed) the usual way.
		c.uncacheable.Add(1)
		return next(ctx)
	}
	key, ok := c.key(ctx, v)
	if !ok {
		return next(ctx)
	}
	if tag := etagFrom(ctx); tag != nil && tag.set(key) {
		// The client holds this very answer: 304, nothing executed.
		c.hits.Add(1)
		return &graphql.Response{Data: json.RawMessage("null")}
	}
	if resp := c.get(key); resp != nil {
		c.hits.Add(1)
		return resp
	}
	c.misses.Add(1)
	resp := c.shared(ctx, key, next)
	if resp == nil || len(resp.Errors) > 0 {
		if tag := etagFrom(ctx); tag != nil {
			tag.clear()
		}
	}
	return resp
}

// shared runs the operation for key once for every caller that misses on key while it runs,
// keeps a good answer, and gives each caller its own copy. The first caller runs it in its own
// goroutine, under its own deadline; the others wait for it. A caller that waited for an answer
// with errors — the first caller's deadline passed, its client went away, Neo4j failed — runs
// the operation itself, so that one request's failure never becomes another's.
func (c *responseCache) shared(ctx context.Context, key string, next graphql.ResponseHandler) *graphql.Response {
	ran := false
	c.waiting.Add(1)
	defer c.waiting.Add(-1)
	v, _, _ := c.flight.Do(key, func() (any, error) {
		ran = true
		resp := next(ctx)
		if resp != nil && len(resp.Errors) == 0 {
			c.put(key, resp)
		}
		return resp, nil
	})
	resp, _ := v.(*graphql.Response)
	if ran {
		return resp
	}
	if resp == nil || len(resp.Errors) > 0 {
		return next(ctx)
	}
	c.coalesced.Add(1)
	r := *resp
	return &r
}

// get returns a copy of the cached answer for key, or nil.
func (c *responseCache) get(key string) *graphql.Response {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil
	}
	c.order.MoveToFront(el)
	r := *el.Value.(*cacheEntry).resp
	return &r
}

// put keeps resp under key, evicting the least recently used answers beyond maxBytes; an answer
// larger than a quarter of the cache is not kept.
func (c *responseCache) put(key string, resp *graphql.Response) {
	size := int64(len(resp.Data)+len(key)) + 64
	if size > c.maxBytes/4 {
		return
	}
	kept := *resp
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&cacheEntry{key: key, resp: &kept, size: size})
	c.size += size
	for c.size > c.maxBytes {
		last := c.order.Back()
		e := last.Value.(*cacheEntry)
		c.order.Remove(last)
		delete(c.items, e.key)
		c.size -= e.size
		c.evictions.Add(1)
	}
}

// stats reports the cache's counters for /metrics.
func (c *responseCache) stats() (hits, misses, evictions, uncacheable, bytes, entries int64) {
	c.mu.Lock()
	bytes, entries = c.size, int64(len(c.items))
	c.mu.Unlock()
	return c.hits.Load(), c.misses.Load(), c.evictions.Load(), c.uncacheable.Load(), bytes, entries
}

// coalescedCount is how many misses were answered by another request's computation.
func (c *responseCache) coalescedCount() int64 { return c.coalesced.Load() }

// etag carries a GET query's entity tag from the cache extension (which knows the version and
// key) to the HTTP layer (which writes the header).
type etag struct {
	mu          sync.Mutex
	value       string
	ifNoneMatch string
}

type etagKey struct{}

func etagFrom(ctx context.Context) *etag {
	t, _ := ctx.Value(etagKey{}).(*etag)
	return t
}

// set records the answer's tag and reports whether the client's If-None-Match names it.
func (t *etag) set(key string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.value = `W/"` + key[:32] + `"` // the key holds the version
	return matchesETag(t.ifNoneMatch, t.value)
}

func (t *etag) clear() {
	t.mu.Lock()
	t.value = ""
	t.mu.Unlock()
}

func (t *etag) get() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.value
}

// withETags gives GET queries an ETag (the graph version and the cache key) and answers 304 to
// an If-None-Match that still holds: the cache extension reads the version, builds the key and,
// when the client's tag is still the answer's, returns without executing the query.
func withETags(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			next.ServeHTTP(w, r)
			return
		}
		t := &etag{ifNoneMatch: r.Header.Get("If-None-Match")}
		ew := &etagWriter{ResponseWriter: w, tag: t}
		next.ServeHTTP(ew, r.WithContext(context.WithValue(r.Context(), etagKey{}, t)))
	})
}

// etagWriter adds the ETag when the answer starts, or turns it into 304 Not Modified.
type etagWriter struct {
	http.ResponseWriter
	tag         *etag
	wrote       bool
	notModified bool
}

func (w *etagWriter) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote = true
	if tag := w.tag.get(); tag != "" && code == http.StatusOK {
		w.Header().Set("ETag", tag)
		w.Header().Set("Cache-Control", "no-cache")
		if matchesETag(w.tag.ifNoneMatch, tag) {
			w.notModified = true
			h := w.Header()
			h.Del("Content-Type")
			h.Del("Content-Length")
			w.ResponseWriter.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *etagWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	if w.notModified {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// Flush keeps streaming working through the wrapper.
func (w *etagWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok && !w.notModified {
		f.Flush()
	}
}

// matchesETag reports whether an If-None-Match header names tag (weak comparison, "*" too).
func matchesETag(header, tag string) bool {
	if header == "" || tag == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(tag, "W/") {
			return true
		}
	}
	return false
}
