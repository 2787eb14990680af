package bulk

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/store"
)

// RecordSource makes one pass over an exchange file, handing every node and relationship to the
// callbacks in file order, and stops at the first error (a decoder's error names the place).
// Import calls it more than once, so it must read the file anew each time.
type RecordSource func(node func(NodeRecord) error, rel func(RelRecord) error) error

// ImportOptions tune Import.
type ImportOptions struct {
	// BatchSize is the number of rows per UNWIND (default 5000).
	BatchSize int
	// AtomicMax: a file of at most this many nodes and relationships is written in one
	// transaction, all or nothing (default 50,000: the framework is a few thousand). Larger files
	// are written in batches, each its own transaction, after the whole file has been validated.
	AtomicMax int
	// Progress, if set, is called after each batch written with the rows written so far.
	Progress func(done, total int64)
}

// ImportStats says what an import wrote.
type ImportStats struct {
	Nodes, Rels int64
	Atomic      bool
	Batches     int
}

// ImportError lists what is wrong with a file; nothing was written.
type ImportError struct {
	Problems []string
	// More is the number of problems found beyond those listed.
	More int
	// Located are the problems of an inventory with their line and column (the same problems
	// as Problems, without the location in the text; up to MaxLocated), for a form that shows
	// each one where it is.
	Located []Problem
}

func (e *ImportError) Error() string {
	s := strings.Join(e.Problems, "\n  ")
	if e.More > 0 {
		s += fmt.Sprintf("\n  … and %d more", e.More)
	}
	if len(e.Problems) == 1 && e.More == 0 {
		return "import: " + s
	}
	return fmt.Sprintf("import: %d problems, nothing written:\n  %s", len(e.Problems)+e.More, s)
}

// Unwrap makes an ImportError a store.ErrInvalid.
func (e *ImportError) Unwrap() error { return store.ErrInvalid }

const maxProblems = 20

type problems struct{ ImportError }

func (p *problems) add(format string, args ...any) {
	if len(p.Problems) < maxProblems {
		p.Problems = append(p.Problems, fmt.Sprintf(format, args...))
	} else {
		p.More++
	}
}

// at adds a problem of an inventory row's column (its name): the text says "line N, column
// NAME: …" as before, and Located keeps line, column number (from the file's header) and name.
func (p *problems) at(it InventoryItem, column, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	p.add("line %d, column %s: %s", it.Line, column, msg)
	if len(p.Located) < MaxLocated {
		p.Located = append(p.Located, Problem{Line: it.Line, Column: it.Columns[column], Field: column, Message: msg})
	}
}

func (p *problems) err() error {
	if len(p.Problems) == 0 {
		return nil
	}
	e := p.ImportError
	return &e
}

var errStop = errors.New("stop")

// nodeKey identifies a node of the file: its label and code.
type nodeKey struct{ label, code string }

// Import writes the nodes and relationships of src into the graph, idempotently: nodes are
// merged on their code and keep the id of the file, relationships are merged on their
// endpoints, and properties are set (never removed). It validates the whole file first — labels
// and shapes of the metamodel, an id and a code on every node, no duplicate ids or codes, every
// relationship's endpoints among the nodes before it, and no node of the graph whose code or id
// the file gives to another node — and writes nothing when anything is wrong; the error names
// the place. A file of at most AtomicMax rows is then written in one transaction; a larger one
// in batches.
func (s *Store) Import(ctx context.Context, src RecordSource, opts ImportOptions) (ImportStats, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = 5000
	}
	if opts.AtomicMax <= 0 {
		opts.AtomicMax = 50000
	}
	var st ImportStats
	c := &importChecker{ctx: ctx, st: &st, ids: map[string]nodeKey{}, codes: map[nodeKey]string{},
		external: map[string]map[string]string{}, relIDs: map[string]relEnds{}}
	if err := src(c.node, c.rel); err != nil && !errors.Is(err, errStop) {
		return st, err
	}
	if err := c.p.err(); err != nil {
		return st, err
	}
	fresh := map[string]bool{}
	if err := s.checkIdentities(ctx, c.ids, &c.p, fresh); err != nil {
		return st, err
	}
	if err := s.checkExternal(ctx, c.external, &c.p); err != nil {
		return st, err
	}
	if err := s.checkArchiMateRelations(ctx, c, fresh); err != nil {
		return st, err
	}
	if err := c.p.err(); err != nil {
		return st, err
	}
	return st, s.writeImport(ctx, src, opts, &st, fresh)
}

