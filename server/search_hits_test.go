package server_test

import (
	"encoding/base64"
	"strings"
	"testing"
)

// searchAll pages through searchHits with page size first and returns the codes in order, the
// totalCount and totalCountExact of the first page, and how many pages it read.
func searchAll(t *testing.T, a *api, text, label string, first int) (codes []string, total int, exact bool, pages int) {
	t.Helper()
	q := `query($q: String!, $first: Int, $after: String, $label: String) {
		searchHits(text: $q, first: $first, after: $after, label: $label) {
			totalCount totalCountExact pageInfo { hasNextPage hasPreviousPage endCursor }
			edges { cursor node { code label } } } }`
	var after any
	var lbl any
	if label != "" {
		lbl = label
	}
	for pages = 1; pages <= 200; pages++ {
		d := a.ok(q, map[string]any{"q": text, "first": first, "after": after, "label": lbl})
		if pages == 1 {
			total = int(dig(d, "searchHits", "totalCount").(float64))
			exact = dig(d, "searchHits", "totalCountExact").(bool)
			if dig(d, "searchHits", "pageInfo", "hasPreviousPage") != false {
				t.Errorf("%q: the first page says it has a previous page", text)
			}
		}
		edges := dig(d, "searchHits", "edges").([]any)
		for _, e := range edges {
			if label != "" && dig(e, "node", "label") != label {
				t.Errorf("%q label %s: hit %v", text, label, e)
			}
			codes = append(codes, dig(e, "node", "code").(string)+"|"+dig(e, "node", "label").(string))
		}
		if dig(d, "searchHits", "pageInfo", "hasNextPage") != true {
			return codes, total, exact, pages
		}
		if len(edges) != first {
			t.Fatalf("%q: page %d has %d hits and a next page", text, pages, len(edges))
		}
		after = dig(d, "searchHits", "pageInfo", "endCursor")
	}
	t.Fatalf("%q: more than 200 pages", text)
	return
}

// TestSearchHitsAPI: searchHits pages through every hit of a search without repeats or gaps,
// its totalCount equals the hits listed (a node found by code and by name counted once), the
// code found without punctuation comes first, and bad cursors are refused by name.
func TestSearchHitsAPI(t *testing.T) {
	a := newAPI(t)
	cases := []struct {
		text, label, first string
		page               int
	}{
		{"ha noi", "Agency", "HA-NOI", 10},
		{"vapex", "", "V-APEX", 1},
		{"ndxp", "", "NDXP", 1},
		{"syn", "Agency", "", 25},
		{"nen tang", "", "", 20},
		{"cổng", "", "", 40},
		{"hue", "", "HUE", 100},
	}
	for _, c := range cases {
		codes, total, exact, pages := searchAll(t, a, c.text, c.label, c.page)
		t.Logf("%q label %q: %d hits in %d pages, totalCount %d exact %v", c.text, c.label, len(codes), pages, total, exact)
		seen := map[string]bool{}
		for _, k := range codes {
			if seen[k] {
				t.Errorf("%q: %s listed twice", c.text, k)
			}
			seen[k] = true
		}
		if !exact || total != len(codes) {
			t.Errorf("%q label %q: totalCount %d (exact %v), %d hits listed", c.text, c.label, total, exact, len(codes))
		}
		if c.first != "" && (len(codes) == 0 || codes[0][:len(c.first)+1] != c.first+"|") {
			t.Errorf("%q: first hit %v, want %s", c.text, codes[:min(3, len(codes))], c.first)
		}
		if c.page > 1 && pages < 2 {
			t.Errorf("%q: %d hits in one page of %d: the case does not test paging", c.text, len(codes), c.page)
		}
	}
	// The first page of a search lists the same nodes as search does when both hold every hit
	// (94 agencies in the fixture).
	d := a.ok(`{ search(text: "ha noi", first: 100, label: "Agency") { code label } searchHits(text: "ha noi", first: 100, label: "Agency") { totalCount edges { node { code label } } } }`, nil)
	old := map[string]bool{}
	for _, h := range d["search"].([]any) {
		old[dig(h, "code").(string)+"|"+dig(h, "label").(string)] = true
	}
	edges := dig(d, "searchHits", "edges").([]any)
	if len(edges) != len(old) {
		t.Errorf("ha noi: search lists %d, searchHits %d", len(old), len(edges))
	}
	for _, e := range edges {
		if !old[dig(e, "node", "code").(string)+"|"+dig(e, "node", "label").(string)] {
			t.Errorf("ha noi: searchHits lists %v, search does not", e)
		}
	}
	// Nothing to search for: no hits, an exact 0.
	d = a.ok(`{ searchHits(text: "--") { totalCount totalCountExact edges { cursor } pageInfo { hasNextPage } } }`, nil)
	if dig(d, "searchHits", "totalCount") != 0.0 || dig(d, "searchHits", "totalCountExact") != true || len(dig(d, "searchHits", "edges").([]any)) != 0 {
		t.Errorf("search for punctuation: %v", d)
	}
	// Refusals, each naming what is wrong.
	deep := base64.RawURLEncoding.EncodeToString([]byte("o:9990"))
	for q, want := range map[string]string{
		`{ searchHits(text: "syn", after: "nope") { totalCount } }`:                    "is not a cursor of this API",
		`{ searchHits(text: "syn", first: 20, after: "` + deep + `") { totalCount } }`: "10000 hits deep at most",
		`{ searchHits(text: "syn", first: 0) { totalCount } }`:                         "first must be between 1 and 100",
		`{ searchHits(text: "syn", label: "Nope") { totalCount } }`:                    "is not one of",
	} {
		r := a.query(q, nil)
		if r.code() != "BAD_USER_INPUT" || len(r.Errors) == 0 || !strings.Contains(r.Errors[0].Message, want) {
			t.Errorf("%s: want BAD_USER_INPUT naming %q, got %s", q, want, r.Raw)
		}
	}
}
