package store

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/archgraph/archgraph/model"
)

// The analyses' statements as they run, in both forms (form.go), kept in testdata/cypher so that
// a review reads the Cypher itself. After changing a template, regenerate them with
//
//	ARCHGRAPH_UPDATE_GOLDEN=1 go test ./store -run TestStatementsGolden
//
// and read the diff. These tests need no database.

// goldenImpact is the direction and depth whose impact statements are kept as golden files (the
// others differ only in arrows and bound; all of them are checked for widening).
const goldenImpactDepth = 3

type renderedStatement struct {
	name string // file stem: <statement>.<form>
	f    form
	text string
}

// goldenStatements renders every analysis template in both forms.
func goldenStatements() []renderedStatement {
	var out []renderedStatement
	for _, f := range []form{formNow, formAsOf} {
		add := func(name, text string) {
			out = append(out, renderedStatement{name + "." + f.String(), f, text})
		}
		set := impactNow
		if f.asOf {
			set = impactAsOfLive
		}
		dir, d := model.ImpactDirectionDependents, goldenImpactDepth
		add("impact_summary", set.summary[dir][d])
		add("impact_summary_total", set.summaryFor(model.ImpactPartsChosen, dir, d))
		add("impact_summary_layer", set.summaryFor(model.ImpactPartsChosen|model.ImpactByLayer, dir, d))
		add("impact_items", set.items[dir][d])
		add("impact_paths", set.paths[dir][d])
		add("impact_items_filtered", set.filteredItems[dir][d])
		add("impact_items_filtered_count", set.filteredCount[dir][d])
		add("impact_groups", set.groups[dir][d])
		dup := renderDuplication(f)
		add("duplication", dup.findings)
		add("duplication_owning_province", dup.owningProvince)
		add("duplication_shared_platforms", dup.sharedPlatforms)
		add("conformance", conformance(f))
		add("conformance_rollup", conformanceRollupHead(f)+conformanceRollupBody(f))
		add("conformance_gaps", conformanceGaps(f))
		if !f.asOf {
			add("conformance_nation_facts", cypherConformanceNationFacts)
			add("conformance_nation_table", cypherConformanceNationTable)
			add("rule_api_via_vapex_count", ruleChecks[CheckAPIViaVAPEX].countNow)
		}
	}
	return out
}

// everyStatement is goldenStatements plus every impact statement of every direction and depth,
// from a current and from a retired root, and every rule check's statements (listing, counting
// and undetermined, from every candidate and from an agency's): what the widening check reads.
func everyStatement() []renderedStatement {
	out := goldenStatements()
	for code, c := range ruleChecks {
		for _, f := range []form{formNow, formAsOf} {
			for _, fromAgency := range []bool{false, true} {
				for _, count := range []bool{false, true} {
					out = append(out, renderedStatement{fmt.Sprintf("rule_%s_agency=%v_count=%v.%s", code, fromAgency, count, f), f,
						ruleStatement(c, f, fromAgency, count)})
				}
				if c.undetermined != nil {
					out = append(out, renderedStatement{fmt.Sprintf("rule_%s_undetermined_agency=%v.%s", code, fromAgency, f), f,
						undeterminedStatement(c, f, fromAgency)})
				}
			}
		}
	}
	for _, set := range []struct {
		name string
		f    form
		s    *impactSet
	}{{"impact", formNow, impactNow}, {"impact_live", formAsOf, impactAsOfLive}, {"impact_retired", formAsOf, impactAsOfRetired}} {
		for _, kind := range []struct {
			name string
			m    map[model.ImpactDirection][]string
		}{{"items", set.s.items}, {"paths", set.s.paths}, {"filtered_items", set.s.filteredItems}, {"filtered_count", set.s.filteredCount}, {"groups", set.s.groups}} {
			for dir, byDepth := range kind.m {
				for d, text := range byDepth[1:] {
					out = append(out, renderedStatement{set.name + "_" + kind.name + "_" + string(dir) + "_" + string(rune('1'+d)) + "." + set.f.String(), set.f, text})
				}
			}
		}
		for parts, m := range set.s.byParts {
			for dir, byDepth := range m {
				for d, text := range byDepth[1:] {
					out = append(out, renderedStatement{fmt.Sprintf("%s_summary_%02b_%s_%d.%s", set.name, parts, dir, d+1, set.f), set.f, text})
				}
			}
		}
	}
	return out
}

