package seed

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// raw is a text as a file may carry it: padded, with "Huế" decomposed (e + U+0302 + U+0301,
// not NFC). Its normal form is clean.
const (
	rawText   = "  Hue\u0302\u0301 \t"
	cleanText = "Huế"
)

// fill sets every string reachable from v to rawText (each pointer, list and map made
// non-empty) and returns how many it set. It fails on a kind it does not know, so that a record
// type gaining a field of a new kind fails here until fill and normalizeValue handle it.
func fill(t *testing.T, v reflect.Value, path string) int {
	switch v.Kind() {
	case reflect.String:
		v.SetString(rawText)
		return 1
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		return fill(t, v.Elem(), path)
	case reflect.Struct:
		n := 0
		for i := 0; i < v.NumField(); i++ {
			if f := v.Type().Field(i); f.IsExported() {
				n += fill(t, v.Field(i), path+"."+f.Name)
			}
		}
		return n
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		return fill(t, v.Index(0), path+"[0]") + fill(t, v.Index(1), path+"[1]")
	case reflect.Map:
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		n := fill(t, k, path+"{key}") + fill(t, e, path+"{value}")
		v.Set(reflect.MakeMap(v.Type()))
		v.SetMapIndex(k, e)
		return n
	case reflect.Bool, reflect.Int, reflect.Int64, reflect.Float64:
		return 0
	}
	t.Fatalf("%s: a field of kind %s: teach fill and normalizeValue about it", path, v.Kind())
	return 0
}

// check reports every string reachable from v that is not cleanText, and counts them.
func check(t *testing.T, v reflect.Value, path string) int {
	switch v.Kind() {
	case reflect.String:
		if v.String() != cleanText {
			t.Errorf("%s = %q: not normalised", path, v.String())
		}
		return 1
	case reflect.Pointer:
		if v.IsNil() {
			t.Errorf("%s: nil after normalize", path)
			return 0
		}
		return check(t, v.Elem(), path)
	case reflect.Struct:
		n := 0
		for i := 0; i < v.NumField(); i++ {
			if f := v.Type().Field(i); f.IsExported() {
				n += check(t, v.Field(i), path+"."+f.Name)
			}
		}
		return n
	case reflect.Slice:
		n := 0
		for i := 0; i < v.Len(); i++ {
			n += check(t, v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		return n
	case reflect.Map:
		n := 0
		for _, k := range v.MapKeys() {
			n += check(t, k, path+"{key}") + check(t, v.MapIndex(k), path+"{value}")
		}
		return n
	}
	return 0
}

// TestNormalizeCoversEveryString: every string a File can hold — every field of every record,
// pointers, lists and maps included, whatever fields are added later — comes out of normalize
// in NFC and trimmed.
func TestNormalizeCoversEveryString(t *testing.T) {
	var f File
	set := fill(t, reflect.ValueOf(&f).Elem(), "File")
	normalize(&f)
	if got := check(t, reflect.ValueOf(&f).Elem(), "File"); got != set {
		t.Errorf("%d strings after normalize, %d set", got, set)
	}
	if set < 100 {
		t.Errorf("only %d strings filled: fill does not reach the records", set)
	}
}

// TestNormalizeFromFile: a text field the field-by-field normaliser did not list (statusBasis)
// and an enum are normalised when a file is decoded.
func TestNormalizeFromFile(t *testing.T) {
	y := "components:\n  - code: \"X1\"\n    statusBasis: \"" + rawText + "\"\n    scope: \" NATIONAL \"\n"
	f, _, err := decodeFile("n.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	c := f.Components[0]
	if c.StatusBasis != cleanText || c.Scope != "NATIONAL" {
		t.Errorf("statusBasis %q scope %q, want %q and NATIONAL", c.StatusBasis, c.Scope, cleanText)
	}
	if strings.ContainsAny(c.StatusBasis, " \t") {
		t.Errorf("statusBasis %q keeps its padding", c.StatusBasis)
	}
}
