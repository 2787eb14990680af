package bulk

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/archgraph/archgraph/store"
)

// NodeRecord is one node of the metamodel as the exchange formats carry it: its label and every
// property, id and code included.
type NodeRecord struct {
	Label string
	Props Properties
	// Where says where a decoder found the record (e.g. "line 12"), for error messages.
	Where string
}

// ID is the node's id property ("" when it has none).
func (n NodeRecord) ID() string { return n.Props.String("id") }

// Code is the node's code property ("" when it has none).
func (n NodeRecord) Code() string { return n.Props.String("code") }

// RelRecord is one relationship of the metamodel: its shape, the ids of its endpoints and its
// properties.
type RelRecord struct {
	Shape    store.Endpoint
	From, To string // node ids
	Props    Properties
	Where    string
	// InGraph: the target is a node the graph already holds, not one of the file (an
	// ArchiMate element mapped onto a component gets the relationship to its layer).
	InGraph bool
}

// Temporal is a Neo4j temporal property value in a form that does not need the driver: Kind is
// "date", "datetime", "localdatetime" or "duration"; Text is its ISO 8601 text.
type Temporal struct {
	Kind string
	Text string
}

// Temporal kinds the exchange formats carry.
const (
	KindDate          = "date"
	KindDateTime      = "datetime"
	KindLocalDateTime = "localdatetime"
	KindDuration      = "duration"
)

const (
	layoutDate          = "2006-01-02"
	layoutLocalDateTime = "2006-01-02T15:04:05.999999999"
)

// ShapeOf returns the metamodel shape (from)-[typ]->(to), or false when there is none. History
// shapes (store.HistoryShapes) are shapes too.
func ShapeOf(from, typ, to string) (store.Endpoint, bool) {
	sh := store.Endpoint{From: from, Type: typ, To: to}
	_, ok := importRels[sh]
	return sh, ok
}

// IsLabel reports whether label is a label of the metamodel or of its history.
func IsLabel(label string) bool { _, ok := importNodes[label]; return ok }

// isHistoryLabel reports whether label is one of store.HistoryLabels.
func isHistoryLabel(label string) bool {
	return label == store.LabelRetiredComponent || label == store.LabelComponentVersion
}

// isRecordLabel reports whether label is one of store.RecordLabels (measurements): found by id,
// with no code.
func isRecordLabel(label string) bool { return label == store.LabelMeasurement }

// Export statements per label and shape, built from the allow-lists. Nodes come sorted by code
// and relationships by endpoint ids, so that two exports of the same graph are identical.
var exportNodes, exportRels = func() (map[string]string, map[store.Endpoint]string) {
	n, r := map[string]string{}, map[store.Endpoint]string{}
	for _, l := range append(append([]string{}, store.Labels...), store.ArchiMateLabels...) {
		n[l] = fmt.Sprintf("MATCH (n:%s) RETURN properties(n) AS props ORDER BY n.code", l)
	}
	for _, l := range append(append([]string{}, store.HistoryLabels...), store.RecordLabels...) {
		n[l] = fmt.Sprintf("MATCH (n:%s) RETURN properties(n) AS props ORDER BY n.id", l)
	}
	for _, sh := range append(append(append(append([]store.Endpoint{}, store.Shapes...), store.ArchiMateShapes...), store.HistoryShapes...), store.RecordShapes...) {
		r[sh] = fmt.Sprintf("MATCH (a:%s)-[r:%s]->(b:%s) RETURN a.id AS a, b.id AS b, properties(r) AS props ORDER BY a, b, props.validTo",
			sh.From, sh.Type, sh.To)
	}
	return n, r
}()