func TestStatementsGolden(t *testing.T) {
	dir := filepath.Join("testdata", "cypher")
	update := os.Getenv("ARCHGRAPH_UPDATE_GOLDEN") != ""
	want := map[string]bool{}
	for _, st := range goldenStatements() {
		file := filepath.Join(dir, st.name+".cypher")
		want[filepath.Base(file)] = true
		text := strings.TrimLeft(st.text, "\n") + "\n"
		if update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("%s: %v (regenerate: ARCHGRAPH_UPDATE_GOLDEN=1 go test ./store -run TestStatementsGolden)", st.name, err)
			continue
		}
		if string(got) != text {
			t.Errorf("%s differs from %s; if the change is intended, regenerate with ARCHGRAPH_UPDATE_GOLDEN=1 go test ./store -run TestStatementsGolden and review the diff.\nrendered:\n%s", st.name, file, text)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !want[e.Name()] {
			t.Errorf("%s: a golden file that no statement renders (delete it)", filepath.Join(dir, e.Name()))
		}
	}
}

// todayFirst lists the path variables whose search runs over today's relationships only on
// purpose, with the path's validity checked afterwards (impactPathsTail: a shortest path of
// today's relationships that was valid on the day is a shortest valid path; only otherwise is
// the search redone over history).
var todayFirst = []string{"sp0"}

// TestAsOfStatementsWidenEveryValidTimeRelationship fails when an asOf statement matches a
// relationship that carries valid time by its current type only (T instead of T|WAS_T: what a
// template that writes "[:USES]" instead of f.rel does), or matches one without its validity
// predicate; and when a current statement reads history.
func TestAsOfStatementsWidenEveryValidTimeRelationship(t *testing.T) {
	for _, st := range everyStatement() {
		if !st.f.asOf {
			if strings.Contains(st.text, "WAS_") || strings.Contains(st.text, "$asOf") {
				t.Errorf("%s: a current statement reads history:\n%s", st.name, st.text)
			}
			continue
		}
		for _, p := range relPatterns(st.text) {
			for _, typ := range p.types {
				if strings.HasPrefix(typ, "WAS_") || !carriesValidTime(p.from, typ, p.to) {
					continue
				}
				if !slices.Contains(p.types, HistoryType(typ)) {
					if p.path != "" && slices.Contains(todayFirst, p.path) && strings.Contains(st.text, validPath(p.path)) {
						continue
					}
					t.Errorf("%s: relationship %s is not widened to %s|%s in %q:\n%s", st.name, typ, typ, HistoryType(typ), p.text, st.text)
					continue
				}
				switch {
				case p.variable != "" && strings.Contains(st.text, validRelOn(p.variable)):
				case p.variable == "" && p.path != "" && strings.Contains(st.text, validPath(p.path)):
				default:
					t.Errorf("%s: %q has no validity predicate (f.where / f.and on its variable, f.wherePath on its path):\n%s", st.name, p.text, st.text)
				}
			}
		}
	}
}

// relPattern is one relationship pattern of a statement.
type relPattern struct {
	text     string   // (a)-[...]->(b)
	variable string   // the relationship's variable, if any
	types    []string // its type alternatives
	path     string   // the path variable the pattern is assigned to, if any
	from, to []string // the labels of its end nodes (none: any)
}

