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
func DecodeInventory(r io.Reader, name string) ([]bulk.InventoryItem, error) { //nolint:gocyclo // one pass over a file format; to be split (issue 11) once the format work of issues 14 and 17 has landed
	data, err := readCSVFile(r, name)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &CSVError{Problems: []string{fmt.Sprintf("%s: empty file (the first line is the header: %s)", name, strings.Join(InventoryColumns, ","))}}
	}
	if err != nil {
		return nil, &CSVError{Problems: []string{fmt.Sprintf("%s: %s", name, csvErr(err))}}
	}
	var e CSVError
	col := map[string]int{}
	known := map[string]bool{}
	for _, c := range InventoryColumns {
		known[c] = true
	}
	known[DescriptionColumn] = true
	for i, h := range header {
		h = strings.TrimSpace(norm.NFC.String(h))
		switch {
		case !known[h]:
			e.add("%s:1, column %d: unknown column %q (the columns are %s)", name, i+1, h, strings.Join(append(append([]string{}, InventoryColumns...), DescriptionColumn), ", "))
		case col[h] != 0:
			e.add("%s:1, column %d: column %q appears twice", name, i+1, h)
		default:
			col[h] = i + 1 // 1-based, 0 = absent
		}
	}
	for _, c := range InventoryColumns {
		if requiredColumns[c] && col[c] == 0 {
			e.add("%s:1: the header lacks the required column %q", name, c)
		}
	}
	if len(e.Problems) > 0 {
		return nil, &e
	}
	var items []bulk.InventoryItem
	firstLine := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			e.add("%s: %s", name, csvErr(err))
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				continue
			}
			break
		}
		line, _ := cr.FieldPos(0)
		oversize := false
		for i, v := range rec {
			if len(v) > MaxCellBytes {
				l, _ := cr.FieldPos(i)
				e.add("%s:%d, column %d: the cell is %d bytes long, at most %d", name, l, i+1, len(v), MaxCellBytes)
				oversize = true
			}
		}
		if oversize {
			continue
		}
		// cell returns a column's value by the input-text policy (one line, no control
		// characters, NFC, trimmed, a leading spreadsheet apostrophe removed); a refused value is
		// a problem of the row, which is then not written, and reads as its raw text so that
		// the checks below do not report it a second time.
		cell := func(c string) (string, string) {
			i := col[c]
			if i == 0 {
				return "", ""
			}
			l, _ := cr.FieldPos(i - 1)
			where := fmt.Sprintf("%s:%d, column %d (%s)", name, l, i, c)
			if strings.TrimSpace(rec[i-1]) == "" {
				return "", where
			}
			v, err := textpolicy.Clean(c, unescapeFormula(rec[i-1]), textpolicy.Rule{Empty: true})
			if err != nil {
				e.add("%s: %v", where, err)
				return rec[i-1], where
			}
			return v, where
		}
		it := bulk.InventoryItem{Line: line}
		var where string
		it.Code, where = cell("code")
		switch {
		case it.Code == "":
			e.add("%s: a component needs a code", where)
		case !validCode(it.Code):
			e.add("%s: code %q has a space, a %q or a control character", where, it.Code, ListSeparator)
		case firstLine[it.Code] != 0:
			e.add("%s: code %s already on line %d", where, it.Code, firstLine[it.Code])
		default:
			firstLine[it.Code] = line
		}
		it.Name, where = cell("name")
		if it.Name == "" {
			e.add("%s: a component needs a name", where)
		} else if n := utf8.RuneCountInString(it.Name); n > textpolicy.Name.Max {
			e.add("%s: name is too long (%d characters, at most %d)", where, n, textpolicy.Name.Max)
		}
		it.NameEn, where = cell("nameEn")
		if n := utf8.RuneCountInString(it.NameEn); n > textpolicy.Name.Max {
			e.add("%s: nameEn is too long (%d characters, at most %d)", where, n, textpolicy.Name.Max)
		}
		// description: free text (several lines, at most 4000 characters), the API's rule.
		if i := col[DescriptionColumn]; i != 0 && strings.TrimSpace(rec[i-1]) != "" {
			l, _ := cr.FieldPos(i - 1)
			v, err := textpolicy.Clean("description", unescapeFormula(rec[i-1]), textpolicy.Description)
			if err != nil {
				e.add("%s:%d, column %d (description): %v", name, l, i, err)
			} else {
				it.Description = v
			}
		}
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
			*f.dst, where = cell(f.col)
			if !f.set[*f.dst] {
				e.add("%s: %q is not one of %s", where, *f.dst, f.list)
			}
		}
		it.Layer, where = cell("layer")
		if it.Layer == "" {
			e.add("%s: a component needs a layer (L1..L4)", where)
		} else if !validCode(it.Layer) {
			e.add("%s: layer %q has a space, a %q or a control character", where, it.Layer, ListSeparator)
		}
		it.Group, where = cell("group")
		if it.Group != "" && !validCode(it.Group) {
			e.add("%s: group %q has a space, a %q or a control character", where, it.Group, ListSeparator)
		}
		if v, where := cell("dueYear"); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 1900 || n > 2200 {
				e.add("%s: %q is not a year (1900..2200)", where, v)
			} else {
				it.DueYear = &n
			}
		}
		if v, where := cell("exposesApi"); v != "" {
			switch v {
			case "true", "false":
				b := v == "true"
				it.ExposesAPI = &b
			default:
				e.add("%s: %q is not true or false", where, v)
			}
		}
		for _, f := range []struct {
			col string
			dst *[]string
		}{{"realizes", &it.Realizes}, {"dependsOn", &it.DependsOn}, {"provides", &it.Provides}} {
			v, where := cell(f.col)
			list, err := splitList(v)
			if err != nil {
				e.add("%s: %v", where, err)
			}
			*f.dst = list
			if f.col == "dependsOn" {
				for _, d := range list {
					if d == it.Code {
						e.add("%s: %s depends on itself", where, it.Code)
					}
				}
			}
		}
		it.Source, where = cell("source")
		if n := utf8.RuneCountInString(it.Source); n > textpolicy.Label.Max {
			e.add("%s: source is too long (%d characters, at most %d)", where, n, textpolicy.Label.Max)
		}
		items = append(items, it)
	}
	if len(e.Problems) > 0 {
		return nil, &e
	}
	if len(items) == 0 {
		return nil, &CSVError{Problems: []string{fmt.Sprintf("%s: no rows after the header", name)}}
	}
	return items, nil
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
