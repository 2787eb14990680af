package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// Nested lists with where/orderBy (issue 18): an agency's parts and owned components, a
// component's dependents and a reference component's realizations take the same where and
// orderBy as the top-level lists. The pages of every parent of a level come from one
// statement, the list statement of the dashboard (dashList) run once per parent:
//
//	UNWIND $keys AS _pk CALL (_pk) { MATCH (:Agency {id: _pk})-[:OWNS]->(c) WHERE <where> … ORDER BY <keys> LIMIT … }
//
// starting from the parent's relation (nestedFrom), not from every node of the label, and
// paging by keyset in the order's keys (the cursor holds them, as on the top-level lists).

// nestedFrom are the relations a nested list starts from, by anchor (as componentAnchors and
// agencyAnchors): the first %s is the parent's id, the second the row variable.
var nestedFrom = map[string]struct{ ent, pattern string }{
	"owner":     {EntityComponent, "MATCH (:Agency {id: %s})-[:OWNS]->(%s:Component)"},
	"dependsOn": {EntityComponent, "MATCH (:Component {id: %s})<-[:DEPENDS_ON]-(%s:Component)"},
	"realizes":  {EntityComponent, "MATCH (:ReferenceComponent {id: %s})<-[:REALIZES]-(%s:Component)"},
	"partOf":    {EntityAgency, "MATCH (:Agency {id: %s})<-[:PART_OF]-(%s:Agency)"},
}

// nestedPages is the statement of the pages [offset, offset+limit) of a nested list from
// anchor for every parent in $keys, filtered by cond and ordered by keys (then code and id),
// after the keyset cursor's values after (nil: from $offset).
func nestedPages(anchor, ent, v string, cond *model.Cond, keys []model.SortKey, withScore bool, after []any) (string, map[string]any, error) {
	nf, ok := nestedFrom[anchor]
	if !ok || nf.ent != ent {
		return "", nil, invalidf("%s cannot be listed from anchor %q", ent, anchor)
	}
	c := newCompiler(formNow)
	c.from = fmt.Sprintf(nf.pattern, "_pk", v)
	q, p, err := dashListIn(c, ent, v, cond, keys, withScore, after)
	if err != nil {
		return "", nil, err
	}
	return "UNWIND $keys AS _pk\nCALL (_pk) {\n" + q + "\n}\nRETURN _pk AS key, collect(n) AS items, collect(k) AS ks", p, nil
}

// nestedCount is the statement counting a nested list of one parent ($anchor) under cond.
func nestedCount(anchor, ent, v string, cond *model.Cond) (string, map[string]any, error) {
	nf, ok := nestedFrom[anchor]
	if !ok || nf.ent != ent {
		return "", nil, invalidf("%s cannot be listed from anchor %q", ent, anchor)
	}
	c := newCompiler(formNow)
	c.from = fmt.Sprintf(nf.pattern, "$anchor", v)
	c.scoreOnce(ent, v, cond, false)
	q, err := c.match(ent, v, cond)
	if err != nil {
		return "", nil, err
	}
	return q + "\nRETURN count(" + v + ") AS n", c.params, nil
}

// NestedComponentPages returns, for each parent id in keys, the page of the components listed
// from it along anchor ("owner", "dependsOn", "realizes") that match q.Where, in the order
// q.Sort, after the keyset values q.After (else from offset), with each row's sort keys, in one
// statement. q's fixed filters and where are conditions on the rows; asOf is not read (a
// nested list has none: callers check).
func (s *Store) NestedComponentPages(ctx context.Context, anchor string, q model.ComponentQuery, keys []string, offset, limit int) (map[string]PageRead[model.Component], error) {
	_, _, rest := NestedComponentAnchor(q)
	st, p, err := nestedPages(anchor, EntityComponent, "c", LegacyComponent(rest), q.Sort, false, q.After)
	if err != nil {
		return nil, err
	}
	p["keys"], p["offset"], p["limit"] = keys, offset, limit
	return nestedRead(ctx, s, "nested component pages", st, p, componentFromProps)
}

// NestedAgencyPages is NestedComponentPages for an agency's parts (anchor "partOf").
func (s *Store) NestedAgencyPages(ctx context.Context, anchor string, q model.AgencyQuery, keys []string, offset, limit int) (map[string]PageRead[model.Agency], error) {
	_, _, rest := NestedAgencyAnchor(q)
	st, p, err := nestedPages(anchor, EntityAgency, "a", LegacyAgency(rest), q.Sort, q.WithScore, q.After)
	if err != nil {
		return nil, err
	}
	p["keys"], p["offset"], p["limit"] = keys, offset, limit
	return nestedRead(ctx, s, "nested agency pages", st, p, agencyWithScore)
}

// CountNested counts the rows of a nested list of parent under where (ent: EntityComponent or
// EntityAgency).
func (s *Store) CountNested(ctx context.Context, anchor, ent, parent string, where *model.Cond) (int, error) {
	v := "c"
	if ent == EntityAgency {
		v = "a"
	}
	st, p, err := nestedCount(anchor, ent, v, where)
	if err != nil {
		return 0, err
	}
	p["anchor"] = parent
	return s.count(ctx, "count nested", st, p)
}

func nestedRead[T any](ctx context.Context, s *Store, op, statement string, p map[string]any, conv func(map[string]any) T) (map[string]PageRead[T], error) {
	return read(ctx, s, op, func(tx neo4j.ManagedTransaction) (map[string]PageRead[T], error) {
		if err := s.withScores(ctx, tx, p); err != nil {
			return nil, err
		}
		res, err := tx.Run(ctx, statement, p)
		if err != nil {
			return nil, err
		}
		out := map[string]PageRead[T]{}
		for res.Next(ctx) {
			r := res.Record()
			pg := PageRead[T]{Rows: []T{}}
			for _, m := range recMaps(r, "items") {
				pg.Rows = append(pg.Rows, conv(m))
			}
			ks, _ := r.Get("ks")
			for _, k := range asList(ks) {
				pg.Keys = append(pg.Keys, asList(k))
			}
			out[str(r, "key")] = pg
		}
		return out, res.Err()
	})
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// NestedComponentAnchor is the relation a component query lists from, for the nested
// statements ("owner", "dependsOn", "realizes"; "" for none), its parent's id and the rest of
// the query (its other fixed filters and where stay conditions on the rows).
func NestedComponentAnchor(q model.ComponentQuery) (string, string, model.ComponentQuery) {
	switch {
	case q.OwnerID != "":
		id := q.OwnerID
		q.OwnerID = ""
		return "owner", id, q
	case q.DependsOnID != "":
		id := q.DependsOnID
		q.DependsOnID = ""
		return "dependsOn", id, q
	case q.RealizesID != "":
		id := q.RealizesID
		q.RealizesID = ""
		return "realizes", id, q
	}
	return "", "", q
}

// NestedAgencyAnchor is NestedComponentAnchor for agencies ("partOf").
func NestedAgencyAnchor(q model.AgencyQuery) (string, string, model.AgencyQuery) {
	if q.PartOfID != "" {
		id := q.PartOfID
		q.PartOfID = ""
		return "partOf", id, q
	}
	return "", "", q
}