// importChecker is Import's first pass over the file: it counts the records and collects what
// is wrong with them (up to maxProblems), and the ids and codes of the nodes.
type importChecker struct {
	ctx   context.Context
	st    *ImportStats
	ids   map[string]nodeKey
	codes map[nodeKey]string // -> where
	// external: the nodes, outside the file, that relationships lead to (RelRecord.InGraph):
	// label -> id -> where.
	external map[string]map[string]string
	// relIDs: the ids of the file's ARCHIMATE_RELATION relationships (merged on their id).
	relIDs map[string]relEnds
	p      problems
}

// relEnds are the ends of a relationship merged on its id, and where the file says so.
type relEnds struct{ from, to, where string }

func (c *importChecker) node(n NodeRecord) error {
	if err := c.ctx.Err(); err != nil {
		return err
	}
	c.st.Nodes++
	id, code := n.ID(), n.Code()
	if isRecordLabel(n.Label) {
		// A measurement has no code: its key (indicator, agency, period) stands for one.
		code = store.MeasurementKey(n.Props.String("indicator"), n.Props.String("agencyId"), n.Props.String("period"))
	}
	switch {
	case !IsLabel(n.Label):
		c.p.add("%s: %q is not a label of the metamodel", n.Where, n.Label)
	case id == "":
		c.p.add("%s: %s node without an id", n.Where, n.Label)
	case code == "" && isRecordLabel(n.Label):
		c.p.add("%s: %s node %s without its indicator, agencyId or period", n.Where, n.Label, id)
	case code == "":
		c.p.add("%s: %s node %s without a code", n.Where, n.Label, id)
	default:
		c.identify(n, id, code)
	}
	for _, pr := range cleanImportProps(n.Label, n.Props.m, n.Label == store.LabelComponent, isHistoryLabel(n.Label)) {
		c.p.add("%s: %s %s: %s", n.Where, n.Label, code, pr)
	}
	if _, err := toDriverProps(n.Props.m); err != nil {
		c.p.add("%s: %s %s: %v", n.Where, n.Label, code, err)
	}
	return c.enough()
}

// identify records a node's id, and code unless it is a history node (found by id: codes
// repeat in history), refusing an id or a code given twice.
func (c *importChecker) identify(n NodeRecord, id, code string) {
	k := nodeKey{n.Label, code}
	if prev, ok := c.ids[id]; ok {
		c.p.add("%s: id %s is already the id of %s %s", n.Where, id, prev.label, prev.code)
		return
	}
	if !isHistoryLabel(n.Label) {
		if w, ok := c.codes[k]; ok {
			c.p.add("%s: %s %s appears twice (first at %s)", n.Where, n.Label, code, w)
			return
		}
		c.codes[k] = n.Where
	}
	c.ids[id] = k
}

