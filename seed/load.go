package seed

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
)

// Batches turns a validated framework into upsert batches: every node first, then every
// relationship, so that relationship endpoints always exist when they are written.
func Batches(f *File) []bulk.Batch {
	var nodes, rels []bulk.Batch
	node := func(label string, rows []bulk.Row) {
		if len(rows) > 0 {
			nodes = append(nodes, bulk.Batch{Label: label, Rows: rows})
		}
	}
	relRows := map[store.Endpoint][]bulk.Row{}
	rel := func(from, typ, to string, r bulk.Row) {
		sh := store.Endpoint{From: from, Type: typ, To: to}
		relRows[sh] = append(relRows[sh], r)
	}

	var rows []bulk.Row
	for _, r := range f.Frameworks {
		rows = append(rows, bulk.Row{Code: r.Code, Props: map[string]any{
			"name": r.Name, "nameEn": r.NameEn, "level": string(r.Level), "status": string(r.Status),
			"version": opt(r.Version), "issued": opt(r.Issued), "document": opt(r.Document), "source": r.Source,
		}})
		for _, c := range r.ConformsTo {
			rel(store.LabelFramework, store.RelConformsTo, store.LabelFramework, bulk.Row{From: r.Code, To: c, Props: map[string]any{"source": r.Source}})
		}
		for _, c := range r.Supersedes {
			rel(store.LabelFramework, store.RelSupersedes, store.LabelFramework, bulk.Row{From: r.Code, To: c, Props: map[string]any{"source": r.Source}})
		}
	}
	node(store.LabelFramework, rows)

	rows = nil
	for _, r := range f.Layers {
		rows = append(rows, bulk.Row{Code: r.Code, Props: map[string]any{
			"number": r.Number, "name": r.Name, "nameEn": r.NameEn, "source": r.Source,
		}})
	}
	node(store.LabelLayer, rows)

	rows = nil
	for _, r := range f.Groups {
		rows = append(rows, bulk.Row{Code: r.Code, Props: map[string]any{
			"ascii": r.ASCII, "name": r.Name, "nameEn": r.NameEn, "kind": string(r.Kind),
			"framework": r.Framework, "layer": r.Layer, "source": r.Source,
		}})
		rel(store.LabelComponentGroup, store.RelInLayer, store.LabelLayer, bulk.Row{From: r.Code, To: r.Layer})
	}
	node(store.LabelComponentGroup, rows)

	rows = nil
	for _, r := range f.Capabilities {
		rows = append(rows, bulk.Row{Code: r.Code, Props: map[string]any{"name": r.Name, "nameEn": r.NameEn, "source": r.Source}})
	}
	node(store.LabelCapability, rows)

	rows = nil
	for _, r := range f.ReferenceComponents {
		rows = append(rows, bulk.Row{Code: r.Code, Props: map[string]any{
			"ascii": r.ASCII, "name": r.Name, "nameEn": r.NameEn, "tier": string(r.Tier),
			"areaType": opt(string(r.AreaType)), "kind": string(r.Kind), "exploitsShared": r.ExploitsShared,
			"catchAll": r.CatchAll, "group": r.Group, "framework": r.Framework, "source": r.Source,
			// a string, not a list: the ArchiMate exchange format has no list property type
			"sharedFrom": opt(strings.Join(r.SharedFrom, ";")),
		}})
		rel(store.LabelReferenceComponent, store.RelInGroup, store.LabelComponentGroup, bulk.Row{From: r.Code, To: r.Group})
		rel(store.LabelReferenceComponent, store.RelDefinedIn, store.LabelFramework, bulk.Row{From: r.Code, To: r.Framework,
			Props: definition(r)})
		for _, c := range r.Provides {
			rel(store.LabelReferenceComponent, store.RelProvides, store.LabelCapability, bulk.Row{From: r.Code, To: c,
				Props: map[string]any{"sanctioned": true, "source": r.Source}})
		}
		for _, c := range r.Examples {
			rel(store.LabelComponent, store.RelRealizes, store.LabelReferenceComponent, bulk.Row{From: c, To: r.Code,
				Props: map[string]any{"basis": "STATED", "source": r.Source}})
		}
	}
	node(store.LabelReferenceComponent, rows)
	// A framework version lists its base's reference components too, as it describes them.
	for _, v := range f.FrameworkVersions {
		listed, _ := f.VersionRefs(v.Framework)
		for _, r := range listed {
			if r.Framework != v.Framework { // its own are written above
				rel(store.LabelReferenceComponent, store.RelDefinedIn, store.LabelFramework, bulk.Row{From: r.Code, To: v.Framework,
					Props: definition(r)})
			}
		}
	}

	rows = nil
	for _, r := range f.Agencies {
		rows = append(rows, bulk.Row{Code: r.Code, Props: map[string]any{
			"name": r.Name, "nameEn": r.NameEn, "level": string(r.Level), "areaType": opt(string(r.AreaType)),
			"province": provinceOf(f, r), "framework": opt(r.Framework), "synthetic": false, "source": r.Source,
		}})
		if r.PartOf != "" {
			rel(store.LabelAgency, store.RelPartOf, store.LabelAgency, bulk.Row{From: r.Code, To: r.PartOf})
		}
	}
	node(store.LabelAgency, rows)

	rows = nil
	for _, r := range f.Components {
		var due any
		if r.DueYear != 0 {
			due = r.DueYear
		}
		rows = append(rows, bulk.Row{Code: r.Code, Props: map[string]any{
			"name": r.Name, "nameEn": r.NameEn, "kind": string(r.Kind), "scope": string(r.Scope),
			"status": string(r.Status), "dueYear": due, "layer": r.Layer, "group": opt(r.Group),
			"securityLevel": optInt(r.SecurityLevel), "restrictedData": optBool(r.RestrictedData),
			"statusBasis": statusBasis(r.StatusBasis),
			"synthetic":   false, "source": r.Source,
		}})
		rel(store.LabelComponent, store.RelInLayer, store.LabelLayer, bulk.Row{From: r.Code, To: r.Layer})
		if r.Owner != "" {
			rel(store.LabelAgency, store.RelOwns, store.LabelComponent, bulk.Row{From: r.Owner, To: r.Code, Props: map[string]any{"source": r.Source}})
		}
		for _, c := range r.Provides {
			rel(store.LabelComponent, store.RelProvides, store.LabelCapability, bulk.Row{From: r.Code, To: c, Props: map[string]any{"source": r.Source}})
		}
		for _, c := range r.Realizes {
			rel(store.LabelComponent, store.RelRealizes, store.LabelReferenceComponent, bulk.Row{From: r.Code, To: c,
				Props: map[string]any{"basis": "STATED", "source": r.Source}})
		}
	}
	node(store.LabelComponent, rows)

	for _, r := range f.Dependencies {
		rel(store.LabelComponent, store.RelDependsOn, store.LabelComponent, bulk.Row{From: r.From, To: r.To,
			Props: map[string]any{"basis": string(r.Basis), "source": r.Source, "synthetic": false}})
	}

	for _, r := range f.Hosting {
		rel(store.LabelComponent, store.RelHostedIn, store.LabelComponent, bulk.Row{From: r.From, To: r.To,
			Props: map[string]any{"basis": string(r.Basis), "source": r.Source, "synthetic": false}})
	}

	rows = nil
	for _, r := range f.Rules {
		rows = append(rows, bulk.Row{Code: r.Code, Props: map[string]any{
			"name": r.Name, "nameEn": r.NameEn, "text": r.Text, "textEn": r.TextEn, "check": opt(r.Check),
			"severity": r.Severity, "manual": opt(r.Manual), "source": r.Source,
		}})
	}
	node(store.LabelRule, rows)

	for _, sh := range store.Shapes {
		if rs := dedupeRels(relRows[sh]); len(rs) > 0 {
			rels = append(rels, bulk.Batch{Shape: sh, Rows: rs})
		}
	}
	return append(nodes, rels...)
}

