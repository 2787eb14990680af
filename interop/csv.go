package interop

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/textpolicy"
)

// InventoryColumns is the header of an agency inventory CSV, in the order an export writes it.
// An import takes the columns in any order; code, name, kind, scope, status and layer are
// required, the others may be left out (a left-out column is as if every cell were empty).
var InventoryColumns = []string{"code", "name", "nameEn", "kind", "scope", "status", "layer", "group",
	"dueYear", "exposesApi", "realizes", "dependsOn", "provides", "source"}

// DescriptionColumn is the optional column of a component's description (free text, several
// lines, at most 4000 characters; the duplication matcher reads it). An export writes it, last,
// only when a component of the file has a description, so that the files of agencies that record
// none keep their columns.
const DescriptionColumn = "description"

// MaxCSVBytes bounds an inventory file, and MaxCellBytes one cell of it: a larger cell is
// refused with its line and column before anything reaches Neo4j.
const (
	MaxCSVBytes  = 64 << 20
	MaxCellBytes = 64 << 10
)

var requiredColumns = map[string]bool{"code": true, "name": true, "kind": true, "scope": true, "status": true, "layer": true}

// ListSeparator separates the codes of a list cell (realizes, dependsOn, provides).
const ListSeparator = ";"

// CSVError lists every problem of an inventory file; nothing is written when there is one.
type CSVError struct {
	Problems []string
	More     int
	// Located are the same problems with their line and column, the text without its location
	// (up to bulk.MaxLocated), for a form that shows each one where it is.
	Located []bulk.Problem
}

func (e *CSVError) Error() string {
	s := strings.Join(e.Problems, "\n  ")
	if e.More > 0 {
		s += fmt.Sprintf("\n  … and %d more", e.More)
	}
	if len(e.Problems) == 1 && e.More == 0 {
		return "csv: " + s
	}
	return fmt.Sprintf("csv: %d problems, nothing written:\n  %s", len(e.Problems)+e.More, s)
}

// Unwrap makes a CSVError an ErrInvalid.
func (e *CSVError) Unwrap() error { return store.ErrInvalid }

func (e *CSVError) add(format string, args ...any) {
	if len(e.Problems) < maxProblems {
		e.Problems = append(e.Problems, fmt.Sprintf(format, args...))
	} else {
		e.More++
	}
}

const maxProblems = 20

// locate keeps a problem's location (l) and text without it.
func (e *CSVError) locate(l loc, msg string) {
	if len(e.Located) < bulk.MaxLocated {
		e.Located = append(e.Located, bulk.Problem{Line: l.line, Column: l.col, Field: l.field, Message: msg})
	}
}

// loc is where a problem of an inventory file is: line, column number (0: not one column's)
// and the column's name ("" when unknown).
type loc struct {
	line, col int
	field     string
}

// add adds a problem at l: its text is "FILE:LINE, column N (NAME): …" (fewer parts when the
// location has fewer), and it is located.
func (d *inventoryDecoder) add(l loc, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	where := fmt.Sprintf("%s:%d", d.name, l.line)
	switch {
	case l.col != 0 && l.field != "":
		where += fmt.Sprintf(", column %d (%s)", l.col, l.field)
	case l.col != 0:
		where += fmt.Sprintf(", column %d", l.col)
	}
	d.e.add("%s: %s", where, msg)
	d.e.locate(l, msg)
}

var (
	kinds    = enumSet(model.AllComponentKind)
	scopes   = enumSet(model.AllScope)
	statuses = enumSet(model.AllStatus)
)

func enumSet[T ~string](xs []T) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[string(x)] = true
	}
	return m
}

func enumList[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// readCSVFile reads a CSV file of at most MaxCSVBytes, without a UTF-8 byte-order mark, and
// refuses one that is not UTF-8, naming the line; shared by every CSV format.
func readCSVFile(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxCSVBytes+1))
	if err != nil {
		return nil, fmt.Errorf("csv: %s: %w", name, err)
	}
	if len(data) > MaxCSVBytes {
		return nil, &CSVError{Problems: []string{fmt.Sprintf("%s: the file is larger than %d MiB; split it", name, MaxCSVBytes>>20)}}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalidUTF8(data)], []byte("\n"))
		return nil, &CSVError{Problems: []string{fmt.Sprintf("%s:%d: not UTF-8 (save the file as UTF-8)", name, line)}}
	}
	return data, nil
}