func (c *importChecker) rel(r RelRecord) error {
	if err := c.ctx.Err(); err != nil {
		return err
	}
	c.st.Rels++
	if _, ok := importRels[r.Shape]; !ok {
		c.p.add("%s: (%s)-[:%s]->(%s) is not a relationship of the metamodel", r.Where, r.Shape.From, r.Shape.Type, r.Shape.To)
		return nil
	}
	for _, end := range []struct{ id, label, role string }{{r.From, r.Shape.From, "source"}, {r.To, r.Shape.To, "target"}} {
		k, ok := c.ids[end.id]
		switch {
		case !ok && r.InGraph && end.role == "target":
			// A node the graph must hold (a component's layer): checked by checkExternal.
			if c.external[end.label] == nil {
				c.external[end.label] = map[string]string{}
			}
			c.external[end.label][end.id] = r.Where
		case !ok:
			c.p.add("%s: %s: the %s %q is no node of the file (nodes must come before relationships)", r.Where, r.Shape.Type, end.role, end.id)
		case k.label != end.label:
			c.p.add("%s: %s: the %s %s is a %s, not a %s", r.Where, r.Shape.Type, end.role, k.code, k.label, end.label)
		}
	}
	if r.Shape.Type == store.RelArchiMateRelation {
		// Merged on its id, like a node on its code: one per id.
		id := r.Props.String("id")
		prev, dup := c.relIDs[id]
		k, isNode := c.ids[id]
		switch {
		case id == "":
			c.p.add("%s: %s without an id", r.Where, r.Shape.Type)
		case dup:
			c.p.add("%s: %s id %s appears twice (first at %s)", r.Where, r.Shape.Type, id, prev.where)
		case isNode:
			c.p.add("%s: %s id %s is already the id of %s %s", r.Where, r.Shape.Type, id, k.label, k.code)
		default:
			c.relIDs[id] = relEnds{from: r.From, to: r.To, where: r.Where}
		}
	}
	for _, pr := range cleanRelProps(r) {
		c.p.add("%s: %s: %s", r.Where, r.Shape.Type, pr)
	}
	if _, err := toDriverProps(r.Props.m); err != nil {
		c.p.add("%s: %s: %v", r.Where, r.Shape.Type, err)
	}
	return c.enough()
}

// enough stops the pass once maxProblems are found.
func (c *importChecker) enough() error {
	if len(c.p.Problems) >= maxProblems {
		return errStop
	}
	return nil
}

// writeImport is Import's second pass: a file of at most opts.AtomicMax rows in one
// transaction, a larger one in batches. Decoding (Go) and writing (Neo4j) overlap: the file is
// read into batches on a goroutine while the batches before are written. The components the
// file writes, and those whose realizations or capabilities it writes, get their inference
// recomputed once everything is written (in the same transaction when atomic).
//
// fresh are the labels the graph held no node of when the file was checked: their nodes are
// created rather than merged (nothing to merge with; Neo4j skips the locking lookup per node).
func (s *Store) writeImport(ctx context.Context, src RecordSource, opts ImportOptions, st *ImportStats, fresh map[string]bool) error {
	total := st.Nodes + st.Rels
	st.Atomic = total <= int64(opts.AtomicMax)
	var done int64
	var pending []importBatch
	queue := make(chan importBatch, 2)
	abort := make(chan struct{})
	flush := func(b importBatch) error {
		if len(b.rows) == 0 {
			return nil
		}
		b.create = b.label != "" && fresh[b.label] || b.shape.Type == store.RelArchiMateRelation && fresh[store.RelArchiMateRelation]
		st.Batches++
		if st.Atomic {
			pending = append(pending, b)
			return nil
		}
		select {
		case queue <- b:
			return nil
		case <-abort:
			return errStop
		}
	}
	produced := make(chan error, 1)
	go func() {
		defer close(queue)
		produced <- readBatches(src, opts.BatchSize, flush)
	}()
	var infer inferSet
	var werr error
	var mu sync.Mutex // guards werr, infer, done and the progress callback
	var stopOnce sync.Once
	one := func(b importBatch) {
		_, err := write(ctx, s, "import: batch", func(tx neo4j.ManagedTransaction) (struct{}, error) {
			return struct{}{}, b.run(ctx, tx)
		})
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			if werr == nil {
				werr = fmt.Errorf("import: %s: %w", b, err)
			}
			stopOnce.Do(func() { close(abort) })
			return
		}
		infer.note(b)
		done += int64(len(b.rows))
		if opts.Progress != nil {
			opts.Progress(done, total)
		}
	}
	failed := func() bool { mu.Lock(); defer mu.Unlock(); return werr != nil }
	// Node batches are written importWriters at a time: each MERGEs nodes of one label on their
	// code, and no two batches hold the same code (the check refused duplicates), so they do not
	// wait for each other; on two cores that halves the time Neo4j needs for them. Relationships
	// need every node written, and they lock both their ends (a batch of ARCHIMATE_SOURCE and one
	// of ARCHIMATE_TARGET share thousands of ends and would deadlock), so they go one at a time
	// once the node batches are all written.
	sem := make(chan struct{}, importWriters)
	var running sync.WaitGroup
	for b := range queue {
		if failed() {
			continue // drain
		}
		if b.label == "" {
			running.Wait()
			one(b)
			continue
		}
		sem <- struct{}{}
		running.Add(1)
		go func(b importBatch) {
			defer func() { <-sem; running.Done() }()
			one(b)
		}(b)
	}
	running.Wait()
	if perr := <-produced; werr == nil && perr != nil {
		werr = perr
	}
	if werr != nil {
		return werr
	}
	if st.Atomic {
		_, err := write(ctx, s, "import: atomic", func(tx neo4j.ManagedTransaction) (struct{}, error) {
			for _, b := range pending {
				if err := b.run(ctx, tx); err != nil {
					return struct{}{}, fmt.Errorf("%s: %w", b, err)
				}
				infer.note(b)
			}
			return struct{}{}, s.st.InferTx(ctx, tx, infer.ids, s.LoadDay())
		})
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		if opts.Progress != nil {
			opts.Progress(total, total)
		}
		return nil
	}
	// A batched import is not atomic either: inference runs over its components in batches.
	for i := 0; i < len(infer.ids); i += opts.BatchSize {
		ids := infer.ids[i:min(i+opts.BatchSize, len(infer.ids))]
		if _, err := write(ctx, s, "import: infer", func(tx neo4j.ManagedTransaction) (struct{}, error) {
			return struct{}{}, s.st.InferTx(ctx, tx, ids, s.LoadDay())
		}); err != nil {
			return fmt.Errorf("import: inference: %w", err)
		}
	}
	return nil
}

