package bulk

import (
	"sort"
)

// Properties are the properties of a record that the loader writes or that the exchange formats
// carry: names with typed values (see Value). The exchange formats carry every property a node
// has, including ones no model type knows (another tool's ArchiMate properties, history), so a
// record's properties are a set rather than a struct; their values are typed, and the property
// map the driver needs is built here, inside the store.
//
// The zero Properties is empty and ready to use. A Properties shares its contents when copied
// (like a map): Clone makes an independent copy.
type Properties struct {
	m map[string]any // values in their driver-free form: nil, string, bool, int64, float64, Temporal, []any
}

// Props returns properties holding the given name/value pairs.
func Props(kv ...KV) Properties {
	p := Properties{m: make(map[string]any, len(kv))}
	for _, e := range kv {
		p.m[e.Key] = e.Value.v
	}
	return p
}

// KV is one property: a name and its value.
type KV struct {
	Key   string
	Value Value
}

// P is a property: P("name", Str("x")).
func P(key string, v Value) KV { return KV{key, v} }

// Set sets a property (a Null value is kept: on a load it removes the stored property).
func (p *Properties) Set(key string, v Value) {
	if p.m == nil {
		p.m = map[string]any{}
	}
	p.m[key] = v.v
}

// Delete removes a property from the set.
func (p Properties) Delete(key string) { delete(p.m, key) }

// Get returns a property's value and whether the set has it.
func (p Properties) Get(key string) (Value, bool) {
	v, ok := p.m[key]
	return Value{v}, ok
}

// Has reports whether the set has the property (with any value, Null included).
func (p Properties) Has(key string) bool { _, ok := p.m[key]; return ok }

// String is a string property's value; "" when it is absent or not a string.
func (p Properties) String(key string) string { s, _ := p.m[key].(string); return s }

// Len is the number of properties.
func (p Properties) Len() int { return len(p.m) }

// Keys are the property names, sorted.
func (p Properties) Keys() []string {
	keys := make([]string, 0, len(p.m))
	for k := range p.m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Each calls f for every property, in no particular order (Keys sorts; an exporter that sorts
// what it writes itself need not pay for it on every record).
func (p Properties) Each(f func(key string, v Value)) {
	for k, v := range p.m {
		f(k, Value{v})
	}
}

// ReadOnlyMap is the set as a map of driver-free values (nil, string, bool, int64, float64,
// Temporal, []any of those), shared, not copied: the caller must change neither the map nor its
// lists. An exporter that reads every property of every record of a large graph (575k records
// in S) uses it instead of building a copy per record.
func (p Properties) ReadOnlyMap() map[string]any { return p.m }

// Clone is an independent copy (lists included).
func (p Properties) Clone() Properties {
	if p.m == nil {
		return Properties{}
	}
	out := Properties{m: make(map[string]any, len(p.m))}
	for k, v := range p.m {
		if l, ok := v.([]any); ok {
			v = append([]any(nil), l...)
		}
		out.m[k] = v
	}
	return out
}

// ValueKind is the type of a property value.
type ValueKind int

// Value kinds.
const (
	NullValue ValueKind = iota
	StringValue
	BoolValue
	IntValue
	FloatValue
	TemporalValue
	ListValue
)

// Value is one property value: null, a string, a bool, an int64, a float64, a Temporal, or a
// list of those (not of lists). The zero Value is null.
type Value struct {
	v any
}

// Null is the null value: written by the loader, it removes the property.
var Null = Value{}

// Str is a string value.
func Str(s string) Value { return Value{s} }

// OptStr is a string value, or Null for "" (an absent optional value is no property at all).
func OptStr(s string) Value {
	if s == "" {
		return Null
	}
	return Value{s}
}

// Bool is a bool value.
func Bool(b bool) Value { return Value{b} }

// Int is an integer value.
func Int(n int64) Value { return Value{n} }

// Float is a floating-point value.
func Float(f float64) Value { return Value{f} }

// Time is a temporal value.
func Time(t Temporal) Value { return Value{t} }

// List is a list value (its elements must not be lists).
func List(vs ...Value) Value {
	l := make([]any, len(vs))
	for i, e := range vs {
		l[i] = e.v
	}
	return Value{l}
}

// Kind is the value's type.
func (v Value) Kind() ValueKind {
	switch v.v.(type) {
	case string:
		return StringValue
	case bool:
		return BoolValue
	case int64:
		return IntValue
	case float64:
		return FloatValue
	case Temporal:
		return TemporalValue
	case []any:
		return ListValue
	}
	return NullValue
}

// IsNull reports whether v is null.
func (v Value) IsNull() bool { return v.v == nil }

// AsString is the value of a string.
func (v Value) AsString() (string, bool) { s, ok := v.v.(string); return s, ok }

// AsBool is the value of a bool.
func (v Value) AsBool() (bool, bool) { b, ok := v.v.(bool); return b, ok }

// AsInt is the value of an integer.
func (v Value) AsInt() (int64, bool) { n, ok := v.v.(int64); return n, ok }

// AsFloat is the value of a float.
func (v Value) AsFloat() (float64, bool) { f, ok := v.v.(float64); return f, ok }

// AsTemporal is the value of a temporal.
func (v Value) AsTemporal() (Temporal, bool) { t, ok := v.v.(Temporal); return t, ok }

// AsList is the elements of a list.
func (v Value) AsList() ([]Value, bool) {
	l, ok := v.v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]Value, len(l))
	for i, e := range l {
		out[i] = Value{e}
	}
	return out, true
}

// Equal reports whether two values are the same (NaN equals NaN here: a backup round trip keeps it).
func (v Value) Equal(w Value) bool { return sameDriverFree(v.v, w.v) }

func sameDriverFree(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || (x != x && y != y))
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameDriverFree(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}
