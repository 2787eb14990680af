package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/archgraph/archgraph/interop"
	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
)

const interopUsage = `Usage:
  archgraph export archimate [--out FILE] [--view layers] [--view impact:CODE]...
                                                     the graph as an ArchiMate Model Exchange File, with the
                                                     views it holds and views drawn by archgraph: one per layer,
                                                     or a component and its dependents by depth
  archgraph export json      [--out FILE]            the whole graph as a JSON-lines backup
  archgraph export csv --agency CODE [--out FILE]    an agency's inventory as CSV
  archgraph import archimate [--partial] [--report FILE] [--batch-size N] FILE
                                                     merge an ArchiMate Model Exchange File (Archi, Sparx EA,
                                                     Visual Paradigm, …; UTF-8, UTF-16, windows-1252, ISO-8859-1);
                                                     --partial imports what it can and reports the rest
  archgraph import json      [--batch-size N] FILE   merge a JSON-lines backup
  archgraph import csv --agency CODE FILE            merge an agency's inventory (one transaction)
  archgraph import csv --agency CODE --dry-run FILE  print what each row would infer and duplicate; write nothing
  archgraph import measurements FILE                 record measured KPI values: columns indicator, agency,
                                                     period, value, unit, source[, method] (one
                                                     transaction, audited as "cli import")

Without --out an export goes to standard output. Flags come before FILE; every Neo4j flag of
"archgraph migrate" applies too.
`

var formats = map[string]bool{"archimate": true, "json": true, "csv": true}

// cmdExport writes the graph (or an agency's inventory) in one of the exchange formats.
func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || !formats[args[0]] {
		fmt.Fprintf(stderr, "archgraph export: name a format: archimate, json or csv\n\n%s", interopUsage)
		return 2
	}
	format := args[0]
	var out, agency string
	var views viewFlags
	c, code := parse("export "+format, args[1:], stderr, false, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "-", "file to write (- for standard output); written whole or not at all")
		if format == "archimate" {
			fs.Var(&views, "view", "a view to draw: layers (one per layer), or impact:CODE (a component and its dependents by depth); repeatable")
		}
		if format == "csv" {
			fs.StringVar(&agency, "agency", "", "code of the agency whose inventory to export (required)")
		}
	})
	if c == nil {
		return code
	}
	if format == "csv" && agency == "" {
		fmt.Fprintln(stderr, "archgraph export csv: --agency CODE is required")
		return 2
	}
	log := c.logger()
	st, err := openStore(c, log)
	if err != nil {
		log.Error("export", "err", err)
		return 1
	}
	defer st.Close(context.Background())
	if err := st.Ping(ctx, c.Neo4jConnectTimeout); err != nil {
		log.Error("export: cannot reach neo4j", "uri", c.Neo4jURI, "err", err)
		return 1
	}
	start := time.Now()
	var summary string
	err = writeOut(out, stdout, func(w io.Writer) error {
		switch format {
		case "csv":
			items, err := bulk.New(st).ExportInventory(ctx, agency)
			if err != nil {
				return err
			}
			summary = fmt.Sprintf("%d components of %s", len(items), agency)
			return interop.EncodeInventory(w, items)
		case "json":
			bw, err := interop.NewBackupWriter(w)
			if err != nil {
				return err
			}
			stats, err := bulk.New(st).ExportGraph(ctx, bulk.ExportOptions{History: true, Records: true}, bw.Node, bw.Rel)
			if err != nil {
				return err
			}
			summary = fmt.Sprintf("%d nodes and %d relationships%s", stats.Nodes, stats.Rels, skipped(stats))
			return bw.Close()
		default:
			aw := interop.NewArchiMateWriter(w, "archgraph — Khung kiến trúc tổng thể quốc gia số")
			for _, v := range views {
				g, err := generatedView(ctx, st, v)
				if err != nil {
					return err
				}
				aw.Generate(g)
			}
			stats, err := bulk.New(st).ExportGraph(ctx, bulk.ExportOptions{}, aw.Node, aw.Rel)
			if err != nil {
				return err
			}
			if err := aw.Close(); err != nil {
				return err
			}
			summary = fmt.Sprintf("%d nodes and %d relationships%s%s", stats.Nodes, stats.Rels, skipped(stats), dropped(aw.Dropped))
			return nil
		}
	})
	if err != nil {
		fmt.Fprintf(stderr, "archgraph export %s: %v\n", format, err)
		return 1
	}
	fmt.Fprintf(stderr, "exported %s in %s\n", summary, time.Since(start).Round(time.Millisecond))
	return 0
}

func skipped(s bulk.ExportStats) string {
	if len(s.Skipped) == 0 {
		return ""
	}
	keys := make([]string, 0, len(s.Skipped))
	for k := range s.Skipped {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d %s", s.Skipped[k], k))
	}
	return "; not exported: " + strings.Join(parts, ", ")
}

