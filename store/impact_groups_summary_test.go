package store

import (
	"reflect"
	"testing"

	"github.com/archgraph/archgraph/model"
)

// TestImpactGroupsFromSummary: groups summed from a summary's buckets (no database): counts and
// byDepth per key, the filters on the bucket dimensions, names and order, the page, and a refusal
// (ok false) whenever the buckets lack what the grouping or the filter needs.
func TestImpactGroupsFromSummary(t *testing.T) {
	layers := map[string]model.Layer{"L2": {Code: "L2", Number: 2, Name: "Dữ liệu", NameEn: "Data"}, "L1": {Code: "L1", Number: 1, Name: "Hạ tầng", NameEn: "Infrastructure"}}
	sum := model.ImpactSummary{
		BucketParts: model.ImpactByDepth | model.ImpactByLayer | model.ImpactByOwner,
		Layers:      layers,
		Buckets: []model.ImpactBucket{
			{Depth: 1, Layer: "L2", Level: "PROVINCE", Province: "HUE", ProvinceName: "Huế", ProvinceNameEn: "Hue", N: 3},
			{Depth: 2, Layer: "L2", Level: "COMMUNE", Province: "HUE", ProvinceName: "Huế", ProvinceNameEn: "Hue", N: 10},
			{Depth: 2, Layer: "L1", Level: "COMMUNE", Province: "HA-NOI", ProvinceName: "Hà Nội", ProvinceNameEn: "Ha Noi", N: 20},
			{Depth: 1, Layer: "L1", Level: "", Province: "", N: 4},
		},
	}
	g, ok := ImpactGroupsFromSummary(sum, model.ImpactGroupByProvince, model.ImpactRowFilter{}, 10, 3)
	want := model.ImpactGroups{Total: 37, Count: 3, Nodes: []model.ImpactGroup{
		{Key: "HA-NOI", Name: "Hà Nội", NameEn: "Ha Noi", Count: 20, ByDepth: []int{0, 20, 0}},
		{Key: "HUE", Name: "Huế", NameEn: "Hue", Count: 13, ByDepth: []int{3, 10, 0}},
		{Key: "", Name: noProvinceName[0], NameEn: noProvinceName[1], Count: 4, ByDepth: []int{4, 0, 0}},
	}}
	if !ok || !reflect.DeepEqual(g, want) {
		t.Fatalf("by province: %+v %v, want %+v", g, ok, want)
	}
	g, ok = ImpactGroupsFromSummary(sum, model.ImpactGroupByLayer, model.ImpactRowFilter{Levels: []string{"COMMUNE", UnownedLevel}}, 1, 3)
	if !ok || g.Total != 34 || g.Count != 2 || len(g.Nodes) != 1 || g.Nodes[0].Key != "L1" || g.Nodes[0].Count != 24 || g.Nodes[0].NameEn != "Infrastructure" {
		t.Fatalf("by layer, communes and no owner, first 1: %+v %v", g, ok)
	}
	g, ok = ImpactGroupsFromSummary(sum, model.ImpactGroupByDepth, model.ImpactRowFilter{Province: "HUE", Layers: []string{"L2"}, Depth: 2}, 10, 3)
	if !ok || g.Total != 10 || len(g.Nodes) != 1 || g.Nodes[0].Key != "2" {
		t.Fatalf("by depth, Hue's L2 at depth 2: %+v %v", g, ok)
	}
	g, ok = ImpactGroupsFromSummary(sum, model.ImpactGroupByLevel, model.ImpactRowFilter{}, 10, 3)
	if !ok || len(g.Nodes) != 3 || g.Nodes[0].Key != "PROVINCE" || g.Nodes[2].Key != UnownedLevel || g.Nodes[2].Count != 4 {
		t.Fatalf("by level: %+v %v", g, ok)
	}
	for name, c := range map[string]struct {
		sum model.ImpactSummary
		by  model.ImpactGroupBy
		f   model.ImpactRowFilter
	}{
		"by owner":                      {sum, model.ImpactGroupByOwner, model.ImpactRowFilter{}},
		"an owner filter":               {sum, model.ImpactGroupByDepth, model.ImpactRowFilter{Owner: "HUE"}},
		"no depth in the buckets":       {model.ImpactSummary{BucketParts: model.ImpactByLayer | model.ImpactByOwner, Layers: layers}, model.ImpactGroupByLayer, model.ImpactRowFilter{}},
		"no layer, by layer":            {model.ImpactSummary{BucketParts: model.ImpactByDepth | model.ImpactByOwner}, model.ImpactGroupByLayer, model.ImpactRowFilter{}},
		"no owner, by province":         {model.ImpactSummary{BucketParts: model.ImpactByDepth | model.ImpactByLayer, Layers: layers}, model.ImpactGroupByProvince, model.ImpactRowFilter{}},
		"no owner, a level filter":      {model.ImpactSummary{BucketParts: model.ImpactByDepth}, model.ImpactGroupByDepth, model.ImpactRowFilter{Levels: []string{"COMMUNE"}}},
		"no layer, a layer filter":      {model.ImpactSummary{BucketParts: model.ImpactByDepth}, model.ImpactGroupByDepth, model.ImpactRowFilter{Layers: []string{"L1"}}},
		"no summary computed (parts 0)": {model.ImpactSummary{}, model.ImpactGroupByDepth, model.ImpactRowFilter{}},
	} {
		if _, ok := ImpactGroupsFromSummary(c.sum, c.by, c.f, 10, 3); ok {
			t.Errorf("%s: counted from the buckets, the traversal was needed", name)
		}
	}
}