// importWriters is the number of node batches written at the same time (see writeImport).
const importWriters = 2

// inferSet collects, once each, the components whose inference an import changes.
type inferSet struct {
	ids  []string
	seen map[string]bool
}

func (is *inferSet) note(b importBatch) {
	key := ""
	switch {
	case b.label == store.LabelComponent:
		key = "id"
	case b.shape.From == store.LabelComponent && (b.shape.Type == store.RelRealizes || b.shape.Type == store.RelProvides):
		key = "from"
	default:
		return
	}
	if is.seen == nil {
		is.seen = map[string]bool{}
	}
	for _, r := range b.rows {
		if id, _ := r[key].(string); id != "" && !is.seen[id] {
			is.seen[id] = true
			is.ids = append(is.ids, id)
		}
	}
}

// readBatches reads src into batches of at most size rows per label or shape, nodes before
// relationships, and hands each to flush.
func readBatches(src RecordSource, size int, flush func(importBatch) error) error {
	nodeRows := map[string][]map[string]any{}
	relRows := map[store.Endpoint][]map[string]any{}
	nodesFlushed := false
	err := src(func(n NodeRecord) error {
		cleanImportProps(n.Label, n.Props.m, false, false) // validated above; normalise the same way
		props, _ := toDriverProps(n.Props.m)
		nodeRows[n.Label] = append(nodeRows[n.Label], map[string]any{"code": n.Code(), "id": n.ID(), "props": props})
		if len(nodeRows[n.Label]) >= size {
			b := importBatch{label: n.Label, rows: nodeRows[n.Label]}
			nodeRows[n.Label] = nil
			return flush(b)
		}
		return nil
	}, func(r RelRecord) error {
		if !nodesFlushed {
			nodesFlushed = true
			for _, l := range importLabels {
				if err := flush(importBatch{label: l, rows: nodeRows[l]}); err != nil {
					return err
				}
				delete(nodeRows, l)
			}
		}
		cleanImportProps(r.Shape.Type, r.Props.m, false, false)
		props, _ := toDriverProps(r.Props.m)
		relRows[r.Shape] = append(relRows[r.Shape], map[string]any{"from": r.From, "to": r.To, "props": props})
		if len(relRows[r.Shape]) >= size {
			b := importBatch{shape: r.Shape, rows: relRows[r.Shape]}
			relRows[r.Shape] = nil
			return flush(b)
		}
		return nil
	})
	for _, l := range importLabels {
		if err == nil {
			err = flush(importBatch{label: l, rows: nodeRows[l]})
		}
	}
	for _, sh := range importShapes {
		if err == nil {
			err = flush(importBatch{shape: sh, rows: relRows[sh]})
		}
	}
	return err
}

