package server_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
)

// TestWarmUpGivesWay: a user's save never waits for the warm-up. The warm-up's province preview
// (a new platform of the province, the lead's case) is held after its write, with the save's
// locks, for far longer than a save takes (store.PreviewHeld; cold it took 19–40 s); a save of
// a new component of that province, begun meanwhile, ends long before the hold would have
// ended, and the warm-up runs that preview again afterwards: it ends cleanly, says it gave way
// once (log and /metrics), and wrote nothing but the user's save.
//
// The control, in the same test: a user's own preview of the same change, held 3 s, makes the
// same save wait for it (the locks are the same: the save's owner, the province) — so the first
// save did not end early by chance.
func TestWarmUpGivesWay(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	if ok, err := a.st.RefreshConformanceFacts(ctx); err != nil || !ok {
		t.Fatalf("refresh: %v %v", ok, err)
	}
	subjects, err := a.st.WarmUpSubjects(ctx)
	if err != nil || subjects.Province == "" || subjects.Reference == "" {
		t.Fatalf("subjects %+v: %v", subjects, err)
	}
	province := cypherRows(t, a.st, `MATCH (a:Agency {code: $code}) RETURN a.id AS id`, map[string]any{"code": subjects.Province}, "id")[0]
	reference := cypherRows(t, a.st, `MATCH (r:ReferenceComponent {code: $code}) RETURN r.id AS id`, map[string]any{"code": subjects.Reference}, "id")[0]
	admin := model.Principal{Name: "test admin", Role: model.RoleAdmin}
	n := 0
	save := func() time.Duration {
		n++
		t0 := time.Now()
		_, err := a.st.CreateComponent(ctx, admin, model.Component{ID: uuid.NewString(), Code: "T-GIVE-WAY-" + string(rune('0'+n)),
			Name: "Nền tảng thử", NameEn: "Trial platform", Kind: model.ComponentKindPlatform, Scope: model.ScopeProvince,
			Status: model.StatusOperating, LayerCode: subjects.ReferenceLayer, Source: "test"}, province)
		if err != nil {
			t.Fatalf("save: %v", err)
		}
		return time.Since(t0)
	}
	// The control: a user's preview holding the province's locks 3 s makes the save wait. Run
	// once first unheld, with a save: a Neo4j just started plans each statement slowly.
	user := model.Principal{Name: "test previewer", Role: model.RoleAdmin}
	preview := func() error {
		_, err := a.st.PreviewComponentChange(model.WithPrincipal(ctx, user), user, store.ComponentChange{Op: model.ComponentChangeCreate, OwnerID: province,
			Create: model.Component{ID: uuid.NewString(), Code: "T-GIVE-WAY-PV", Name: "Nền tảng thử", NameEn: "Trial platform",
				Kind: model.ComponentKindPlatform, Scope: model.ScopeProvince, Status: model.StatusOperating, LayerCode: subjects.ReferenceLayer, Source: "test"},
			Realizes: []string{reference}})
		return err
	}
	if err := preview(); err != nil {
		t.Fatalf("the user's preview: %v", err)
	}
	save()
	alone := save()
	const userHold = 3 * time.Second
	held := make(chan struct{}, 8)
	var mu sync.Mutex
	hold := map[string]time.Duration{} // by the principal's name
	store.PreviewHeld = func(ctx context.Context) {
		p, _ := model.PrincipalFrom(ctx)
		mu.Lock()
		d := hold[p.Name]
		hold[p.Name] = 0 // once each
		mu.Unlock()
		if d == 0 {
			return
		}
		held <- struct{}{}
		select {
		case <-ctx.Done():
		case <-time.After(d):
		}
	}
	t.Cleanup(func() { store.PreviewHeld = nil })
	hold[user.Name] = userHold
	previewed := make(chan error, 1)
	go func() { previewed <- preview() }()
	<-held
	waited := save()
	if err := <-previewed; err != nil {
		t.Fatalf("the user's preview: %v", err)
	}
	if waited < userHold/2 {
		t.Fatalf("a save during a user's preview held %s took %s: the preview does not hold the province's lock, so this test shows nothing", userHold, waited)
	}

	// The warm-up: its province preview is held 60 s; a save of that province begun meanwhile.
	const warmHold = 60 * time.Second
	mu.Lock()
	hold["archgraph warm-up"] = 0
	mu.Unlock()
	h, w, log := warmServer(t, a)
	w.Quiet = 300 * time.Millisecond
	var previews atomic.Int32
	store.PreviewHeld = func(ctx context.Context) {
		if p, _ := model.PrincipalFrom(ctx); p.Name != "archgraph warm-up" || previews.Add(1) != 2 {
			return // the second warm-up preview is the province's (warmPlan)
		}
		held <- struct{}{}
		select {
		case <-ctx.Done():
		case <-time.After(warmHold):
		}
	}
	before := writesSeen(t, a)
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	select {
	case <-held:
	case <-time.After(2 * time.Minute):
		t.Fatalf("the warm-up's province preview did not start:\n%s", log.String())
	}
	during := save()
	select {
	case <-done:
	case <-time.After(3 * time.Minute):
		t.Fatalf("the warm-up did not end:\n%s", log.String())
	}
	t.Logf("save alone %s; during a user's preview held %s: %s; during the warm-up's preview held %s: %s",
		alone.Round(time.Millisecond), userHold, waited.Round(time.Millisecond), warmHold, during.Round(time.Millisecond))
	// A save takes well under a second here; waiting for the hold would take 60 s.
	if during > warmHold/6 {
		t.Fatalf("a save during the warm-up's province preview took %s: it waited for the warm-up", during)
	}
	out := log.String()
	if !strings.Contains(out, `msg="warm-up operation gave way to a user's write" operation=PreviewComponentChange`) ||
		metric(t, h, `archgraph_warmup_operations{kind="yielded"}`) != 1 {
		t.Fatalf("the warm-up does not say its preview gave way once:\n%s", out)
	}
	if strings.Contains(out, "operation failed") || !strings.Contains(out, `msg="warm-up done"`) ||
		metric(t, h, `archgraph_warmup_operations{kind="failed"}`) != 0 || previews.Load() < 4 {
		t.Fatalf("the warm-up did not run its previews again and end cleanly (%d previews):\n%s", previews.Load(), out)
	}
	// Nothing written but the save: one more component, one more audit entry.
	if got := cypherRows(t, a.st, `MATCH (c:Component) WHERE c.code STARTS WITH 'T-GIVE-WAY-PV' RETURN count(c) AS n`, nil, "n")[0]; got != "0" {
		t.Fatalf("a preview was kept: %s", got)
	}
	if after := writesSeen(t, a); after == before {
		t.Fatal("the save during the warm-up was not written")
	}
}