// DecodeInventory reads an agency inventory CSV (UTF-8, with or without a byte-order mark) and
// validates every row before returning any: the header (known columns, each once, the required
// ones present), the field count of each row, required cells, enums, integers and booleans,
// codes without spaces or separators, no code twice, no component depending on itself, no
// code twice in a list. Every text is normalised to NFC. Problems name the file, line, column
// number and column name; references to the graph are store.ImportInventory's to check.
func DecodeInventory(r io.Reader, name string) ([]bulk.InventoryItem, error) {
	items, err := DecodeInventoryAll(r, name)
	if err != nil {
		return nil, err
	}
	return items, nil
}

// DecodeInventoryAll is DecodeInventory that also returns, with its *CSVError, the rows it
// could read (those with problems too), so that a dry run can check their references against
// the graph and report every problem of the file at once. Only DecodeInventory's items may be
// written.
func DecodeInventoryAll(r io.Reader, name string) ([]bulk.InventoryItem, error) {
	data, err := readCSVFile(r, name)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.ReuseRecord = true
	d := &inventoryDecoder{name: name, cr: cr, firstLine: map[string]int{}}
	if err := d.header(); err != nil {
		return nil, err
	}
	var items []bulk.InventoryItem
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			d.e.add("%s: %s", name, csvErr(err))
			d.e.locate(csvLoc(err), csvMsg(err))
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				continue
			}
			break
		}
		if d.oversize(rec) {
			continue
		}
		items = append(items, d.row(rec))
	}
	if len(d.e.Problems) > 0 {
		return items, &d.e
	}
	if len(items) == 0 {
		return nil, &CSVError{Problems: []string{fmt.Sprintf("%s: no rows after the header", name)}}
	}
	return items, nil
}

// inventoryDecoder is DecodeInventory's state: the reader, the columns found in the header,
// the problems so far and the line each code was first seen on.
type inventoryDecoder struct {
	name      string
	cr        *csv.Reader
	col       map[string]int // column name -> 1-based index; 0 = absent
	e         CSVError
	firstLine map[string]int
	rec       []string // the row being read
}

// header reads the header line: known columns, each once, the required ones present.
func (d *inventoryDecoder) header() error {
	header, err := d.cr.Read()
	if errors.Is(err, io.EOF) {
		return &CSVError{Problems: []string{fmt.Sprintf("%s: empty file (the first line is the header: %s)", d.name, strings.Join(InventoryColumns, ","))}}
	}
	if err != nil {
		return &CSVError{Problems: []string{fmt.Sprintf("%s: %s", d.name, csvErr(err))}}
	}
	d.col = map[string]int{}
	known := map[string]bool{}
	for _, c := range InventoryColumns {
		known[c] = true
	}
	known[DescriptionColumn] = true
	for i, h := range header {
		h = strings.TrimSpace(norm.NFC.String(h))
		switch {
		case !known[h]:
			d.add(loc{line: 1, col: i + 1}, "unknown column %q (the columns are %s)", h, strings.Join(append(append([]string{}, InventoryColumns...), DescriptionColumn), ", "))
		case d.col[h] != 0:
			d.add(loc{line: 1, col: i + 1}, "column %q appears twice", h)
		default:
			d.col[h] = i + 1
		}
	}
	for _, c := range InventoryColumns {
		if requiredColumns[c] && d.col[c] == 0 {
			d.add(loc{line: 1, field: c}, "the header lacks the required column %q", c)
		}
	}
	if len(d.e.Problems) > 0 {
		return &d.e
	}
	return nil
}

// oversize reports (as problems) the cells of rec longer than MaxCellBytes.
func (d *inventoryDecoder) oversize(rec []string) bool {
	over := false
	for i, v := range rec {
		if len(v) > MaxCellBytes {
			l, _ := d.cr.FieldPos(i)
			d.add(loc{line: l, col: i + 1}, "the cell is %d bytes long, at most %d", len(v), MaxCellBytes)
			over = true
		}
	}
	return over
}

// cell returns a column's value of the current row by the input-text policy (one line, no
// control characters, NFC, trimmed, a leading spreadsheet apostrophe removed) and where it is;
// a refused value is a problem of the row, which is then not written, and reads as its raw
// text so that the checks after it do not report it a second time.
func (d *inventoryDecoder) cell(c string) (string, loc) {
	i := d.col[c]
	if i == 0 {
		return "", loc{}
	}
	l, _ := d.cr.FieldPos(i - 1)
	where := loc{line: l, col: i, field: c}
	if strings.TrimSpace(d.rec[i-1]) == "" {
		return "", where
	}
	v, err := textpolicy.Clean(c, unescapeFormula(d.rec[i-1]), textpolicy.Rule{Empty: true})
	if err != nil {
		d.add(where, "%v", err)
		return d.rec[i-1], where
	}
	return v, where
}