// importBatch is one UNWIND of nodes of a label (label set) or relationships of a shape.
type importBatch struct {
	label string
	// create: the label had no node when the file was checked, so its nodes are created, not
	// merged (a node of the label written meanwhile by someone else fails the batch on the
	// label's unique constraints: nothing is merged by mistake). Likewise for ARCHIMATE_RELATION
	// relationships when the graph held none.
	create bool
	shape  store.Endpoint
	rows   []map[string]any
}

func (b importBatch) String() string {
	if b.label != "" {
		return fmt.Sprintf("%d %s nodes", len(b.rows), b.label)
	}
	return fmt.Sprintf("%d %s relationships", len(b.rows), b.shape.Type)
}

func (b importBatch) run(ctx context.Context, tx neo4j.ManagedTransaction) error {
	cypher := importRels[b.shape]
	switch {
	case b.create && b.label == "":
		cypher = createRels[b.shape]
	case b.create:
		cypher = createNodes[b.label]
	case b.label != "":
		cypher = importNodes[b.label]
	}
	res, err := tx.Run(ctx, cypher, map[string]any{"rows": b.rows})
	if err != nil {
		return err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return err
	}
	if n := num(rec, "c"); int(n) != len(b.rows) {
		if b.label != "" {
			return &store.Error{Kind: store.KindConflict, Msg: fmt.Sprintf("%d of %d nodes already exist under another id", len(b.rows)-int(n), len(b.rows))}
		}
		return invalidf("wrote %d of %d relationships (an endpoint is missing)", n, len(b.rows))
	}
	return nil
}

// importComponents is the import's statement for components: like every node's, and a
// component that was there and whose values the file changes gets a new revision (the file's
// own revision is a value of the graph it came from, not a change here, and inferredFrom is
// inference's bookkeeping, recomputed after the write), so that an edit form opened before the
// import is refused with CONFLICT instead of overwriting it.
const importComponents = `UNWIND $rows AS row
OPTIONAL MATCH (o:Component {code: row.code})
WITH row, o {.*} AS old
MERGE (n:Component {code: row.code})
ON CREATE SET n.id = row.id
WITH n, row, old WHERE n.id = row.id
SET n += row.props
SET n.revision = CASE
  WHEN old IS NULL THEN n.revision
  WHEN any(k IN keys(row.props) WHERE NOT k IN ['revision', 'lockedBy', 'inferredFrom'] AND NOT coalesce(old[k] = row.props[k], old[k] IS NULL AND row.props[k] IS NULL))
    THEN coalesce(old.revision, 0) + 1
  ELSE old.revision END
RETURN count(n) AS c`

