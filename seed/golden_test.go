package seed

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/archgraph/archgraph/internal/shared"
	"github.com/archgraph/archgraph/model"
)

// The golden test reads Appendix 4 of the framework source (the commune reference framework,
// 170 coded components) on its own, with a small state machine over its lines, and checks code by
// code that seed/data says the same: group, tier, area type, kind, name and source line.

// communeGroups are the twelve groups of Appendix 4, in source order.
var communeGroups = []string{"HTS", "ANM", "DL", "NTL", "ƯDCQS", "NVCQS", "ƯDKTS", "NVKTS", "ƯDXHS", "NVXHS", "KTT", "ĐLHQ"}

// communeGroupSize is how many codes each group has in the source (HTS1..HTS22, …; 170 in all).
var communeGroupSize = map[string]int{
	"HTS": 22, "ANM": 8, "DL": 28, "NTL": 7, "ƯDCQS": 22, "NVCQS": 3,
	"ƯDKTS": 18, "NVKTS": 4, "ƯDXHS": 19, "NVXHS": 4, "KTT": 25, "ĐLHQ": 10,
}

const communeTotal = 170

// goldenCode is one code as read from the source.
type goldenCode struct {
	Code     string
	Group    string
	Num      int
	Name     string
	Tier     model.Tier
	AreaType model.AreaType
	Kind     model.RefKind
	Line     int
}

var (
	// Word's bookmarks survive the conversion to text as "[bookmark: _Toc…]" prefixes.
	goldenBookmark = regexp.MustCompile(`^(?:\[bookmark:[^\]]*\]\s*)+`)
	// A code line: a list marker ("a) ", "- ", "+ "), the code, a colon, the name.
	goldenCodeLine = regexp.MustCompile(`^(?:[a-zđ]\)\s*|[-+]\s*)(` + strings.Join(communeGroups, "|") + `)(\d+):\s*(.*)$`)
	// Anything that looks like a code behind a list marker; must also match goldenCodeLine.
	goldenCodeLoose = regexp.MustCompile(`^(?:[a-zđ]\)|[-+])\s*(?:` + strings.Join(communeGroups, "|") + `)\s*\d`)
	// A numbered heading: "4.3.1.1. …", "4.5.1.2 …" (the source omits the final dot there).
	goldenNumbered = regexp.MustCompile(`^(\d+(?:\.\d+)+)\.?\s+(.*)$`)
	// A top-level heading ends the appendix: "5. …", "IV. …", "PHỤ LỤC".
	goldenTopLevel = regexp.MustCompile(`^(?:\d+|[IVX]+)\.\s|^PHỤ LỤC`)
	// A lettered sub-heading: "a) Thành phần … dùng chung do cấp Trung ương cung cấp:".
	goldenLettered = regexp.MustCompile(`^([a-dđ])\)\s*(.*)$`)
	// An area sub-heading: "a) Đô thị" (Layers 1, 2, 4) or "- Đô thị: …" (Layer 3).
	goldenArea = regexp.MustCompile(`^(?:[a-c]\)\s*|-\s*)(Đô thị|Nông thôn|Miền núi, biên giới, hải đảo)\s*(?::|$)`)
	// The group a heading introduces: "Thành phần Hạ tầng số (HTS)".
	goldenGroupSuffix = regexp.MustCompile(`\(([^()]+)\)\s*$`)
)

var goldenAreaTypes = map[string]model.AreaType{
	"Đô thị":    model.AreaTypeUrban,
	"Nông thôn": model.AreaTypeRural,
	"Miền núi, biên giới, hải đảo": model.AreaTypeMountainBorderIsland,
}

// goldenTier reads the tier a heading announces, "" when it announces none.
func goldenTier(heading string) model.Tier {
	switch {
	case strings.Contains(heading, "thiết yếu triển khai tại cấp xã"):
		return model.TierCommuneEssential
	case strings.Contains(heading, "bổ sung theo loại địa bàn"):
		return model.TierAreaSupplementary
	case strings.Contains(heading, "dùng chung do cấp Trung ương cung cấp"):
		return model.TierCentral
	case strings.Contains(heading, "dùng chung do cấp tỉnh cung cấp"):
		return model.TierProvince
	}
	return ""
}

