package server

import (
	"context"
	"fmt"
	"math"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"golang.org/x/time/rate"

	"github.com/archgraph/archgraph/model"
)

// CostLimits bound what each client may spend, and how many expensive analyses run at once.
//
// Every operation is priced by the complexity function of limits.go (the same points as the
// per-operation MaxComplexity). A client — a token, or an address for anonymous callers (an
// IPv6 address by its /64) — has a budget of Burst points that refills at PointsPerSecond; an
// operation that does not fit is refused with RATE_LIMITED, HTTP 429 and Retry-After (the
// seconds until it would fit), before anything runs.
//
// The analyses that walk the graph (impact, path, duplicates, conformance, rules, framework
// diff) run at most MaxAnalyses at a time across the server, so that cheap reads keep their
// share of Neo4j however many clients ask for analyses; an analysis waits for a slot at most
// AnalysisWait (and at most MaxQueued wait at once), else it is refused with RATE_LIMITED.
type CostLimits struct {
	// PointsPerSecond refills each client's budget; 0 turns the budget off.
	PointsPerSecond float64
	// Burst is each client's budget when rested; at least the MaxComplexity of one operation.
	Burst int
	// MaxAnalyses is how many analyses run at once; 0 turns the limit off.
	MaxAnalyses int
	// MaxQueued is how many analyses may wait for a slot at once.
	MaxQueued int
	// AnalysisWait is the longest an analysis waits for a slot.
	AnalysisWait time.Duration
	// ClientIPHeader names a header set by a trusted reverse proxy (X-Forwarded-For, X-Real-IP)
	// that carries the caller's address; empty: the connection's address.
	ClientIPHeader string
}

// DefaultCost are the production limits. A budget of 25 operations at the complexity limit
// lets the web UI load its heaviest pages (an impact with its paths and items costs up to
// 20,000; the Impact page of a hub asks for several at once, and the e2e run of every page
// from one address met 429s with a budget of 100,000) and page through them; a script that
// keeps asking is held to 50,000 points a second. What protects the cheap reads from a flood
// of analyses is the analysis slots, not the budget.
// The analyses get half the machine's CPUs, at least two: fewer would serialise the UI's own
// dashboard; more would let a flood of analyses take every core from the cheap reads (measured
// by BenchmarkCheapUnderFlood).
var DefaultCost = CostLimits{PointsPerSecond: 50000, Burst: 500000, MaxAnalyses: max(2, runtime.NumCPU()/2),
	MaxQueued: 64, AnalysisWait: 10 * time.Second}

// expensiveFields are the root fields that run an analysis: queries, and the dry runs that run
// analyses in a rolled-back write (mutations only because they need write rights and locks).
var expensiveFields = map[string]bool{"impact": true, "path": true, "duplicates": true, "conformance": true,
	"conformanceSummary": true, "conformanceGaps": true, "duplication": true, "ruleViolations": true, "ruleViolationCount": true, "ruleResults": true, "frameworkDiff": true,
	"previewComponentChange": true, "previewInventory": true}

// expensiveMutations are the expensiveFields that are mutations.
var expensiveMutations = map[string]bool{"previewComponentChange": true, "previewInventory": true}

// cost enforces CostLimits; it is a gqlgen extension (budget per operation) and a root-field
// middleware (analysis slots).
type cost struct {
	l     CostLimits
	slots chan struct{}

	mu      sync.Mutex
	clients map[string]*rate.Limiter

	spent, refusedBudget, refusedAnalyses atomic.Int64
	waiting, running                      atomic.Int64
}

// maxClients bounds the budgets kept; rested ones (full budget) are dropped first, as they are
// the same as a new one.
const maxClients = 100_000

func newCost(l CostLimits) *cost {
	c := &cost{l: l, clients: map[string]*rate.Limiter{}}
	if l.MaxAnalyses > 0 {
		c.slots = make(chan struct{}, l.MaxAnalyses)
	}
	if c.l.MaxQueued <= 0 {
		c.l.MaxQueued = 64
	}
	if c.l.AnalysisWait <= 0 {
		c.l.AnalysisWait = 10 * time.Second
	}
	return c
}

// ExtensionName implements graphql.HandlerExtension.
func (c *cost) ExtensionName() string { return "ArchgraphCost" }

