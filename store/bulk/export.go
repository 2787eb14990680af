package bulk

import (
	"context"
	"errors"
	"fmt"
	"math"
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

// ExportOptions say what an export holds besides the current model.
type ExportOptions struct {
	// History: retired components, earlier versions and closed relationships (validtime.go).
	History bool
	// Records: the records kept beside the model (store.RecordLabels: measurements), which a
	// backup carries and the ArchiMate export leaves out (counted in Skipped).
	Records bool
}

// cypherOutsideModel counts the nodes an export leaves out (labels outside the metamodel, such
// as an audit log), per label set; the graph's write version is bookkeeping, not counted.
const cypherOutsideModel = `MATCH (n) WHERE NOT n:GraphVersion AND none(l IN labels(n) WHERE l IN $labels)
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
	for _, l := range labels {
		err := s.Stream(ctx, "export "+l, exportNodes[l], nil, func(rec *neo4j.Record) error {
			v, _ := rec.Get("props")
			props, err := fromDriverProps(pmap(v))
			if err != nil {
				return fmt.Errorf("%s node %v: %w", l, pmap(v)["code"], err)
			}
			st.Nodes++
			return node(NodeRecord{Label: l, Props: Properties{props}})
		})
		if err != nil {
			return st, err
		}
	}
	for _, sh := range shapes {
		err := s.Stream(ctx, "export "+sh.Type, exportRels[sh], nil, func(rec *neo4j.Record) error {
			v, _ := rec.Get("props")
			props, err := fromDriverProps(pmap(v))
			if err != nil {
				return fmt.Errorf("%s relationship %s->%s: %w", sh.Type, str(rec, "a"), str(rec, "b"), err)
			}
			st.Rels++
			return rel(RelRecord{Shape: sh, From: str(rec, "a"), To: str(rec, "b"), Props: Properties{props}})
		})
		if err != nil {
			return st, err
		}
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

// fromDriverProps converts the driver's property values to the driver-free ones of NodeRecord.
func fromDriverProps(in map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(in))
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, err := fromDriver(in[k])
		if err != nil {
			return nil, fmt.Errorf("property %q: %w", k, err)
		}
		out[k] = v
	}
	return out, nil
}

func fromDriver(v any) (any, error) {
	switch x := v.(type) {
	case string, bool, int64, float64:
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