// Import statements per label and shape, from the allow-lists. Nodes are merged on code and keep
// the file's id; a node whose stored id differs is not touched, and the count says so.
var importNodes, importRels, identityCheck = func() (map[string]string, map[store.Endpoint]string, map[string]string) {
	n, r, c := map[string]string{}, map[store.Endpoint]string{}, map[string]string{}
	for _, l := range append(append([]string{}, store.Labels...), store.ArchiMateLabels...) {
		n[l] = fmt.Sprintf(`UNWIND $rows AS row
MERGE (n:%s {code: row.code})
ON CREATE SET n.id = row.id
WITH n, row WHERE n.id = row.id
SET n += row.props
RETURN count(n) AS c`, l)
		if l == store.LabelComponent {
			n[l] = importComponents
		}
		c[l] = fmt.Sprintf(`UNWIND $rows AS row
OPTIONAL MATCH (a:%[1]s {code: row.code})
OPTIONAL MATCH (b:%[1]s {id: row.id})
WITH row, a, b WHERE (a IS NOT NULL AND a.id <> row.id) OR (b IS NOT NULL AND b.code <> row.code)
RETURN row.code AS code, row.id AS id, a.id AS storedId, b.code AS storedCode
LIMIT 20`, l)
	}
	for _, sh := range append(append([]store.Endpoint{}, store.Shapes...), store.ArchiMateShapes...) {
		key := ""
		if sh.Type == store.RelArchiMateRelation {
			// Several generic relationships may join the same two elements: one per id.
			key = " {id: row.props.id}"
		}
		r[sh] = fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:%s {id: row.from})
MATCH (b:%s {id: row.to})
MERGE (a)-[r:%s%s]->(b)
SET r += row.props
RETURN count(r) AS c`, sh.From, sh.To, sh.Type, key)
	}
	// Records (measurements): by id; a measurement of the graph with the file's key under
	// another id is refused by identityCheck (one value per indicator, agency and period).
	for _, sh := range store.RecordShapes {
		r[sh] = fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:%s {id: row.from})
MATCH (b:%s {id: row.to})
MERGE (a)-[r:%s]->(b)
SET r += row.props
RETURN count(r) AS c`, sh.From, sh.To, sh.Type)
	}
	// History and records: nodes by id; a closed relationship by its end day (the same two
	// components may have been joined and parted more than once), HAS_VERSION once per pair.
	for _, l := range store.RecordLabels {
		c[l] = fmt.Sprintf(`UNWIND $rows AS row
WITH row, split(row.code, '|') AS k
OPTIONAL MATCH (a:%[1]s {indicator: k[0], agencyId: k[1], period: k[2]})
OPTIONAL MATCH (b:%[1]s {id: row.id})
WITH row, a, b, b.indicator + '|' + b.agencyId + '|' + b.period AS bk
WHERE (a IS NOT NULL AND a.id <> row.id) OR (b IS NOT NULL AND bk <> row.code)
RETURN row.code AS code, row.id AS id, a.id AS storedId, bk AS storedCode
LIMIT 20`, l)
	}
	for _, l := range append(append([]string{}, store.HistoryLabels...), store.RecordLabels...) {
		n[l] = fmt.Sprintf(`UNWIND $rows AS row
MERGE (n:%s {id: row.id})
SET n += row.props
RETURN count(n) AS c`, l)
	}
	for _, sh := range store.HistoryShapes {
		key := " {validTo: row.props.validTo}"
		if sh.Type == store.RelHasVersion {
			key = ""
		}
		r[sh] = fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:%s {id: row.from})
MATCH (b:%s {id: row.to})
MERGE (a)-[r:%s%s]->(b)
SET r += row.props
RETURN count(r) AS c`, sh.From, sh.To, sh.Type, key)
	}
	return n, r, c
}()

// createNodes are the statements of importBatch.create: the label's nodes as the file gives
// them.
var createNodes = func() map[string]string {
	m := map[string]string{}
	for _, l := range append(append([]string{}, store.Labels...), store.ArchiMateLabels...) {
		m[l] = fmt.Sprintf(`UNWIND $rows AS row
CREATE (n:%s)
SET n = row.props, n.code = row.code, n.id = row.id
RETURN count(n) AS c`, l)
	}
	return m
}()

// createRels are the statements of importBatch.create for ARCHIMATE_RELATION shapes.
var createRels = func() map[store.Endpoint]string {
	m := map[store.Endpoint]string{}
	for _, sh := range store.ArchiMateShapes {
		if sh.Type == store.RelArchiMateRelation {
			m[sh] = fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:%s {id: row.from})
MATCH (b:%s {id: row.to})
CREATE (a)-[r:%s]->(b)
SET r = row.props
RETURN count(r) AS c`, sh.From, sh.To, sh.Type)
		}
	}
	return m
}()

// importLabels and importShapes are the order in which an import writes: the metamodel, then
// its history, then the records beside it (measurements).
var (
	importLabels = append(append(append(append([]string{}, store.Labels...), store.ArchiMateLabels...), store.HistoryLabels...), store.RecordLabels...)
	importShapes = append(append(append(append([]store.Endpoint{}, store.Shapes...), store.ArchiMateShapes...), store.HistoryShapes...), store.RecordShapes...)
)

