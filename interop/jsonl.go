package interop

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
)

// The backup is JSON lines: a header line, one line per node, one per relationship (all nodes
// first), and a trailer line with the counts, so that a truncated file is refused:
//
//	{"archgraph":"backup","version":1}
//	{"label":"Component","props":{"code":"NDXP","id":"…","name":"…",…}}
//	{"type":"DEPENDS_ON","from":"<id>","fromLabel":"Component","to":"<id>","toLabel":"Component","props":{…}}
//	{"end":true,"nodes":123,"relationships":456}
//
// Property values are JSON strings, booleans and numbers (floats always carry a fraction or an
// exponent), arrays of those, and {"$date":"2026-01-31"}, {"$datetime":"…"},
// {"$localdatetime":"…"}, {"$duration":"…"} or {"$float":"NaN"} for what JSON lacks.
const (
	BackupFormat  = "backup"
	BackupVersion = 1
)

// BackupWriter writes a backup as it is handed records; it holds one line at a time.
type BackupWriter struct {
	w           *bufio.Writer
	buf         []byte
	nodes, rels int64
	inRels      bool
}

// NewBackupWriter writes the header line.
func NewBackupWriter(w io.Writer) (*BackupWriter, error) {
	bw := &BackupWriter{w: bufio.NewWriterSize(w, 1<<20)}
	_, err := fmt.Fprintf(bw.w, "{\"archgraph\":%q,\"version\":%d}\n", BackupFormat, BackupVersion)
	return bw, err
}

// Node writes one node line.
func (bw *BackupWriter) Node(n bulk.NodeRecord) error {
	if bw.inRels {
		return errors.New("backup: a node after the relationships")
	}
	b := append(bw.buf[:0], `{"label":`...)
	b = appendJSONString(b, n.Label)
	b = append(b, `,"props":`...)
	b, err := appendPropsJSON(b, n.Props)
	if err != nil {
		return fmt.Errorf("backup: %s %s: %w", n.Label, n.Code(), err)
	}
	bw.buf = append(b, '}', '\n')
	bw.nodes++
	_, err = bw.w.Write(bw.buf)
	return err
}

// Rel writes one relationship line.
func (bw *BackupWriter) Rel(r bulk.RelRecord) error {
	bw.inRels = true
	b := append(bw.buf[:0], `{"type":`...)
	b = appendJSONString(b, r.Shape.Type)
	b = append(b, `,"from":`...)
	b = appendJSONString(b, r.From)
	b = append(b, `,"fromLabel":`...)
	b = appendJSONString(b, r.Shape.From)
	b = append(b, `,"to":`...)
	b = appendJSONString(b, r.To)
	b = append(b, `,"toLabel":`...)
	b = appendJSONString(b, r.Shape.To)
	b = append(b, `,"props":`...)
	b, err := appendPropsJSON(b, r.Props)
	if err != nil {
		return fmt.Errorf("backup: %s %s->%s: %w", r.Shape.Type, r.From, r.To, err)
	}
	bw.buf = append(b, '}', '\n')
	bw.rels++
	_, err = bw.w.Write(bw.buf)
	return err
}

// Close writes the trailer and flushes; it does not close the underlying writer.
func (bw *BackupWriter) Close() error {
	if _, err := fmt.Fprintf(bw.w, "{\"end\":true,\"nodes\":%d,\"relationships\":%d}\n", bw.nodes, bw.rels); err != nil {
		return err
	}
	return bw.w.Flush()
}

// backupLine is every key a line may have; which ones are set says what the line is.
type backupLine struct {
	Archgraph *string        `json:"archgraph"`
	Version   *int           `json:"version"`
	Label     *string        `json:"label"`
	Type      *string        `json:"type"`
	From      *string        `json:"from"`
	FromLabel *string        `json:"fromLabel"`
	To        *string        `json:"to"`
	ToLabel   *string        `json:"toLabel"`
	Props     map[string]any `json:"props"`
	End       *bool          `json:"end"`
	Nodes     *int64         `json:"nodes"`
	Rels      *int64         `json:"relationships"`
}

// ReadBackup decodes a backup from r, handing each node and relationship to the callbacks. name
// is the file's name for messages ("backup.jsonl:12: …"). It checks the header, that every line
// is a node, a relationship or the trailer with strictly the keys of its kind, that nodes come
// before relationships, and that the trailer is there and counts what came before it; the
// endpoints and the metamodel are store.Import's to check.
func ReadBackup(r io.Reader, name string, node func(bulk.NodeRecord) error, rel func(bulk.RelRecord) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	br := backupReader{node: node, rel: rel}
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := sc.Bytes()
		where := fmt.Sprintf("%s:%d", name, lineNo)
		if len(bytes.TrimSpace(line)) == 0 {
			return fmt.Errorf("%s: empty line", where)
		}
		if br.ended {
			return fmt.Errorf("%s: a line after the trailer", where)
		}
		l, err := decodeBackupLine(line, where)
		if err != nil {
			return err
		}
		if lineNo == 1 {
			err = backupHeader(l, where)
		} else {
			err = br.line(l, where)
		}
		if err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("%s:%d: line longer than 64 MiB", name, lineNo+1)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	if lineNo == 0 {
		return fmt.Errorf("%s: empty file", name)
	}
	if !br.ended {
		return fmt.Errorf("%s:%d: the file ends without its trailer line: it is truncated", name, lineNo)
	}
	return nil
}