// goldenSourcePath is the framework source text (internal/shared: ../shared beside the clone,
// or $ARCHGRAPH_SHARED).
func goldenSourcePath(t *testing.T) string {
	t.Helper()
	return shared.Path(t, "seeds/000_a10824c7ed3eda32.txt", "the framework source text")
}

// parseAppendix4 reads the commune reference framework out of the source text.
func parseAppendix4(t *testing.T, path string) []goldenCode {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatalf("open framework source %s: %v", path, err)
	}
	defer fh.Close()
	var lines []string
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read framework source %s: %v", path, err)
	}

	clean := func(s string) string {
		s = norm.NFC.String(strings.TrimRight(s, "\r"))
		return strings.TrimSpace(goldenBookmark.ReplaceAllString(strings.TrimSpace(s), ""))
	}
	start := -1
	for i, l := range lines {
		if strings.HasPrefix(clean(l), "4. Khung kiến trúc số tham chiếu cấp xã") {
			start = i
			break
		}
	}
	if start < 0 {
		t.Fatalf("%s: no heading \"4. Khung kiến trúc số tham chiếu cấp xã …\" (Appendix 4)", path)
	}

	var (
		out   []goldenCode
		seen  = map[string]int{}
		group string
		kind  model.RefKind
		tier  model.Tier
		area  model.AreaType
	)
	for i := start + 1; i < len(lines); i++ {
		n := i + 1 // 1-based line number, as in the data's source field
		l := clean(lines[i])
		if l == "" {
			continue
		}
		if goldenTopLevel.MatchString(l) {
			break
		}
		if m := goldenCodeLine.FindStringSubmatch(l); m != nil {
			g, num, text := m[1], m[2], m[3]
			code := g + num
			switch {
			case group == "":
				t.Errorf("L%d: %s outside any group section", n, code)
			case g != group:
				t.Errorf("L%d: %s under the heading of group %s", n, code, group)
			case tier == "":
				t.Errorf("L%d: %s under no tier heading", n, code)
			case tier == model.TierAreaSupplementary && area == "":
				t.Errorf("L%d: %s under no area sub-heading", n, code)
			}
			if j, dup := seen[code]; dup {
				t.Errorf("L%d: %s already defined at L%d", n, code, j)
			}
			seen[code] = n
			k, _ := strconv.Atoi(num)
			name := strings.TrimSpace(text)
			name = strings.TrimSpace(strings.TrimRight(name, ".;"))
			gc := goldenCode{Code: code, Group: g, Num: k, Name: name, Tier: tier, Kind: kind, Line: n}
			if tier == model.TierAreaSupplementary {
				gc.AreaType = area
			}
			out = append(out, gc)
			continue
		}
		if goldenCodeLoose.MatchString(l) {
			t.Errorf("L%d: looks like a code but does not read as \"CODE: name\": %q", n, l)
			continue
		}
		if m := goldenNumbered.FindStringSubmatch(l); m != nil {
			heading := m[2]
			if gm := goldenGroupSuffix.FindStringSubmatch(heading); gm != nil && slices.Contains(communeGroups, gm[1]) {
				group, area = gm[1], ""
				if strings.HasPrefix(heading, "Hoạt động nghiệp vụ") {
					// Activity sections (4.5.x.2) have no tier sub-headings: the source lists
					// only activities deployed at commune level (their catch-alls say "… thiết
					// yếu triển khai tại cấp xã khác", checked in TestGoldenCommuneFramework).
					kind, tier = model.RefKindActivity, model.TierCommuneEssential
				} else {
					kind, tier = model.RefKindComponent, ""
				}
				continue
			}
			if t2 := goldenTier(heading); t2 != "" {
				tier, area = t2, ""
				continue
			}
			// Any other numbered heading (a layer, "4.5.1. Nhóm … (CQS)") leaves the group.
			group, kind, tier, area = "", "", "", ""
			continue
		}
		if m := goldenArea.FindStringSubmatch(l); m != nil && tier == model.TierAreaSupplementary {
			area = goldenAreaTypes[m[1]]
			continue
		}
		if m := goldenLettered.FindStringSubmatch(l); m != nil {
			if t2 := goldenTier(m[2]); t2 != "" {
				tier, area = t2, ""
			}
		}
	}
	return out
}