// checkIdentities finds nodes of the graph that hold a code of the file under another id, or an
// id of the file under another code: writing them would merge two different nodes.
//
// It adds to fresh the labels of the metamodel the graph holds no node of.
func (s *Store) checkIdentities(ctx context.Context, ids map[string]nodeKey, p *problems, fresh map[string]bool) error {
	byLabel := map[string][]map[string]any{}
	for id, k := range ids {
		byLabel[k.label] = append(byLabel[k.label], map[string]any{"code": k.code, "id": id})
	}
	for _, l := range append(append(append([]string{}, store.Labels...), store.ArchiMateLabels...), store.RecordLabels...) {
		rows := byLabel[l]
		if len(rows) == 0 {
			continue
		}
		// A label the graph holds no node of cannot clash (the count is Neo4j's count store, not
		// a scan): a first import of a model (10,000 elements and 15,000 relationships kept as
		// nodes) is checked only against the components the graph holds.
		stored, err := read(ctx, s, "import: check identities", func(tx neo4j.ManagedTransaction) (int64, error) {
			res, err := tx.Run(ctx, countLabel[l], nil)
			if err != nil {
				return 0, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return 0, err
			}
			return num(rec, "c"), nil
		})
		if err != nil {
			return err
		}
		if stored == 0 {
			if !isRecordLabel(l) {
				fresh[l] = true
			}
			continue
		}
		sort.Slice(rows, func(i, j int) bool { return rows[i]["code"].(string) < rows[j]["code"].(string) })
		for len(rows) > 0 {
			n := min(len(rows), 10000)
			chunk := rows[:n]
			rows = rows[n:]
			_, err := read(ctx, s, "import: check identities", func(tx neo4j.ManagedTransaction) (struct{}, error) {
				res, err := tx.Run(ctx, identityCheck[l], map[string]any{"rows": chunk})
				if err != nil {
					return struct{}{}, err
				}
				for res.Next(ctx) {
					rec := res.Record()
					if sid := str(rec, "storedId"); sid != "" && sid != str(rec, "id") {
						p.add("%s %s: the graph holds it with id %s, the file says %s", l, str(rec, "code"), sid, str(rec, "id"))
					} else {
						p.add("%s %s: its id %s belongs to %s %s in the graph", l, str(rec, "code"), str(rec, "id"), l, str(rec, "storedCode"))
					}
				}
				return struct{}{}, res.Err()
			})
			if err != nil {
				return err
			}
			if len(p.Problems) >= maxProblems {
				return nil
			}
		}
	}
	return nil
}

// countLabel counts the nodes of a label (from the count store).
var countLabel = func() map[string]string {
	m := map[string]string{}
	for _, l := range append(append(append([]string{}, store.Labels...), store.ArchiMateLabels...), store.RecordLabels...) {
		m[l] = fmt.Sprintf("MATCH (n:%s) RETURN count(n) AS c", l)
	}
	return m
}()

// existingIDs finds nodes of a label by id, per label of the metamodel.
var existingIDs = func() map[string]string {
	m := map[string]string{}
	for _, l := range append(append([]string{}, store.Labels...), store.ArchiMateLabels...) {
		m[l] = fmt.Sprintf("UNWIND $ids AS id MATCH (n:%s {id: id}) RETURN n.id AS id", l)
	}
	return m
}()