// writeOut runs write on standard output, or on a temporary file renamed to path once write
// succeeded, so that a failed export never leaves a partial file under the name asked for.
func writeOut(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "-" || path == "" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// cmdImport merges a file of one of the exchange formats into the graph.
func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || !formats[args[0]] && args[0] != "measurements" {
		fmt.Fprintf(stderr, "archgraph import: name a format: archimate, json, csv or measurements\n\n%s", interopUsage)
		return 2
	}
	format, rest := args[0], args[1:]
	file, flags := "", rest
	if n := len(rest); n > 0 && !strings.HasPrefix(rest[n-1], "-") {
		file, flags = rest[n-1], rest[:n-1]
	}
	var agency, report string
	var batchSize int
	var partial, dryRun bool
	c, code := parse("import "+format, flags, stderr, false, func(fs *flag.FlagSet) {
		if format == "archimate" {
			fs.BoolVar(&partial, "partial", false, "import what can be imported; what cannot is skipped and listed in the report")
			fs.StringVar(&report, "report", "", "write the import's report (what was skipped, kept generic or not kept) to this file; with --partial and no file, to standard error")
		}
		if format == "csv" {
			fs.StringVar(&agency, "agency", "", "code of the agency whose inventory the file is (required)")
			fs.BoolVar(&dryRun, "dry-run", false, "check the file and print, per row, the capabilities it would infer and the duplicates it would create; write nothing")
		} else if format != "measurements" {
			fs.IntVar(&batchSize, "batch-size", 5000, "rows per UNWIND batch")
		}
	})
	if c == nil {
		return code
	}
	if file == "" {
		fmt.Fprintf(stderr, "archgraph import %s: name the FILE to import (after the flags)\n\n%s", format, interopUsage)
		return 2
	}
	if format == "csv" && agency == "" {
		fmt.Fprintln(stderr, "archgraph import csv: --agency CODE is required")
		return 2
	}
	if format != "csv" && format != "measurements" && (batchSize < 1 || batchSize > 100000) {
		fmt.Fprintf(stderr, "archgraph import %s: --batch-size %d: must be 1..100000\n", format, batchSize)
		return 2
	}
	log := c.logger()
	f, err := os.Open(file)
	if err != nil {
		fmt.Fprintf(stderr, "archgraph import %s: %v\n", format, err)
		return 1
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		fmt.Fprintf(stderr, "archgraph import %s: %v\n", format, err)
		return 1
	}
	name := filepath.Base(file)

	// A CSV is read and checked whole before the database is touched.
	var items []bulk.InventoryItem
	var measurements []store.MeasurementInput
	switch format {
	case "csv":
		if items, err = interop.DecodeInventory(f, name); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	case "measurements":
		if measurements, err = interop.DecodeMeasurements(f, name); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	st, err := openStore(c, log)
	if err != nil {
		log.Error("import", "err", err)
		return 1
	}
	defer st.Close(context.Background())
	if err := st.Ping(ctx, c.Neo4jConnectTimeout); err != nil {
		log.Error("import: cannot reach neo4j", "uri", c.Neo4jURI, "err", err)
		return 1
	}
	if err := st.Migrate(ctx); err != nil {
		log.Error("import: migrate", "err", err)
		return 1
	}
	start := time.Now()
	if format == "measurements" {
		// The command line is a national operator's: it writes for every agency.
		ms, err := st.RecordMeasurements(ctx, model.Principal{Name: "cli import", Role: model.RoleAdmin}, measurements)
		if err != nil {
			fmt.Fprintf(stderr, "archgraph import measurements: %s: %v\n", name, err)
			return 1
		}
		fmt.Fprintf(stdout, "recorded %d measurements in one transaction (%s)\n", len(ms), time.Since(start).Round(time.Millisecond))
		return 0
	}
	if format == "csv" && dryRun {
		rows, err := bulk.New(st).PreviewInventory(ctx, agency, items)
		if err != nil {
			fmt.Fprintf(stderr, "archgraph import csv: %s: %v\n", name, err)
			return 1
		}
		printPreview(stdout, name, agency, rows)
		return 0
	}
	if format == "csv" {
		rows, err := bulk.New(st).ImportInventoryAs(ctx, bulk.CLIPrincipal, agency, items)
		if err != nil {
			fmt.Fprintf(stderr, "archgraph import csv: %s: %v\n", name, err)
			return 1
		}
		n := map[bulk.InventoryAction]int{}
		for _, r := range rows {
			n[r.Action]++
		}
		fmt.Fprintf(stdout, "imported %d components of %s in one transaction (%s): %d created, %d updated, %d unchanged\n", len(items), agency,
			time.Since(start).Round(time.Millisecond), n[bulk.ActionCreate], n[bulk.ActionUpdate], n[bulk.ActionUnchanged])
		return 0
	}
	var src bulk.RecordSource
	var am *interop.ArchiMateImport
	if format == "json" {
		src = func(node func(bulk.NodeRecord) error, rel func(bulk.RelRecord) error) error {
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				return err
			}
			return interop.ReadBackup(f, name, node, rel)
		}
	} else {
		if am, err = mapArchiMate(ctx, st, f, fi.Size(), name, partial); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		if report != "" || partial {
			if err := writeReport(report, stderr, am); err != nil {
				fmt.Fprintf(stderr, "archgraph import archimate: report: %v\n", err)
				return 1
			}
		}
		if err := am.Err(); err != nil {
			fmt.Fprintln(stderr, err)
			fmt.Fprintln(stderr, "nothing written; --partial imports the rest and reports what it skips")
			return 1
		}
		src = am.Source()
	}
	lastPct := int64(-1)
	stats, err := bulk.New(st).Import(ctx, src, bulk.ImportOptions{BatchSize: batchSize, Progress: func(done, total int64) {
		if pct := done * 10 / max(total, 1); pct != lastPct {
			lastPct = pct
			fmt.Fprintf(stderr, "import %s: %d/%d rows written, %s\n", format, done, total, time.Since(start).Round(100*time.Millisecond))
		}
	}})
	if err != nil {
		var ie *bulk.ImportError
		if errors.As(err, &ie) {
			fmt.Fprintln(stderr, err)
		} else {
			fmt.Fprintf(stderr, "archgraph import %s: %v\n", format, err)
		}
		return 1
	}
	how := "in one transaction"
	if !stats.Atomic {
		how = fmt.Sprintf("in %d batches", stats.Batches)
	}
	fmt.Fprintf(stdout, "imported %d nodes and %d relationships %s (%s)\n", stats.Nodes, stats.Rels, how, time.Since(start).Round(time.Millisecond))
	if am != nil {
		fmt.Fprintf(stdout, "%s: %s\n", name, am.Summary())
	}
	return 0
}

