package seed

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
)

// Size is the size of a synthetic estate.
type Size string

// The synthetic sizes: S is about 100k components and 400k relationships, L about ten times that.
const (
	SizeS Size = "S"
	SizeL Size = "L"
)

// CommuneCount is the number of commune-level units since 2025 (xã, phường, đặc khu).
const CommuneCount = 3321

// Synthetic codes all start with this prefix, and every synthetic node and relationship carries
// synthetic: true, so that they can never be mistaken for real inventory.
const SyntheticPrefix = "SYN-"

// mountainous provinces get mostly MOUNTAIN_BORDER_ISLAND communes in the synthetic estate; the
// six centrally-run cities mostly URBAN ones. A rough public-geography bias, nothing more.
var mountainous = map[string]bool{"LAI-CHAU": true, "DIEN-BIEN": true, "SON-LA": true, "LANG-SON": true,
	"CAO-BANG": true, "TUYEN-QUANG": true, "LAO-CAI": true, "GIA-LAI": true, "DAK-LAK": true, "LAM-DONG": true,
	"THAI-NGUYEN": true, "PHU-THO": true, "QUANG-TRI": true}
var cities = map[string]bool{"HA-NOI": true, "HUE": true, "HAI-PHONG": true, "DA-NANG": true, "HO-CHI-MINH": true, "CAN-THO": true}

// SyntheticOptions tune the generator.
type SyntheticOptions struct {
	Size      Size
	RandSeed  uint64
	BatchSize int
	// Provinces, when positive, emits only the first that many provinces (tests use it); the
	// communes are still spread over all of them, so the estate is a prefix of the full one.
	Provinces int
	// Progress, if set, is called after each province with (province index, total, components so far).
	Progress func(done, total int, components int64)
}

// SyntheticStats counts what the generator emitted.
type SyntheticStats struct {
	Communes, Components, Relationships int64
}

// generator holds the framework indexes that the synthetic estate is drawn from.
type generator struct {
	f        *File
	rng      *rand.Rand
	opts     SyntheticOptions
	replicas int
	groups   map[string]Group
	layers   map[string]Layer
	comps    map[string]Component
	// refsByFramework: reference components of each framework, in file order.
	refsByFramework map[string][]ReferenceComponent
	// nationalByLayer: national components per layer, in file order.
	nationalByLayer map[string][]string
	// nationalByCap: national components that provide each capability.
	nationalByCap map[string][]string
	// sanctioned: capabilities for which some reference component sanctions a local counterpart.
	sanctioned map[string]bool
	// usable: national components a commune or province may USE (portals, channels, applications).
	usable []string
	stats  SyntheticStats
	out    *batcher
}

