package server

import (
	"bytes"
	"context"
	_ "embed" // ui_operations.json
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/server/internal/uiops"
	"github.com/archgraph/archgraph/store"
)

// The warm-up. After a Neo4j restart every statement is planned again and every page read from
// the disk: the first previewComponentChange calls passed the 10 s deadline and the Overview
// took 23 s (the lead's measurements, issue 19 session 5/6), while warm they take well under a
// second. So `archgraph serve` runs, in the background once the facts and counts are refreshed,
// the web UI's own operations — the documents the browser sends (ui_operations.json, generated
// from frontend/src/gql/graphql.ts by `go generate ./server`), through the server's own GraphQL
// executor, one at a time — and then reads every node and relationship into Neo4j's page cache.
// The previews among them run as the save does, in a transaction that is rolled back: the
// warm-up writes nothing. It does not delay readiness, holds no lock of the server's, takes at
// most one analysis slot at a time (like a user), and ends with the server's context.

//go:generate go run ./internal/uiopsgen -in ../frontend/src/gql/graphql.ts -out ui_operations.json

//go:embed ui_operations.json
var uiOperationsJSON []byte

var uiOperations = sync.OnceValues(func() (map[string]uiops.Operation, error) {
	var ops []uiops.Operation
	if err := json.Unmarshal(uiOperationsJSON, &ops); err != nil {
		return nil, fmt.Errorf("ui_operations.json: %w", err)
	}
	out := make(map[string]uiops.Operation, len(ops))
	for _, o := range ops {
		out[o.Name] = o
	}
	return out, nil
})

// warmStep is one operation of the web UI the warm-up runs, with variables like the page's.
// vars returns nil when the estate has nothing to ask about (the step is skipped).
type warmStep struct {
	op   string
	vars func(s store.WarmUpSubjects) map[string]any
}

// none is the variables of an operation that takes none.
func none(store.WarmUpSubjects) map[string]any { return map[string]any{} }

// The web UI's page sizes and framework (frontend/src/lib/requests.ts). The warm-up asks the pages'
// operations with exactly the variables the pages send as they open (server/testdata/
// page_requests.json, written by the web UI's pageRequests.test.ts; TestWarmUpAsksAsThePagesDo),
// so that the response cache holds the first visitor's answers for the warm-up's subjects: an
// answer is kept by the JSON of its variables, in which an absent variable is not a null one.
const (
	uiPageSize          = 50
	uiNeighbourhoodSide = 30
	uiGapsAll           = 5000
	uiImpactPage        = 100
	uiImpactGroups      = 60
	uiCommuneFramework  = "KTTS-XA"
)

// nulls is an input object whose fields are all null (a page's filter with nothing chosen).
func nulls(fields ...string) map[string]any {
	m := make(map[string]any, len(fields))
	for _, f := range fields {
		m[f] = nil
	}
	return m
}

// unpunctuated is a code as typed without its punctuation, in lower case ("V-APEX": "vapex").
func unpunctuated(code string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, code)
}

// need returns vars when every value is known, else nil.
func need(vars map[string]any, values ...string) map[string]any {
	for _, v := range values {
		if v == "" {
			return nil
		}
	}
	return vars
}

