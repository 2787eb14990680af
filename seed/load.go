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
	source := func(s string) bulk.Properties { return bulk.Props(prop("source", str(s))) }

	var rows []bulk.Row
	for _, r := range f.Frameworks {
		rows = append(rows, bulk.Row{Code: r.Code, Props: bulk.Props(
			prop("name", str(r.Name)), prop("nameEn", str(r.NameEn)), prop("level", str(string(r.Level))), prop("status", str(string(r.Status))),
			prop("version", opt(r.Version)), prop("issued", opt(r.Issued)), prop("document", opt(r.Document)), prop("source", str(r.Source)),
		)})
		for _, c := range r.ConformsTo {
			rel(store.LabelFramework, store.RelConformsTo, store.LabelFramework, bulk.Row{From: r.Code, To: c, Props: source(r.Source)})
		}
		for _, c := range r.Supersedes {
			rel(store.LabelFramework, store.RelSupersedes, store.LabelFramework, bulk.Row{From: r.Code, To: c, Props: source(r.Source)})
		}
	}
	node(store.LabelFramework, rows)

	rows = nil
	for _, r := range f.Layers {
		rows = append(rows, bulk.Row{Code: r.Code, Props: bulk.Props(
			prop("number", integer(r.Number)), prop("name", str(r.Name)), prop("nameEn", str(r.NameEn)), prop("source", str(r.Source)),
		)})
	}
	node(store.LabelLayer, rows)

	rows = nil
	for _, r := range f.Groups {
		rows = append(rows, bulk.Row{Code: r.Code, Props: bulk.Props(
			prop("ascii", str(r.ASCII)), prop("name", str(r.Name)), prop("nameEn", str(r.NameEn)), prop("kind", str(string(r.Kind))),
			prop("framework", str(r.Framework)), prop("layer", str(r.Layer)), prop("source", str(r.Source)),
		)})
		rel(store.LabelComponentGroup, store.RelInLayer, store.LabelLayer, bulk.Row{From: r.Code, To: r.Layer})
	}
	node(store.LabelComponentGroup, rows)

	rows = nil
	for _, r := range f.Capabilities {
		rows = append(rows, bulk.Row{Code: r.Code, Props: bulk.Props(prop("name", str(r.Name)), prop("nameEn", str(r.NameEn)), prop("source", str(r.Source)))})
	}
	node(store.LabelCapability, rows)

	rows = nil
	for _, r := range f.ReferenceComponents {
		rows = append(rows, bulk.Row{Code: r.Code, Props: bulk.Props(
			prop("ascii", str(r.ASCII)), prop("name", str(r.Name)), prop("nameEn", str(r.NameEn)), prop("tier", str(string(r.Tier))),
			prop("areaType", opt(string(r.AreaType))), prop("kind", str(string(r.Kind))), prop("exploitsShared", boolean(r.ExploitsShared)),
			prop("catchAll", boolean(r.CatchAll)), prop("group", str(r.Group)), prop("framework", str(r.Framework)), prop("source", str(r.Source)),
			// a string, not a list: the ArchiMate exchange format has no list property type
			prop("sharedFrom", opt(strings.Join(r.SharedFrom, ";"))),
		)})
		rel(store.LabelReferenceComponent, store.RelInGroup, store.LabelComponentGroup, bulk.Row{From: r.Code, To: r.Group})
		rel(store.LabelReferenceComponent, store.RelDefinedIn, store.LabelFramework, bulk.Row{From: r.Code, To: r.Framework,
			Props: definition(r)})
		for _, c := range r.Provides {
			rel(store.LabelReferenceComponent, store.RelProvides, store.LabelCapability, bulk.Row{From: r.Code, To: c,
				Props: bulk.Props(prop("sanctioned", boolean(true)), prop("source", str(r.Source)))})
		}
		for _, c := range r.Examples {
			rel(store.LabelComponent, store.RelRealizes, store.LabelReferenceComponent, bulk.Row{From: c, To: r.Code,
				Props: bulk.Props(prop("basis", str("STATED")), prop("source", str(r.Source)))})
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
		rows = append(rows, bulk.Row{Code: r.Code, Props: bulk.Props(
			prop("name", str(r.Name)), prop("nameEn", str(r.NameEn)), prop("level", str(string(r.Level))), prop("areaType", opt(string(r.AreaType))),
			prop("province", opt(provinceOf(f, r))), prop("framework", opt(r.Framework)), prop("synthetic", boolean(false)), prop("source", str(r.Source)),
		)})
		if r.PartOf != "" {
			rel(store.LabelAgency, store.RelPartOf, store.LabelAgency, bulk.Row{From: r.Code, To: r.PartOf})
		}
	}
	node(store.LabelAgency, rows)

	rows = nil
	for _, r := range f.Components {
		rows = append(rows, bulk.Row{Code: r.Code, Props: bulk.Props(
			prop("name", str(r.Name)), prop("nameEn", str(r.NameEn)), prop("kind", str(string(r.Kind))), prop("scope", str(string(r.Scope))),
			prop("status", str(string(r.Status))), prop("dueYear", optInt(r.DueYear)), prop("layer", str(r.Layer)), prop("group", opt(r.Group)),
			prop("securityLevel", optInt(r.SecurityLevel)), prop("restrictedData", optBool(r.RestrictedData)),
			prop("statusBasis", str(statusBasis(r.StatusBasis))),
			prop("synthetic", boolean(false)), prop("source", str(r.Source)),
		)})
		rel(store.LabelComponent, store.RelInLayer, store.LabelLayer, bulk.Row{From: r.Code, To: r.Layer})
		if r.Owner != "" {
			rel(store.LabelAgency, store.RelOwns, store.LabelComponent, bulk.Row{From: r.Owner, To: r.Code, Props: source(r.Source)})
		}
		for _, c := range r.Provides {
			rel(store.LabelComponent, store.RelProvides, store.LabelCapability, bulk.Row{From: r.Code, To: c, Props: source(r.Source)})
		}
		for _, c := range r.Realizes {
			rel(store.LabelComponent, store.RelRealizes, store.LabelReferenceComponent, bulk.Row{From: r.Code, To: c,
				Props: bulk.Props(prop("basis", str("STATED")), prop("source", str(r.Source)))})
		}
	}
	node(store.LabelComponent, rows)

	for _, r := range f.Dependencies {
		rel(store.LabelComponent, store.RelDependsOn, store.LabelComponent, bulk.Row{From: r.From, To: r.To,
			Props: bulk.Props(prop("basis", str(string(r.Basis))), prop("source", str(r.Source)), prop("synthetic", boolean(false)))})
	}

	for _, r := range f.Hosting {
		rel(store.LabelComponent, store.RelHostedIn, store.LabelComponent, bulk.Row{From: r.From, To: r.To,
			Props: bulk.Props(prop("basis", str(string(r.Basis))), prop("source", str(r.Source)), prop("synthetic", boolean(false)))})
	}

	rows = nil
	for _, r := range f.Rules {
		rows = append(rows, bulk.Row{Code: r.Code, Props: bulk.Props(
			prop("name", str(r.Name)), prop("nameEn", str(r.NameEn)), prop("text", str(r.Text)), prop("textEn", str(r.TextEn)), prop("check", opt(r.Check)),
			prop("severity", str(r.Severity)), prop("manual", opt(r.Manual)), prop("source", str(r.Source)),
		)})
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

// statusBasis is a framework component's status basis: NOT_STATED unless its record says.
func statusBasis(b string) string {
	if b == "" {
		return "NOT_STATED"
	}
	return b
}

// Short names for the loader's typed property values.
var (
	prop    = bulk.P
	str     = bulk.Str
	opt     = bulk.OptStr // "" is no property at all
	boolean = bulk.Bool
)

func integer(n int) bulk.Value { return bulk.Int(int64(n)) }

// optInt is n, or no property for 0.
func optInt(n int) bulk.Value {
	if n == 0 {
		return bulk.Null
	}
	return integer(n)
}

// optBool is true, or no property for false.
func optBool(b bool) bulk.Value {
	if !b {
		return bulk.Null
	}
	return bulk.Bool(true)
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
// PART_OF province for a commune; "" for none), recorded on the agency so that analyses need not
// walk to it.
func provinceOf(f *File, a Agency) string {
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
	return ""
}

// definition is what a framework says of a reference component, recorded on the component's
// DEFINED_IN relationship to it (frameworkDiff compares them).
func definition(r ReferenceComponent) bulk.Properties {
	// provides as one text (sorted codes, ", "): every exchange format carries a string.
	provides := strings.Join(slices.Sorted(slices.Values(r.Provides)), ", ")
	return bulk.Props(prop("name", str(r.Name)), prop("nameEn", str(r.NameEn)), prop("group", str(r.Group)), prop("tier", str(string(r.Tier))),
		prop("areaType", opt(string(r.AreaType))), prop("kind", str(string(r.Kind))), prop("exploitsShared", boolean(r.ExploitsShared)),
		prop("catchAll", boolean(r.CatchAll)), prop("provides", str(provides)), prop("source", str(r.Source)))
}