var (
	nodeHead = regexp.MustCompile(`^\s*(\w*)\s*(?::\s*([\w|]+))?`)
	relHead  = regexp.MustCompile(`^\s*(\w*)\s*(?::\s*([\w|]+))?`)
	pathHead = regexp.MustCompile(`(\w+)\s*=\s*(?:shortestPath\(\s*)?$`)
)

// relPatterns finds the relationship patterns -[…]- of a statement with the node patterns on
// either side.
func relPatterns(s string) []relPattern {
	var out []relPattern
	for i := 1; i < len(s); i++ {
		if s[i] != '[' || s[i-1] != '-' {
			continue
		}
		end := strings.IndexByte(s[i:], ']')
		if end < 0 || i+end+1 >= len(s) || s[i+end+1] != '-' {
			continue
		}
		end += i
		left := i - 1
		back := left > 0 && s[left-1] == '<'
		if back {
			left--
		}
		lclose := left - 1
		if lclose < 0 || s[lclose] != ')' {
			continue
		}
		lopen := matchBack(s, lclose)
		ropen := end + 2
		if ropen < len(s) && s[ropen] == '>' {
			ropen++
		}
		if ropen >= len(s) || s[ropen] != '(' || lopen < 0 {
			continue
		}
		rclose := matchFwd(s, ropen)
		if rclose < 0 {
			continue
		}
		m := relHead.FindStringSubmatch(s[i+1 : end])
		p := relPattern{text: s[lopen : rclose+1], variable: m[1]}
		if m[2] != "" {
			p.types = strings.Split(m[2], "|")
		}
		p.from, p.to = nodeLabels(s[lopen+1:lclose]), nodeLabels(s[ropen+1:rclose])
		if back {
			p.from, p.to = p.to, p.from
		}
		if pm := pathHead.FindStringSubmatch(s[:lopen]); pm != nil {
			p.path = pm[1]
		}
		out = append(out, p)
	}
	return out
}

func nodeLabels(inner string) []string {
	m := nodeHead.FindStringSubmatch(inner)
	if m[2] == "" {
		return nil
	}
	return strings.Split(m[2], "|")
}

func matchBack(s string, close int) int {
	depth := 0
	for j := close; j >= 0; j-- {
		switch s[j] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

func matchFwd(s string, open int) int {
	depth := 0
	for j := open; j < len(s); j++ {
		switch s[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// carriesValidTime says whether a relationship of type typ between nodes with labels from and to
// (none: any) may be one that carries valid time (ValidShapes; a retired component stands where
// a component may).
func carriesValidTime(from []string, typ string, to []string) bool {
	fits := func(labels []string, want string) bool {
		if len(labels) == 0 {
			return true
		}
		for _, l := range labels {
			if l == want || want == LabelComponent && l == LabelRetiredComponent {
				return true
			}
		}
		return false
	}
	for _, sh := range ValidShapes {
		if sh.Type == typ && fits(from, sh.From) && fits(to, sh.To) {
			return true
		}
	}
	return false
}

// TestRelPatterns checks the scanner the widening test depends on.
func TestRelPatterns(t *testing.T) {
	ps := relPatterns("MATCH p = (root:Component {id: $root})<-[:DEPENDS_ON*1..3]-(x) MATCH (a)-[u:USES|WAS_USES]->(x)-[:PROVIDES]->(:Capability)")
	if len(ps) != 3 {
		t.Fatalf("patterns: %+v", ps)
	}
	if ps[0].path != "p" || ps[0].types[0] != RelDependsOn || ps[0].from != nil || ps[0].to[0] != LabelComponent {
		t.Errorf("first: %+v", ps[0])
	}
	if ps[1].variable != "u" || len(ps[1].types) != 2 || ps[1].path != "" {
		t.Errorf("second: %+v", ps[1])
	}
	if !carriesValidTime(ps[2].from, RelProvides, ps[2].to) || carriesValidTime([]string{LabelReferenceComponent}, RelProvides, nil) {
		t.Errorf("PROVIDES: from a component it carries valid time, from a reference component not")
	}
}