// warmPlan is the warm-up's order: the Overview (the first page of every visit), the form's
// previews (the slowest cold), then the other pages as the benchmark visits them
// (scripts/bench-ui).
var warmPlan = []warmStep{
	{"Me", none},
	{"RecordedSince", none},
	{"OverviewCounts", none},
	{"OverviewScopeStatus", none},
	{"KpiCounts", none},
	{"KpiConformance", none},
	{"KpiDuplicates", none},
	{"KpiRules", none},
	{"KpiNdxp", none},
	{"KpiMeasured", func(store.WarmUpSubjects) map[string]any {
		return map[string]any{"period": strconv.Itoa(time.Now().Year())} // the Overview's period
	}},
	// The previews take the save's locks while they run (each preview runs the save): they ask
	// about a commune's components, the national component least depended on, which few saves
	// wait for, and the province, and come after the Overview, which has warmed much of what
	// they read.
	{"PreviewComponentChange", func(s store.WarmUpSubjects) map[string]any {
		// The new-component form: a new component of a commune that depends on a national
		// component and realizes the most realized reference component.
		return need(map[string]any{"change": map[string]any{
			"create": map[string]any{"code": "ARCHGRAPH-WARM-UP", "name": "Khởi động máy chủ", "nameEn": "Server warm-up",
				"kind": "APPLICATION", "scope": "COMMUNE", "layer": s.ReferenceLayer, "owner": s.Commune},
			"dependsOn": []string{s.QuietShared}, "realizes": []string{s.Reference},
		}}, s.Commune, s.QuietShared, s.Reference, s.ReferenceLayer)
	}},
	{"PreviewComponentChange", func(s store.WarmUpSubjects) map[string]any {
		// A new province platform realizing that reference component: its communes' conformance
		// moves (PROVIDED_BY_PROVINCE), and the province's own is evaluated with Conformance's
		// statement. It locks the province until it ends.
		return need(map[string]any{"change": map[string]any{
			"create": map[string]any{"code": "ARCHGRAPH-WARM-UP", "name": "Khởi động máy chủ", "nameEn": "Server warm-up",
				"kind": "PLATFORM", "scope": "PROVINCE", "layer": s.ReferenceLayer, "owner": s.Province},
			"realizes": []string{s.Reference},
		}}, s.Province, s.Reference, s.ReferenceLayer)
	}},
	{"PreviewComponentChange", func(s store.WarmUpSubjects) map[string]any {
		// The edit page's relationship panel: the commune's component losing a realization.
		return need(map[string]any{"change": map[string]any{"id": s.Realizer, "removeRealizes": []string{s.Realized}}},
			s.Realizer, s.Realized)
	}},
	{"CatalogOptions", func(store.WarmUpSubjects) map[string]any { return map[string]any{"layer": nil} }},
	{"CatalogComponents", func(store.WarmUpSubjects) map[string]any {
		return map[string]any{"first": uiPageSize, "after": nil, "filter": nulls("layer", "group", "scope", "status", "kind", "province", "synthetic")}
	}},
	{"CatalogAgencies", func(store.WarmUpSubjects) map[string]any {
		return map[string]any{"first": uiPageSize, "after": nil, "filter": nulls("level", "province", "areaType", "synthetic")}
	}},
	{"CatalogReferences", func(store.WarmUpSubjects) map[string]any {
		return map[string]any{"first": uiPageSize, "after": nil, "filter": nulls("framework", "group", "layer", "tier", "areaType")}
	}},
	{"SearchPage", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"text": s.Shared, "first": uiPageSize, "after": nil}, s.Shared)
	}},
	{"SearchPage", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"text": s.ProvinceName, "first": uiPageSize, "after": nil}, s.ProvinceName)
	}},
	{"SearchPage", func(s store.WarmUpSubjects) map[string]any {
		// A code typed without its punctuation ("vapex"): the search's code statement, which a
		// code with punctuation does not run (its first run after a restart took 0.46 s on S).
		c := unpunctuated(s.Shared)
		return need(map[string]any{"text": c, "first": uiPageSize, "after": nil}, c)
	}},
	{"Suggest", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"text": s.Shared}, s.Shared)
	}},
	{"NodeSearch", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"text": s.Shared}, s.Shared)
	}},
	{"PickerSearch", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"text": s.Shared}, s.Shared)
	}},
	{"ComponentDetail", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"code": s.Shared, "after": nil}, s.Shared)
	}},
	{"ComponentVersions", func(s store.WarmUpSubjects) map[string]any { return need(map[string]any{"of": s.Shared}, s.Shared) }},
	{"Neighbourhood", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"code": s.Shared, "first": uiNeighbourhoodSide}, s.Shared)
	}},
	{"AgencyDetail", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"code": s.Province, "after": nil, "partsAfter": nil}, s.Province)
	}},
	{"AgencyDetail", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"code": s.Commune, "after": nil, "partsAfter": nil}, s.Commune)
	}},
	{"CommuneOwnConformance", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"agency": s.Commune}, s.Commune)
	}},
	{"ReferenceDetail", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"code": s.Reference, "after": nil}, s.Reference)
	}},
	{"ConformanceGaps", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"reference": s.Reference, "first": uiGapsAll}, s.Reference)
	}},
	{"ImpactView", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"of": s.Shared, "dir": "DEPENDENTS", "depth": 3, "by": "PROVINCE", "grouped": true,
			"groups": uiImpactGroups, "first": uiImpactPage}, s.Shared)
	}},
	{"DuplicationWorklist", none},
	{"DuplicationProvinces", none},
	{"ConformanceNation", func(store.WarmUpSubjects) map[string]any { return map[string]any{"framework": uiCommuneFramework} }},
	{"ConformanceProvince", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"province": s.Province}, s.Province)
	}},
	{"ConformanceGaps", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"province": s.Province, "first": uiGapsAll}, s.Province)
	}},
	{"CommuneConformance", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"agency": s.Commune}, s.Commune)
	}},
	{"Roadmap", func(store.WarmUpSubjects) map[string]any { return map[string]any{"year": time.Now().Year()} }},
	{"ProvinceStatus", none},
	{"MinistryL3", none},
	{"CommuneScores", none},
	{"NodeDetail", func(s store.WarmUpSubjects) map[string]any { return need(map[string]any{"id": s.LayerID}, s.LayerID) }},
	{"ComponentForEdit", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"code": s.Realizer}, s.Realizer)
	}},
	{"FormLayers", none},
	{"MyAgency", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"code": s.Province}, s.Province)
	}},
	{"MyAgencyConformance", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"code": s.Province}, s.Province)
	}},
	{"MyAgencyCommunes", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"province": s.Province}, s.Province)
	}},
	{"MyAgencyFindings", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"province": s.Province}, s.Province)
	}},
	{"MyAgencyViolations", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"code": s.Province}, s.Province)
	}},
	{"MyAgencyAudit", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"code": s.Province}, s.Province)
	}},
	{"UploadTemplate", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"agency": s.Province}, s.Province)
	}},
	// The as-of pages, as of today: a statement's first run after a Neo4j restart includes its
	// planning, which the as-of forms (longer) pay most: the duplicates as of a day took 4.2–4.3 s
	// the first time and 0.24–0.33 s after, on any other day (issue 16 session 10's note).
	{"ImpactView", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"of": s.Shared, "dir": "DEPENDENTS", "depth": 3, "asOf": s.Today, "by": "PROVINCE",
			"grouped": true, "groups": uiImpactGroups, "first": uiImpactPage}, s.Shared, s.Today)
	}},
	{"ImpactView", func(s store.WarmUpSubjects) map[string]any {
		// The list (list=1): the components, not groups.
		return need(map[string]any{"of": s.Shared, "dir": "DEPENDENTS", "depth": 3, "asOf": s.Today, "by": "OWNER",
			"grouped": false, "groups": uiImpactGroups, "first": uiImpactPage}, s.Shared, s.Today)
	}},
	{"DuplicationWorklist", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"asOf": s.Today}, s.Today)
	}},
	{"ConformanceNation", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"framework": uiCommuneFramework, "asOf": s.Today}, s.Today)
	}},
	{"ConformanceProvince", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"province": s.Province, "asOf": s.Today}, s.Province, s.Today)
	}},
	{"ConformanceGaps", func(s store.WarmUpSubjects) map[string]any {
		return need(map[string]any{"province": s.Province, "asOf": s.Today, "first": uiGapsAll}, s.Province, s.Today)
	}},
}