// Synthetic streams a deterministic synthetic estate over the framework f (already loaded) to
// emit, province by province, in batches of opts.BatchSize rows; nodes always come before the
// relationships that need them. The same f, size and seed always give the same estate.
func Synthetic(f *File, opts SyntheticOptions, emit func(bulk.Batch) error) (SyntheticStats, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = 5000
	}
	g := &generator{f: f, opts: opts, rng: rand.New(rand.NewPCG(opts.RandSeed, opts.RandSeed^0x9e3779b97f4a7c15)),
		groups: map[string]Group{}, layers: map[string]Layer{}, comps: map[string]Component{},
		refsByFramework: map[string][]ReferenceComponent{}, nationalByLayer: map[string][]string{},
		nationalByCap: map[string][]string{}, sanctioned: map[string]bool{},
		out: newBatcher(opts.BatchSize, emit)}
	switch opts.Size {
	case SizeS:
		g.replicas = 1
	case SizeL:
		g.replicas = 10
	default:
		return g.stats, fmt.Errorf("seed: synthetic size %q: must be S or L", opts.Size)
	}
	for _, x := range f.Groups {
		g.groups[x.Code] = x
	}
	for _, x := range f.Layers {
		g.layers[x.Code] = x
	}
	for _, r := range f.ReferenceComponents {
		g.refsByFramework[r.Framework] = append(g.refsByFramework[r.Framework], r)
		for _, c := range r.Provides {
			g.sanctioned[c] = true
		}
	}
	for _, c := range f.Components {
		if c.Scope != model.ScopeNational {
			continue
		}
		g.comps[c.Code] = c
		g.nationalByLayer[c.Layer] = append(g.nationalByLayer[c.Layer], c.Code)
		for _, p := range c.Provides {
			g.nationalByCap[p] = append(g.nationalByCap[p], c.Code)
		}
		switch c.Kind {
		case model.ComponentKindPortal, model.ComponentKindChannel, model.ComponentKindApplication:
			g.usable = append(g.usable, c.Code)
		}
	}
	var provinces, ministries []Agency
	for _, a := range f.Agencies {
		switch a.Level {
		case model.AgencyLevelProvince:
			provinces = append(provinces, a)
		case model.AgencyLevelMinistry:
			ministries = append(ministries, a)
		}
	}
	if len(provinces) == 0 {
		return g.stats, fmt.Errorf("seed: synthetic: the framework has no provinces")
	}
	for _, m := range ministries {
		if _, err := g.platforms(m, "KTTS-BO", model.ScopeMinistry); err != nil {
			return g.stats, err
		}
		if err := g.out.flush(); err != nil {
			return g.stats, err
		}
	}
	counts := spread(g.rng, CommuneCount, len(provinces))
	dupProvinces := g.pickDuplicators(len(provinces))
	for i, p := range provinces {
		if opts.Provinces > 0 && i >= opts.Provinces {
			break
		}
		if err := g.province(p, counts[i], dupProvinces[i]); err != nil {
			return g.stats, err
		}
		if err := g.out.flush(); err != nil {
			return g.stats, err
		}
		g.stats.Relationships = g.out.relCount
		if opts.Progress != nil {
			opts.Progress(i+1, len(provinces), g.stats.Components)
		}
	}
	return g.stats, nil
}

// spread divides n over k parts with random weights, each part at least n/(4k), summing to n.
func spread(rng *rand.Rand, n, k int) []int {
	w := make([]float64, k)
	sum := 0.0
	for i := range w {
		w[i] = 0.5 + rng.Float64()
		sum += w[i]
	}
	out := make([]int, k)
	total := 0
	for i := range w {
		out[i] = int(float64(n) * w[i] / sum)
		total += out[i]
	}
	for i := 0; total < n; i = (i + 1) % k {
		out[i]++
		total++
	}
	return out
}

// pickDuplicators chooses which provinces run a platform of their own that duplicates a
// national one (about one in six).
func (g *generator) pickDuplicators(k int) []bool {
	out := make([]bool, k)
	for i := range out {
		out[i] = g.rng.IntN(6) == 0
	}
	return out
}

func (g *generator) layerOf(r ReferenceComponent) string {
	return g.groups[r.Group].Layer
}

func kindFor(layer, group string) model.ComponentKind {
	switch {
	case layer == "L1" && strings.Contains(group, "ANM"):
		return model.ComponentKindSecurity
	case layer == "L1":
		return model.ComponentKindInfrastructure
	case layer == "L2" && strings.Contains(group, "DL"):
		return model.ComponentKindDatabase
	case layer == "L2":
		return model.ComponentKindPlatform
	case layer == "L3":
		return model.ComponentKindApplication
	case strings.Contains(group, "KTT"):
		return model.ComponentKindChannel
	}
	return model.ComponentKindDashboard
}

func (g *generator) status() string {
	switch x := g.rng.IntN(100); {
	case x < 80:
		return string(model.StatusOperating)
	case x < 92:
		return string(model.StatusBuilding)
	}
	return string(model.StatusPlanned)
}

