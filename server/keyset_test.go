package server_test

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// Lists without orderBy page by keyset in their default order: a cursor holds the row's code
// and id, not an offset. Rows inserted before the cursor between two page fetches neither
// repeat nor skip a row, whether the list is read by the plain statement, by the dashboard's
// (a where), as a nested connection of one node, or as a nested connection of every node of a
// level (one statement for all the parents).
func TestKeysetDefaultOrder(t *testing.T) {
	a := newAPI(t)
	owner := str(dig(a.ok(`{ agencies(first: 1, where: {level: {eq: COMMUNE}, ownsCount: {gte: 8}}) { edges { node { code } } } }`, nil),
		"agencies", "edges", 0, "node", "code"))
	if owner == "" {
		t.Fatal("no commune owning 8 components")
	}
	type list struct {
		name string
		q    string   // with $first and $after; returns the list at path
		path []string // to the connection
	}
	lists := []list{
		{name: "components (plain)", q: `query($first: Int, $after: String) { x: components(first: $first, after: $after) { EDGES } }`, path: []string{"x"}},
		{name: "components (where)", q: `query($first: Int, $after: String) { x: components(first: $first, after: $after, where: {scope: {in: [COMMUNE, NATIONAL]}}) { EDGES } }`, path: []string{"x"}},
		{name: "owns of one agency", q: `query($first: Int, $after: String, $owner: String) { agency(code: $owner) { owns(first: $first, after: $after) { EDGES } } }`, path: []string{"agency", "owns"}},
		{name: "owns of each agency of a list", q: `query($first: Int, $after: String, $owner: String!) { agencies(first: 5, where: {code: {in: [$owner, "HA-NOI"]}}, orderBy: [{field: CODE, direction: DESC}]) { edges { node { code owns(first: $first, after: $after) { EDGES } } } } }`,
			path: []string{"agencies", "edges", "0", "node", "owns"}},
	}
	const edges = `edges { cursor node { code } } pageInfo { hasNextPage hasPreviousPage endCursor }`
	codes := func(conn any) []string {
		var out []string
		for _, e := range dig(conn, "edges").([]any) {
			out = append(out, str(dig(e, "node", "code")))
		}
		return out
	}
	at := func(d map[string]any, path []string) any {
		var v any = d
		for _, p := range path {
			if n, err := strconv.Atoi(p); err == nil {
				v = v.([]any)[n]
				continue
			}
			v = v.(map[string]any)[p]
		}
		return v
	}
	inserted := 0
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			q := strings.Replace(l.q, "EDGES", edges, 1)
			vars := func(first int, after string) map[string]any {
				v := map[string]any{"first": first, "after": nilIfEmpty(after)}
				if strings.Contains(q, "$owner") {
					v["owner"] = owner
				}
				return v
			}
			whole := codes(at(a.ok(q, vars(8, "")), l.path))
			if len(whole) != 8 {
				t.Fatalf("only %d rows: %v", len(whole), whole)
			}
			first := at(a.ok(q, vars(4, "")), l.path)
			if got := codes(first); fmt.Sprint(got) != fmt.Sprint(whole[:4]) {
				t.Fatalf("first page %v, whole %v", got, whole)
			}
			after := str(dig(first, "pageInfo", "endCursor"))
			raw, err := base64.RawURLEncoding.DecodeString(after)
			if err != nil || !strings.HasPrefix(string(raw), fmt.Sprintf(`k::[%q,`, whole[3])) {
				t.Fatalf("the cursor %q is not the keyset of %s", raw, whole[3])
			}
			// two components sorting before every row, inserted between the two fetches
			a.token = editorToken
			var ids []string
			for i := 0; i < 2; i++ {
				inserted++
				d := a.ok(`mutation($in: CreateComponentInput!) { createComponent(input: $in) { id } }`, map[string]any{"in": map[string]any{
					"code": fmt.Sprintf("0-KEYSET-%02d", inserted), "name": "Chèn giữa hai trang", "nameEn": "Inserted between two pages",
					"kind": "APPLICATION", "scope": "COMMUNE", "layer": "L3", "owner": owner}})
				ids = append(ids, str(dig(d, "createComponent", "id")))
			}
			a.token = ""
			t.Cleanup(func() {
				a.token = editorToken
				for _, id := range ids {
					a.ok(`mutation($id: ID!) { deleteComponent(id: $id) }`, map[string]any{"id": id})
				}
				a.token = ""
			})
			if now := codes(at(a.ok(q, vars(1, "")), l.path)); len(now) != 1 || !strings.HasPrefix(now[0], "0-KEYSET-") {
				t.Fatalf("the inserted rows do not come first (%v): the test proves nothing", now)
			}
			// the control: an offset cursor at the same row now repeats the rows the insertion shifted
			offset := base64.RawURLEncoding.EncodeToString([]byte("o:3"))
			if got := codes(at(a.ok(q, vars(4, offset)), l.path)); fmt.Sprint(got) == fmt.Sprint(whole[4:]) || got[0] != whole[2] {
				t.Fatalf("after the offset o:3: %v (whole %v): the insertion does not shift an offset, the test proves nothing", got, whole)
			}
			second := at(a.ok(q, vars(4, after)), l.path)
			if got := codes(second); fmt.Sprint(got) != fmt.Sprint(whole[4:]) {
				t.Errorf("second page after inserting two rows before the cursor: %v, want %v", got, whole[4:])
			}
			if dig(second, "pageInfo", "hasPreviousPage") != true {
				t.Errorf("hasPreviousPage %v after a cursor", dig(second, "pageInfo", "hasPreviousPage"))
			}
		})
	}

	// agencies and reference components: pages joined are the whole list, with keyset cursors
	for _, q := range []string{
		`query($first: Int, $after: String) { x: agencies(first: $first, after: $after) { ` + edges + ` } }`,
		`query($first: Int, $after: String) { x: agencies(first: $first, after: $after, where: {level: {in: [PROVINCE, COMMUNE]}}) { ` + edges + ` } }`,
		`query($first: Int, $after: String) { x: referenceComponents(first: $first, after: $after) { ` + edges + ` } }`,
	} {
		whole := codes(a.ok(q, map[string]any{"first": 30})["x"])
		var got []string
		after := ""
		for len(got) < 30 {
			d := a.ok(q, map[string]any{"first": 7, "after": nilIfEmpty(after)})["x"]
			got = append(got, codes(d)...)
			after = str(dig(d, "pageInfo", "endCursor"))
			if raw, _ := base64.RawURLEncoding.DecodeString(after); !strings.HasPrefix(string(raw), "k::[") {
				t.Fatalf("%s: not a keyset cursor: %q", q, raw)
			}
		}
		if fmt.Sprint(got[:30]) != fmt.Sprint(whole) {
			t.Errorf("%s: paged %v\nwhole %v", q, got[:30], whole)
		}
	}

	// an offset cursor of an earlier version is still read, and the page's cursors are keyset ones
	d := a.ok(`query($after: String) { components(first: 2, after: $after) { edges { cursor node { code } } } }`,
		map[string]any{"after": base64.RawURLEncoding.EncodeToString([]byte("o:1"))})
	whole := codes(a.ok(`{ components(first: 4) { edges { node { code } } } }`, nil)["components"])
	if got := codes(d["components"]); fmt.Sprint(got) != fmt.Sprint(whole[2:]) {
		t.Errorf("after the offset cursor o:1: %v, want %v", got, whole[2:])
	}
	// forged cursors are refused with a message naming the cursor
	for _, forged := range []string{`k::["A"]`, `k::[1, 2]`, `k::["A", 2]`, `k::{}`, `k:x:["A", "B"]`} {
		r := a.query(`query($after: String) { components(first: 2, after: $after) { edges { node { code } } } }`,
			map[string]any{"after": base64.RawURLEncoding.EncodeToString([]byte(forged))})
		if r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "after") {
			t.Errorf("forged cursor %s: %s", forged, clipBody(r.Raw))
		}
	}
}