// notWarmed are the web UI's operations the warm-up leaves out, and why. Every operation of
// ui_operations.json is in warmPlan or here (TestWarmUpPlanCoversTheUI).
var notWarmed = map[string]string{
	"ConfirmDuplicate":      "writes (a review)",
	"DismissDuplicate":      "writes (a review)",
	"CreateComponentForm":   "writes; its statements are previewed by PreviewComponentChange",
	"UpdateComponentForm":   "writes; its statements are previewed by PreviewComponentChange",
	"RetireComponentForm":   "writes",
	"FormAddDependency":     "writes; previewed by PreviewComponentChange",
	"FormRemoveDependency":  "writes; previewed by PreviewComponentChange",
	"FormAddRealization":    "writes; previewed by PreviewComponentChange",
	"FormRemoveRealization": "writes; previewed by PreviewComponentChange",
	"FormAddProvision":      "writes",
	"FormRemoveProvision":   "writes",
	"FormAddUse":            "writes",
	"FormRemoveUse":         "writes",
	"UploadApply":           "writes (an inventory import)",
	"UploadPreview":         "an agency's CSV upload (a dry run): no file to send at start",
}

// signedInOps are the operations of the pages an editor signed in sees (my agency, the forms,
// the upload): the warm-up runs them, like the mutations, as warmUpPrincipal; the others as an
// anonymous visitor (whose answers the response cache then holds for the first visitors).
var signedInOps = map[string]bool{
	"MyAgency": true, "MyAgencyConformance": true, "MyAgencyCommunes": true, "MyAgencyFindings": true,
	"MyAgencyViolations": true, "MyAgencyAudit": true, "ComponentForEdit": true, "FormLayers": true,
	"PickerSearch": true, "UploadTemplate": true,
}

