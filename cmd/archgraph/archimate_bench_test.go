package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// BenchmarkArchiMateImport and BenchmarkArchiMateExportS measure the two targets side by
// side with the JSON backup (the format that maps nothing) over the same graph:
//
//   - importing a generated 10,000-element exchange file with 20 views (target ≤ 10 s), against
//     importing the JSON backup of the graph that import made;
//   - exporting the synthetic estate of size S as ArchiMate (target ≤ 15 s), against exporting
//     it as a JSON backup.
//
// Run them with
//
//	scripts/bench -bench ArchiMate ./cmd/archgraph
//
// The export runs first and uses the graph as it finds it when it holds the S estate (a copy of
// a seeded S database saves minutes); otherwise it loads the framework and S. The import wipes
// the graph.
func BenchmarkArchiMateExportS(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	st := storetest.Open(b)
	n, err := bulk.New(st).SyntheticCount(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if n < 90_000 {
		b.Logf("the test database holds %d synthetic components: loading the framework and the S estate", n)
		st = storetest.Empty(b)
		f, err := seed.ReadEmbedded()
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
			b.Fatal(err)
		}
		if _, err := seed.Synthetic(f, seed.SyntheticOptions{Size: seed.SizeS, RandSeed: 1}, func(bt bulk.Batch) error {
			return bulk.New(st).WriteBatch(ctx, bt)
		}); err != nil {
			b.Fatal(err)
		}
	}
	counts, err := bulk.New(st).Count(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var rels int64
	for _, c := range counts.Rels {
		rels += c
	}
	for i := 0; i < b.N; i++ {
		out := filepath.Join(dir, "s.xml")
		start, cpu := time.Now(), cpuNow()
		if code, _, errs := ag(b, "export", "archimate", "--out", out); code != 0 {
			b.Fatalf("export archimate: %s", errs)
		}
		archimateExport, archimateCPU := time.Since(start), cpuNow().sub(cpu)
		start, cpu = time.Now(), cpuNow()
		if code, _, errs := ag(b, "export", "json", "--out", filepath.Join(dir, "s.jsonl")); code != 0 {
			b.Fatalf("export json: %s", errs)
		}
		jsonExport, jsonCPU := time.Since(start), cpuNow().sub(cpu)
		fi, err := os.Stat(out)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Printf("export of size S (%d components, %d relationships) as ArchiMate: %s, %d bytes (target ≤ 15 s); as a JSON backup: %s; ratio %.2f\n",
			counts.Nodes[store.LabelComponent], rels, archimateExport.Round(time.Millisecond), fi.Size(), jsonExport.Round(time.Millisecond),
			archimateExport.Seconds()/jsonExport.Seconds())
		fmt.Printf("  CPU time%s: ArchiMate %s; JSON %s\n", neo4jCPUSource(), archimateCPU, jsonCPU)
	}
}

func BenchmarkArchiMateImport(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	f, err := seed.ReadEmbedded()
	if err != nil {
		b.Fatal(err)
	}
	model := filepath.Join(dir, "model.xml")
	data := generateModel(10_000, 15_000, 20)
	if err := os.WriteFile(model, data, 0o644); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		st := storetest.Empty(b)
		if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
			b.Fatal(err)
		}
		start, cpu := time.Now(), cpuNow()
		if code, _, errs := ag(b, "import", "archimate", model); code != 0 {
			b.Fatalf("import: %s", errs)
		}
		archimateImport, archimateCPU := time.Since(start), cpuNow().sub(cpu)
		backup := filepath.Join(dir, "model.jsonl")
		if code, _, errs := ag(b, "export", "json", "--out", backup); code != 0 {
			b.Fatalf("export json: %s", errs)
		}
		if err := bulk.New(st).DeleteAll(ctx); err != nil {
			b.Fatal(err)
		}
		start, cpu = time.Now(), cpuNow()
		if code, _, errs := ag(b, "import", "json", backup); code != 0 {
			b.Fatalf("import json: %s", errs)
		}
		jsonImport, jsonCPU := time.Since(start), cpuNow().sub(cpu)
		fmt.Printf("import of a %d-byte exchange file of 10,000 elements, 15,000 relationships, 20 views: %s (target ≤ 10 s); JSON backup of the same graph: %s; ratio %.2f\n",
			len(data), archimateImport.Round(time.Millisecond), jsonImport.Round(time.Millisecond), archimateImport.Seconds()/jsonImport.Seconds())
		fmt.Printf("  CPU time%s: ArchiMate %s; JSON %s\n", neo4jCPUSource(), archimateCPU, jsonCPU)
	}
}

// cpuTimes are CPU seconds used so far by this process and by the test Neo4j: on a shared
// machine the wall time of a run depends on the load, its CPU time much less; an export or
// import that needs under 15 s of CPU in the two processes together fits in 15 s on two idle
// cores.
type cpuTimes struct{ self, neo4j time.Duration }

func (c cpuTimes) sub(o cpuTimes) cpuTimes { return cpuTimes{c.self - o.self, c.neo4j - o.neo4j} }

func (c cpuTimes) String() string {
	return fmt.Sprintf("%.1f s (archgraph %.1f s + Neo4j %.1f s)", (c.self + c.neo4j).Seconds(), c.self.Seconds(), c.neo4j.Seconds())
}

func cpuNow() cpuTimes {
	var c cpuTimes
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		c.self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if pid := neo4jPID(); pid != "" {
		// /proc/PID/stat: fields 14 and 15 (after the command in parentheses) are utime and
		// stime in clock ticks (100 per second on Linux).
		if data, err := os.ReadFile("/proc/" + pid + "/stat"); err == nil {
			s := string(data)
			if i := strings.LastIndexByte(s, ')'); i > 0 {
				f := strings.Fields(s[i+1:])
				if len(f) > 13 {
					u, _ := strconv.ParseInt(f[11], 10, 64)
					st, _ := strconv.ParseInt(f[12], 10, 64)
					c.neo4j = time.Duration(u+st) * 10 * time.Millisecond
				}
			}
		}
	}
	return c
}

