// Package interop reads and writes archgraph's exchange formats: the Open Group ArchiMate Model
// Exchange File Format, an agency inventory CSV, and a JSON-lines backup of the whole graph.
// Everything here is a pure function of its input — no Cypher, no database: decoders validate
// strictly and name the place (line, column, element) of every problem; store/ writes.
package interop

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/archgraph/archgraph/store/bulk"
)

// appendJSONValue appends a property value in the backup's JSON: strings, booleans and
// integers as themselves, floats always with a fraction or exponent (so that 2.0 stays a
// float), non-finite floats as {"$float":"NaN"}, temporal values as {"$date":"…"} and the
// like, lists as arrays.
func appendJSONValue(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case string:
		return appendJSONString(b, x), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b = append(b, `{"$float":`...)
			return append(appendJSONString(b, formatFloat(x)), '}'), nil
		}
		return append(b, formatFloat(x)...), nil
	case bulk.Temporal:
		b = append(b, `{"$`...)
		b = append(b, x.Kind...)
		b = append(b, `":`...)
		return append(appendJSONString(b, x.Text), '}'), nil
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			if _, nested := e.([]any); nested {
				return nil, errors.New("nested lists are not properties")
			}
			var err error
			if b, err = appendJSONValue(b, e); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	}
	return nil, fmt.Errorf("values of type %T cannot be written", v)
}

// formatFloat writes a float so that it reads back as a float: always a '.', an exponent, or
// NaN/+Inf/-Inf.
func formatFloat(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "+Inf"
	case math.IsInf(x, -1):
		return "-Inf"
	}
	s := strconv.FormatFloat(x, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return s
}

// parseNumber reads an integer (no fraction, no exponent) as int64 and anything else as float64.
func parseNumber(s string) (any, error) {
	switch s {
	case "NaN":
		return math.NaN(), nil
	case "+Inf", "Inf":
		return math.Inf(1), nil
	case "-Inf":
		return math.Inf(-1), nil
	}
	if !strings.ContainsAny(s, ".eE") {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer of 64 bits", s)
		}
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return nil, fmt.Errorf("%q is not a number", s)
	}
	return f, nil
}

func appendPropsJSON(b []byte, props map[string]any) ([]byte, error) {
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		var err error
		if b, err = appendJSONValue(b, props[k]); err != nil {
			return nil, fmt.Errorf("property %q: %w", k, err)
		}
	}
	return append(b, '}'), nil
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as JSON. Invalid UTF-8 is an error upstream (properties are valid
// strings); here it becomes U+FFFD like encoding/json does.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// decodeJSONProps converts a props object decoded with UseNumber into property values.
func decodeJSONProps(raw map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(raw))
	for k, v := range raw {
		c, err := decodeJSONValue(v, true)
		if err != nil {
			return nil, fmt.Errorf("property %q: %w", k, err)
		}
		out[k] = c
	}
	return out, nil
}

var temporalKinds = map[string]bool{bulk.KindDate: true, bulk.KindDateTime: true, bulk.KindLocalDateTime: true, bulk.KindDuration: true}

func decodeJSONValue(v any, top bool) (any, error) {
	switch x := v.(type) {
	case string, bool:
		return x, nil
	case json.Number:
		return parseNumber(x.String())
	case []any:
		if !top {
			return nil, errors.New("nested lists are not properties")
		}
		out := make([]any, len(x))
		for i, e := range x {
			c, err := decodeJSONValue(e, false)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case map[string]any:
		if len(x) == 1 {
			for k, e := range x {
				s, ok := e.(string)
				if !ok {
					break
				}
				kind := strings.TrimPrefix(k, "$")
				switch {
				case kind == "float" && k == "$float":
					return parseNumber(s)
				case temporalKinds[kind] && k != kind:
					t := bulk.Temporal{Kind: kind, Text: s}
					if _, err := bulk.ParseTemporal(t); err != nil {
						return nil, err
					}
					return t, nil
				}
			}
		}
		return nil, errors.New(`an object is no property value (only {"$date": "…"} and the like)`)
	case nil:
		return nil, errors.New("null is no property value (leave the property out)")
	}
	return nil, fmt.Errorf("unexpected value %v", v)
}

// excerpt shortens a line for an error message.
func excerpt(line []byte) string {
	line = bytes.TrimSpace(line)
	if len(line) > 60 {
		return string(line[:57]) + "…"
	}
	return string(line)
}