func TestGoldenCommuneFramework(t *testing.T) {
	src := parseAppendix4(t, goldenSourcePath(t))
	t.Run("source", func(t *testing.T) { checkCommuneSource(t, src) })
	f, data, byCode := communeData(t)
	t.Run("groups", func(t *testing.T) { checkCommuneGroups(t, f) })
	t.Run("code by code", func(t *testing.T) { checkCommuneCodes(t, src, data, byCode) })
	t.Run("facts", func(t *testing.T) { checkCommuneFacts(t, byCode) })
}

// checkCommuneSource checks the source on its own.
func checkCommuneSource(t *testing.T, src []goldenCode) {
	// 170 codes, every group numbered 1..N without gaps.
	if len(src) != communeTotal {
		t.Errorf("source: %d commune codes, want %d", len(src), communeTotal)
	}
	nums := map[string][]int{}
	for _, c := range src {
		nums[c.Group] = append(nums[c.Group], c.Num)
	}
	for _, g := range communeGroups {
		want := communeGroupSize[g]
		got := nums[g]
		if len(got) != want {
			t.Errorf("source: group %s has %d codes, want %d", g, len(got), want)
		}
		for i, k := range got {
			if k != i+1 {
				t.Errorf("source: group %s: code #%d is %s%d, want %s%d (gap or disorder)", g, i+1, g, k, g, i+1)
				break
			}
		}
	}
	for _, c := range src {
		if c.Kind == model.RefKindActivity && nums[c.Group][len(nums[c.Group])-1] == c.Num &&
			!strings.Contains(c.Name, "thiết yếu triển khai tại cấp xã") {
			t.Errorf("source L%d: %s, the last activity of %s, no longer says \"thiết yếu triển khai tại cấp xã\"", c.Line, c.Code, c.Group)
		}
	}

}

// communeData reads seed/data through the loader: the File, its KTTS-XA reference components
// in file order and by code.
func communeData(t *testing.T) (*File, []ReferenceComponent, map[string]ReferenceComponent) {
	f, err := ReadDir("data")
	if err != nil {
		t.Fatalf("ReadDir(data): %v", err)
	}
	var data []ReferenceComponent
	byCode := map[string]ReferenceComponent{}
	for _, r := range f.ReferenceComponents {
		if r.Framework == "KTTS-XA" {
			data = append(data, r)
			byCode[r.Code] = r
		}
	}
	if len(data) != communeTotal {
		t.Errorf("data: %d KTTS-XA reference components, want %d", len(data), communeTotal)
	}
	return f, data, byCode
}

// checkCommuneGroups: every group of the source is a KTTS-XA group of the data, of its kind.
func checkCommuneGroups(t *testing.T, f *File) {
	groups := map[string]Group{}
	for _, g := range f.Groups {
		if g.Framework == "KTTS-XA" {
			groups[g.Code] = g
		}
	}
	for _, g := range communeGroups {
		dg, ok := groups[g]
		if !ok {
			t.Errorf("data: no KTTS-XA group %s", g)
			continue
		}
		wantKind := model.RefKindComponent
		if strings.HasPrefix(g, "NV") {
			wantKind = model.RefKindActivity
		}
		if dg.Kind != wantKind {
			t.Errorf("data: group %s kind %s, want %s", g, dg.Kind, wantKind)
		}
	}
	if len(groups) != len(communeGroups) {
		t.Errorf("data: %d KTTS-XA groups, want %d", len(groups), len(communeGroups))
	}
}

