package store

import (
	"context"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// Nested connections batched by level (issue 15): the pages of a paginated relation (an
// agency's parts, its owned components, a component's dependents, a reference component's
// realizations) for every parent of a level come from one statement, a window per parent:
//
//	UNWIND $keys AS k CALL (k) { <the anchored list from k> ORDER BY code SKIP … LIMIT … }
//
// so that a list of lists costs one statement per relation and level, not one per parent.

// pageStatement turns an anchored list statement (anchored at $anchor, binding v) into the
// per-parent window over $keys (after the code $after when keyset).
func pageStatement(anchored, v string, keyset bool) string {
	return `UNWIND $keys AS k
CALL (k) {
  ` + strings.ReplaceAll(anchored, "$anchor", "k") + afterCode(v, keyset) + `
  WITH ` + v + ` ORDER BY ` + v + `.code SKIP $offset LIMIT $limit
  RETURN collect(` + v + ` {.*}) AS items
}
RETURN k AS key, items`
}

// Keyset cursors of the lists in their default order (by code, which is unique for each label):
// a row's cursor holds its code and id, and the next page is the rows whose code comes after
// it, so rows inserted or removed before the cursor between two pages shift nothing (an offset
// would repeat or skip rows). The statement then starts $offset at 0.

// afterCode is the keyset condition of a list by code binding v: the rows after $after.
func afterCode(v string, keyset bool) string {
	if !keyset {
		return ""
	}
	return "\nWITH " + v + " WHERE " + v + ".code > $after"
}

// codeAfter checks the keyset cursor values of a list in its default order ([code, id], from
// a client's cursor) and returns the code the page starts after ("" for none).
func codeAfter(after []any) (string, error) {
	if after == nil {
		return "", nil
	}
	if len(after) != 2 {
		return "", invalidf("after: the cursor holds %d values for an order of 2 keys (code, id)", len(after))
	}
	code, ok := after[0].(string)
	if _, isStr := after[1].(string); !ok || !isStr || code == "" || len(code) > MaxCursorText {
		return "", invalidf("after: the cursor does not fit this order")
	}
	return code, nil
}

// withAfter adds the keyset parameter of after (codeAfter) to p and says whether the
// statement pages by keyset.
func withAfter(p map[string]any, after []any) (bool, error) {
	code, err := codeAfter(after)
	if err != nil || code == "" {
		return false, err
	}
	p["after"] = code
	return true, nil
}

// The anchors a batched page may start from.
var (
	componentPageAnchors = map[string]bool{"owner": true, "province": true, "dependsOn": true, "realizes": true}
	agencyPageAnchors    = map[string]bool{"partOf": true, "province": true}
)

// ComponentPages returns, for each parent id in keys, the page [offset, offset+limit) of the
// components that q (with no anchor id of its own) lists from it along anchor ("owner",
// "province", "dependsOn", "realizes"), ordered by code, in one statement.
func (s *Store) ComponentPages(ctx context.Context, anchor string, q model.ComponentQuery, keys []string, offset, limit int) (map[string][]model.Component, error) {
	if !componentPageAnchors[anchor] {
		return nil, invalidf("components cannot be paged from anchor %q", anchor)
	}
	p := componentQuery(q).params()
	p["keys"], p["offset"], p["limit"] = keys, offset, limit
	keyset, err := withAfter(p, q.After)
	if err != nil {
		return nil, err
	}
	return pages(ctx, s, "component pages", pageStatement(componentAnchors[anchor], "c", keyset), p, componentFromProps)
}

// AgencyPages is ComponentPages for agencies (anchor "partOf" or "province").
func (s *Store) AgencyPages(ctx context.Context, anchor string, q model.AgencyQuery, keys []string, offset, limit int) (map[string][]model.Agency, error) {
	if !agencyPageAnchors[anchor] {
		return nil, invalidf("agencies cannot be paged from anchor %q", anchor)
	}
	p := agencyQuery(q).params()
	p["keys"], p["offset"], p["limit"] = keys, offset, limit
	keyset, err := withAfter(p, q.After)
	if err != nil {
		return nil, err
	}
	return pages(ctx, s, "agency pages", pageStatement(agencyAnchors[anchor], "a", keyset), p, agencyFromProps)
}

func pages[T any](ctx context.Context, s *Store, op, statement string, p map[string]any, conv func(props) T) (map[string][]T, error) {
	return read(ctx, s, op, func(tx neo4j.ManagedTransaction) (map[string][]T, error) {
		res, err := tx.Run(ctx, statement, p)
		if err != nil {
			return nil, err
		}
		out := map[string][]T{}
		for res.Next(ctx) {
			r := res.Record()
			rows := []T{}
			for _, m := range recMaps(r, "items") {
				rows = append(rows, conv(m))
			}
			out[str(r, "key")] = rows
		}
		return out, res.Err()
	})
}

// Tx is a read transaction lent to a caller (ReadWith), so that a request that needs several
// statements — a node and the first page of its connections — runs them on one snapshot and
// pays for one transaction.
type Tx struct {
	ctx context.Context
	tx  neo4j.ManagedTransaction
}

// ReadWith runs work in one read transaction.
func (s *Store) ReadWith(ctx context.Context, op string, work func(Tx) error) error {
	_, err := read(ctx, s, op, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		return struct{}{}, work(Tx{ctx, tx})
	})
	return err
}

// Get is Store.Get in the transaction.
func (t Tx) Get(label, ref string) (model.Node, error) {
	q, ok := getByRef[label]
	if !ok {
		return nil, invalidf("%q is not a label of the metamodel", label)
	}
	return getIn(t.ctx, t.tx, label, q, ref)
}

