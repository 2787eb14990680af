package bulk

import (
	"context"
	"fmt"
	"reflect"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/store"
)

// Row is one node or relationship to upsert. Nodes use Code and Props; relationships use From,
// To (the endpoints' codes) and Props. A Null value in Props removes that property.
type Row struct {
	Code     string
	From, To string
	Props    Properties
}

// Upsert statements per label and per relationship shape, built once from the allow-lists.
var (
	upsertNode = map[string]string{}
	upsertRel  = map[store.Endpoint]string{}
	existNodes = map[string]string{}
	existRels  = map[store.Endpoint]string{}
)

func init() {
	valid := map[store.Endpoint]bool{}
	for _, sh := range store.ValidShapes {
		valid[sh] = true
	}
	for _, l := range store.Labels {
		// Components (and the relationships that touch them) get a validFrom when first
		// written; a node written before valid time existed gets one on its next load.
		stamp := ""
		if l == store.LabelComponent {
			stamp = "\nSET n.validFrom = coalesce(n.validFrom, $validFrom)"
		}
		upsertNode[l] = fmt.Sprintf(`UNWIND $rows AS row
MERGE (n:%s {code: row.code})
ON CREATE SET n.id = row.id
SET n += row.props%s
RETURN count(n) AS c`, l, stamp)
		existNodes[l] = fmt.Sprintf(`UNWIND $codes AS code
MATCH (n:%s {code: code})
RETURN n.code AS code, properties(n) AS props`, l)
	}
	for _, sh := range store.Shapes {
		stamp := ""
		if valid[sh] {
			stamp = "\nSET r.validFrom = coalesce(r.validFrom, $validFrom)"
		}
		upsertRel[sh] = fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:%s {code: row.from})
MATCH (b:%s {code: row.to})
MERGE (a)-[r:%s]->(b)
SET r += row.props%s
RETURN count(r) AS c`, sh.From, sh.To, sh.Type, stamp)
		existRels[sh] = fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:%s {code: row.from})-[r:%s]->(b:%s {code: row.to})
RETURN row.from AS from, row.to AS to, properties(r) AS props`, sh.From, sh.Type, sh.To)
	}
}

func shapeOK(sh store.Endpoint) error {
	if _, ok := upsertRel[sh]; !ok {
		return invalidf("(%s)-[:%s]->(%s) is not a relationship of the metamodel", sh.From, sh.Type, sh.To)
	}
	return nil
}

func labelOK(label string) error {
	if _, ok := upsertNode[label]; !ok {
		return invalidf("%q is not a label of the metamodel", label)
	}
	return nil
}

func nodeParams(label string, rows []Row) ([]map[string]any, error) {
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		props, err := rowProps(r)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", label, r.Code, err)
		}
		out[i] = map[string]any{"code": r.Code, "id": store.StableID(label, r.Code), "props": props}
	}
	return out, nil
}

func relParams(rows []Row) ([]map[string]any, error) {
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		props, err := rowProps(r)
		if err != nil {
			return nil, fmt.Errorf("%s->%s: %w", r.From, r.To, err)
		}
		if props == nil {
			props = map[string]any{}
		}
		out[i] = map[string]any{"from": r.From, "to": r.To, "props": props}
	}
	return out, nil
}

// rowProps is the driver's form of a row's properties (nil when the row has none).
func rowProps(r Row) (map[string]any, error) {
	if r.Props.m == nil {
		return nil, nil
	}
	return toDriverProps(r.Props.m)
}

// Batch is one UNWIND batch: nodes of one label, or relationships of one shape.
type Batch struct {
	Label string         // for nodes
	Shape store.Endpoint // for relationships (Label empty)
	Rows  []Row
}

func (b Batch) String() string {
	if b.Label != "" {
		return fmt.Sprintf("%d %s nodes", len(b.Rows), b.Label)
	}
	return fmt.Sprintf("%d %s relationships", len(b.Rows), b.Shape.Type)
}

// runBatch writes b; validFrom is the day new components and their relationships are valid
// from (records that have one keep it).
func runBatch(ctx context.Context, tx neo4j.ManagedTransaction, b Batch, validFrom string) error {
	var cypher string
	var params map[string]any
	if b.Label != "" {
		if err := labelOK(b.Label); err != nil {
			return err
		}
		rows, err := nodeParams(b.Label, b.Rows)
		if err != nil {
			return err
		}
		cypher, params = upsertNode[b.Label], map[string]any{"rows": rows, "validFrom": validFrom}
	} else {
		if err := shapeOK(b.Shape); err != nil {
			return err
		}
		rows, err := relParams(b.Rows)
		if err != nil {
			return err
		}
		cypher, params = upsertRel[b.Shape], map[string]any{"rows": rows, "validFrom": validFrom}
	}
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return err
	}
	if n := num(rec, "c"); int(n) != len(b.Rows) {
		return invalidf("%s: wrote %d of %d rows (an endpoint is missing)", b, n, len(b.Rows))
	}
	return nil
}

// WriteAtomic writes every batch in one transaction: all or nothing.
func (s *Store) WriteAtomic(ctx context.Context, batches []Batch) error {
	_, err := write(ctx, s, "seed: write", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		var codes []string
		for _, b := range batches {
			if err := runBatch(ctx, tx, b, s.LoadDay()); err != nil {
				return struct{}{}, fmt.Errorf("%s: %w", b, err)
			}
			codes = append(codes, inferCodesOf(b)...)
		}
		return struct{}{}, s.st.InferCodesTx(ctx, tx, codes, s.LoadDay())
	})
	return err
}