// row reads and checks one row; its problems are added to d.e.
func (d *inventoryDecoder) row(rec []string) bulk.InventoryItem {
	d.rec = rec
	line, _ := d.cr.FieldPos(0)
	it := bulk.InventoryItem{Line: line, Columns: d.col}
	d.names(&it)
	d.enums(&it)
	d.placement(&it)
	d.optional(&it)
	d.lists(&it)
	var where loc
	it.Source, where = d.cell("source")
	// A source cites where the component is described (a decision, a plan, its article and
	// clause): the framework's are up to ~420 characters, and an agency's template
	// (inventoryCsv) must upload again as it was downloaded: a description's bound (one line).
	if n := utf8.RuneCountInString(it.Source); n > textpolicy.Description.Max {
		d.add(where, "source is too long (%d characters, at most %d)", n, textpolicy.Description.Max)
	}
	return it
}

// names: the code (required, valid, not seen before), the name (required) and nameEn.
func (d *inventoryDecoder) names(it *bulk.InventoryItem) {
	var where loc
	it.Code, where = d.cell("code")
	switch {
	case it.Code == "":
		d.add(where, "a component needs a code")
	case !validCode(it.Code):
		d.add(where, "code %q has a space, a %q or a control character", it.Code, ListSeparator)
	case d.firstLine[it.Code] != 0:
		d.add(where, "code %s already on line %d", it.Code, d.firstLine[it.Code])
	default:
		d.firstLine[it.Code] = it.Line
	}
	it.Name, where = d.cell("name")
	if it.Name == "" {
		d.add(where, "a component needs a name")
	} else if n := utf8.RuneCountInString(it.Name); n > textpolicy.Name.Max {
		d.add(where, "name is too long (%d characters, at most %d)", n, textpolicy.Name.Max)
	}
	it.NameEn, where = d.cell("nameEn")
	if n := utf8.RuneCountInString(it.NameEn); n > textpolicy.Name.Max {
		d.add(where, "nameEn is too long (%d characters, at most %d)", n, textpolicy.Name.Max)
	}
	d.description(it)
}

// description: free text (several lines, at most 4000 characters), the API's rule.
func (d *inventoryDecoder) description(it *bulk.InventoryItem) {
	if i := d.col[DescriptionColumn]; i != 0 && strings.TrimSpace(d.rec[i-1]) != "" {
		l, _ := d.cr.FieldPos(i - 1)
		v, err := textpolicy.Clean("description", unescapeFormula(d.rec[i-1]), textpolicy.Description)
		if err != nil {
			d.add(loc{line: l, col: i, field: DescriptionColumn}, "%v", err)
		} else {
			it.Description = v
		}
	}
}

// enums: kind, scope and status, each one of its values.
func (d *inventoryDecoder) enums(it *bulk.InventoryItem) {
	for _, f := range []struct {
		col  string
		dst  *string
		set  map[string]bool
		list string
	}{
		{"kind", &it.Kind, kinds, enumList(model.AllComponentKind)},
		{"scope", &it.Scope, scopes, enumList(model.AllScope)},
		{"status", &it.Status, statuses, enumList(model.AllStatus)},
	} {
		var where loc
		*f.dst, where = d.cell(f.col)
		if !f.set[*f.dst] {
			d.add(where, "%q is not one of %s", *f.dst, f.list)
		}
	}
}

// placement: the layer (required) and the group, both codes.
func (d *inventoryDecoder) placement(it *bulk.InventoryItem) {
	var where loc
	it.Layer, where = d.cell("layer")
	if it.Layer == "" {
		d.add(where, "a component needs a layer (L1..L4)")
	} else if !validCode(it.Layer) {
		d.add(where, "layer %q has a space, a %q or a control character", it.Layer, ListSeparator)
	}
	it.Group, where = d.cell("group")
	if it.Group != "" && !validCode(it.Group) {
		d.add(where, "group %q has a space, a %q or a control character", it.Group, ListSeparator)
	}
}

