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
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/archgraph/archgraph/store/bulk"
)

// appendJSONValue appends a property value in the backup's JSON: strings, booleans and
// integers as themselves, floats always with a fraction or exponent (so that 2.0 stays a
// float), non-finite floats as {"$float":"NaN"}, temporal values as {"$date":"…"} and the
// like, lists as arrays.
func appendJSONValue(b []byte, v bulk.Value) ([]byte, error) {
	switch v.Kind() {
	case bulk.StringValue:
		s, _ := v.AsString()
		return appendJSONString(b, s), nil
	case bulk.BoolValue:
		x, _ := v.AsBool()
		return strconv.AppendBool(b, x), nil
	case bulk.IntValue:
		n, _ := v.AsInt()
		return strconv.AppendInt(b, n, 10), nil
	case bulk.FloatValue:
		x, _ := v.AsFloat()
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b = append(b, `{"$float":`...)
			return append(appendJSONString(b, formatFloat(x)), '}'), nil
		}
		return append(b, formatFloat(x)...), nil
	case bulk.TemporalValue:
		x, _ := v.AsTemporal()
		b = append(b, `{"$`...)
		b = append(b, x.Kind...)
		b = append(b, `":`...)
		return append(appendJSONString(b, x.Text), '}'), nil
	case bulk.ListValue:
		l, _ := v.AsList()
		b = append(b, '[')
		for i, e := range l {
			if i > 0 {
				b = append(b, ',')
			}
			if e.Kind() == bulk.ListValue {
				return nil, errors.New("nested lists are not properties")
			}
			var err error
			if b, err = appendJSONValue(b, e); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	}
	return nil, errors.New("values of type <nil> cannot be written")
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

func appendPropsJSON(b []byte, props bulk.Properties) ([]byte, error) {
	b = append(b, '{')
	for i, k := range props.Keys() {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		v, _ := props.Get(k)
		var err error
		if b, err = appendJSONValue(b, v); err != nil {
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
func decodeJSONProps(raw map[string]any) (bulk.Properties, error) {
	out := bulk.Props()
	for k, v := range raw {
		c, err := decodeJSONValue(v, true)
		if err != nil {
			return bulk.Properties{}, fmt.Errorf("property %q: %w", k, err)
		}
		out.Set(k, c)
	}
	return out, nil
}

var temporalKinds = map[string]bool{bulk.KindDate: true, bulk.KindDateTime: true, bulk.KindLocalDateTime: true, bulk.KindDuration: true}

// numberValue is parseNumber's result as a property value.
func numberValue(s string) (bulk.Value, error) {
	n, err := parseNumber(s)
	switch x := n.(type) {
	case int64:
		return bulk.Int(x), err
	case float64:
		return bulk.Float(x), err
	}
	return bulk.Null, err
}

func decodeJSONValue(v any, top bool) (bulk.Value, error) {
	switch x := v.(type) {
	case string:
		return bulk.Str(x), nil
	case bool:
		return bulk.Bool(x), nil
	case json.Number:
		return numberValue(x.String())
	case []any:
		if !top {
			return bulk.Null, errors.New("nested lists are not properties")
		}
		out := make([]bulk.Value, len(x))
		for i, e := range x {
			c, err := decodeJSONValue(e, false)
			if err != nil {
				return bulk.Null, err
			}
			out[i] = c
		}
		return bulk.List(out...), nil
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
					return numberValue(s)
				case temporalKinds[kind] && k != kind:
					t := bulk.Temporal{Kind: kind, Text: s}
					if _, err := bulk.ParseTemporal(t); err != nil {
						return bulk.Null, err
					}
					return bulk.Time(t), nil
				}
			}
		}
		return bulk.Null, errors.New(`an object is no property value (only {"$date": "…"} and the like)`)
	case nil:
		return bulk.Null, errors.New("null is no property value (leave the property out)")
	}
	return bulk.Null, fmt.Errorf("unexpected value %v", v)
}

// The ArchiMate mapper and writer work on a plain property map of their own (the values of
// parseProp: string, bool, int64, float64, bulk.Temporal, or a []any of those); records cross to
// the store as bulk.Properties, converted here in one place.

// toProperties converts the ArchiMate code's property map to a record's properties.
func toProperties(m map[string]any) bulk.Properties {
	out := bulk.Props()
	for k, v := range m {
		out.Set(k, toValue(v))
	}
	return out
}

func toValue(v any) bulk.Value {
	switch x := v.(type) {
	case string:
		return bulk.Str(x)
	case bool:
		return bulk.Bool(x)
	case int64:
		return bulk.Int(x)
	case int:
		return bulk.Int(int64(x))
	case float64:
		return bulk.Float(x)
	case bulk.Temporal:
		return bulk.Time(x)
	case []any:
		l := make([]bulk.Value, len(x))
		for i, e := range x {
			l[i] = toValue(e)
		}
		return bulk.List(l...)
	case nil:
		return bulk.Null
	}
	panic(fmt.Sprintf("interop: a property value of type %T", v)) // a programming error: parseProp makes no other
}

// plainProps is the inverse of toProperties: the record's own map, shared (see
// bulk.Properties.ReadOnlyMap), so nothing may change it.
func plainProps(p bulk.Properties) map[string]any {
	if m := p.ReadOnlyMap(); m != nil {
		return m
	}
	return map[string]any{}
}

// excerpt shortens a line for an error message.
func excerpt(line []byte) string {
	line = bytes.TrimSpace(line)
	if len(line) > 60 {
		return string(line[:57]) + "…"
	}
	return string(line)
}