// inferCodesOf lists the components whose inference a loaded batch changes: its components, or
// the components whose realizations or capabilities it writes.
func inferCodesOf(b Batch) []string {
	var out []string
	if b.Label == store.LabelComponent || (b.Shape.From == store.LabelComponent && (b.Shape.Type == store.RelRealizes || b.Shape.Type == store.RelProvides)) {
		for _, r := range b.Rows {
			if b.Label != "" {
				out = append(out, r.Code)
			} else {
				out = append(out, r.From)
			}
		}
	}
	return out
}

// WriteBatch writes one batch in its own transaction (for large, idempotent loads).
func (s *Store) WriteBatch(ctx context.Context, b Batch) error {
	_, err := write(ctx, s, "seed: write batch", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		if err := runBatch(ctx, tx, b, s.LoadDay()); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, s.st.InferCodesTx(ctx, tx, inferCodesOf(b), s.LoadDay())
	})
	return err
}

// WriteRowByRow writes every row of b in a transaction of its own: the naive loader that the
// seed benchmark measures the batched one against.
func (s *Store) WriteRowByRow(ctx context.Context, b Batch) error {
	for i := range b.Rows {
		one := b
		one.Rows = b.Rows[i : i+1]
		if err := s.WriteBatch(ctx, one); err != nil {
			return err
		}
	}
	return nil
}

// Diff says what writing a batch would change: rows that would be created, rows whose
// properties would change, and rows already as given.
type Diff struct {
	Create, Update, Same int
}

// DiffBatch compares a batch with what is stored, without writing.
func (s *Store) DiffBatch(ctx context.Context, b Batch) (Diff, error) {
	return read(ctx, s, "seed: diff", func(tx neo4j.ManagedTransaction) (Diff, error) {
		var cypher string
		var params map[string]any
		key := func(r Row) string { return r.Code }
		if b.Label != "" {
			if err := labelOK(b.Label); err != nil {
				return Diff{}, err
			}
			codes := make([]string, len(b.Rows))
			for i, r := range b.Rows {
				codes[i] = r.Code
			}
			cypher, params = existNodes[b.Label], map[string]any{"codes": codes}
		} else {
			if err := shapeOK(b.Shape); err != nil {
				return Diff{}, err
			}
			rows, err := relParams(b.Rows)
			if err != nil {
				return Diff{}, err
			}
			cypher, params = existRels[b.Shape], map[string]any{"rows": rows}
			key = func(r Row) string { return r.From + "\x00" + r.To }
		}
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return Diff{}, err
		}
		stored := map[string]map[string]any{}
		for res.Next(ctx) {
			rec := res.Record()
			props, _ := rec.Get("props")
			k := str(rec, "code")
			if b.Label == "" {
				k = str(rec, "from") + "\x00" + str(rec, "to")
			}
			stored[k], _ = props.(map[string]any)
		}
		if err := res.Err(); err != nil {
			return Diff{}, err
		}
		var d Diff
		for _, r := range b.Rows {
			have, ok := stored[key(r)]
			want, err := rowProps(r)
			if err != nil {
				return Diff{}, err
			}
			switch {
			case !ok:
				d.Create++
			case propsDiffer(have, want):
				d.Update++
			default:
				d.Same++
			}
		}
		return d, nil
	})
}

// propsDiffer reports whether setting want on a node holding have would change it.
func propsDiffer(have, want map[string]any) bool {
	for k, w := range want {
		h, ok := have[k]
		if w == nil {
			if ok {
				return true
			}
			continue
		}
		if !ok || !sameValue(h, w) {
			return true
		}
	}
	return false
}

// sameValue compares a stored value with one to be written (driver types differ: int vs int64,
// []string vs []any).
func sameValue(h, w any) bool {
	switch wv := w.(type) {
	case int:
		return reflect.DeepEqual(h, int64(wv))
	case []string:
		hs, ok := h.([]any)
		if !ok || len(hs) != len(wv) {
			return ok && len(hs) == 0 && len(wv) == 0
		}
		for i := range wv {
			if hs[i] != wv[i] {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(h, w)
}

// Counts are the number of nodes per label and relationships per type.
type Counts struct {
	Nodes map[string]int64
	Rels  map[string]int64
}

// Count reads the node and relationship counts of the metamodel (from Neo4j's count store).
func (s *Store) Count(ctx context.Context) (Counts, error) {
	return read(ctx, s, "count", func(tx neo4j.ManagedTransaction) (Counts, error) {
		c := Counts{Nodes: map[string]int64{}, Rels: map[string]int64{}}
		for _, l := range store.Labels {
			res, err := tx.Run(ctx, countNodes[l], nil)
			if err != nil {
				return c, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return c, err
			}
			c.Nodes[l] = num(rec, "c")
		}
		for _, t := range store.RelTypes {
			res, err := tx.Run(ctx, countRels[t], nil)
			if err != nil {
				return c, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return c, err
			}
			c.Rels[t] = num(rec, "c")
		}
		return c, nil
	})
}

var countNodes, countRels = func() (map[string]string, map[string]string) {
	n, r := map[string]string{}, map[string]string{}
	for _, l := range store.Labels {
		n[l] = fmt.Sprintf("MATCH (n:%s) RETURN count(n) AS c", l)
	}
	for _, t := range store.RelTypes {
		r[t] = fmt.Sprintf("MATCH ()-[r:%s]->() RETURN count(r) AS c", t)
	}
	return n, r
}()

const cypherSyntheticCount = `MATCH (c:Component) WHERE c.synthetic = true RETURN count(c) AS c`

// SyntheticCount is the number of synthetic components stored.
func (s *Store) SyntheticCount(ctx context.Context) (int64, error) {
	return read(ctx, s, "synthetic count", func(tx neo4j.ManagedTransaction) (int64, error) {
		res, err := tx.Run(ctx, cypherSyntheticCount, nil)
		if err != nil {
			return 0, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return 0, err
		}
		return num(rec, "c"), nil
	})
}