// component emits one synthetic component with its OWNS, REALIZES, IN_LAYER and PROVIDES edges.
//
// A component that exposes APIs (exposesApi) must publish them through the national API
// exchange (rule API_VIA_VAPEX); most do, some do not, so that the rule has findings.
func (g *generator) component(owner Agency, code, name, nameEn, layer, group string, kind model.ComponentKind,
	scope model.Scope, ref *ReferenceComponent, provides []string, api bool) {
	g.out.node(store.LabelComponent, bulk.Row{Code: code, Props: bulk.Props(
		prop("name", str(name)), prop("nameEn", str(nameEn)), prop("kind", str(string(kind))), prop("scope", str(string(scope))), prop("status", str(g.status())),
		prop("layer", str(layer)), prop("group", opt(group)), prop("exposesApi", boolean(api)), prop("synthetic", boolean(true)), prop("source", str("synthetic")),
	)})
	if api {
		if gw := g.nationalByCap["CAP-API-EXCHANGE"]; len(gw) > 0 && g.rng.IntN(100) < 85 {
			g.dependsOn(code, gw[0])
		}
	}
	g.stats.Components++
	g.out.rel(store.LabelAgency, store.RelOwns, store.LabelComponent, bulk.Row{From: owner.Code, To: code, Props: synthetic()})
	g.out.rel(store.LabelComponent, store.RelInLayer, store.LabelLayer, bulk.Row{From: code, To: layer, Props: synthetic()})
	if ref != nil {
		g.out.rel(store.LabelComponent, store.RelRealizes, store.LabelReferenceComponent, bulk.Row{From: code, To: ref.Code,
			Props: bulk.Props(prop("synthetic", boolean(true)), prop("basis", str(string(model.BasisSynthetic))))})
	}
	for _, c := range provides {
		g.out.rel(store.LabelComponent, store.RelProvides, store.LabelCapability, bulk.Row{From: code, To: c, Props: synthetic()})
	}
}

func (g *generator) dependsOn(from, to string) {
	g.out.rel(store.LabelComponent, store.RelDependsOn, store.LabelComponent, bulk.Row{From: from, To: to,
		Props: bulk.Props(prop("synthetic", boolean(true)), prop("basis", str(string(model.BasisSynthetic))), prop("source", str("synthetic")))})
}

// synthetic is the properties of a synthetic relationship that has no others.
func synthetic() bulk.Properties { return bulk.Props(prop("synthetic", boolean(true))) }

func (g *generator) uses(agency, comp string) {
	g.out.rel(store.LabelAgency, store.RelUses, store.LabelComponent, bulk.Row{From: agency, To: comp, Props: synthetic()})
}

// platforms emits an agency's own platforms: one per reference component of framework fw (most
// of them), each depending on the national components that provide the same capabilities.
// It returns the codes emitted per layer.
func (g *generator) platforms(a Agency, fw string, scope model.Scope) (map[string][]string, error) {
	byLayer := map[string][]string{}
	for _, r := range g.refsByFramework[fw] {
		if r.Kind != model.RefKindComponent || r.ExploitsShared || r.CatchAll {
			continue // "use the national one" and "other …" items are not built as such
		}
		if g.rng.IntN(10) == 0 {
			continue // about one in ten is missing
		}
		r := r
		layer := g.layerOf(r)
		code := SyntheticPrefix + a.Code + "-" + r.ASCII
		g.component(a, code, r.Name+" – "+a.Name+" (mô phỏng)", r.NameEn+" – "+a.NameEn+" (synthetic)",
			layer, r.Group, kindFor(layer, r.Group), scope, &r, r.Provides, layer == "L2" || layer == "L3")
		byLayer[layer] = append(byLayer[layer], code)
		linked := map[string]bool{}
		for _, c := range r.Provides {
			for _, n := range g.nationalByCap[c] {
				if !linked[n] {
					linked[n] = true
					g.dependsOn(code, n)
				}
			}
		}
		if nat := g.nationalByLayer[layer]; len(nat) > 0 && len(linked) == 0 {
			g.dependsOn(code, nat[g.rng.IntN(len(nat))])
		}
	}
	for _, u := range g.pick(g.usable, 6) {
		g.uses(a.Code, u)
	}
	return byLayer, nil
}