// checkCommuneCodes compares the data with the source code by code, in source order.
func checkCommuneCodes(t *testing.T, src []goldenCode, data []ReferenceComponent, byCode map[string]ReferenceComponent) {
	inSource := map[string]bool{}
	misordered := false
	for i, c := range src {
		inSource[c.Code] = true
		d, ok := byCode[c.Code]
		if !ok {
			t.Errorf("%s (source L%d): missing from seed/data", c.Code, c.Line)
			continue
		}
		bad := func(field string, got, want any) {
			t.Errorf("%s: %s = %v in seed/data, source L%d says %v", c.Code, field, got, c.Line, want)
		}
		if d.Group != c.Group {
			bad("group", d.Group, c.Group)
		}
		if d.Tier != c.Tier {
			bad("tier", d.Tier, c.Tier)
		}
		if d.AreaType != c.AreaType {
			bad("areaType", d.AreaType, c.AreaType)
		}
		if d.Kind != c.Kind {
			bad("kind", d.Kind, c.Kind)
		}
		if d.Name != c.Name {
			bad("name", fmt.Sprintf("%q", d.Name), fmt.Sprintf("%q", c.Name))
		}
		if d.ASCII != ASCIIFold(c.Code) {
			bad("ascii", d.ASCII, ASCIIFold(c.Code))
		}
		if want := fmt.Sprintf("L%d", c.Line); d.Source != want && !strings.HasPrefix(d.Source, want+" ") {
			bad("source", fmt.Sprintf("%q", d.Source), want+" (…)")
		}
		if i < len(data) && data[i].Code != c.Code && !misordered {
			t.Errorf("data: KTTS-XA component #%d is %s, the source has %s there (records must follow source order)", i+1, data[i].Code, c.Code)
			misordered = true // report the first only
		}
	}
	for _, d := range data {
		if !inSource[d.Code] {
			t.Errorf("%s: in seed/data but not among the codes of Appendix 4", d.Code)
		}
	}
}

// checkCommuneFacts checks a handful of facts, stated outright.
func checkCommuneFacts(t *testing.T, byCode map[string]ReferenceComponent) {
	fact := func(code string, tier model.Tier, area model.AreaType, kind model.RefKind) ReferenceComponent {
		t.Helper()
		d, ok := byCode[code]
		if !ok {
			t.Errorf("%s: missing from seed/data", code)
			return d
		}
		if d.Tier != tier || d.AreaType != area || d.Kind != kind {
			t.Errorf("%s: tier %s, area %q, kind %s; want tier %s, area %q, kind %s",
				code, d.Tier, d.AreaType, d.Kind, tier, area, kind)
		}
		return d
	}
	comp, act := model.RefKindComponent, model.RefKindActivity
	if d := fact("HTS1", model.TierCentral, "", comp); !slices.Contains(d.Examples, "NDC") {
		t.Errorf("HTS1: examples %v lack NDC", d.Examples)
	}
	fact("HTS10", model.TierAreaSupplementary, model.AreaTypeUrban, comp)
	fact("HTS15", model.TierAreaSupplementary, model.AreaTypeRural, comp)
	fact("HTS22", model.TierAreaSupplementary, model.AreaTypeMountainBorderIsland, comp)
	fact("DL19", model.TierAreaSupplementary, model.AreaTypeRural, comp)
	fact("NTL1", model.TierCentral, "", comp)
	fact("ƯDCQS7", model.TierCommuneEssential, "", comp)
	fact("ƯDCQS15", model.TierAreaSupplementary, model.AreaTypeRural, comp) // behind a bookmark
	fact("KTT5", model.TierProvince, "", comp)
	fact("ĐLHQ9", model.TierCommuneEssential, "", comp)
	for _, g := range []string{"NVCQS", "NVKTS", "NVXHS"} {
		for k := 1; k <= communeGroupSize[g]; k++ {
			fact(fmt.Sprintf("%s%d", g, k), model.TierCommuneEssential, "", act)
		}
	}
	if d := byCode["HTS3"]; !d.ExploitsShared {
		t.Errorf("HTS3 (\"Khai thác …\"): exploitsShared is false")
	}
	if d := byCode["HTS14"]; !d.CatchAll {
		t.Errorf("HTS14 (\"… khác theo nhu cầu …\"): catchAll is false")
	}
}
