package interop

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/archgraph/archgraph/store"
)

// MeasurementColumns are the columns of a measurements CSV (any order; method optional,
// MANUAL when absent).
var MeasurementColumns = []string{"indicator", "agency", "period", "value", "unit", "source", "method"}

// DecodeMeasurements reads a measurements CSV (UTF-8, header line first) and checks every row
// (store.CheckMeasurement) before anything is written; each problem names the line and column.
// Agencies are checked when the rows are written (one transaction, all or none).
func DecodeMeasurements(r io.Reader, name string) ([]store.MeasurementInput, error) {
	data, err := readCSVFile(r, name)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &CSVError{Problems: []string{fmt.Sprintf("%s: empty file (the first line is the header: %s)", name, strings.Join(MeasurementColumns, ","))}}
	}
	if err != nil {
		return nil, &CSVError{Problems: []string{fmt.Sprintf("%s: %s", name, csvErr(err))}}
	}
	var e CSVError
	add := func(s string) {
		if len(e.Problems) < 50 {
			e.Problems = append(e.Problems, s)
		} else {
			e.More++
		}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(norm.NFC.String(h)))
		known := false
		for _, c := range MeasurementColumns {
			known = known || c == h
		}
		switch {
		case !known:
			add(fmt.Sprintf("%s:1: column %q is not one of %s", name, h, strings.Join(MeasurementColumns, ", ")))
		case col[h] != 0:
			add(fmt.Sprintf("%s:1: column %q twice", name, h))
		default:
			col[h] = i + 1
		}
	}
	for _, c := range MeasurementColumns[:6] {
		if col[c] == 0 {
			add(fmt.Sprintf("%s:1: column %q is required", name, c))
		}
	}
	if len(e.Problems) > 0 {
		return nil, &e
	}
	var out []store.MeasurementInput
	seen := map[string]int{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			add(fmt.Sprintf("%s: %s", name, csvErr(err)))
			break
		}
		get := func(c string) string {
			if i := col[c]; i > 0 && i <= len(rec) {
				return strings.TrimSpace(norm.NFC.String(rec[i-1]))
			}
			return ""
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(get("value"), ",", "."), 64)
		if err != nil {
			add(fmt.Sprintf("%s:%d: column value: %q is not a number", name, line, get("value")))
			continue
		}
		m := store.MeasurementInput{Indicator: get("indicator"), Agency: get("agency"), Period: get("period"), Value: v,
			Unit: get("unit"), Source: get("source"), Method: get("method")}
		if m.Method == "" {
			m.Method = "MANUAL"
		}
		if m.Agency == "" {
			add(fmt.Sprintf("%s:%d: column agency: empty", name, line))
			continue
		}
		if err := store.CheckMeasurement(m); err != nil {
			msg := err.Error()
			var se *store.Error
			if errors.As(err, &se) {
				msg = se.Msg // the problem itself, without the kind
			}
			add(fmt.Sprintf("%s:%d: %s", name, line, msg))
			continue
		}
		key := m.Indicator + "|" + m.Agency + "|" + m.Period
		if prev, dup := seen[key]; dup {
			add(fmt.Sprintf("%s:%d: %s of %s for %s is already on line %d", name, line, m.Indicator, m.Agency, m.Period, prev))
			continue
		}
		seen[key] = line
		out = append(out, m)
	}
	if len(e.Problems) > 0 {
		return nil, &e
	}
	if len(out) == 0 {
		return nil, &CSVError{Problems: []string{fmt.Sprintf("%s: no rows after the header", name)}}
	}
	return out, nil
}
