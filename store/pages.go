package store

import (
	"context"
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
// per-parent window over $keys.
func pageStatement(anchored, v string) string {
	return `UNWIND $keys AS k
CALL (k) {
  ` + strings.ReplaceAll(anchored, "$anchor", "k") + `
  WITH ` + v + ` ORDER BY ` + v + `.code SKIP $offset LIMIT $limit
  RETURN collect(` + v + ` {.*}) AS items
}
RETURN k AS key, items`
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
	return pages(ctx, s, "component pages", pageStatement(componentAnchors[anchor], "c"), p, componentFromProps)
}

// AgencyPages is ComponentPages for agencies (anchor "partOf" or "province").
func (s *Store) AgencyPages(ctx context.Context, anchor string, q model.AgencyQuery, keys []string, offset, limit int) (map[string][]model.Agency, error) {
	if !agencyPageAnchors[anchor] {
		return nil, invalidf("agencies cannot be paged from anchor %q", anchor)
	}
	p := agencyQuery(q).params()
	p["keys"], p["offset"], p["limit"] = keys, offset, limit
	return pages(ctx, s, "agency pages", pageStatement(agencyAnchors[anchor], "a"), p, agencyFromProps)
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