// dedupeRels keeps the first row for each (from, to): a national component that a reference
// component names as an example and that also lists it in realizes gets one REALIZES edge.
func dedupeRels(rows []bulk.Row) []bulk.Row {
	seen := map[[2]string]bool{}
	out := rows[:0:0]
	for _, r := range rows {
		k := [2]string{r.From, r.To}
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

// opt maps "" to nil, so that an absent optional value is no property at all.
// statusBasis is a framework component's status basis: NOT_STATED unless its record says.
func statusBasis(b string) string {
	if b == "" {
		return "NOT_STATED"
	}
	return b
}

func optInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func optBool(b bool) any {
	if !b {
		return nil
	}
	return true
}

func opt(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Plan is what a load would change, per label and relationship type.
type Plan map[string]bulk.Diff

// DryRun compares the batches with the database without writing anything.
func DryRun(ctx context.Context, st *store.Store, batches []bulk.Batch) (Plan, error) {
	p := Plan{}
	for _, b := range batches {
		if err := p.Diff(ctx, st, b); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Diff compares one more batch with the database and adds what it would change to the plan,
// under the batch's label or relationship type.
func (p Plan) Diff(ctx context.Context, st *store.Store, b bulk.Batch) error {
	d, err := bulk.New(st).DiffBatch(ctx, b)
	if err != nil {
		return err
	}
	k := b.Label
	if k == "" {
		k = b.Shape.Type
	}
	cur := p[k]
	cur.Create += d.Create
	cur.Update += d.Update
	cur.Same += d.Same
	p[k] = cur
	return nil
}

// Print writes the plan as a table.
func (p Plan) Print(w io.Writer) {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(w, "%-20s %8s %8s %10s\n", "", "create", "update", "unchanged")
	for _, k := range keys {
		d := p[k]
		fmt.Fprintf(w, "%-20s %8d %8d %10d\n", k, d.Create, d.Update, d.Same)
	}
}

// LoadFramework writes the framework in one transaction: it is all there or not at all.
func LoadFramework(ctx context.Context, st *store.Store, f *File) (int, time.Duration, error) {
	start := time.Now()
	batches := Batches(f)
	n := 0
	for _, b := range batches {
		n += len(b.Rows)
	}
	if err := bulk.New(st).WriteAtomic(ctx, batches); err != nil {
		return 0, 0, fmt.Errorf("seed: load framework: %w", err)
	}
	return n, time.Since(start), nil
}

// PrintCounts writes the counts per label and relationship type.
func PrintCounts(w io.Writer, c bulk.Counts) {
	fmt.Fprintln(w, "nodes:")
	for _, l := range store.Labels {
		fmt.Fprintf(w, "  %-20s %9d\n", l, c.Nodes[l])
	}
	fmt.Fprintln(w, "relationships:")
	for _, t := range store.RelTypes {
		fmt.Fprintf(w, "  %-20s %9d\n", t, c.Rels[t])
	}
}

// provinceOf is the code of the province an agency belongs to (itself for a province, its
// PART_OF province for a commune), recorded on the agency so that analyses need not walk to it.
func provinceOf(f *File, a Agency) any {
	switch a.Level {
	case model.AgencyLevelProvince:
		return a.Code
	case model.AgencyLevelCommune:
		for _, p := range f.Agencies {
			if p.Code == a.PartOf && p.Level == model.AgencyLevelProvince {
				return p.Code
			}
		}
	}
	return nil
}

// definition is what a framework says of a reference component, recorded on the component's
// DEFINED_IN relationship to it (frameworkDiff compares them).
func definition(r ReferenceComponent) map[string]any {
	// provides as one text (sorted codes, ", "): every exchange format carries a string.
	provides := strings.Join(slices.Sorted(slices.Values(r.Provides)), ", ")
	return map[string]any{"name": r.Name, "nameEn": r.NameEn, "group": r.Group, "tier": string(r.Tier),
		"areaType": opt(string(r.AreaType)), "kind": string(r.Kind), "exploitsShared": r.ExploitsShared,
		"catchAll": r.CatchAll, "provides": provides, "source": r.Source}
}