// pick returns up to n distinct elements of xs, drawn at random.
func (g *generator) pick(xs []string, n int) []string {
	if n >= len(xs) {
		return xs
	}
	idx := g.rng.Perm(len(xs))[:n]
	out := make([]string, n)
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}

func (g *generator) areaType(province string) model.AreaType {
	x := g.rng.IntN(100)
	switch {
	case cities[province]:
		if x < 65 {
			return model.AreaTypeUrban
		} else if x < 95 {
			return model.AreaTypeRural
		}
	case mountainous[province]:
		if x < 10 {
			return model.AreaTypeUrban
		} else if x < 40 {
			return model.AreaTypeRural
		}
	default:
		if x < 25 {
			return model.AreaTypeUrban
		} else if x < 85 {
			return model.AreaTypeRural
		}
	}
	return model.AreaTypeMountainBorderIsland
}

// duplicate emits a platform of a that provides a national platform's capability that no
// reference component sanctions locally, without depending on it: a deliberate duplicate.
func (g *generator) duplicate(a Agency, scope model.Scope) {
	var candidates []string
	for _, c := range g.f.Components {
		if c.Scope != model.ScopeNational {
			continue
		}
		for _, p := range c.Provides {
			if !g.sanctioned[p] {
				candidates = append(candidates, c.Code)
				break
			}
		}
	}
	if len(candidates) == 0 {
		return
	}
	nat := g.comps[candidates[g.rng.IntN(len(candidates))]]
	var caps []string
	for _, p := range nat.Provides {
		if !g.sanctioned[p] {
			caps = append(caps, p)
		}
	}
	code := a.Code + "-DUP-" + nat.Code
	if !strings.HasPrefix(code, SyntheticPrefix) {
		code = SyntheticPrefix + code // real agencies (provinces) have no synthetic prefix
	}
	g.component(a, code, nat.Name+" riêng của "+a.Name+" (mô phỏng, trùng lặp)",
		"Own "+nat.NameEn+" of "+a.NameEn+" (synthetic duplicate)", nat.Layer, "", nat.Kind, scope, nil, caps, false)
}

// province emits a province's platforms and its communes with their components.
func (g *generator) province(p Agency, communes int, duplicates bool) error {
	plat, err := g.platforms(p, "KTTS-TINH", model.ScopeProvince)
	if err != nil {
		return err
	}
	if duplicates {
		g.duplicate(p, model.ScopeProvince)
	}
	for i := 1; i <= communes; i++ {
		at := g.areaType(p.Code)
		kind, kindEn := "Xã", "Commune"
		if at == model.AreaTypeUrban {
			kind, kindEn = "Phường", "Ward"
		}
		c := Agency{Code: fmt.Sprintf("%s%s-X%04d", SyntheticPrefix, p.Code, i), Level: model.AgencyLevelCommune, AreaType: at,
			Name:   fmt.Sprintf("%s mô phỏng %04d – %s", kind, i, p.Name),
			NameEn: fmt.Sprintf("Synthetic %s %04d – %s", strings.ToLower(kindEn), i, p.NameEn)}
		g.out.node(store.LabelAgency, bulk.Row{Code: c.Code, Props: bulk.Props(
			prop("name", str(c.Name)), prop("nameEn", str(c.NameEn)), prop("level", str(string(c.Level))), prop("areaType", str(string(at))),
			prop("province", str(p.Code)), prop("synthetic", boolean(true)), prop("source", str("synthetic")),
		)})
		g.stats.Communes++
		g.out.rel(store.LabelAgency, store.RelPartOf, store.LabelAgency, bulk.Row{From: c.Code, To: p.Code, Props: synthetic()})
		g.commune(c, plat)
		if g.rng.IntN(400) == 0 {
			g.duplicate(c, model.ScopeCommune)
		}
		for _, u := range g.pick(g.usable, 4) {
			g.uses(c.Code, u)
		}
		for _, layer := range sortedKeys(plat) {
			if layerPlats := plat[layer]; len(layerPlats) > 0 && g.rng.IntN(2) == 0 {
				g.uses(c.Code, layerPlats[g.rng.IntN(len(layerPlats))])
			}
		}
	}
	return nil
}