// mapArchiMate reads an exchange file whole and maps it onto the graph: which layers the graph
// has and which of the file's codes it holds decide how elements map.
func mapArchiMate(ctx context.Context, st *store.Store, f *os.File, size int64, name string, partial bool) (*interop.ArchiMateImport, error) {
	data := make([]byte, size)
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	af, err := interop.DecodeArchiMate(data, name)
	if err != nil {
		return nil, err
	}
	layers, err := st.Layers(ctx)
	if err != nil {
		return nil, err
	}
	codes := map[string]bool{}
	for _, l := range layers {
		codes[l.Code] = true
	}
	existing, err := st.ExistingCodes(ctx, af.Candidates())
	if err != nil {
		return nil, err
	}
	return af.Map(interop.MapOptions{Layers: codes, Existing: existing, Partial: partial}), nil
}

func writeReport(path string, stderr io.Writer, am *interop.ArchiMateImport) error {
	if path == "" {
		return am.WriteReport(stderr)
	}
	return writeOut(path, nil, am.WriteReport)
}

// viewFlags are the --view flags of an ArchiMate export.
type viewFlags []string

func (v *viewFlags) String() string { return strings.Join(*v, ",") }

func (v *viewFlags) Set(s string) error {
	if s != "layers" && !strings.HasPrefix(s, "impact:") || s == "impact:" {
		return fmt.Errorf("%q: want layers or impact:CODE", s)
	}
	*v = append(*v, s)
	return nil
}

// generatedView looks up what a --view draws.
func generatedView(ctx context.Context, st *store.Store, v string) (interop.GeneratedView, error) {
	if v == "layers" {
		return interop.GeneratedView{Layers: true}, nil
	}
	code := strings.TrimPrefix(v, "impact:")
	root, err := st.ResolveComponent(ctx, code, "")
	if err != nil {
		return interop.GeneratedView{}, fmt.Errorf("--view %s: %w", v, err)
	}
	items, err := st.ImpactItems(ctx, model.ImpactQuery{RootID: root.ID, Direction: model.ImpactDirectionDependents, MaxDepth: model.MaxImpactDepth}, 0, 1_000_000)
	if err != nil {
		return interop.GeneratedView{}, fmt.Errorf("--view %s: %w", v, err)
	}
	depths := map[string]int{root.ID: 0}
	for _, it := range items {
		depths[it.Component.ID] = it.Depth
	}
	title := fmt.Sprintf("Impact of %s – %s (what depends on it, by depth)", root.Code, root.Name)
	return interop.GeneratedView{Root: root.ID, Depths: depths, Title: title}, nil
}

func dropped(d map[string]int) string {
	if len(d) == 0 {
		return ""
	}
	var parts []string
	for _, k := range sortedKeys(d) {
		parts = append(parts, fmt.Sprintf("%d %s", d[k], k))
	}
	return "; left out: " + strings.Join(parts, ", ")
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