// optional: dueYear (a year) and exposesApi (true or false), each absent when empty.
func (d *inventoryDecoder) optional(it *bulk.InventoryItem) {
	if v, where := d.cell("dueYear"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1900 || n > 2200 {
			d.add(where, "%q is not a year (1900..2200)", v)
		} else {
			it.DueYear = &n
		}
	}
	if v, where := d.cell("exposesApi"); v != "" {
		switch v {
		case "true", "false":
			b := v == "true"
			it.ExposesAPI = &b
		default:
			d.add(where, "%q is not true or false", v)
		}
	}
}

// lists: realizes, dependsOn (not on itself) and provides, each a list of codes.
func (d *inventoryDecoder) lists(it *bulk.InventoryItem) {
	for _, f := range []struct {
		col string
		dst *[]string
	}{{"realizes", &it.Realizes}, {"dependsOn", &it.DependsOn}, {"provides", &it.Provides}} {
		v, where := d.cell(f.col)
		list, err := splitList(v)
		if err != nil {
			d.add(where, "%v", err)
		}
		*f.dst = list
		if f.col == "dependsOn" {
			for _, dep := range list {
				if dep == it.Code {
					d.add(where, "%s depends on itself", it.Code)
				}
			}
		}
	}
}

func splitList(v string) ([]string, error) {
	if v == "" {
		return []string{}, nil
	}
	parts := strings.Split(v, ListSeparator)
	out := make([]string, 0, len(parts))
	seen := map[string]bool{}
	for _, p := range parts {
		p = strings.TrimSpace(p)
		switch {
		case p == "":
			return out, fmt.Errorf("an empty code in %q (codes are separated by %q)", v, ListSeparator)
		case !validCode(p):
			return out, fmt.Errorf("code %q has a space or a control character", p)
		case seen[p]:
			return out, fmt.Errorf("code %s appears twice", p)
		}
		seen[p] = true
		out = append(out, p)
	}
	return out, nil
}

// validCode: codes have no spaces, separators or control characters.
func validCode(s string) bool {
	if len(s) > 200 {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == ';' || r == ',' || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// csvLoc and csvMsg are a reader error's location and text without it.
func csvLoc(err error) loc {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return loc{line: pe.StartLine}
		}
		return loc{line: pe.Line, col: pe.Column}
	}
	return loc{}
}

func csvMsg(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return "wrong number of fields (the header has a column for each)"
		}
		return pe.Err.Error()
	}
	return err.Error()
}

func csvErr(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return fmt.Sprintf("line %d: wrong number of fields (the header has a column for each)", pe.StartLine)
		}
		return fmt.Sprintf("line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return err.Error()
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// EncodeInventory writes items as an inventory CSV with the full header, in the shape
// DecodeInventory reads: lists sorted and joined by ";", empty cells for absent values.
func EncodeInventory(w io.Writer, items []bulk.InventoryItem) error {
	cw := csv.NewWriter(w)
	header := InventoryColumns
	withDescription := false
	for _, it := range items {
		withDescription = withDescription || it.Description != ""
	}
	if withDescription {
		header = append(append([]string{}, InventoryColumns...), DescriptionColumn)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, it := range items {
		due, api := "", ""
		if it.DueYear != nil {
			due = strconv.FormatInt(*it.DueYear, 10)
		}
		if it.ExposesAPI != nil {
			api = strconv.FormatBool(*it.ExposesAPI)
		}
		rec := []string{it.Code, it.Name, it.NameEn, it.Kind, it.Scope, it.Status, it.Layer, it.Group, due, api,
			strings.Join(it.Realizes, ListSeparator), strings.Join(it.DependsOn, ListSeparator),
			strings.Join(it.Provides, ListSeparator), it.Source}
		if withDescription {
			rec = append(rec, it.Description)
		}
		for i := range rec {
			rec[i] = escapeFormula(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// escapeFormula keeps a spreadsheet from running a cell as a formula (CSV injection): a cell
// that starts with =, +, -, @, a tab or a carriage return is written after an apostrophe, the
// spreadsheet convention for "this is text", which spreadsheets do not display. A cell that
// starts with an apostrophe gets one more, so that unescapeFormula gives back exactly the value.
func escapeFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r'", rune(s[0])) {
		return "'" + s
	}
	return s
}

// unescapeFormula undoes escapeFormula: a leading apostrophe is the spreadsheet's text marker,
// not part of the value.
func unescapeFormula(s string) string {
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	if strings.HasPrefix(t, "'") {
		return t[1:]
	}
	return s
}