// Paged export statements, for the labels whose nodes have a unique code and the shapes of the
// metamodel and of ArchiMate. A record per node or relationship costs the driver more than the
// record's values (a read with a deadline per message, a goroutine and a timer each: two thirds
// of archgraph's CPU when exporting S), so the rows come a page per record, in the order of
// exportNodes and exportRels: nodes by code, a page per query (an index range in order, so no
// query reads or sorts the whole label); relationships sorted as before (the sort holds them all
// anyway) and handed back in pages.
var exportNodePages, exportRelPages = func() (map[string][3]string, map[store.Endpoint]string) {
	n, r := map[string][3]string{}, map[store.Endpoint]string{}
	for _, l := range append(append([]string{}, store.Labels...), store.ArchiMateLabels...) {
		page := `MATCH (n:%s) WHERE n.code %s $after
WITH n ORDER BY n.code LIMIT $size
RETURN collect(properties(n)) AS page`
		n[l] = [3]string{
			fmt.Sprintf(page, l, ">="), // the first page, from ""
			fmt.Sprintf(page, l, ">"),
			// Nodes without a text code (none that archgraph writes) come last, as in ORDER BY n.code.
			fmt.Sprintf(`MATCH (n:%s) WHERE NOT coalesce(n.code >= '', false)
WITH n ORDER BY n.code
RETURN collect(properties(n)) AS page`, l),
		}
	}
	for _, sh := range append(append([]store.Endpoint{}, store.Shapes...), store.ArchiMateShapes...) {
		order := "props.validTo"
		if sh.Type == store.RelArchiMateRelation {
			order = "props.id" // several may join the same two elements
		}
		r[sh] = fmt.Sprintf(`MATCH (a:%s)-[r:%s]->(b:%s)
WITH a.id AS a, b.id AS b, properties(r) AS props
ORDER BY a, b, %s
WITH collect([a, b, props]) AS rows
UNWIND range(0, size(rows) - 1, $size) AS i
RETURN rows[i..i + $size] AS rows`, sh.From, sh.Type, sh.To, order)
	}
	return n, r
}()

// exportPageSize is the number of nodes, or of start nodes, per page.
const exportPageSize = 2000

// ExportOptions say what an export holds besides the current model.
type ExportOptions struct {
	// History: retired components, earlier versions and closed relationships (validtime.go).
	History bool
	// Records: the records kept beside the model (store.RecordLabels: measurements), which a
	// backup carries and the ArchiMate export leaves out (counted in Skipped).
	Records bool
}

// cypherOutsideModel counts the nodes an export leaves out (labels outside the metamodel, such
// as an audit log), per label set; the graph's write version and the conformance facts are
// bookkeeping, not counted.
const cypherOutsideModel = `MATCH (n) WHERE NOT (n:GraphVersion OR n:ConformanceFacts OR n:ComponentCount OR n:ComponentKindCount OR n:ComponentLayerCount OR n:ComponentCountsState) AND none(l IN labels(n) WHERE l IN $labels)
RETURN reduce(k = '', l IN labels(n) | k + ':' + l) AS k, count(n) AS c`

const cypherCountAllRels = `MATCH ()-[r]->() RETURN count(r) AS c`

// ExportStats counts what an export wrote, and what it left out.
type ExportStats struct {
	Nodes, Rels int64
	// Skipped counts nodes whose labels are not of the metamodel (key: ":Label1:Label2"), and
	// relationships of other shapes (key: "relationships"); none of them is exported.
	Skipped map[string]int64
}

// ExportGraph streams every node (label by label, in the order of store.Labels, then store.HistoryLabels
// when opts.History, then store.RecordLabels when opts.Records) and then every relationship (shape
// by shape, then store.HistoryShapes, then store.RecordShapes) to the
// callbacks. Each label and shape is read in a transaction
// of its own, without retries (a retry would call the callbacks twice), so the graph should not
// be written to during an export. Nodes outside the metamodel are counted in Skipped, not
// exported.
func (s *Store) ExportGraph(ctx context.Context, opts ExportOptions, node func(NodeRecord) error, rel func(RelRecord) error) (ExportStats, error) {
	var st ExportStats
	// ArchiMateModel first: an ArchiMate export writes the model's names before its elements.
	labels := append(append([]string{store.LabelArchiMateModel}, store.Labels...), store.ArchiMateLabels[1:]...)
	shapes := append(append([]store.Endpoint{}, store.Shapes...), store.ArchiMateShapes...)
	if opts.History {
		labels = append(labels, store.HistoryLabels...)
		shapes = append(shapes, store.HistoryShapes...)
	}
	if opts.Records {
		labels = append(labels, store.RecordLabels...)
		shapes = append(shapes, store.RecordShapes...)
	}
	if err := s.streamExport(ctx, labels, shapes, node, rel, &st); err != nil {
		return st, err
	}
	skipped, err := read(ctx, s, "export: skipped", func(tx neo4j.ManagedTransaction) (map[string]int64, error) {
		res, err := tx.Run(ctx, cypherOutsideModel, map[string]any{"labels": labels})
		if err != nil {
			return nil, err
		}
		out := map[string]int64{}
		for res.Next(ctx) {
			out[str(res.Record(), "k")] = num(res.Record(), "c")
		}
		if err := res.Err(); err != nil {
			return nil, err
		}
		res, err = tx.Run(ctx, cypherCountAllRels, nil)
		if err != nil {
			return nil, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return nil, err
		}
		if n := num(rec, "c") - st.Rels; n > 0 {
			out["relationships"] = n
		}
		return out, nil
	})
	if err != nil {
		return st, err
	}
	st.Skipped = skipped
	return st, nil
}