// neo4jPID is the process of the test Neo4j, from the pid file of ARCHGRAPH_TEST_NEO4J_HOME
// or NEO4J_HOME_DIR (scripts/bench sets it); "" when unknown (its CPU then counts as 0).
func neo4jPID() string {
	home := os.Getenv("ARCHGRAPH_TEST_NEO4J_HOME")
	if home == "" {
		home = os.Getenv("NEO4J_HOME_DIR") // scripts/bench
	}
	if home == "" {
		return ""
	}
	data, err := os.ReadFile(filepath.Join(home, "neo4j.pid"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(data))
}

func neo4jCPUSource() string {
	if neo4jPID() == "" {
		return " (Neo4j's not counted: set ARCHGRAPH_TEST_NEO4J_HOME)"
	}
	return ""
}

// generateModel writes an exchange file as Archi would: elements of every kind (a third of them
// types that map onto components), relationships between random pairs of types that ArchiMate
// allows for any pair (Association) or that map (Serving, Flow between application components),
// folders, and views of 200 nodes with their connections.
func generateModel(elements, relationships, views int) []byte {
	r := rand.New(rand.NewSource(1))
	types := []string{"ApplicationComponent", "SystemSoftware", "Node", "DataObject", "BusinessRole", "BusinessProcess",
		"BusinessObject", "ApplicationService", "ApplicationFunction", "TechnologyService", "Goal", "Requirement"}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengroup.org/xsd/archimate/3.0/ http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd" identifier="id-bench">
  <name xml:lang="en">Benchmark model</name>
  <elements>
`)
	typ := make([]string, elements)
	for i := range typ {
		typ[i] = types[i%len(types)]
		fmt.Fprintf(&b, "    <element identifier=\"id-e%d\" xsi:type=\"%s\">\n      <name xml:lang=\"en\">Element %d – Ứng dụng</name>\n      <documentation xml:lang=\"en\">Generated element %d.</documentation>\n      <properties>\n        <property propertyDefinitionRef=\"propid-1\">\n          <value xml:lang=\"en\">owner %d</value>\n        </property>\n      </properties>\n    </element>\n", i, typ[i], i, i, i%97)
	}
	b.WriteString("  </elements>\n  <relationships>\n")
	type rel struct{ s, t int }
	rels := make([]rel, relationships)
	for i := range rels {
		s, t := r.Intn(elements), r.Intn(elements)
		kind := "Association"
		if typ[s] == "ApplicationComponent" && typ[t] == "ApplicationComponent" && s != t {
			kind = "Serving"
		}
		rels[i] = rel{s, t}
		fmt.Fprintf(&b, "    <relationship identifier=\"id-r%d\" source=\"id-e%d\" target=\"id-e%d\" xsi:type=\"%s\"/>\n", i, s, t, kind)
	}
	b.WriteString("  </relationships>\n  <organizations>\n    <item>\n      <label xml:lang=\"en\">Elements</label>\n")
	for i := 0; i < elements; i++ {
		fmt.Fprintf(&b, "      <item identifierRef=\"id-e%d\"/>\n", i)
	}
	b.WriteString("    </item>\n    <item>\n      <label xml:lang=\"en\">Views</label>\n")
	for v := 0; v < views; v++ {
		fmt.Fprintf(&b, "      <item identifierRef=\"id-v%d\"/>\n", v)
	}
	b.WriteString(`    </item>
  </organizations>
  <propertyDefinitions>
    <propertyDefinition identifier="propid-1" type="string">
      <name xml:lang="en">Owner</name>
    </propertyDefinition>
  </propertyDefinitions>
  <views>
    <diagrams>
`)
	for v := 0; v < views; v++ {
		fmt.Fprintf(&b, "      <view identifier=\"id-v%d\" xsi:type=\"Diagram\">\n        <name xml:lang=\"en\">View %d</name>\n", v, v)
		shown := map[int]string{}
		for n := 0; n < 200; n++ {
			e := (v*500 + n*7) % elements
			id := fmt.Sprintf("id-v%dn%d", v, n)
			shown[e] = id
			fmt.Fprintf(&b, "        <node identifier=\"%s\" elementRef=\"id-e%d\" xsi:type=\"Element\" x=\"%d\" y=\"%d\" w=\"120\" h=\"55\">\n          <style>\n            <fillColor r=\"181\" g=\"255\" b=\"255\" a=\"100\"/>\n            <lineColor r=\"92\" g=\"92\" b=\"92\" a=\"100\"/>\n            <font name=\"Segoe UI\" size=\"9\">\n              <color r=\"0\" g=\"0\" b=\"0\"/>\n            </font>\n          </style>\n        </node>\n",
				id, e, (n%20)*150, (n/20)*100)
		}
		for i, rl := range rels {
			s, ok1 := shown[rl.s]
			t, ok2 := shown[rl.t]
			if ok1 && ok2 {
				fmt.Fprintf(&b, "        <connection identifier=\"id-v%dc%d\" relationshipRef=\"id-r%d\" xsi:type=\"Relationship\" source=\"%s\" target=\"%s\">\n          <bendpoint x=\"10\" y=\"20\"/>\n        </connection>\n", v, i, i, s, t)
			}
		}
		b.WriteString("      </view>\n")
	}
	b.WriteString("    </diagrams>\n  </views>\n</model>\n")
	return b.Bytes()
}
