package server_test

import (
	"testing"
	"time"
)

// TestRulesAPI: optional texts are null when absent (Rule.manual, Agency.framework), ruleResults
// reports undetermined candidates beside violations, and the rule checks answer as of a day
// (and refuse a day after today or a malformed one).
func TestRulesAPI(t *testing.T) {
	a := newAPI(t)
	d := a.ok(`{ rules { code automated manual } vpqh: agency(code: "VPQH") { framework } hanoi: agency(code: "HA-NOI") { framework } }`, nil)
	automated := 0
	for _, r := range d["rules"].([]any) {
		manual := dig(r, "manual")
		if dig(r, "automated") == true {
			automated++
			if manual != nil {
				t.Errorf("%v is automated: manual should be null, got %q", dig(r, "code"), manual)
			}
		} else if m, _ := manual.(string); m == "" {
			t.Errorf("%v is not automated: manual should give the reason, got %v", dig(r, "code"), manual)
		}
	}
	if automated < 16 {
		t.Errorf("%d automated rules, want at least 16", automated)
	}
	if dig(d, "vpqh", "framework") != "KTTS-TOCHUC" || dig(d, "hanoi", "framework") != nil {
		t.Errorf("Agency.framework: VPQH %v (want KTTS-TOCHUC), HA-NOI %v (want null)", dig(d, "vpqh", "framework"), dig(d, "hanoi", "framework"))
	}

	today := time.Now().In(time.FixedZone("ICT", 7*3600)).Format("2006-01-02")
	// One analysis per request: the server runs at most two at once.
	d = a.ok(`{ results: ruleResults(agency: "HA-NOI") { rule { code } violations undetermined undeterminedReason undeterminedReasonEn } }`, nil)
	for k, q := range map[string]string{
		"api":       `{ n: ruleViolationCount(rule: "R-API-VIA-VAPEX", agency: "HA-NOI") }`,
		"apiToday":  `query($d: Date) { n: ruleViolationCount(rule: "R-API-VIA-VAPEX", agency: "HA-NOI", asOf: $d) }`,
		"listToday": `query($d: Date) { n: ruleViolations(rule: "R-API-VIA-VAPEX", agency: "HA-NOI", asOf: $d) { component { code } } }`,
		"dr":        `{ n: ruleResults(rule: "R-DR-LEVEL-4-5") { violations undetermined undeterminedReasonEn } }`,
	} {
		d[k] = a.ok(q, map[string]any{"d": today})["n"]
	}
	byCode := map[string]any{}
	for _, r := range d["results"].([]any) {
		byCode[dig(r, "rule", "code").(string)] = r
	}
	api := byCode["R-API-VIA-VAPEX"]
	if api == nil || dig(api, "violations") != d["api"] || d["apiToday"] != d["api"] || len(d["listToday"].([]any)) != int(d["api"].(float64)) || d["api"].(float64) == 0 {
		t.Errorf("V-APEX in Hà Nội: results %v, count %v, as of today %v (%d listed)", api, d["api"], d["apiToday"], len(d["listToday"].([]any)))
	}
	// The synthetic estate records no security level: every system is undetermined for L249.
	if dr := dig(d, "dr", 0); dig(dr, "violations").(float64) != 0 || dig(dr, "undetermined").(float64) == 0 || dig(dr, "undeterminedReasonEn") == nil {
		t.Errorf("DR_FOR_LEVEL_4_5: %v; want no violation and undetermined systems with the reason", dr)
	}
	if r := byCode["R-COMMUNE-EXPLOIT-SHARED"]; r == nil || dig(r, "undetermined").(float64) != 0 || dig(r, "undeterminedReason") != nil {
		t.Errorf("COMMUNE_HIGHER_TIER reads nothing that may be unrecorded: %v", r)
	}
	if len(byCode) < 16 {
		t.Errorf("ruleResults lists %d rules", len(byCode))
	}
	for _, q := range []string{
		`{ ruleViolationCount(rule: "R-API-VIA-VAPEX", asOf: "2999-01-01") }`,
		`{ ruleViolations(asOf: "01/03/2026") { message } }`,
		`{ ruleResults(asOf: "") { violations } }`,
		`{ ruleResults(rule: "R-OPEN-DATA") { violations } }`,
	} {
		if r := a.query(q, nil); r.code() != "BAD_USER_INPUT" {
			t.Errorf("%s: %s, want BAD_USER_INPUT", q, r.Raw)
		}
	}
}
