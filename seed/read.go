package seed

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// ValidationError lists every problem found in the seed files; nothing is written when any exists.
type ValidationError struct {
	Problems []string
}

func (e *ValidationError) Error() string {
	if len(e.Problems) == 1 {
		return "seed: " + e.Problems[0]
	}
	return fmt.Sprintf("seed: %d problems:\n  %s", len(e.Problems), strings.Join(e.Problems, "\n  "))
}

// Embedded is the framework as shipped in the binary (seed/data).
//
//go:embed data/*.yaml
var Embedded embed.FS

// ReadDir reads every *.yaml file of dir (sorted by name), decodes each strictly and validates
// the union: required fields, enums, unique codes and references. It returns the merged content.
func ReadDir(dir string) (*File, error) {
	return ReadFS(os.DirFS(dir), ".")
}

// ReadEmbedded reads the framework shipped in the binary.
func ReadEmbedded() (*File, error) {
	return ReadFS(Embedded, "data")
}

// ReadFS is ReadDir over any file system.
func ReadFS(fsys fs.FS, dir string) (*File, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("seed: list %s: %w", dir, err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("seed: no *.yaml files in %s", dir)
	}
	sort.Strings(names)
	var all File
	var where locator
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
		f, lines, err := decodeFile(filepath.Base(name), b)
		if err != nil {
			return nil, err
		}
		where.add(filepath.Base(name), f, lines)
		appendFile(&all, f)
	}
	if err := validate(&all, &where); err != nil {
		return nil, err
	}
	return &all, nil
}

// ReadFile decodes and validates one file on its own (used by the table tests).
func ReadFile(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	name := filepath.Base(path)
	f, lines, err := decodeFile(name, b)
	if err != nil {
		return nil, err
	}
	var where locator
	where.add(name, f, lines)
	if err := validate(f, &where); err != nil {
		return nil, err
	}
	return f, nil
}

// decodeFile decodes strictly (unknown fields are errors) and returns the line of every record,
// keyed by list name, so that validation errors can point into the file.
func decodeFile(name string, b []byte) (*File, map[string][]int, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var f File
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, fmt.Errorf("seed: %s: empty file", name)
		}
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return nil, nil, fmt.Errorf("seed: %s: %s", name, strings.Join(te.Errors, "; "))
		}
		return nil, nil, fmt.Errorf("seed: %s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, nil, fmt.Errorf("seed: %s: more than one YAML document", name)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, nil, fmt.Errorf("seed: %s: %w", name, err)
	}
	lines := map[string][]int{}
	if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
		m := doc.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			for _, item := range m.Content[i+1].Content {
				lines[m.Content[i].Value] = append(lines[m.Content[i].Value], item.Line)
			}
		}
	}
	normalize(&f)
	return &f, lines, nil
}

func appendFile(dst, src *File) {
	dst.Frameworks = append(dst.Frameworks, src.Frameworks...)
	dst.Layers = append(dst.Layers, src.Layers...)
	dst.Groups = append(dst.Groups, src.Groups...)
	dst.ReferenceComponents = append(dst.ReferenceComponents, src.ReferenceComponents...)
	dst.Capabilities = append(dst.Capabilities, src.Capabilities...)
	dst.Agencies = append(dst.Agencies, src.Agencies...)
	dst.Components = append(dst.Components, src.Components...)
	dst.Dependencies = append(dst.Dependencies, src.Dependencies...)
	dst.Rules = append(dst.Rules, src.Rules...)
	dst.Hosting = append(dst.Hosting, src.Hosting...)
	dst.FrameworkVersions = append(dst.FrameworkVersions, src.FrameworkVersions...)
	dst.Vocabulary = append(dst.Vocabulary, src.Vocabulary...)
	if src.Language != nil {
		dst.Language = src.Language
	}
}

// locator remembers, for every record of the merged File, its file and line.
type locator struct {
	pos map[string][]string // list name -> "file:line" per record, in merged order
}

func (l *locator) add(name string, f *File, lines map[string][]int) {
	if l.pos == nil {
		l.pos = map[string][]string{}
	}
	counts := map[string]int{
		"frameworks": len(f.Frameworks), "layers": len(f.Layers), "groups": len(f.Groups),
		"referenceComponents": len(f.ReferenceComponents), "capabilities": len(f.Capabilities),
		"agencies": len(f.Agencies), "components": len(f.Components),
		"dependencies": len(f.Dependencies), "hosting": len(f.Hosting), "rules": len(f.Rules), "frameworkVersions": len(f.FrameworkVersions),
		"vocabulary": len(f.Vocabulary),
	}
	for list, n := range counts {
		for i := 0; i < n; i++ {
			p := name
			if ls := lines[list]; i < len(ls) {
				p = fmt.Sprintf("%s:%d", name, ls[i])
			}
			l.pos[list] = append(l.pos[list], p)
		}
	}
}

func (l *locator) at(list string, i int) string {
	if ps := l.pos[list]; i < len(ps) {
		return ps[i]
	}
	return "?"
}

// normalize puts every text of f in NFC and trims surrounding space, so that names compare
// equal however they were typed. It walks every string the File holds (see normalizeValue), so
// a field added to a record is normalised without being listed anywhere.
func normalize(f *File) {
	normalizeValue(reflect.ValueOf(f).Elem())
}

// normalizeText is one text in NFC without surrounding space.
func normalizeText(s string) string { return strings.TrimSpace(norm.NFC.String(s)) }

// normalizeValue normalises every string reachable from v: fields of a string kind (codes,
// names, enums), pointers to them, lists of them, map keys and values, nested records. A kind
// it cannot walk (an interface, a channel, a function) is a programming error of the record
// types: it panics, and TestNormalizeCoversEveryString fails, rather than skipping a text.
func normalizeValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(normalizeText(v.String()))
	case reflect.Pointer:
		if !v.IsNil() {
			normalizeValue(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				normalizeValue(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			normalizeValue(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		normalizeMap(v)
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
	default:
		panic(fmt.Sprintf("seed: normalize: cannot walk a %s (%s)", v.Kind(), v.Type()))
	}
}

// normalizeMap rebuilds a map with normalised keys and values. Keys are taken in sorted order
// of their original text, so that two keys that normalise to one keep, deterministically, the
// value of the first.
func normalizeMap(v reflect.Value) {
	keys := v.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i].Interface()) < fmt.Sprint(keys[j].Interface()) })
	out := reflect.MakeMapWithSize(v.Type(), len(keys))
	for _, k := range keys {
		nk := reflect.New(v.Type().Key()).Elem()
		nk.Set(k)
		normalizeValue(nk)
		if out.MapIndex(nk).IsValid() {
			continue
		}
		nv := reflect.New(v.Type().Elem()).Elem()
		nv.Set(v.MapIndex(k))
		normalizeValue(nv)
		out.SetMapIndex(nk, nv)
	}
	v.Set(out)
}

// ASCIIFold maps a Vietnamese code to its ASCII alias (ƯDCQS7 -> UDCQS7, ĐLHQ9 -> DLHQ9).
func ASCIIFold(code string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(code) {
		switch {
		case r == 'Đ':
			b.WriteRune('D')
		case r == 'đ':
			b.WriteRune('d')
		case r >= 0x300 && r <= 0x36f: // combining marks: the horn of Ư, tones
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