// Validate implements graphql.HandlerExtension.
func (c *cost) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext charges the operation's complexity to its client's budget. It runs
// after FixedComplexityLimit, whose computed complexity it reads.
func (c *cost) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if c.l.PointsPerSecond <= 0 || oc.Operation == nil || isWarmUp(ctx) {
		// The warm-up (warmup.go) is the server's own work, one operation at a time.
		return nil
	}
	st, _ := oc.Stats.GetExtension("ComplexityLimit").(*extension.ComplexityStats)
	if st == nil {
		return nil
	}
	points := max(st.Complexity, 1)
	lim := c.limiter(clientKey(ctx))
	now := time.Now()
	res := lim.ReserveN(now, points)
	if !res.OK() {
		c.refusedBudget.Add(1)
		hintStatus(ctx, model.CodeRateLimited, 60) // gqlgen writes the status before presenting this error
		return rateLimited(fmt.Sprintf("this operation costs %d points, more than a client's budget of %d", points, c.l.Burst), 60)
	}
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		c.refusedBudget.Add(1)
		secs := int(math.Ceil(d.Seconds()))
		hintStatus(ctx, model.CodeRateLimited, secs)
		return rateLimited(fmt.Sprintf("rate limited: this operation costs %d complexity points and this client's budget refills at %g points per second; retry in %d s",
			points, c.l.PointsPerSecond, secs), secs)
	}
	c.spent.Add(int64(points))
	return nil
}

func (c *cost) limiter(key string) *rate.Limiter {
	c.mu.Lock()
	defer c.mu.Unlock()
	lim := c.clients[key]
	if lim == nil {
		if len(c.clients) >= maxClients {
			now := time.Now()
			for k, l := range c.clients {
				if l.TokensAt(now) >= float64(c.l.Burst) {
					delete(c.clients, k)
				}
			}
		}
		lim = rate.NewLimiter(rate.Limit(c.l.PointsPerSecond), c.l.Burst)
		if len(c.clients) < maxClients {
			c.clients[key] = lim
		}
	}
	return lim
}

// analysisSlot is the root-field middleware that holds a slot while an analysis runs.
func (c *cost) analysisSlot(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	if c.slots == nil {
		return next(ctx)
	}
	// gqlgen sets RootFieldContext.Object to the field's name; the operation says whether it
	// is a query (no mutation has an analysis's name but the dry runs, which are checked by
	// their mutation's name).
	fc := graphql.GetRootFieldContext(ctx)
	if fc == nil || !expensiveFields[fc.Field.Name] || isQuery(ctx) == expensiveMutations[fc.Field.Name] {
		return next(ctx)
	}
	select {
	case c.slots <- struct{}{}:
	default:
		if c.waiting.Add(1) > int64(c.l.MaxQueued) {
			c.waiting.Add(-1)
			return c.refuseAnalysis(ctx, "too many analyses are waiting")
		}
		t := time.NewTimer(c.l.AnalysisWait)
		select {
		case c.slots <- struct{}{}:
			t.Stop()
			c.waiting.Add(-1)
		case <-t.C:
			c.waiting.Add(-1)
			return c.refuseAnalysis(ctx, fmt.Sprintf("no analysis slot came free within %s", c.l.AnalysisWait))
		case <-ctx.Done():
			t.Stop()
			c.waiting.Add(-1)
			return c.refuseAnalysis(ctx, "the request ended while waiting for an analysis slot")
		}
	}
	c.running.Add(1)
	defer func() {
		c.running.Add(-1)
		<-c.slots
	}()
	return next(ctx)
}

func (c *cost) refuseAnalysis(ctx context.Context, why string) graphql.Marshaler {
	c.refusedAnalyses.Add(1)
	graphql.AddError(ctx, rateLimited(fmt.Sprintf("rate limited: %s (at most %d analyses run at once); retry later", why, c.l.MaxAnalyses), 1))
	return graphql.Null
}

func rateLimited(msg string, retryAfter int) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": model.CodeRateLimited, "retryAfter": retryAfter}}
}

type clientAddrKey struct{}

// clientAddr records the caller's address for the budgets of anonymous callers.
func clientAddr(header string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := r.RemoteAddr
		if header != "" {
			if v := r.Header.Get(header); v != "" {
				// X-Forwarded-For lists the hops; the last one is what our proxy saw.
				parts := strings.Split(v, ",")
				addr = strings.TrimSpace(parts[len(parts)-1])
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientAddrKey{}, addr)))
	})
}

// clientKey names the budget an operation is charged to: its token, else its address (IPv6 by
// /64, the block one subscriber holds).
func clientKey(ctx context.Context) string {
	if p, ok := model.PrincipalFrom(ctx); ok && p.TokenID != "" {
		return "token:" + p.TokenID
	}
	addr, _ := ctx.Value(clientAddrKey{}).(string)
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	ip := net.ParseIP(host)
	switch {
	case ip == nil:
		return "addr:" + host
	case ip.To4() != nil:
		return "addr:" + ip.String()
	}
	return "addr:" + ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

func isQuery(ctx context.Context) bool {
	if !graphql.HasOperationContext(ctx) {
		return false
	}
	op := graphql.GetOperationContext(ctx).Operation
	return op != nil && op.Operation == ast.Query
}
