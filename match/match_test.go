package match_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/archgraph/archgraph/match"
	"github.com/archgraph/archgraph/seed"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Định danh ĐIỆN TỬ": "dinh danh dien tu",
		"Thư điện tử":       "thu dien tu",
		"Hệ thống":          "he thong",
		"Quảng Ninh":        "quang ninh",
		"Đắk Lắk":           "dak lak",
		"Đăng nhập":         "dang nhap",
	} {
		if got := match.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	// Decomposed input (NFD, as some editors save it) folds the same.
	if got := match.Fold("Đi\u0323nh danh"); got != "dinh danh" {
		t.Errorf("NFD input folds to %q", got)
	}
}

// TestInferTricky checks the matcher, with the vocabulary shipped in seed/data, on names as
// inventories write them: what each infers (capability codes, and for platform-specific terms
// the platform) and which sanctioned reference component it suggests.
func TestInferTricky(t *testing.T) {
	m, err := seed.EmbeddedMatcher()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		scope, name string
		caps        []string // "CAP" or "CAP[PLATFORM]"
		refs        []string
	}{
		// the same system, with and without diacritics, English, abbreviations
		{"PROVINCE", "Hệ thống định danh và xác thực điện tử tỉnh Lào Cai", []string{"CAP-EIDENTITY"}, nil},
		{"PROVINCE", "He thong dinh danh dien tu Lao Cai", []string{"CAP-EIDENTITY"}, nil},
		{"PROVINCE", "Hệ thống đăng nhập một lần (SSO) tỉnh Lào Cai", []string{"CAP-EIDENTITY"}, nil},
		{"PROVINCE", "Da Nang Smart City Identity Provider (SSO)", []string{"CAP-EIDENTITY"}, nil},
		{"PROVINCE", "Hệ thống quản lý định danh và truy cập (IAM)", []string{"CAP-EIDENTITY"}, nil},
		// typos: a letter swapped in a short syllable, a letter changed in a long word
		{"PROVINCE", "Hệ thống định dnah điện tử tỉnh Nghệ An", []string{"CAP-EIDENTITY"}, nil},
		{"PROVINCE", "Hệ thống xác thục người dùng tập trung", []string{"CAP-EIDENTITY"}, nil},
		{"PROVINCE", "Cổng trao đổi API (API Gatway)", []string{"CAP-API-EXCHANGE"}, nil},
		// "của" and "cửa" fold alike: a stop word must not eat "một cửa"
		{"COMMUNE", "Phần mềm một cửa điện tử xã Tả Van", []string{"CAP-ADMIN-PROCEDURE"}, []string{"KTT8", "ƯDCQS19"}},
		{"COMMUNE", "Phan mem mot cua dien tu xa", []string{"CAP-ADMIN-PROCEDURE"}, []string{"KTT8", "ƯDCQS19"}},
		// stop words between the words of a term
		{"PROVINCE", "Hệ thống thư điện tử của tỉnh công vụ", []string{"CAP-OFFICIAL-EMAIL"}, nil},
		{"PROVINCE", "Hệ thống Email công vụ Quảng Ninh (mail.quangninh.gov.vn)", []string{"CAP-OFFICIAL-EMAIL"}, nil},
		// one capability, several national platforms: the words tell them apart
		{"PROVINCE", "CSDL dân cư tỉnh Nghệ An", []string{"CAP-MASTER-DATA[NDB-POPULATION]"}, nil},
		{"PROVINCE", "Cơ sở dữ liêu đất đai tỉnh Nghệ An", []string{"CAP-MASTER-DATA[NDB-LAND]"}, nil},
		// sanctioned systems named many ways suggest their reference component
		{"PROVINCE", "Trục LGSP tỉnh Lào Cai", []string{"CAP-DATA-EXCHANGE"}, []string{"TINH-LGSP"}},
		{"PROVINCE", "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Quảng Ninh (LGSP)", []string{"CAP-DATA-EXCHANGE"}, []string{"TINH-LGSP"}},
		{"MINISTRY", "Nền tảng tích hợp, chia sẻ dữ liệu Bộ Y tế (LGSP)", []string{"CAP-DATA-EXCHANGE"}, []string{"BO-LGSP"}},
		{"PROVINCE", "Trung tâm điều hành đô thị thông minh An Giang", []string{"CAP-DASHBOARD"}, []string{"TINH-DASHBOARD", "TINH-IOC"}},
		{"PROVINCE", "Hue Smart City IOC", []string{"CAP-DASHBOARD"}, []string{"TINH-DASHBOARD", "TINH-IOC"}},
		// generic names carry nothing
		{"PROVINCE", "Phần mềm quản lý tài sản công", nil, nil},
		{"PROVINCE", "Cơ sở dữ liệu chuyên ngành y tế", nil, nil},
		{"PROVINCE", "Ứng dụng du lịch thông minh Lào Cai", nil, nil},
		// vetoes: identifier codes are no identity platform; a residents' community is no population database
		{"MINISTRY", "Hệ thống mã định danh người học", nil, nil},
		{"COMMUNE", "Nền tảng cộng đồng số khu dân cư", nil, []string{"KTT14", "ƯDXHS10"}},
		// connectors: naming a national platform, or connecting to a national one, is using it
		{"PROVINCE", "Tích hợp xác thực VNeID cho Cổng dịch vụ công thành phố", nil, nil},
		{"PROVINCE", "Kết nối, đồng bộ dữ liệu với Cơ sở dữ liệu quốc gia về dân cư", nil, nil},
		// national components are the platforms themselves
		{"NATIONAL", "Nền tảng định danh và xác thực điện tử", nil, nil},
		// other wordings (session 2): a commune's data axis with a word between "trục" and its
		// object, and the same axis of a province, sanctioned
		{"COMMUNE", "Trục kết nối liên thông dữ liệu xã", []string{"CAP-DATA-EXCHANGE"}, nil},
		{"PROVINCE", "Trục kết nối liên thông dữ liệu tỉnh Hà Tĩnh", []string{"CAP-DATA-EXCHANGE"}, []string{"TINH-LGSP"}},
		// meetings in English are the sanctioned office applications of a province
		{"PROVINCE", "Video Conference System of the City", []string{"CAP-ONLINE-MEETING"}, []string{"TINH-SUPPORT-APPS"}},
		// a camera with AI features is no AI platform
		{"COMMUNE", "Hệ thống camera AI phường Xuân Hương", nil, nil},
		// citizens' and business-registration databases
		{"PROVINCE", "Cơ sở dữ liệu công dân tỉnh Hà Tĩnh", []string{"CAP-MASTER-DATA[NDB-POPULATION]"}, nil},
		{"PROVINCE", "Cơ sở dữ liệu đăng ký kinh doanh tỉnh Bắc Ninh", []string{"CAP-MASTER-DATA[NDB-ENTERPRISE]"}, nil},
		// "kiến trúc dữ liệu" (data architecture) folds to the letters of "trục dữ liệu" (data axis):
		// vetoed for data exchange, so a data-architecture framework is no LGSP duplicate
		{"MINISTRY", "Khung kiến trúc dữ liệu cấp bộ", []string{"CAP-DATA-GOVERNANCE"}, []string{"BO-DATA-FW"}},
		{"PROVINCE", "Can Tho Intelligent Operations Center", []string{"CAP-DASHBOARD"}, []string{"TINH-DASHBOARD", "TINH-IOC"}},
	}
	for _, c := range cases {
		inf := m.Infer(match.Input{Name: c.name}, c.scope, true)
		var caps, refs []string
		for _, x := range inf.Caps {
			k := x.Code
			if len(x.Platforms) > 0 {
				k += "[" + strings.Join(x.Platforms, ",") + "]"
			}
			caps = append(caps, k)
			if x.Score < match.Threshold || x.Score > 1 || len(x.Terms) == 0 {
				t.Errorf("%q: %s score %v terms %v", c.name, x.Code, x.Score, x.Terms)
			}
		}
		for _, r := range inf.Refs {
			refs = append(refs, r.Code)
		}
		if !slices.Equal(caps, c.caps) || !slices.Equal(refs, c.refs) {
			t.Errorf("%s %q: caps %v refs %v, want %v %v", c.scope, c.name, caps, refs, c.caps, c.refs)
		}
	}
	// A component that declares its realizations gets no suggestion.
	if inf := m.Infer(match.Input{Name: "Trục LGSP tỉnh"}, "PROVINCE", false); len(inf.Refs) != 0 {
		t.Errorf("suggested %v to a component with declared realizations", inf.Refs)
	}
}

func TestTermsExplainScore(t *testing.T) {
	m := match.New([]match.Entry{{Kind: match.KindCapability, Code: "C", Caps: []string{"C"}, Terms: []match.Term{
		{Text: "định danh", Weight: 0.5}, {Text: "xác thực", Weight: 0.5}, {Text: "mã định danh", Weight: -1}}}}, match.Config{})
	if hs := m.Match(match.Input{Name: "định danh"}); len(hs) != 1 || hs[0].Score != 0.5 {
		t.Errorf("one weak term: %+v", hs)
	}
	if hs := m.Match(match.Input{Name: "xác thực, định danh"}); len(hs) != 1 || hs[0].Score != 0.75 || !slices.Equal(hs[0].Terms, []string{"xác thực", "định danh"}) {
		t.Errorf("two weak terms (noisy-or 0.75): %+v", hs)
	}
	if hs := m.Match(match.Input{Name: "mã định danh, xác thực"}); len(hs) != 0 {
		t.Errorf("a veto term: %+v", hs)
	}
	if hs := m.Match(match.Input{Name: "dinh"}); len(hs) != 0 {
		t.Errorf("half a term: %+v", hs)
	}
}