// exportChunk is a run of records of one label or shape, read and converted on the reading
// goroutine of streamExport and handed to the callbacks on the caller's.
type exportChunk struct {
	nodes []NodeRecord
	rels  []RelRecord
}

// exportChunkSize is the number of records handed over at once.
const exportChunkSize = 512

// streamExport reads the labels and then the shapes, each in a transaction of its own, and hands
// every record to node or rel. Reading (the driver's decoding of the records, the conversion of
// their values) runs on a goroutine of its own while the callbacks (an exporter's formatting)
// run on the caller's, so an export of S uses two cores rather than one; the order of the
// records is the order read.
func (s *Store) streamExport(ctx context.Context, labels []string, shapes []store.Endpoint, node func(NodeRecord) error, rel func(RelRecord) error, st *ExportStats) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan exportChunk, 8)
	readErr := make(chan error, 1)
	go func() {
		defer close(chunks)
		readErr <- s.readExport(ctx, labels, shapes, chunks)
	}()
	var werr error
	for c := range chunks {
		if werr != nil {
			continue // drain: the reader stops at its next send
		}
		for _, n := range c.nodes {
			if werr = node(n); werr != nil {
				break
			}
			st.Nodes++
		}
		for _, r := range c.rels {
			if werr != nil {
				break
			}
			if werr = rel(r); werr != nil {
				break
			}
			st.Rels++
		}
		if werr != nil {
			cancel()
		}
	}
	rerr := <-readErr
	if werr != nil {
		return werr
	}
	return rerr
}