// Related is Store.Related in the transaction.
func (t Tx) Related(rel Relation, keys []string) (map[string][]model.Node, error) {
	return relatedTx(t.ctx, t.tx, rel, keys)
}

// ComponentPage is one page of the components listed from parent along anchor (as
// ComponentPages; after: a keyset cursor's values, or nil), with their total when count, and
// the relations rels of its rows (Related's answer for each; nil when rels is empty) — one
// statement for all of it.
func (t Tx) ComponentPage(anchor, parent string, after []any, offset, limit int, count bool, rels ...PageRel) ([]model.Component, *int, map[Relation]map[string][]model.Node, error) {
	if !componentPageAnchors[anchor] {
		return nil, nil, nil, invalidf("components cannot be paged from anchor %q", anchor)
	}
	p := componentQuery(model.ComponentQuery{}).params()
	p["anchor"], p["offset"], p["limit"] = parent, offset, limit
	keyset, err := withAfter(p, after)
	if err != nil {
		return nil, nil, nil, err
	}
	return pageIn(t.ctx, t.tx, componentAnchors[anchor], "c", keyset, p, count, rels, componentFromProps)
}

// AgencyPage is ComponentPage for agencies.
func (t Tx) AgencyPage(anchor, parent string, after []any, offset, limit int, count bool, rels ...PageRel) ([]model.Agency, *int, map[Relation]map[string][]model.Node, error) {
	if !agencyPageAnchors[anchor] {
		return nil, nil, nil, invalidf("agencies cannot be paged from anchor %q", anchor)
	}
	p := agencyQuery(model.AgencyQuery{}).params()
	p["anchor"], p["offset"], p["limit"] = parent, offset, limit
	keyset, err := withAfter(p, after)
	if err != nil {
		return nil, nil, nil, err
	}
	return pageIn(t.ctx, t.tx, agencyAnchors[anchor], "a", keyset, p, count, rels, agencyFromProps)
}

// PageRel is a relation read with a page, for its rows' Key: "id" or "code" (PageRelKeys).
type PageRel struct {
	Rel Relation
	Key string
}

// PageRelKeys are the row properties a PageRel may be keyed by (named alike in the graph and in
// the model's keys of the resolvers' loaders).
var PageRelKeys = map[string]bool{"id": true, "code": true, "layer": true, "group": true, "framework": true}

// pageStatementWithTotal is the page [$offset, $offset+$limit) of an anchored list (binding v)
// ordered by code, when count the list's total, and the relations rels of its rows (each by
// its relation's batched statement over the page's distinct keys), in one statement: one round
// trip instead of several. Each part is its own subquery, so that the page keeps its top-k sort
// (no full collect of a long list) and the total its plain count.
func pageStatementWithTotal(anchored, v string, keyset, count bool, rels []PageRel) string {
	var b strings.Builder
	n := "null AS n"
	if count {
		b.WriteString("CALL () {\n  " + anchored + "\n  RETURN count(" + v + ") AS n\n}\n")
		n = "n"
	}
	b.WriteString("CALL () {\n  " + anchored + afterCode(v, keyset) + "\n  WITH " + v + " ORDER BY " + v + ".code SKIP $offset LIMIT $limit\n  RETURN collect(" + v + " {.*}) AS pageItems\n}\n")
	ret := []string{"pageItems AS items", n}
	for i, r := range rels {
		name := "rel" + strconv.Itoa(i)
		// The relation's statement reads $keys: here the page's keys (an internal template, the
		// key a name from PageRelKeys).
		b.WriteString("CALL (pageItems) {\n  UNWIND pageItems AS x\n  WITH DISTINCT x." + r.Key + " AS k WHERE k IS NOT NULL\n" +
			"  WITH collect(k) AS keys\n  CALL (keys) {\n    " + strings.ReplaceAll(relatedQueries[r.Rel], "$keys", "keys") +
			"\n  }\n  RETURN collect({key: key, items: items}) AS " + name + "\n}\n")
		ret = append(ret, name)
	}
	b.WriteString("RETURN " + strings.Join(ret, ", "))
	return b.String()
}

// pageIn runs pageStatementWithTotal in tx: the rows, when count the total, and the relations
// rels (a count relation, or one keyed by another property than PageRelKeys, is ErrInvalid).
func pageIn[T any](ctx context.Context, tx neo4j.ManagedTransaction, anchored, v string, keyset bool, p map[string]any, count bool, rels []PageRel, conv func(props) T) ([]T, *int, map[Relation]map[string][]model.Node, error) {
	for _, r := range rels {
		if _, ok := relatedQueries[r.Rel]; !ok || relatedCounts[r.Rel] || !PageRelKeys[r.Key] {
			return nil, nil, nil, invalidf("relation %q by %q cannot be read with a page", r.Rel, r.Key)
		}
	}
	res, err := tx.Run(ctx, pageStatementWithTotal(anchored, v, keyset, count, rels), p)
	if err != nil {
		return nil, nil, nil, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	rows := []T{}
	for _, m := range recMaps(rec, "items") {
		rows = append(rows, conv(m))
	}
	var related map[Relation]map[string][]model.Node
	if len(rels) > 0 {
		related = map[Relation]map[string][]model.Node{}
	}
	for i, r := range rels {
		related[r.Rel] = relatedRows(r.Rel, recMaps(rec, "rel"+strconv.Itoa(i)))
	}
	if !count {
		return rows, nil, related, nil
	}
	n := int(num(rec, "n"))
	return rows, &n, related, nil
}