// Warm-up states, as /metrics shows them (archgraph_warmup_state).
const (
	warmOff int32 = iota
	warmWaiting
	warmRunning
	warmDone
	warmStopped
)

// WarmUp runs the warm-up; New hands it the GraphQL executor (Options.WarmUp), Run runs it.
type WarmUp struct {
	// Log receives its start, each operation (debug) and its end.
	Log *slog.Logger
	// OpTimeout bounds each operation (default 2 minutes: cold operations are slow; nobody waits).
	OpTimeout time.Duration
	// Quiet is how long after a user's write began the warm-up waits before it runs a preview
	// (default 5 s): see userWrite.
	Quiet time.Duration
	// RefreshEvery, when positive, makes Run go on after the warm-up: it reads the graph's write
	// version this often and runs the dashboards' operations again after writes (refresh.go).
	RefreshEvery time.Duration

	exec http.Handler
	st   *store.Store

	state                         atomic.Int32
	planned, ran, failed, yielded atomic.Int64
	refreshed, refreshFailed      atomic.Int64
	cacheOn                       bool // the response cache keeps answers (attach)
	// mu guards cancelWrite (the running operation's, while it is a preview) and lastWrite (when
	// a user's write last began).
	mu                   sync.Mutex
	cancelWrite          context.CancelCauseFunc
	lastWrite            time.Time
	started, tookNanos   atomic.Int64
	done                 chan struct{}
	doneOnce, attachOnce sync.Once
}

// NewWarmUp returns a warm-up that Run will start; Off marks it turned off.
func NewWarmUp(log *slog.Logger) *WarmUp {
	w := &WarmUp{Log: log, done: make(chan struct{})}
	w.state.Store(warmWaiting)
	return w
}

// Off records that the warm-up is turned off (--warm-up=false): /metrics says so.
func (w *WarmUp) Off() {
	w.state.Store(warmOff)
	w.doneOnce.Do(func() { close(w.done) })
}

// Done is closed when Run has returned (or Off was called).
func (w *WarmUp) Done() <-chan struct{} { return w.done }

func (w *WarmUp) attach(exec http.Handler, st *store.Store, cacheOn bool) {
	w.attachOnce.Do(func() {
		w.exec, w.st, w.cacheOn = exec, st, cacheOn
		st.OnWrite(w.userWrite)
	})
}

// The warm-up never makes a user wait. Its previews run the save in a transaction, so while one
// runs it holds the save's locks (the owner agency, the targets of its relationships): cold,
// the province preview took 19 s quiet and 40 s at load 10, and a save of that province waited
// for it. So every write that can take the model's locks — a save, an upload, a preview — tells
// the warm-up it begins (store OnWrite, before its transaction begins): a warm-up preview
// running then is cancelled (its transaction is rolled back, its locks released: the user's
// write goes on at once), and the warm-up runs it again once no user write has begun for Quiet.
// Its reads take no lock and go on.

// errYielded is the cause of a warm-up preview's cancellation by a user's write.
var errYielded = errors.New("warm-up: gave way to a user's write")

// maxYields bounds how often one warm-up preview gives way before it is left out.
const maxYields = 5