// readExport is streamExport's reading side: it sends the records in chunks, and stops when ctx
// is cancelled.
func (s *Store) readExport(ctx context.Context, labels []string, shapes []store.Endpoint, chunks chan<- exportChunk) error {
	var c exportChunk
	send := func() error {
		if len(c.nodes) == 0 && len(c.rels) == 0 {
			return nil
		}
		select {
		case chunks <- c:
			c = exportChunk{}
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	addNode := func(l string, v any) error {
		props, err := fromDriverProps(pmap(v))
		if err != nil {
			return fmt.Errorf("%s node %v: %w", l, pmap(v)["code"], err)
		}
		if c.nodes == nil {
			c.nodes = make([]NodeRecord, 0, exportChunkSize)
		}
		c.nodes = append(c.nodes, NodeRecord{Label: l, Props: Properties{props}})
		if len(c.nodes) == exportChunkSize {
			return send()
		}
		return nil
	}
	addRel := func(sh store.Endpoint, a, b string, v any) error {
		props, err := fromDriverProps(pmap(v))
		if err != nil {
			return fmt.Errorf("%s relationship %s->%s: %w", sh.Type, a, b, err)
		}
		if c.rels == nil {
			c.rels = make([]RelRecord, 0, exportChunkSize)
		}
		c.rels = append(c.rels, RelRecord{Shape: sh, From: a, To: b, Props: Properties{props}})
		if len(c.rels) == exportChunkSize {
			return send()
		}
		return nil
	}
	for _, l := range labels {
		var err error
		if q, ok := exportNodePages[l]; ok {
			err = s.ReadPages(ctx, "export "+l, func(run func(string, map[string]any, func(*neo4j.Record) error) error) error {
				after, stmt := "", q[0]
				for {
					got := 0
					err := run(stmt, map[string]any{"after": after, "size": exportPageSize}, func(rec *neo4j.Record) error {
						v, _ := rec.Get("page")
						page, _ := v.([]any)
						got = len(page)
						for _, n := range page {
							if err := addNode(l, n); err != nil {
								return err
							}
						}
						if got > 0 {
							after, _ = pmap(page[got-1])["code"].(string)
						}
						return nil
					})
					if err != nil {
						return err
					}
					if got < exportPageSize {
						break
					}
					stmt = q[1]
				}
				return run(q[2], nil, func(rec *neo4j.Record) error {
					v, _ := rec.Get("page")
					page, _ := v.([]any)
					for _, n := range page {
						if err := addNode(l, n); err != nil {
							return err
						}
					}
					return nil
				})
			})
		} else {
			err = s.Stream(ctx, "export "+l, exportNodes[l], nil, func(rec *neo4j.Record) error {
				v, _ := rec.Get("props")
				return addNode(l, v)
			})
		}
		if err == nil {
			err = send()
		}
		if err != nil {
			return err
		}
	}
	return s.readExportRels(ctx, shapes, addRel, send)
}

// readExportRels is readExport's relationships: shape by shape, ARCHIMATE_RELATION only where
// the graph holds some.
func (s *Store) readExportRels(ctx context.Context, shapes []store.Endpoint, addRel func(store.Endpoint, string, string, any) error, send func() error) error {
	present, err := s.archiMateRelationShapes(ctx, shapes)
	if err != nil {
		return err
	}
	for _, sh := range shapes {
		if sh.Type == store.RelArchiMateRelation && !present[sh] {
			continue
		}
		var err error
		if q, ok := exportRelPages[sh]; ok {
			err = s.Stream(ctx, "export "+sh.Type, q, map[string]any{"size": exportPageSize}, func(rec *neo4j.Record) error {
				v, _ := rec.Get("rows")
				rows, _ := v.([]any)
				for _, row := range rows {
					f, _ := row.([]any)
					if len(f) != 3 {
						return fmt.Errorf("%s: a row of %d values", sh.Type, len(f))
					}
					a, _ := f[0].(string)
					b, _ := f[1].(string)
					if err := addRel(sh, a, b, f[2]); err != nil {
						return err
					}
				}
				return nil
			})
		} else {
			err = s.Stream(ctx, "export "+sh.Type, exportRels[sh], nil, func(rec *neo4j.Record) error {
				v, _ := rec.Get("props")
				return addRel(sh, str(rec, "a"), str(rec, "b"), v)
			})
		}
		if err == nil {
			err = send()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// archiMateRelationShapes returns the ARCHIMATE_RELATION shapes of shapes the graph holds a
// relationship of: most graphs hold none (an estate without imported ArchiMate models), and 81
// queries, 17 of them from or to the 100k components of S, need not be planned and run.
func (s *Store) archiMateRelationShapes(ctx context.Context, shapes []store.Endpoint) (map[store.Endpoint]bool, error) {
	if !slices.ContainsFunc(shapes, func(sh store.Endpoint) bool { return sh.Type == store.RelArchiMateRelation }) {
		return nil, nil
	}
	return read(ctx, s, "export: ARCHIMATE_RELATION shapes", func(tx neo4j.ManagedTransaction) (map[store.Endpoint]bool, error) {
		res, err := tx.Run(ctx, cypherArchiMateRelationLabels, nil)
		if err != nil {
			return nil, err
		}
		out := map[store.Endpoint]bool{}
		for res.Next(ctx) {
			out[store.Endpoint{From: str(res.Record(), "a"), Type: store.RelArchiMateRelation, To: str(res.Record(), "b")}] = true
		}
		return out, res.Err()
	})
}

// cypherArchiMateRelationLabels: the labels of the ends of ARCHIMATE_RELATION relationships
// (from the relationship type index: nothing to read when there are none).
const cypherArchiMateRelationLabels = `MATCH (a)-[:` + store.RelArchiMateRelation + `]->(b)
UNWIND labels(a) AS la
UNWIND labels(b) AS lb
RETURN DISTINCT la AS a, lb AS b`

// fromDriverProps converts the driver's property values to the driver-free ones of NodeRecord,
// in place: the driver makes a new map per record, and most values (strings, numbers, booleans)
// need no conversion, so no copy is made.
func fromDriverProps(in map[string]any) (map[string]any, error) {
	for k, v := range in {
		switch v.(type) {
		case string, bool, int64, float64:
			continue
		}
		c, err := fromDriver(v)
		if err != nil {
			if named := firstBadProp(in); named != nil {
				return nil, named
			}
			return nil, fmt.Errorf("property %q: %w", k, err)
		}
		in[k] = c
	}
	return in, nil
}

// firstBadProp names the first property, by name, whose value the exchange formats cannot carry.
func firstBadProp(in map[string]any) error {
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, err := fromDriver(in[k]); err != nil {
			return fmt.Errorf("property %q: %w", k, err)
		}
	}
	return nil
}

func fromDriver(v any) (any, error) {
	switch x := v.(type) {
	case string, bool, int64, float64, Temporal: // Temporal: converted already (fromDriverProps)
		return x, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			c, err := fromDriver(e)
			if err != nil {
				return nil, err
			}
			if _, nested := c.([]any); nested {
				return nil, errors.New("nested lists are not properties")
			}
			out[i] = c
		}
		return out, nil
	case dbtype.Date:
		return Temporal{KindDate, time.Time(x).Format(layoutDate)}, nil
	case dbtype.LocalDateTime:
		return Temporal{KindLocalDateTime, time.Time(x).Format(layoutLocalDateTime)}, nil
	case time.Time:
		return Temporal{KindDateTime, x.Format(time.RFC3339Nano)}, nil
	case dbtype.Duration:
		return Temporal{KindDuration, formatDuration(x)}, nil
	}
	return nil, invalidf("values of type %T are not supported by the exchange formats", v)
}

// toDriverProps converts driver-free values back to what the driver sends.
func toDriverProps(in map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(in))
	for k, v := range in {
		c, err := toDriver(v)
		if err != nil {
			return nil, fmt.Errorf("property %q: %w", k, err)
		}
		out[k] = c
	}
	return out, nil
}

func toDriver(v any) (any, error) {
	switch x := v.(type) {
	case nil, string, bool, int64, float64:
		return x, nil
	case int:
		return int64(x), nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			c, err := toDriver(e)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case []string:
		return x, nil
	case Temporal:
		return ParseTemporal(x)
	}
	return nil, invalidf("values of type %T cannot be stored", v)
}

// ParseTemporal checks a Temporal's text and returns the driver value it stands for.
func ParseTemporal(t Temporal) (any, error) {
	switch t.Kind {
	case KindDate:
		v, err := time.Parse(layoutDate, t.Text)
		if err != nil {
			return nil, invalidf("date %q: want YYYY-MM-DD", t.Text)
		}
		return dbtype.Date(v), nil
	case KindLocalDateTime:
		v, err := time.Parse(layoutLocalDateTime, t.Text)
		if err != nil {
			return nil, invalidf("localdatetime %q: want YYYY-MM-DDThh:mm:ss[.fffffffff]", t.Text)
		}
		return dbtype.LocalDateTime(v), nil
	case KindDateTime:
		v, err := time.Parse(time.RFC3339Nano, t.Text)
		if err != nil {
			return nil, invalidf("datetime %q: want RFC 3339", t.Text)
		}
		return v, nil
	case KindDuration:
		d, err := parseDuration(t.Text)
		if err != nil {
			return nil, err
		}
		return d, nil
	}
	return nil, invalidf("unknown temporal kind %q", t.Kind)
}

// formatDuration writes a Neo4j duration as PnMnDTn.nnnnnnnnnS, each part signed, which
// parseDuration reads back exactly.
func formatDuration(d dbtype.Duration) string {
	return fmt.Sprintf("P%dM%dDT%d.%09dS", d.Months, d.Days, d.Seconds, d.Nanos)
}

func parseDuration(s string) (dbtype.Duration, error) {
	bad := invalidf("duration %q: want PnMnDTn.nnnnnnnnnS", s)
	var d dbtype.Duration
	rest, ok := strings.CutPrefix(s, "P")
	if !ok {
		return d, bad
	}
	m, rest, ok := strings.Cut(rest, "M")
	if !ok {
		return d, bad
	}
	dd, rest, ok := strings.Cut(rest, "DT")
	if !ok {
		return d, bad
	}
	sec, ok := strings.CutSuffix(rest, "S")
	if !ok {
		return d, bad
	}
	whole, frac, ok := strings.Cut(sec, ".")
	if !ok || len(frac) != 9 {
		return d, bad
	}
	var err error
	if d.Months, err = strconv.ParseInt(m, 10, 64); err != nil {
		return d, bad
	}
	if d.Days, err = strconv.ParseInt(dd, 10, 64); err != nil {
		return d, bad
	}
	if d.Seconds, err = strconv.ParseInt(whole, 10, 64); err != nil {
		return d, bad
	}
	n, err := strconv.ParseUint(frac, 10, 32)
	if err != nil || n > math.MaxInt32 {
		return d, bad
	}
	d.Nanos = int(n)
	return d, nil
}