// checkExternal checks that the graph holds the nodes, outside the file, that relationships of
// the file lead to (RelRecord.InGraph).
func (s *Store) checkExternal(ctx context.Context, external map[string]map[string]string, p *problems) error {
	for _, l := range sortedLabels(external) {
		want := external[l]
		ids := make([]string, 0, len(want))
		for id := range want {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		found, err := read(ctx, s, "import: check graph nodes", func(tx neo4j.ManagedTransaction) (map[string]bool, error) {
			res, err := tx.Run(ctx, existingIDs[l], map[string]any{"ids": ids})
			if err != nil {
				return nil, err
			}
			out := map[string]bool{}
			for res.Next(ctx) {
				out[str(res.Record(), "id")] = true
			}
			return out, res.Err()
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			if !found[id] {
				p.add("%s: the %s %s is neither in the file nor in the graph", want[id], l, id)
			}
		}
	}
	return nil
}

func sortedLabels(m map[string]map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// checkArchiMateRelations checks the file's ARCHIMATE_RELATION ids against the graph: a stored
// one with the same id between other ends, or a relationship node with that id (the same
// ArchiMate relationship kept in the other form), would make two of one relationship; and the
// file's relationship nodes against the stored ARCHIMATE_RELATIONs likewise. When the graph
// holds no ARCHIMATE_RELATION (the count store says so), it adds RelArchiMateRelation to fresh:
// they are created, not merged.
func (s *Store) checkArchiMateRelations(ctx context.Context, c *importChecker, fresh map[string]bool) error {
	var nodeIDs []string
	for id, k := range c.ids {
		if k.label == store.LabelArchiMateRelationship {
			nodeIDs = append(nodeIDs, id)
		}
	}
	sort.Strings(nodeIDs)
	rows := make([]map[string]any, 0, len(c.relIDs))
	for id, e := range c.relIDs {
		rows = append(rows, map[string]any{"id": id, "from": e.from, "to": e.to})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i]["id"].(string) < rows[j]["id"].(string) })
	stored, err := read(ctx, s, "import: check ArchiMate relationships", func(tx neo4j.ManagedTransaction) (int64, error) {
		res, err := tx.Run(ctx, cypherCountArchiMateRelations, nil)
		if err != nil {
			return 0, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return 0, err
		}
		return num(rec, "c"), nil
	})
	if err != nil {
		return err
	}
	if stored == 0 {
		fresh[store.RelArchiMateRelation] = true
	}
	if stored == 0 && (len(rows) == 0 || fresh[store.LabelArchiMateRelationship]) {
		return nil
	}
	_, err = read(ctx, s, "import: check ArchiMate relationships", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		for len(rows) > 0 {
			n := min(len(rows), 10000)
			res, err := tx.Run(ctx, cypherCheckArchiMateRelations, map[string]any{"rows": rows[:n], "stored": stored > 0})
			if err != nil {
				return struct{}{}, err
			}
			for res.Next(ctx) {
				rec := res.Record()
				if str(rec, "node") != "" {
					c.p.add("%s %s: the graph holds it as an %s node", store.RelArchiMateRelation, str(rec, "node"), store.LabelArchiMateRelationship)
				} else {
					c.p.add("%s %s: the graph holds it from %s to %s, the file from %s to %s", store.RelArchiMateRelation, str(rec, "code"),
						str(rec, "a"), str(rec, "b"), c.ids[str(rec, "from")].code, c.ids[str(rec, "to")].code)
				}
			}
			if err := res.Err(); err != nil {
				return struct{}{}, err
			}
			rows = rows[n:]
		}
		if stored == 0 || len(nodeIDs) == 0 {
			return struct{}{}, nil
		}
		res, err := tx.Run(ctx, cypherCheckArchiMateRelationNodes, map[string]any{"ids": nodeIDs})
		if err != nil {
			return struct{}{}, err
		}
		for res.Next(ctx) {
			c.p.add("%s %s: the graph holds it as an %s relationship", store.LabelArchiMateRelationship, c.ids[str(res.Record(), "id")].code, store.RelArchiMateRelation)
		}
		return struct{}{}, res.Err()
	})
	return err
}

const (
	cypherCountArchiMateRelations = "MATCH ()-[r:" + store.RelArchiMateRelation + "]->() RETURN count(r) AS c"
	cypherCheckArchiMateRelations = `UNWIND $rows AS row
OPTIONAL MATCH (n:` + store.LabelArchiMateRelationship + ` {id: row.id})
OPTIONAL MATCH (a)-[r:` + store.RelArchiMateRelation + ` {id: row.id}]->(b) WHERE $stored
WITH row, n, a, b, r WHERE n IS NOT NULL OR (r IS NOT NULL AND (a.id <> row.from OR b.id <> row.to))
RETURN row.id AS id, row.from AS from, row.to AS to, n.code AS node, r.code AS code, a.code AS a, b.code AS b
LIMIT 20`
	cypherCheckArchiMateRelationNodes = `UNWIND $ids AS id
MATCH ()-[r:` + store.RelArchiMateRelation + ` {id: id}]->()
RETURN id LIMIT 20`
)
