package store_test

import (
	"context"
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

func TestMigrateTwiceSameSchema(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	before, err := st.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := st.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("schema changed on a second migration:\nbefore %v\nafter  %v", before, after)
	}
	// Every label has a unique id and a unique code, and the full-text index exists.
	names := map[string]bool{}
	for _, it := range after {
		names[it.Name] = true
	}
	for _, l := range store.Labels {
		for _, suffix := range []string{"_id_unique", "_code_unique"} {
			if n := strings.ToLower(l) + suffix; !names[n] {
				t.Errorf("constraint %s missing", n)
			}
		}
	}
	if !names[store.FulltextIndex] {
		t.Errorf("full-text index %s missing", store.FulltextIndex)
	}
}

var admin = model.Principal{Name: "test", Role: model.RoleAdmin}

func TestDuplicateIDIsConflict(t *testing.T) {
	st := storetest.Empty(t)
	ctx := context.Background()
	if err := bulk.New(st).WriteAtomic(ctx, []bulk.Batch{{Label: store.LabelLayer, Rows: []bulk.Row{{Code: "L2", Props: bulk.Props(bulk.P("number", bulk.Int(2)), bulk.P("name", bulk.Str("Dữ liệu")), bulk.P("nameEn", bulk.Str("Data")))}}}}); err != nil {
		t.Fatal(err)
	}
	c := model.Component{ID: uuid.NewString(), Code: "TEST-1", Name: "Thử", NameEn: "Test", Kind: model.ComponentKindPlatform,
		Scope: model.ScopeProvince, Status: model.StatusOperating, LayerCode: "L2"}
	if _, err := st.CreateComponent(ctx, admin, c, ""); err != nil {
		t.Fatal(err)
	}
	c2 := c
	c2.Code = "TEST-2" // same id, other code
	_, err := st.CreateComponent(ctx, admin, c2, "")
	if !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a duplicate id gave %v, want ErrConflict", err)
	}
	c3 := c
	c3.ID = uuid.NewString() // same code, other id
	if _, err := st.CreateComponent(ctx, admin, c3, ""); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a duplicate code gave %v, want ErrConflict", err)
	}
	c4 := c
	c4.ID, c4.Code, c4.LayerCode = uuid.NewString(), "TEST-4", "L9"
	if _, err := st.CreateComponent(ctx, admin, c4, ""); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("an unknown layer gave %v, want ErrInvalid", err)
	}
	counts, err := bulk.New(st).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts.Nodes[store.LabelComponent] != 1 {
		t.Fatalf("%d components stored, want 1 (refused writes must leave nothing)", counts.Nodes[store.LabelComponent])
	}
}

func TestFulltextFoldsAccents(t *testing.T) {
	st := storetest.Empty(t)
	ctx := context.Background()
	err := bulk.New(st).WriteAtomic(ctx, []bulk.Batch{{Label: store.LabelAgency, Rows: []bulk.Row{
		{Code: "HA-NOI", Props: bulk.Props(bulk.P("name", bulk.Str("Thành phố Hà Nội")), bulk.P("nameEn", bulk.Str("Hanoi City")), bulk.P("level", bulk.Str("PROVINCE")))},
		{Code: "HUE", Props: bulk.Props(bulk.P("name", bulk.Str("Thành phố Huế")), bulk.P("nameEn", bulk.Str("Hue City")), bulk.P("level", bulk.Str("PROVINCE")))},
		{Code: "DA-NANG", Props: bulk.Props(bulk.P("name", bulk.Str("Thành phố Đà Nẵng")), bulk.P("nameEn", bulk.Str("Da Nang City")), bulk.P("level", bulk.Str("PROVINCE")))},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{"ha noi": "HA-NOI", "Hà Nội": "HA-NOI", "da nang": "DA-NANG", "ĐÀ NẴNG": "DA-NANG"} {
		hits, err := st.Search(ctx, q, 5)
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		if len(hits) == 0 || hits[0].Code != want {
			t.Errorf("search %q = %+v, want %s first", q, hits, want)
		}
	}
}

func TestPingFailsFastWhenDown(t *testing.T) {
	st, err := store.Open(store.Config{URI: "bolt://127.0.0.1:1", ConnectTimeout: time.Second}, slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	start := time.Now()
	err = st.Ping(context.Background(), 2*time.Second)
	if !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("ping of a closed port gave %v, want ErrUnavailable", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("ping took %s, want < 5s", d)
	}
}