// userWrite is the store's OnWrite: a write begins.
func (w *WarmUp) userWrite(ctx context.Context) {
	if isWarmUp(ctx) {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lastWrite = time.Now()
	if w.cancelWrite != nil {
		w.cancelWrite(errYielded)
		w.cancelWrite = nil
	}
}

// waitQuiet returns once no user write has begun for Quiet (or ctx ends), having registered
// cancel as the running preview's: in one step under mu, so that a write that begins after it
// cancels the preview and one that began before it is waited for.
func (w *WarmUp) waitQuiet(ctx context.Context, cancel context.CancelCauseFunc) {
	quiet := w.Quiet
	if quiet <= 0 {
		quiet = 5 * time.Second
	}
	for {
		w.mu.Lock()
		wait := quiet - time.Since(w.lastWrite)
		if wait <= 0 || ctx.Err() != nil {
			w.cancelWrite = cancel
			w.mu.Unlock()
			return
		}
		w.mu.Unlock()
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
	}
}

// warmUpKey marks the warm-up's own requests: no client budget is charged and /metrics does not
// count them as the clients' operations.
type warmUpKey struct{}

func isWarmUp(ctx context.Context) bool { v, _ := ctx.Value(warmUpKey{}).(bool); return v }

// warmUpPrincipal is who the previews run as: an admin may preview anything, and nothing of a
// preview is kept, nor audited.
var warmUpPrincipal = model.Principal{Name: "archgraph warm-up", Role: model.RoleAdmin}

// Run waits for after (the facts' and counts' refreshes) and runs the plan, then warms the page
// cache. It returns when done or when ctx ends (the operation running is cancelled).
func (w *WarmUp) Run(ctx context.Context, after ...<-chan struct{}) {
	defer w.doneOnce.Do(func() { close(w.done) })
	if w.state.Load() == warmOff {
		return
	}
	log := w.Log
	if log == nil {
		log = slog.Default()
	}
	if w.exec == nil {
		log.Error("warm-up: not attached to a server (Options.WarmUp)")
		w.state.Store(warmStopped)
		return
	}
	for _, c := range after {
		select {
		case <-c:
		case <-ctx.Done():
			w.state.Store(warmStopped)
			return
		}
	}
	start := time.Now()
	w.started.Store(start.UnixNano())
	w.state.Store(warmRunning)
	opTimeout := w.OpTimeout
	if opTimeout <= 0 {
		opTimeout = 2 * time.Minute
	}
	w.planned.Store(int64(len(warmPlan)))
	log.Info("warm-up started", "operations", len(warmPlan))
	stopped := func() {
		w.tookNanos.Store(int64(time.Since(start)))
		w.state.Store(warmStopped)
		log.Info("warm-up stopped", "ran", w.ran.Load(), "of", len(warmPlan), "took", time.Since(start).Round(time.Millisecond))
	}
	sctx, cancel := context.WithTimeout(ctx, opTimeout)
	// The version the warm-up's answers hold at least (refresh.go): a write while it runs makes
	// the refresh run once it is done.
	since, verr := w.st.GraphVersion(sctx)
	subjects, err := w.st.WarmUpSubjects(sctx)
	cancel()
	if ctx.Err() != nil {
		stopped()
		return
	}
	if err != nil {
		log.Warn("warm-up: cannot pick what to ask about; the operations that need it are skipped", "err", err)
	}
	type timing struct {
		op string
		d  time.Duration
	}
	var times []timing
	skipped := 0
	for _, step := range warmPlan {
		if ctx.Err() != nil {
			stopped()
			return
		}
		vars := step.vars(subjects)
		if vars == nil {
			skipped++
			w.ran.Add(1)
			continue
		}
		t0 := time.Now()
		err := w.runOp(ctx, opTimeout, step.op, vars)
		for yields := 1; errors.Is(err, errYielded) && ctx.Err() == nil; yields++ {
			w.yielded.Add(1)
			if yields > maxYields {
				err = fmt.Errorf("gave way to users' writes %d times: left out", maxYields)
				break
			}
			log.Info("warm-up operation gave way to a user's write", "operation", step.op, "ms", time.Since(t0).Milliseconds())
			t0 = time.Now()
			err = w.runOp(ctx, opTimeout, step.op, vars)
		}
		d := time.Since(t0)
		w.ran.Add(1)
		if ctx.Err() != nil {
			stopped()
			return
		}
		if err != nil {
			w.failed.Add(1)
			log.Warn("warm-up operation failed", "operation", step.op, "ms", d.Milliseconds(), "err", err)
			continue
		}
		times = append(times, timing{step.op, d})
		log.Debug("warm-up operation", "operation", step.op, "ms", d.Milliseconds())
	}
	t0 := time.Now()
	pctx, cancel := context.WithTimeout(ctx, 2*opTimeout)
	nodes, rels, err := w.st.WarmPageCache(pctx)
	cancel()
	if ctx.Err() != nil {
		stopped()
		return
	}
	if err != nil {
		log.Warn("warm-up: page cache not read to the end", "nodes", nodes, "relationships", rels, "err", err)
	}
	pageCache := time.Since(t0)
	sort.Slice(times, func(i, j int) bool { return times[i].d > times[j].d })
	slowest := ""
	for i, t := range times[:min(3, len(times))] {
		if i > 0 {
			slowest += ", "
		}
		slowest += fmt.Sprintf("%s %d ms", t.op, t.d.Milliseconds())
	}
	w.tookNanos.Store(int64(time.Since(start)))
	w.state.Store(warmDone)
	log.Info("warm-up done", "operations", len(warmPlan)-skipped-int(w.failed.Load()), "failed", w.failed.Load(), "skipped", skipped,
		"slowest", slowest, "page_cache_nodes", nodes, "page_cache_relationships", rels,
		"page_cache_took", pageCache.Round(time.Millisecond), "took", time.Since(start).Round(time.Millisecond))
	if w.RefreshEvery > 0 {
		if verr != nil {
			since = "" // unknown: the first version read differs, and the dashboards are refreshed
		}
		w.refreshAfterWrites(ctx, log, opTimeout, since, subjects)
	}
}

// runOp sends operation name with vars to the executor and returns its first error.
func (w *WarmUp) runOp(ctx context.Context, timeout time.Duration, name string, vars map[string]any) (err error) {
	ops, err := uiOperations()
	if err != nil {
		return err
	}
	op, ok := ops[name]
	if !ok {
		return fmt.Errorf("the web UI has no operation %s (regenerate ui_operations.json: go generate ./server)", name)
	}
	// The body the web UI posts (api.ts): no operationName, which the response cache's key holds.
	body, err := json.Marshal(map[string]any{"query": op.Document, "variables": vars})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.WithValue(ctx, warmUpKey{}, true), timeout)
	defer cancel()
	if op.Kind == "mutation" || signedInOps[name] {
		ctx = model.WithPrincipal(ctx, warmUpPrincipal)
	}
	if op.Kind == "mutation" {
		// A preview: it gives way to the users' writes (see userWrite).
		var cancelWrite context.CancelCauseFunc
		ctx, cancelWrite = context.WithCancelCause(ctx)
		w.waitQuiet(ctx, cancelWrite)
		defer func() {
			w.mu.Lock()
			w.cancelWrite = nil
			w.mu.Unlock()
			cancelWrite(nil)
		}()
		defer func() {
			if errors.Is(context.Cause(ctx), errYielded) {
				err = errYielded
			}
		}()
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	w.exec.ServeHTTP(rec, req)
	var resp struct {
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		return fmt.Errorf("HTTP %d: %w", rec.Code, err)
	}
	if len(resp.Errors) > 0 {
		return errors.New(resp.Errors[0].Message)
	}
	if rec.Code != http.StatusOK {
		return fmt.Errorf("HTTP %d", rec.Code)
	}
	return nil
}

// writeMetrics adds the warm-up's lines to /metrics.
func (w *WarmUp) writeMetrics(header func(name, kind, help string), p func(format string, args ...any)) {
	header("archgraph_warmup_state", "gauge", "The warm-up at serve start: 0 off, 1 waiting for the facts' and counts' refresh, 2 running, 3 done, 4 stopped (shutdown).")
	p("archgraph_warmup_state %d\n", w.state.Load())
	header("archgraph_warmup_operations", "gauge", "The warm-up's operations: planned, ran so far (skipped ones included), failed, and the times a preview gave way to a user's write (cancelled, run again later).")
	p("archgraph_warmup_operations{kind=\"planned\"} %d\n", w.planned.Load())
	p("archgraph_warmup_operations{kind=\"ran\"} %d\n", w.ran.Load())
	p("archgraph_warmup_operations{kind=\"failed\"} %d\n", w.failed.Load())
	p("archgraph_warmup_operations{kind=\"yielded\"} %d\n", w.yielded.Load())
	header("archgraph_refresh_total", "counter", "Times the dashboards' operations ran again after writes, so that their next visitors read the answers from the response cache (--refresh-every): done, or with an operation failed.")
	p("archgraph_refresh_total{result=\"done\"} %d\n", w.refreshed.Load())
	p("archgraph_refresh_total{result=\"failed\"} %d\n", w.refreshFailed.Load())
	header("archgraph_warmup_seconds", "gauge", "How long the warm-up took (so far, while it runs).")
	took := time.Duration(w.tookNanos.Load())
	if w.state.Load() == warmRunning {
		took = time.Since(time.Unix(0, w.started.Load()))
	}
	p("archgraph_warmup_seconds %g\n", took.Seconds())
}
