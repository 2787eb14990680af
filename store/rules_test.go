package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/archgraph/archgraph/seed"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/store/storetest"
)

// TestRuleChecks gives every automatic check a violating and a conforming fixture (codes RX-…)
// over the built-in framework, and checks that the built-in framework alone violates
// NATIONAL_DB_AT_NDC nowhere (L253: the national databases' hosting is recorded only where the
// text states it; CYBER-DEFENCE-DB is the restricted-data exception).
func TestRuleChecks(t *testing.T) {
	st := storetest.Empty(t)
	ctx := context.Background()
	f, err := seed.ReadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := seed.LoadFramework(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	if n, err := st.RuleViolationCount(ctx, "R-NATIONAL-DB-AT-NDC", "", ""); err != nil || n != 0 {
		t.Fatalf("NATIONAL_DB_AT_NDC on the built-in framework: %d, %v; want 0", n, err)
	}
	before := results(t, st, "", "")
	if err := bulk.New(st).WriteAtomic(ctx, ruleFixture()); err != nil {
		t.Fatal(err)
	}
	today := st.Today()
	cases := []struct {
		rule      string
		bad, good []string
	}{
		{"R-API-VIA-VAPEX", []string{"RX-API-BAD", "RX-API-DB"}, []string{"RX-API-GOOD", "RX-API-VIA", "RX-API-PLANNED", "RX-API-NET", "RX-API-ORG"}},
		{"R-NATIONAL-DB-AT-NDC", []string{"RX-NDB-BAD"}, []string{"RX-NDB-GOOD", "RX-NDB-UNKNOWN", "RX-NDB-DEF"}},
		{"R-SECTOR-DB-STORAGE", []string{"RX-SDB-BAD"}, []string{"RX-SDB-GOOD", "RX-SDB-NDC", "RX-SDB-UNKNOWN"}},
		{"R-RESTRICTED-DATA-AT-NDC-WITH-CONSENT", []string{"RX-RDB-BAD"}, []string{"RX-RDB-GOOD", "RX-NDB-DEF"}},
		{"R-DR-LEVEL-4-5", []string{"RX-DR-BAD"}, []string{"RX-DR-GOOD", "RX-DR-LOW", "RX-DR-SITE"}},
		{"R-PROVINCE-TTHC-NOT-CENTRALISED", []string{"RX-TTHC-BAD"}, []string{"RX-TTHC-GOOD", "RX-TTHC-SYNCED"}},
		{"R-DEPT-SOFTWARE-MINISTRY-AGREEMENT", []string{"RX-DEPT-BAD"}, []string{"RX-DEPT-GOOD", "RX-DEPT-PROV-OK"}},
		{"R-COMMUNE-EXPLOIT-SHARED", []string{"RX-XA-IOC", "RX-XA-KTT5"}, []string{"RX-XA-HTS7", "RX-PROV-IOC"}},
		{"R-COMMUNE-NO-SCATTERED-WORK-APPS", []string{"RX-XA-WP", "RX-XA-KTT5"}, []string{"RX-PROV-WP"}},
		{"R-MASTER-DATA-VIA-NAD", []string{"RX-MD-BAD"}, []string{"RX-MD-GOOD", "NDB-POPULATION"}},
		{"R-SINGLE-PUBLIC-SERVICE-CHANNELS", []string{"RX-PSP-BAD", "RX-APP-BAD"}, []string{"RX-PSP-GOOD", "RX-APP-GOOD", "DVCQG", "DVCQG-APP"}},
		{"R-SHARED-AI-FIRST", []string{"RX-AI-BAD"}, []string{"RX-AI-GOOD", "AI-PLATFORM"}},
		{"R-CONNECT-DX-MEASUREMENT", []string{"RX-PROV"}, []string{"RX-BO", "RX-PROV2", "RX-XA"}},
		{"R-SYNC-DATA-WITH-NDC", []string{"RX-DW-BAD"}, []string{"RX-DW-GOOD"}},
		{"R-COMMUNE-LINK-PROVINCIAL-IOC", []string{"RX-XA-IOT-BAD", "RX-XA2-IOT-OTHER"}, []string{"RX-XA-IOT-GOOD"}},
		{"R-COMMUNE-ENV-MONITORING-IF-NOT-PROVINCIAL", []string{"RX-XA-ENV"}, []string{"RX-XA2-ENV"}},
		{"R-SUPPLEMENTARY-AFTER-PROVINCE-OPINION", []string{"RX-XA-SUP-BAD"}, []string{"RX-XA-SUP-GOOD", "RX-XA-HTS7"}},
		{"R-NO-DUPLICATE-SHARED", []string{"RX-DUP", "RX-XA-DUPLGSP"}, []string{"RX-DUP-USES"}},
		{"R-NO-DUPLICATE-PROVINCIAL", []string{"RX-XA-DUPLGSP"}, []string{"RX-XA-LGSP-OK", "RX-DUP"}},
	}
	for _, c := range cases {
		vs, err := st.RuleViolations(ctx, c.rule, "", "")
		if err != nil {
			t.Errorf("%s: %v", c.rule, err)
			continue
		}
		got := map[string]bool{}
		for _, v := range vs {
			code := ""
			if v.Component != nil {
				code = v.Component.Code
			} else if v.Agency != nil {
				code = v.Agency.Code
			}
			got[code] = true
			if v.Severity == "" || !strings.Contains(v.Message, code) || !strings.Contains(v.MessageEn, code) || v.Message == v.MessageEn {
				t.Errorf("%s: violation %+v lacks severity or bilingual evidence naming %s", c.rule, v, code)
			}
		}
		for _, b := range c.bad {
			if !got[b] {
				t.Errorf("%s does not report %s", c.rule, b)
			}
		}
		for _, g := range c.good {
			if got[g] {
				t.Errorf("%s reports %s, which conforms", c.rule, g)
			}
		}
		if n, err := st.RuleViolationCount(ctx, c.rule, "", ""); err != nil || n != len(vs) {
			t.Errorf("%s: count %d, %v; listed %d", c.rule, n, err, len(vs))
		}
		// The same check as of today (the statement's asOf form) finds the same violations.
		if past, err := st.RuleViolations(ctx, c.rule, "", today); err != nil || !slices.Equal(violationKeys(past), violationKeys(vs)) {
			t.Errorf("%s as of today: %v, %v; now %v", c.rule, violationKeys(past), err, violationKeys(vs))
		}
		if n, err := st.RuleViolationCount(ctx, c.rule, "", today); err != nil || n != len(vs) {
			t.Errorf("%s as of today: count %d, %v; listed now %d", c.rule, n, err, len(vs))
		}
	}
	// Undetermined: what the checks cannot judge because it is not recorded. The fixture adds
	// one national database with no hosting (RX-NDB-UNKNOWN; RX-NDB-DEF is restricted), and the
	// ministry RX-BO holds three databases with no hosting (RX-SDB-UNKNOWN, RX-MD-BAD, RX-MD-GOOD).
	after := results(t, st, "", "")
	if d := after["R-NATIONAL-DB-AT-NDC"].Undetermined - before["R-NATIONAL-DB-AT-NDC"].Undetermined; d != 1 {
		t.Errorf("NATIONAL_DB_AT_NDC: the fixture adds %d undetermined, want 1", d)
	}
	if r := after["R-NATIONAL-DB-AT-NDC"]; r.Violations != 1 || r.UndeterminedReasonEn == nil || !strings.Contains(*r.UndeterminedReasonEn, "hosting") {
		t.Errorf("NATIONAL_DB_AT_NDC results: %+v", r)
	}
	if r := results(t, st, "RX-BO", "")["R-SECTOR-DB-STORAGE"]; r.Undetermined != 3 || r.Violations != 0 {
		t.Errorf("SECTOR_DB_IN_DATACENTRE in RX-BO: %+v, want 3 undetermined and no violation", r)
	}
	if r := after["R-COMMUNE-EXPLOIT-SHARED"]; r.Undetermined != 0 || r.UndeterminedReason != nil {
		t.Errorf("a check that reads nothing that may be left unrecorded has no undetermined: %+v", r)
	}
	if len(after) < 16 {
		t.Errorf("ruleResults lists %d rules, want every automated one (at least 16)", len(after))
	}
	// Evidence names what the check found.
	vs, _ := st.RuleViolations(ctx, "R-NATIONAL-DB-AT-NDC", "", "")
	if len(vs) != 1 || !strings.Contains(vs[0].MessageEn, "RX-TINH-DC") || !strings.Contains(vs[0].Message, "L253") {
		t.Errorf("NATIONAL_DB_AT_NDC evidence: %+v", vs)
	}
	vs, _ = st.RuleViolations(ctx, "R-COMMUNE-ENV-MONITORING-IF-NOT-PROVINCIAL", "", "")
	if len(vs) != 1 || !strings.Contains(vs[0].MessageEn, "RX-PROV-ENV") {
		t.Errorf("COMMUNE_ENV_MONITORING evidence: %+v", vs)
	}
	// A province's scope: its own and its communes' components, and itself.
	vs, err = st.RuleViolations(ctx, "", "RX-PROV", "")
	if err != nil {
		t.Fatal(err)
	}
	keys := violationKeys(vs)
	for _, k := range []string{"R-COMMUNE-ENV-MONITORING-IF-NOT-PROVINCIAL:RX-XA-ENV", "R-CONNECT-DX-MEASUREMENT:RX-PROV", "R-DEPT-SOFTWARE-MINISTRY-AGREEMENT:RX-DEPT-BAD"} {
		if !slices.Contains(keys, k) {
			t.Errorf("violations of RX-PROV miss %s: %v", k, keys)
		}
	}
	for _, k := range keys {
		if strings.HasSuffix(k, ":RX-XA2-ENV") || strings.HasSuffix(k, ":RX-MD-BAD") || strings.HasSuffix(k, ":RX-BO") {
			t.Errorf("violations of RX-PROV include %s, outside it", k)
		}
	}
	// Every rule answers: automated ones with a count, the others with their reason.
	rules, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	automated := 0
	for _, r := range rules {
		_, err := st.RuleViolationCount(ctx, r.Code, "", "")
		if store.Automated(r) {
			automated++
			if err != nil {
				t.Errorf("%s: %v", r.Code, err)
			}
		} else if r.Manual == "" || err == nil || !strings.Contains(err.Error(), r.Manual) {
			t.Errorf("%s is not automated: its error %v should give the reason %q", r.Code, err, r.Manual)
		}
		if !strings.HasPrefix(r.Source, "L") || r.Severity == "" {
			t.Errorf("%s: source %q, severity %q", r.Code, r.Source, r.Severity)
		}
	}
	if automated < 16 {
		t.Errorf("%d rules are checked automatically, want at least 16", automated)
	}
}

// ruleFixture: agencies RX-PROV (with commune RX-XA, URBAN), RX-PROV2 (with RX-XA2, URBAN),
// RX-BO (a ministry, which USES DX-MEASURE); per check a violating and a conforming component.
func ruleFixture() []bulk.Batch {
	var agencies, comps []bulk.Row
	rels := map[store.Endpoint][]bulk.Row{}
	rel := func(from, typ, to, a, b string) {
		sh := store.Endpoint{From: from, Type: typ, To: to}
		rels[sh] = append(rels[sh], bulk.Row{From: a, To: b, Props: bulk.Props(bulk.P("source", bulk.Str("test")))})
	}
	agency := func(code, level, areaType, partOf string) {
		p := bulk.Props(bulk.P("name", bulk.Str("Cơ quan thử "+code)), bulk.P("nameEn", bulk.Str("Test agency "+code)), bulk.P("level", bulk.Str(level)),
			bulk.P("synthetic", bulk.Bool(false)), bulk.P("source", bulk.Str("test")))
		if areaType != "" {
			p.Set("areaType", bulk.Str(areaType))
		}
		agencies = append(agencies, bulk.Row{Code: code, Props: p})
		if partOf != "" {
			rel(store.LabelAgency, store.RelPartOf, store.LabelAgency, code, partOf)
		}
	}
	type c struct {
		code, scope, kind, owner, status string
		level                            int
		restricted                       bool
		dependsOn, provides, realizes    []string
		hostedIn, dr, approvedBy         []string
	}
	component := func(x c) {
		if x.status == "" {
			x.status = "OPERATING"
		}
		p := bulk.Props(bulk.P("name", bulk.Str("Thành phần thử "+x.code)), bulk.P("nameEn", bulk.Str("Test component "+x.code)),
			bulk.P("kind", bulk.Str(x.kind)), bulk.P("scope", bulk.Str(x.scope)), bulk.P("status", bulk.Str(x.status)), bulk.P("layer", bulk.Str("L2")),
			bulk.P("exposesApi", bulk.Bool(false)), bulk.P("synthetic", bulk.Bool(false)), bulk.P("source", bulk.Str("test")))
		if x.level > 0 {
			p.Set("securityLevel", bulk.Int(int64(x.level)))
		}
		if x.restricted {
			p.Set("restrictedData", bulk.Bool(true))
		}
		comps = append(comps, bulk.Row{Code: x.code, Props: p})
		rel(store.LabelComponent, store.RelInLayer, store.LabelLayer, x.code, "L2")
		if x.owner != "" {
			rel(store.LabelAgency, store.RelOwns, store.LabelComponent, x.owner, x.code)
		}
		for _, d := range x.dependsOn {
			rel(store.LabelComponent, store.RelDependsOn, store.LabelComponent, x.code, d)
		}
		for _, d := range x.provides {
			rel(store.LabelComponent, store.RelProvides, store.LabelCapability, x.code, d)
		}
		for _, d := range x.realizes {
			rel(store.LabelComponent, store.RelRealizes, store.LabelReferenceComponent, x.code, d)
		}
		for _, d := range x.hostedIn {
			rel(store.LabelComponent, store.RelHostedIn, store.LabelComponent, x.code, d)
		}
		for _, d := range x.dr {
			rel(store.LabelComponent, store.RelDisasterRecovery, store.LabelComponent, x.code, d)
		}
		for _, d := range x.approvedBy {
			rel(store.LabelComponent, store.RelApprovedBy, store.LabelAgency, x.code, d)
		}
	}
	l := func(xs ...string) []string { return xs }
	agency("RX-PROV", "PROVINCE", "", "")
	agency("RX-XA", "COMMUNE", "URBAN", "RX-PROV")
	agency("RX-PROV2", "PROVINCE", "", "")
	agency("RX-XA2", "COMMUNE", "URBAN", "RX-PROV2")
	agency("RX-BO", "MINISTRY", "", "")
	rel(store.LabelAgency, store.RelUses, store.LabelComponent, "RX-BO", "DX-MEASURE")
	component(c{code: "RX-PROV2-KPI", scope: "PROVINCE", kind: "DASHBOARD", owner: "RX-PROV2", dependsOn: l("DX-MEASURE")})

	// API_VIA_VAPEX (L192)
	component(c{code: "RX-GW", scope: "PROVINCE", kind: "PLATFORM", owner: "RX-PROV", realizes: l("TINH-LGSP"), provides: l("CAP-DATA-EXCHANGE"), dependsOn: l("V-APEX")})
	component(c{code: "RX-API-BAD", scope: "PROVINCE", kind: "APPLICATION", owner: "RX-PROV"})
	component(c{code: "RX-API-DB", scope: "COMMUNE", kind: "DATABASE", owner: "RX-XA", status: "BUILDING"})
	component(c{code: "RX-API-GOOD", scope: "PROVINCE", kind: "APPLICATION", owner: "RX-PROV", dependsOn: l("V-APEX")})
	component(c{code: "RX-API-VIA", scope: "COMMUNE", kind: "APPLICATION", owner: "RX-XA", dependsOn: l("RX-GW")})
	component(c{code: "RX-API-PLANNED", scope: "PROVINCE", kind: "APPLICATION", owner: "RX-PROV", status: "PLANNED"})
	component(c{code: "RX-API-NET", scope: "PROVINCE", kind: "NETWORK", owner: "RX-PROV"})
	component(c{code: "RX-API-ORG", scope: "ORGANIZATION", kind: "APPLICATION"})

	// NATIONAL_DB_AT_NDC, SECTOR_DB_IN_DATACENTRE, RESTRICTED_DATA_CONSENT (L253)
	component(c{code: "RX-TINH-DC", scope: "PROVINCE", kind: "INFRASTRUCTURE", owner: "RX-PROV", realizes: l("TINH-DC")})
	component(c{code: "RX-SERVER", scope: "PROVINCE", kind: "INFRASTRUCTURE", owner: "RX-PROV"})
	component(c{code: "RX-NDB-BAD", scope: "NATIONAL", kind: "DATABASE", hostedIn: l("RX-TINH-DC")})
	component(c{code: "RX-NDB-GOOD", scope: "NATIONAL", kind: "DATABASE", hostedIn: l("NDC")})
	component(c{code: "RX-NDB-UNKNOWN", scope: "NATIONAL", kind: "DATABASE"})
	component(c{code: "RX-NDB-DEF", scope: "NATIONAL", kind: "DATABASE", restricted: true, hostedIn: l("RX-TINH-DC")})
	component(c{code: "RX-SDB-BAD", scope: "PROVINCE", kind: "DATABASE", owner: "RX-PROV", hostedIn: l("RX-SERVER")})
	component(c{code: "RX-SDB-GOOD", scope: "PROVINCE", kind: "DATABASE", owner: "RX-PROV", hostedIn: l("RX-TINH-DC")})
	component(c{code: "RX-SDB-NDC", scope: "MINISTRY", kind: "DATABASE", owner: "RX-BO", hostedIn: l("NDC-CLOUD")})
	component(c{code: "RX-SDB-UNKNOWN", scope: "MINISTRY", kind: "DATABASE", owner: "RX-BO"})
	component(c{code: "RX-RDB-BAD", scope: "MINISTRY", kind: "DATABASE", owner: "RX-BO", restricted: true, hostedIn: l("NDC")})
	component(c{code: "RX-RDB-GOOD", scope: "MINISTRY", kind: "DATABASE", owner: "RX-BO", restricted: true, hostedIn: l("NDC"), approvedBy: l("RX-BO")})

	// DR_FOR_LEVEL_4_5 (L249)
	component(c{code: "RX-DR-SITE", scope: "MINISTRY", kind: "INFRASTRUCTURE", owner: "RX-BO"})
	component(c{code: "RX-DR-BAD", scope: "MINISTRY", kind: "APPLICATION", owner: "RX-BO", level: 4})
	component(c{code: "RX-DR-GOOD", scope: "MINISTRY", kind: "APPLICATION", owner: "RX-BO", level: 5, dr: l("RX-DR-SITE")})
	component(c{code: "RX-DR-LOW", scope: "MINISTRY", kind: "APPLICATION", owner: "RX-BO", level: 3})

	// PROVINCE_TTHC_VIA_DVCQG (L508)
	component(c{code: "RX-TTHC-BAD", scope: "PROVINCE", kind: "APPLICATION", owner: "RX-PROV", realizes: l("TINH-ADMIN-PROCEDURE")})
	component(c{code: "RX-TTHC-GOOD", scope: "PROVINCE", kind: "APPLICATION", owner: "RX-PROV", realizes: l("TINH-ADMIN-PROCEDURE"), dependsOn: l("DVCQG")})
	component(c{code: "RX-TTHC-SYNCED", scope: "PROVINCE", kind: "APPLICATION", owner: "RX-PROV2", provides: l("CAP-ADMIN-PROCEDURE")})
	rel(store.LabelComponent, store.RelDependsOn, store.LabelComponent, "DVCQG", "RX-TTHC-SYNCED")

	// DEPT_SOFTWARE_AGREEMENT (L512)
	component(c{code: "RX-DEPT-BAD", scope: "PROVINCE", kind: "APPLICATION", owner: "RX-PROV", realizes: l("TINH-DEPT-SOFTWARE")})
	component(c{code: "RX-DEPT-GOOD", scope: "PROVINCE", kind: "APPLICATION", owner: "RX-PROV", realizes: l("TINH-DEPT-SOFTWARE"), approvedBy: l("RX-BO")})
	component(c{code: "RX-DEPT-PROV-OK", scope: "PROVINCE", kind: "APPLICATION", owner: "RX-PROV", realizes: l("TINH-SOURCE-INFO")})

	// COMMUNE_HIGHER_TIER (L586), COMMUNE_OWN_WORKPLACE (L846)
	component(c{code: "RX-XA-IOC", scope: "COMMUNE", kind: "DASHBOARD", owner: "RX-XA", realizes: l("TINH-IOC")})
	component(c{code: "RX-XA-KTT5", scope: "COMMUNE", kind: "APPLICATION", owner: "RX-XA", realizes: l("KTT5")})
	component(c{code: "RX-XA-HTS7", scope: "COMMUNE", kind: "INFRASTRUCTURE", owner: "RX-XA", realizes: l("HTS7")})
	component(c{code: "RX-PROV-IOC", scope: "PROVINCE", kind: "DASHBOARD", owner: "RX-PROV", realizes: l("TINH-IOC")})
	component(c{code: "RX-XA-WP", scope: "COMMUNE", kind: "APPLICATION", owner: "RX-XA", provides: l("CAP-DIGITAL-WORKPLACE")})
	component(c{code: "RX-PROV-WP", scope: "PROVINCE", kind: "APPLICATION", owner: "RX-PROV", realizes: l("TINH-DIGITAL-WORKPLACE")})

	// MASTER_DATA_VIA_NAD (L184)
	component(c{code: "RX-MD-BAD", scope: "MINISTRY", kind: "DATABASE", owner: "RX-BO", provides: l("CAP-MASTER-DATA")})
	component(c{code: "RX-MD-GOOD", scope: "MINISTRY", kind: "DATABASE", owner: "RX-BO", provides: l("CAP-MASTER-DATA"), dependsOn: l("NAD")})

	// OWN_PUBLIC_SERVICE_CHANNEL (L106, L231)
	component(c{code: "RX-PSP-BAD", scope: "PROVINCE", kind: "PORTAL", owner: "RX-PROV", provides: l("CAP-PUBLIC-SERVICE-PORTAL")})
	component(c{code: "RX-PSP-GOOD", scope: "PROVINCE", kind: "PORTAL", owner: "RX-PROV", provides: l("CAP-PUBLIC-SERVICE-PORTAL"), dependsOn: l("DVCQG")})
	component(c{code: "RX-APP-BAD", scope: "MINISTRY", kind: "CHANNEL", owner: "RX-BO", provides: l("CAP-MOBILE-CHANNEL")})
	component(c{code: "RX-APP-GOOD", scope: "MINISTRY", kind: "CHANNEL", owner: "RX-BO", provides: l("CAP-MOBILE-CHANNEL"), dependsOn: l("VNEID")})

	// AI_VIA_SHARED_PLATFORM (L200)
	component(c{code: "RX-AI-BAD", scope: "MINISTRY", kind: "PLATFORM", owner: "RX-BO", realizes: l("BO-AI")})
	component(c{code: "RX-AI-GOOD", scope: "MINISTRY", kind: "PLATFORM", owner: "RX-BO", realizes: l("BO-AI"), dependsOn: l("AI-PLATFORM")})

	// DATA_SYNC_WITH_NDC (L320, L339)
	component(c{code: "RX-DW-BAD", scope: "PROVINCE", kind: "DATABASE", owner: "RX-PROV", realizes: l("TINH-DW")})
	component(c{code: "RX-DW-GOOD", scope: "PROVINCE", kind: "DATABASE", owner: "RX-PROV", realizes: l("TINH-DW"), dependsOn: l("NDOP")})

	// COMMUNE_LINKED_TO_PROVINCIAL_IOC (L593, L660, L725)
	component(c{code: "RX-XA-IOT-BAD", scope: "COMMUNE", kind: "INFRASTRUCTURE", owner: "RX-XA", realizes: l("HTS13")})
	component(c{code: "RX-XA-IOT-GOOD", scope: "COMMUNE", kind: "INFRASTRUCTURE", owner: "RX-XA", realizes: l("HTS13"), dependsOn: l("RX-PROV-IOC")})
	// connected to another province's IOC is not connected to its own
	component(c{code: "RX-XA2-IOT-OTHER", scope: "COMMUNE", kind: "INFRASTRUCTURE", owner: "RX-XA2", realizes: l("HTS13"), dependsOn: l("RX-PROV-IOC")})

	// COMMUNE_ENV_MONITORING (L804)
	component(c{code: "RX-PROV-ENV", scope: "PROVINCE", kind: "APPLICATION", owner: "RX-PROV", realizes: l("TINH-ENV-MONITORING")})
	component(c{code: "RX-XA-ENV", scope: "COMMUNE", kind: "APPLICATION", owner: "RX-XA", realizes: l("ƯDXHS7")})
	component(c{code: "RX-XA2-ENV", scope: "COMMUNE", kind: "APPLICATION", owner: "RX-XA2", realizes: l("ƯDXHS7")})

	// SUPPLEMENTARY_PROVINCE_OPINION (figures, L2181)
	component(c{code: "RX-XA-SUP-BAD", scope: "COMMUNE", kind: "APPLICATION", owner: "RX-XA", realizes: l("KTT12")})
	component(c{code: "RX-XA-SUP-GOOD", scope: "COMMUNE", kind: "APPLICATION", owner: "RX-XA", realizes: l("KTT12"), approvedBy: l("RX-PROV")})

	// DUPLICATE_SHARED (L358)
	component(c{code: "RX-DUP", scope: "PROVINCE", kind: "PLATFORM", owner: "RX-PROV2", provides: l("CAP-EIDENTITY")})
	component(c{code: "RX-XA-DUPLGSP", scope: "COMMUNE", kind: "PLATFORM", owner: "RX-XA", provides: l("CAP-DATA-EXCHANGE")})
	component(c{code: "RX-XA-LGSP-OK", scope: "COMMUNE", kind: "PLATFORM", owner: "RX-XA", provides: l("CAP-DATA-EXCHANGE"), dependsOn: l("RX-GW")})
	component(c{code: "RX-DUP-USES", scope: "PROVINCE", kind: "PLATFORM", owner: "RX-PROV2", provides: l("CAP-EIDENTITY"), dependsOn: l("EID")})

	out := []bulk.Batch{{Label: store.LabelAgency, Rows: agencies}, {Label: store.LabelComponent, Rows: comps}}
	for _, sh := range store.Shapes {
		if rs := rels[sh]; len(rs) > 0 {
			out = append(out, bulk.Batch{Shape: sh, Rows: rs})
		}
	}
	return out
}