// commune emits the components a commune deploys: most essential ones, most supplementary
// ones of its area type, now and then an "other … per need" one; "exploit the shared one" codes
// are not built. Each depends on a platform of its province in the same layer, some also on a
// national one.
func (g *generator) commune(c Agency, plat map[string][]string) {
	for _, r := range g.refsByFramework["KTTS-XA"] {
		if r.Kind != model.RefKindComponent || r.ExploitsShared {
			continue
		}
		applies := r.Tier == model.TierCommuneEssential ||
			(r.Tier == model.TierAreaSupplementary && r.AreaType == c.AreaType)
		chance := 93
		switch {
		case !applies:
			continue
		case r.CatchAll:
			chance = 30
		case r.Tier == model.TierAreaSupplementary:
			chance = 70
		}
		if g.rng.IntN(100) >= chance {
			continue
		}
		r := r
		layer := g.layerOf(r)
		for k := 1; k <= g.replicas; k++ {
			code := c.Code + "-" + r.ASCII
			name := r.Code + " – " + c.Name
			nameEn := r.ASCII + " – " + c.NameEn
			if g.replicas > 1 {
				code = fmt.Sprintf("%s-%02d", code, k)
				name = fmt.Sprintf("%s (%d)", name, k)
				nameEn = fmt.Sprintf("%s (%d)", nameEn, k)
			}
			api := layer == "L3" && g.rng.IntN(10) == 0
			g.component(c, code, name, nameEn, layer, r.Group, kindFor(layer, r.Group), model.ScopeCommune, &r, r.Provides, api)
			if ps := plat[layer]; len(ps) > 0 && g.rng.IntN(10) != 0 {
				g.dependsOn(code, ps[g.rng.IntN(len(ps))])
			}
			if nat := g.nationalByLayer[layer]; len(nat) > 0 && g.rng.IntN(3) == 0 {
				g.dependsOn(code, nat[g.rng.IntN(len(nat))])
			}
		}
	}
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// batcher groups rows by label and shape and emits full batches; flush emits the rest, nodes
// before relationships.
type batcher struct {
	size     int
	emit     func(bulk.Batch) error
	nodes    map[string][]bulk.Row
	norder   []string
	rels     map[store.Endpoint][]bulk.Row
	rorder   []store.Endpoint
	relCount int64
	rowsOut  int64
}

func newBatcher(size int, emit func(bulk.Batch) error) *batcher {
	return &batcher{size: size, emit: emit, nodes: map[string][]bulk.Row{}, rels: map[store.Endpoint][]bulk.Row{}}
}

func (b *batcher) node(label string, r bulk.Row) {
	if _, ok := b.nodes[label]; !ok {
		b.norder = append(b.norder, label)
	}
	b.nodes[label] = append(b.nodes[label], r)
}

func (b *batcher) rel(from, typ, to string, r bulk.Row) {
	sh := store.Endpoint{From: from, Type: typ, To: to}
	b.relCount++
	if _, ok := b.rels[sh]; !ok {
		b.rorder = append(b.rorder, sh)
	}
	b.rels[sh] = append(b.rels[sh], r)
}

// flush emits everything buffered: all nodes, then all relationships, in batches.
func (b *batcher) flush() error {
	for _, l := range b.norder {
		if err := b.send(bulk.Batch{Label: l}, b.nodes[l]); err != nil {
			return err
		}
		b.nodes[l] = nil
	}
	for _, sh := range b.rorder {
		if err := b.send(bulk.Batch{Shape: sh}, b.rels[sh]); err != nil {
			return err
		}
		b.rels[sh] = nil
	}
	return nil
}

func (b *batcher) send(tmpl bulk.Batch, rows []bulk.Row) error {
	for len(rows) > 0 {
		n := min(b.size, len(rows))
		bt := tmpl
		bt.Rows = rows[:n]
		if err := b.emit(bt); err != nil {
			return err
		}
		b.rowsOut += int64(n)
		rows = rows[n:]
	}
	return nil
}