// decodeBackupLine decodes one line: one JSON object with only the keys of backupLine.
func decodeBackupLine(line []byte, where string) (backupLine, error) {
	var l backupLine
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return l, fmt.Errorf("%s: %v (%s)", where, jsonErr(err), excerpt(line))
	}
	if dec.More() {
		return l, fmt.Errorf("%s: more than one JSON value on the line", where)
	}
	return l, nil
}

// backupHeader checks the first line: the format's name and a version this archgraph reads.
func backupHeader(l backupLine, where string) error {
	if l.Archgraph == nil || *l.Archgraph != BackupFormat || l.Version == nil || l.Label != nil || l.Type != nil || l.End != nil {
		return fmt.Errorf("%s: not an archgraph backup: the first line must be {\"archgraph\":\"backup\",\"version\":1}", where)
	}
	if *l.Version != BackupVersion {
		return fmt.Errorf("%s: backup version %d; this archgraph reads version %d", where, *l.Version, BackupVersion)
	}
	return nil
}

// backupReader is ReadBackup's state after the header: the callbacks, what was read so far,
// and whether the trailer was.
type backupReader struct {
	node        func(bulk.NodeRecord) error
	rel         func(bulk.RelRecord) error
	nodes, rels int64
	ended       bool
}

// line handles a line after the header: a node, a relationship or the trailer.
func (br *backupReader) line(l backupLine, where string) error {
	switch {
	case l.Label != nil:
		return br.nodeLine(l, where)
	case l.Type != nil:
		return br.relLine(l, where)
	case l.End != nil:
		return br.trailer(l, where)
	}
	return fmt.Errorf("%s: neither a node (\"label\"), a relationship (\"type\") nor the trailer (\"end\")", where)
}

func (br *backupReader) nodeLine(l backupLine, where string) error {
	if l.Type != nil || l.From != nil || l.To != nil || l.FromLabel != nil || l.ToLabel != nil || l.End != nil || l.Archgraph != nil || l.Nodes != nil || l.Rels != nil {
		return fmt.Errorf("%s: a node line has only \"label\" and \"props\"", where)
	}
	if br.rels > 0 {
		return fmt.Errorf("%s: a node after the relationships (nodes come first)", where)
	}
	props, err := decodeJSONProps(l.Props)
	if err != nil {
		return fmt.Errorf("%s: %s node: %w", where, *l.Label, err)
	}
	br.nodes++
	return br.node(bulk.NodeRecord{Label: *l.Label, Props: props, Where: where})
}

func (br *backupReader) relLine(l backupLine, where string) error {
	if l.From == nil || l.To == nil || l.FromLabel == nil || l.ToLabel == nil || l.End != nil || l.Archgraph != nil || l.Nodes != nil || l.Rels != nil {
		return fmt.Errorf("%s: a relationship line has \"type\", \"from\", \"fromLabel\", \"to\", \"toLabel\" and \"props\"", where)
	}
	props, err := decodeJSONProps(l.Props)
	if err != nil {
		return fmt.Errorf("%s: %s relationship: %w", where, *l.Type, err)
	}
	br.rels++
	return br.rel(bulk.RelRecord{Shape: store.Endpoint{From: *l.FromLabel, Type: *l.Type, To: *l.ToLabel},
		From: *l.From, To: *l.To, Props: props, Where: where})
}

// trailer checks the last line: it counts the nodes and relationships that came before it.
func (br *backupReader) trailer(l backupLine, where string) error {
	if !*l.End || l.Nodes == nil || l.Rels == nil || l.Props != nil || l.Archgraph != nil {
		return fmt.Errorf("%s: the trailer is {\"end\":true,\"nodes\":N,\"relationships\":M}", where)
	}
	if *l.Nodes != br.nodes || *l.Rels != br.rels {
		return fmt.Errorf("%s: the trailer counts %d nodes and %d relationships, the file holds %d and %d",
			where, *l.Nodes, *l.Rels, br.nodes, br.rels)
	}
	br.ended = true
	return nil
}

func jsonErr(err error) string {
	var se *json.SyntaxError
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "invalid JSON: the line ends inside a value"
	}
	if errors.As(err, &se) {
		return fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, err)
	}
	return err.Error()
}
