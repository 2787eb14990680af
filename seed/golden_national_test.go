package seed

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestGoldenNationalPlatforms pins the national platforms that every analysis leans on: their
// layer and owner, and that the source line each record cites really names it.
func TestGoldenNationalPlatforms(t *testing.T) {
	f, err := ReadDir("data")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(goldenSourcePath(t))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	byCode := map[string]Component{}
	for _, c := range f.Components {
		byCode[c.Code] = c
	}
	for _, want := range []struct {
		code, layer, owner string
		phrase             string // what the cited source line must contain
	}{
		{"NDXP", "L2", "", "Nền tảng tích hợp, chia sẻ dữ liệu Quốc gia (NDXP)"}, // the text names no owner
		{"NDOP", "L2", "BCA", "(NDOP)"},
		{"V-APEX", "L2", "BCA", "(V-APEX)"},
		{"EID", "L2", "BCA", "Nền tảng định danh và xác thực điện tử"},
		{"DVCQG", "L3", "VPCP", "Cổng Dịch vụ công Quốc gia"},
		{"VNEID", "L4", "BCA", "VNeID"},
		{"NAS", "L3", "BKHCN", "(NAS)"},
	} {
		c, ok := byCode[want.code]
		if !ok {
			t.Errorf("%s: not in seed/data", want.code)
			continue
		}
		if c.Layer != want.layer || c.Owner != want.owner {
			t.Errorf("%s: layer %s owner %q, want layer %s owner %q", want.code, c.Layer, c.Owner, want.layer, want.owner)
		}
		m := regexp.MustCompile(`^L(\d+)`).FindStringSubmatch(c.Source)
		if m == nil {
			t.Errorf("%s: source %q does not start with a line number", want.code, c.Source)
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if n < 1 || n > len(lines) || !strings.Contains(lines[n-1], want.phrase) {
			t.Errorf("%s: source line %d does not contain %q", want.code, n, want.phrase)
		}
	}
	// The owners of III.2 with due years.
	for code, want := range map[string]struct {
		owner string
		year  int
	}{"NAD": {"BCA", 2026}, "CYBER-DEFENCE": {"BCA", 2026}, "SIGN-OFFICIAL": {"BCYCP", 2026}, "ONLINE-MEETING": {"BKHCN", 2026}} {
		if c := byCode[code]; c.Owner != want.owner || c.DueYear != want.year {
			t.Errorf("%s: owner %q due %d, want %q due %d", code, c.Owner, c.DueYear, want.owner, want.year)
		}
	}
}
