package interop

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
)

// Properties in which the import keeps what the exchange format says besides properties, and
// which the export writes back as the format's own constructs (never as <properties>).
const (
	pArchiID      = "archimateId"       // the file's identifier, when it is not "id-" + id
	pArchiType    = "archimateType"     // the element or relationship type, when the label does not say it
	pNameLang     = "archimateNameLang" // xml:lang of the name ("" none), when it is not "vi"
	pNames        = "archimateNames"    // names in further languages: [lang, text, lang, text, …]
	pDoc          = "archimateDoc"      // documentation
	pDocLang      = "archimateDocLang"  // its xml:lang, when it has one
	pDocs         = "archimateDocs"     // documentation in further languages, like pNames
	pFolder       = "archimateFolder"   // the folder path, when it is not the one the export chooses
	pRelName      = "archimateName"     // a relationship's name (nodes keep theirs in name)
	pAccessType   = "archimateAccessType"
	pDirected     = "archimateIsDirected"
	pModifier     = "archimateModifier"
	pViewpoint    = "archimateViewpoint"
	pDiagram      = "archimateDiagram" // a view's nodes and connections, as exchange-format XML
	pViewpointRef = "archimateViewpointRef"
	pPropLang     = "archimatePropLang"  // xml:lang of property values: one for all, or [name, lang, …]
	pPropLangs    = "archimatePropLangs" // further values of properties: [name, lang, text, …]
	pPropTypes    = "archimatePropTypes" // types the value does not say (currency): [name, type, …]
	// Of an ArchiMateModel node: what the file says of itself (archimate_model.go).
	pVersion       = "archimateVersion"
	pMetadata      = "archimateMetadata"       // <metadata>'s content, as XML
	pSchemaLocs    = "archimateSchemaLocation" // xsi:schemaLocation pairs of other namespaces (the metadata's)
	pViewpoints    = "archimateViewpoints"     // <viewpoint> definitions, as exchange-format XML
	pFolders       = "archimateFolders"        // the folders (identifiers, labels, documentation, order), as XML
	archimatePrefx = "archimate"
)

// isMeta reports whether a property is one of the above (written as the format's constructs).
func isMeta(k string) bool {
	switch k {
	case pArchiID, pArchiType, pNameLang, pNames, pDoc, pDocLang, pDocs, pFolder, pRelName, pAccessType,
		pDirected, pModifier, pViewpoint, pDiagram, pViewpointRef, pPropLang, pPropLangs, pPropTypes, pVersion, pMetadata,
		pViewpoints, pFolders, pSchemaLocs:
		return true
	}
	return false
}

// componentKinds: the kind a component gets from its element type; componentTypes is the inverse
// for the export (a kind's usual type).
var componentKinds = map[string]string{
	tAppComponent: "APPLICATION", tSystemSoftware: "PLATFORM", tNode: "INFRASTRUCTURE", "Device": "INFRASTRUCTURE",
	"CommunicationNetwork": "NETWORK", tDataObject: "DATABASE",
}

// kindLayers: the layer of the framework a new component of a kind goes to when the file does
// not say (II.3: L1 infrastructure and security, L2 data and core platforms, L3 applications,
// L4 channels).
var kindLayers = map[string]string{
	"INFRASTRUCTURE": "L1", "NETWORK": "L1", "SECURITY": "L1", "DATABASE": "L2", "PLATFORM": "L2",
	"APPLICATION": "L3", "FRAMEWORK": "L3", "PORTAL": "L4", "CHANNEL": "L4", "DASHBOARD": "L4",
}

// Defaults of a component created from a file that does not say.
const (
	defaultScope  = "ORGANIZATION"
	defaultStatus = "PLANNED"
	importSource  = "archimate"
)

var componentCode = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_.-]{0,63}$`)

// archimateNS is the namespace of the ids derived from file identifiers.
var archimateNS = uuid.MustParse("3f0e1c52-8d7b-5e4a-b0c9-7a61d2e48f35")

// derivedID is the id of a node made from an element, relationship or view of a file without an
// id property: the same identifier gives the same node on every import.
func derivedID(ident string) string { return uuid.NewSHA1(archimateNS, []byte(ident)).String() }

// derivedCode is the code of a node made from an element without a code property: its
// identifier in capitals when that is a code (Archi's "id-3f2a…", Sparx's "EAID_…"), else a
// readable part of it and a hash. Identifiers that differ only in case get different codes.
func derivedCode(ident string) string {
	up := strings.ToUpper(ident)
	var b strings.Builder
	for _, r := range up {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	s := b.String()
	if s == "" || !(s[0] >= 'A' && s[0] <= 'Z' || s[0] >= '0' && s[0] <= '9') {
		s = "X" + s
	}
	if s == ident && len(s) <= 64 {
		return s // already a code
	}
	if up == ident || strings.ToLower(ident) == ident {
		if s == up && len(s) <= 64 {
			return s // one case only: capitals lose nothing
		}
	}
	h := sha1.Sum([]byte(ident))
	suffix := "-" + strings.ToUpper(hex.EncodeToString(h[:4]))
	if len(s) > 64-len(suffix) {
		s = s[:64-len(suffix)]
	}
	return s + suffix
}

// MapOptions say what the graph already holds, which decides how elements map.
type MapOptions struct {
	// Layers are the layer codes of the graph: a new component goes into one of them (or of the file).
	Layers map[string]bool
	// Existing holds, per label, the codes of Candidates that the graph holds.
	Existing map[string]map[string]bool
	// Partial: import what can be imported; the problems become the report's skipped items.
	Partial bool
}

// ArchiMateImport is a file mapped onto the graph: the records to write and the report.
type ArchiMateImport struct {
	File     string
	nodes    []bulk.NodeRecord
	rels     []bulk.RelRecord
	problems []Problem // what keeps the file from being imported whole
	skipped  []Problem // with Partial: the problems, whose parts are left out
	notes    []Problem // kept generic, or not kept
	// Counts of what the import writes.
	Mapped                                     map[string]int // per label of the metamodel
	Generic, MappedRels, GenericRels, ViewsKep int
}

// Err lists the file's problems, unless the import is partial.
func (im *ArchiMateImport) Err() error {
	if len(im.problems) == 0 {
		return nil
	}
	return &ArchiMateError{File: im.File, Problems: im.problems}
}

// Source hands the records to an import, as often as it asks.
func (im *ArchiMateImport) Source() bulk.RecordSource {
	return func(node func(bulk.NodeRecord) error, rel func(bulk.RelRecord) error) error {
		for _, n := range im.nodes {
			if err := node(n); err != nil {
				return err
			}
		}
		for _, r := range im.rels {
			if err := rel(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// Summary says in one line what the import maps and keeps.
func (im *ArchiMateImport) Summary() string {
	var parts []string
	for _, l := range sortedKeys(im.Mapped) {
		parts = append(parts, fmt.Sprintf("%d %s", im.Mapped[l], l))
	}
	s := fmt.Sprintf("mapped %s; kept %d generic elements, %d views; relationships: %d mapped, %d generic",
		orDefault(strings.Join(parts, ", "), "nothing"), im.Generic, im.ViewsKep, im.MappedRels, im.GenericRels)
	if len(im.problems) > 0 {
		s += fmt.Sprintf("; %d problems", len(im.problems))
	}
	if len(im.skipped) > 0 {
		s += fmt.Sprintf("; skipped %d parts with problems (see the report)", len(im.skipped))
	}
	if len(im.notes) > 0 {
		s += fmt.Sprintf("; %d notes in the report", len(im.notes))
	}
	return s
}

// WriteReport writes what was skipped (with Partial), what was kept as a generic ArchiMate node
// and why, and what the graph cannot keep.
func (im *ArchiMateImport) WriteReport(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "ArchiMate import of %s\n%s\n", im.File, im.Summary())
	if len(im.problems) > 0 {
		fmt.Fprintf(&b, "\nProblems (%d; nothing is written):\n", len(im.problems))
		for _, p := range im.problems {
			b.WriteString("  " + p.format(im.File) + "\n")
		}
	}
	if len(im.skipped) > 0 {
		fmt.Fprintf(&b, "\nSkipped (%d problems; what they name is not imported):\n", len(im.skipped))
		for _, p := range im.skipped {
			b.WriteString("  " + p.format(im.File) + "\n")
		}
	}
	if len(im.notes) > 0 {
		fmt.Fprintf(&b, "\nKept as generic ArchiMate nodes, or not kept (%d):\n", len(im.notes))
		for _, p := range im.notes {
			b.WriteString("  " + p.format(im.File) + "\n")
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// candidateLabel is the label of the metamodel an element of type typ may map to without an
// archgraph:label ("" when it is kept generic).
func candidateLabel(typ string) string {
	if _, ok := componentKinds[typ]; ok {
		return store.LabelComponent
	}
	switch typ {
	case tActor:
		return store.LabelAgency
	case tCapability:
		return store.LabelCapability
	case tConstraint:
		return store.LabelRule
	case tRequirement:
		return store.LabelReferenceComponent
	}
	return ""
}

// Candidates are the codes, per label, that the graph may already hold for the file's elements:
// look them up (store.ExistingCodes) and pass them as MapOptions.Existing.
func (f *ArchiMateFile) Candidates() map[string][]string {
	out := map[string][]string{}
	if ident, _ := f.root.attr("", "identifier"); isNCName(ident) {
		out[store.LabelArchiMateModel] = []string{derivedCode(ident)} // a model imported before
	}
	for _, e := range f.elements {
		ident, _ := e.attr("", "identifier")
		typ, _ := e.attr(xsiNS, "type")
		typ = localType(typ)
		label := candidateLabel(typ)
		code := derivedCode(ident)
		for _, k := range e.kids {
			if k.in() && k.local == "properties" {
				for _, p := range k.kids {
					ref, _ := p.attr("", "propertyDefinitionRef")
					def := f.defs[ref]
					if len(p.kids) > 0 && (def.name == "code" || def.name == LabelProperty) {
						v := strings.TrimSpace(p.kids[0].text)
						if def.name == "code" {
							code = v
						} else if bulk.IsLabel(v) {
							label = v
						}
					}
				}
			}
		}
		if label != "" {
			out[label] = append(out[label], code)
		}
		if label == "" || label == store.LabelComponent {
			out[store.LabelArchiMateElement] = append(out[store.LabelArchiMateElement], code)
		}
	}
	return out
}

// mapped is what the import made of an element, relationship or view of the file.
type mapped struct {
	label, id, code, typ string
	skipped              bool
}

type mapper struct {
	f      *ArchiMateFile
	opts   MapOptions
	im     *ArchiMateImport
	ends   map[string]mapped // identifier -> node
	layers map[string]string // layer codes of the file -> name (for folders)
	pairs  map[string]bool   // mapped relationships by shape and ends: each once
}

func (m *mapper) bad(e *xel, what, format string, args ...any) {
	m.im.problems = append(m.im.problems, Problem{e.line, what, fmt.Sprintf(format, args...)})
}

func (m *mapper) note(e *xel, what, format string, args ...any) {
	m.im.notes = append(m.im.notes, Problem{e.line, what, fmt.Sprintf(format, args...)})
}

// Map turns the file into records. An element whose type has a counterpart is mapped onto it
// (README: the mapping table); anything else is kept as an ArchiMate node. A problem of an
// element skips it (and what refers to it) and is listed; the import refuses the file unless it
// is partial.
func (f *ArchiMateFile) Map(opts MapOptions) *ArchiMateImport {
	im := &ArchiMateImport{File: f.Name, Mapped: map[string]int{}}
	im.problems = append(im.problems, f.problems...)
	im.notes = append(im.notes, f.notes...)
	m := &mapper{f: f, opts: opts, im: im, ends: map[string]mapped{}, layers: map[string]string{}, pairs: map[string]bool{}}
	f.out = &ArchiMateImport{} // the first pass's findings are the second's too
	defer func() { f.out = nil }()
	// Layers of the file first: components refer to them by code.
	for _, e := range f.elements {
		typ, _ := e.attr(xsiNS, "type")
		if localType(typ) == tGrouping {
			c := f.body(e, "", func(*xel) {})
			if c.props[LabelProperty] == store.LabelLayer {
				if code, ok := c.props["code"].(string); ok {
					// As the export names a layer's folder.
					name := code
					if nm, _ := c.props["name"].(string); nm != "" {
						name += " – " + nm
					}
					m.layers[code] = name
				}
			}
		}
	}
	f.out = im
	m.model()
	for _, e := range f.elements {
		m.element(e)
	}
	referenced := map[string]bool{}
	for _, r := range f.rels {
		for _, end := range []string{"source", "target"} {
			if id, _ := r.attr("", end); f.kinds[id] == "relationship" {
				referenced[id] = true
			}
		}
	}
	// Relationships in an order where a relationship comes after those it relates.
	done := map[string]bool{}
	var visit func(r *xel, depth int)
	visit = func(r *xel, depth int) {
		id, _ := r.attr("", "identifier")
		if done[id] {
			return
		}
		done[id] = true
		if depth < 100 {
			for _, end := range []string{"source", "target"} {
				if eid, _ := r.attr("", end); f.kinds[eid] == "relationship" && eid != id {
					visit(f.byID[eid], depth+1)
				}
			}
		}
		m.relationship(r, referenced[id])
	}
	for _, r := range f.rels {
		visit(r, 0)
	}
	for _, v := range f.views {
		m.view(v)
	}
	if opts.Partial {
		im.skipped, im.problems = im.problems, nil
	}
	return im
}

// names sets name, nameEn and the archimate name properties from the file's names.
func (m *mapper) names(e *xel, what string, c *concept, props map[string]any) bool {
	ok := true
	primary := -1
	for i, n := range c.names {
		if n.lang == "vi" && n.hasLang {
			primary = i
			break
		}
	}
	if primary < 0 && len(c.names) > 0 {
		primary = 0
	}
	var extra []any
	for i, n := range c.names {
		t, err := cleanName(n.text)
		if err != nil {
			m.bad(e, what, "%v", err)
			ok = false
			continue
		}
		switch {
		case i == primary:
			if _, has := props["name"]; !has {
				props["name"] = t
			}
			if !(n.hasLang && n.lang == "vi") {
				props[pNameLang] = n.lang // "" when it has no xml:lang
			}
		case n.hasLang && n.lang == "en" && props["nameEn"] == nil:
			props["nameEn"] = t
		default:
			if n.hasLang && n.lang == "en" {
				if s, _ := props["nameEn"].(string); s == t {
					continue // the export writes nameEn as the English name
				}
			}
			extra = append(extra, n.lang, t)
		}
	}
	if len(extra) > 0 {
		props[pNames] = extra
	}
	var docs []any
	for i, d := range c.docs {
		t, err := cleanDoc(d.text)
		if err != nil {
			m.bad(e, what, "%v", err)
			ok = false
			continue
		}
		if i == 0 {
			props[pDoc] = t
			if d.hasLang {
				props[pDocLang] = d.lang
			}
			continue
		}
		docs = append(docs, d.lang, t)
	}
	if len(docs) > 0 {
		props[pDocs] = docs
	}
	return ok
}

// typed reads properties that archgraph knows as numbers or booleans from strings (Archi writes
// every property as a string).
func (m *mapper) typed(e *xel, what string, c *concept, props map[string]any) bool {
	ok := true
	for k, dt := range knownTypes {
		s, isStr := props[k].(string)
		if !isStr || c.types[k] != dtString {
			continue
		}
		v, err := parseProp(dt, s)
		if err != nil {
			m.bad(e, what, "property %q (%s): %v", k, dt, err)
			ok = false
			continue
		}
		props[k] = v
	}
	return ok
}

// enums checks the enumerated properties of a node of the metamodel.
func enums(label string, props map[string]any) error {
	check := func(k string, valid func(string) bool, all string) error {
		v, has := props[k]
		if !has {
			return nil
		}
		s, isStr := v.(string)
		if !isStr || !valid(s) {
			return fmt.Errorf("%s %v is not one of %s", k, fmtVal(v), all)
		}
		return nil
	}
	type rule struct {
		k     string
		valid func(string) bool
		all   string
	}
	var rules []rule
	ck := func(all []model.ComponentKind) func(string) bool {
		return func(s string) bool { return model.Valid(model.ComponentKind(s), all) }
	}
	switch label {
	case store.LabelComponent:
		rules = []rule{
			{"kind", ck(model.AllComponentKind), fmt.Sprint(model.AllComponentKind)},
			{"scope", func(s string) bool { return model.Valid(model.Scope(s), model.AllScope) }, fmt.Sprint(model.AllScope)},
			{"status", func(s string) bool { return model.Valid(model.Status(s), model.AllStatus) }, fmt.Sprint(model.AllStatus)},
		}
		if y, has := props["dueYear"]; has {
			n, isInt := y.(int64)
			if !isInt || n < 2000 || n > 2100 {
				return fmt.Errorf("dueYear %v is not a year between 2000 and 2100", fmtVal(y))
			}
		}
	case store.LabelAgency:
		rules = []rule{
			{"level", func(s string) bool { return model.Valid(model.AgencyLevel(s), model.AllAgencyLevel) }, fmt.Sprint(model.AllAgencyLevel)},
			{"areaType", func(s string) bool { return model.Valid(model.AreaType(s), model.AllAreaType) }, fmt.Sprint(model.AllAreaType)},
		}
	case store.LabelReferenceComponent:
		rules = []rule{
			{"tier", func(s string) bool { return model.Valid(model.Tier(s), model.AllTier) }, fmt.Sprint(model.AllTier)},
			{"kind", func(s string) bool { return model.Valid(model.RefKind(s), model.AllRefKind) }, fmt.Sprint(model.AllRefKind)},
			{"areaType", func(s string) bool { return model.Valid(model.AreaType(s), model.AllAreaType) }, fmt.Sprint(model.AllAreaType)},
		}
	case store.LabelComponentGroup:
		rules = []rule{{"kind", func(s string) bool { return model.Valid(model.RefKind(s), model.AllRefKind) }, fmt.Sprint(model.AllRefKind)}}
	case store.LabelFramework:
		rules = []rule{
			{"level", func(s string) bool { return model.Valid(model.FrameworkLevel(s), model.AllFrameworkLevel) }, fmt.Sprint(model.AllFrameworkLevel)},
			{"status", func(s string) bool { return model.Valid(model.FrameworkStatus(s), model.AllFrameworkStatus) }, fmt.Sprint(model.AllFrameworkStatus)},
		}
	}
	for _, r := range rules {
		if err := check(r.k, r.valid, r.all); err != nil {
			return err
		}
	}
	return nil
}

func fmtVal(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}

func (m *mapper) element(e *xel) {
	f := m.f
	ident, _ := e.attr("", "identifier")
	rawType, _ := e.attr(xsiNS, "type")
	typ := localType(rawType)
	what := "element " + ident
	if f.byID[ident] != e {
		m.ends[ident] = mapped{skipped: true}
		return // identifier problem, reported
	}
	f.checkAttrs(e, what, "identifier", "xsi:type")
	switch {
	case typ == "":
		m.bad(e, what, "it has no xsi:type")
		m.ends[ident] = mapped{skipped: true}
		return
	case !archimateElementTypes[typ]:
		m.bad(e, what, "%q is not an ArchiMate element type", typ)
		m.ends[ident] = mapped{skipped: true}
		return
	}
	nProblems := len(m.im.problems)
	c := f.body(e, what, nil)
	props := c.props
	if len(c.names) > 0 {
		if t := normText(c.names[0].text); t != "" {
			what = fmt.Sprintf("element %s (%s %q)", ident, typ, clip(t))
		}
	}
	label, _ := props[LabelProperty].(string)
	delete(props, LabelProperty)
	native := label != ""
	for k := range props {
		if strings.HasPrefix(k, metaPrefix) || isMeta(k) {
			m.bad(e, what, "property %q: the name is reserved by archgraph", k)
		}
	}
	if native {
		types, ok := labelTypes[label]
		switch {
		case !ok:
			m.bad(e, what, "%s %q is not a label of archgraph", LabelProperty, label)
		case !contains(types, typ) && !(label == store.LabelComponent && componentKinds[typ] != ""):
			m.bad(e, what, "a %s is a %s, not a %s", label, strings.Join(types, " or "), typ)
		}
	} else {
		label = candidateLabel(typ)
	}
	okNames := m.names(e, what, &c, props)
	propLangs(&c, props)
	code, hasCode := props["code"].(string)
	if _, isStr := props["code"]; isStr && !hasCode {
		m.bad(e, what, "property code %v is not a string", props["code"])
	}
	if !hasCode || code == "" {
		code, hasCode = derivedCode(ident), false
	}
	id, _ := props["id"].(string)
	if id == "" {
		id = derivedID(ident)
	}
	why := "" // why a foreign element is kept generic
	existing := label != "" && m.opts.Existing[label][code]
	if label != "" && len(m.im.problems) == nProblems && okNames {
		// Work on a copy: a generic node keeps the file's values as they were.
		p := make(map[string]any, len(props)+6)
		for k, v := range props {
			p[k] = v
		}
		if native || existing {
			m.typed(e, what, &c, p)
		} else {
			sub := &mapper{f: m.f, opts: m.opts, im: &ArchiMateImport{}, layers: m.layers}
			if !sub.typed(e, what, &c, p) {
				why = sub.im.problems[0].Msg
			}
		}
		if why == "" {
			why = m.fill(label, typ, code, hasCode, existing, native, p)
		}
		switch {
		case why == "":
			props = p
		case native:
			m.bad(e, what, "%s", why)
		}
	}
	if label == "" {
		why = "its type has no counterpart in archgraph"
		if typ == tGrouping {
			why = "a Grouping without " + LabelProperty + " is no layer, group or framework of archgraph"
		}
	}
	if len(m.im.problems) > nProblems {
		m.ends[ident] = mapped{skipped: true}
		return
	}
	if why != "" {
		label = store.LabelArchiMateElement
		props[pArchiType] = typ
		m.note(e, what, "kept as a generic ArchiMate %s: %s", typ, why)
		m.im.Generic++
	} else {
		m.im.Mapped[label]++
		// A file's own element keeps its type whatever the graph's kind (a second import of the
		// file, which gives no defaults, must write the same).
		if typ != elementTypeOf(label, props) || ident != elementID(id) {
			props[pArchiType] = typ
		}
	}
	props["code"] = code
	props["id"] = id
	if ident != elementID(id) {
		props[pArchiID] = ident
	}
	if label == store.LabelArchiMateElement && props["name"] == nil {
		props["name"] = ""
	}
	m.folder(ident, label, typ, props)
	m.ends[ident] = mapped{label: label, id: id, code: code, typ: typ}
	m.im.nodes = append(m.im.nodes, bulk.NodeRecord{Label: label, Props: toProperties(props), Where: fmt.Sprintf("%s:%d: %s", m.f.Name, e.line, what)})
	if label == store.LabelComponent && !native && !existing {
		layer, _ := props["layer"].(string)
		if _, inFile := m.layers[layer]; !inFile {
			m.im.rels = append(m.im.rels, bulk.RelRecord{
				Shape: store.Endpoint{From: store.LabelComponent, Type: store.RelInLayer, To: store.LabelLayer},
				From:  id, To: store.StableID(store.LabelLayer, layer), Props: bulk.Props(),
				Where: fmt.Sprintf("%s:%d: %s", m.f.Name, e.line, what), InGraph: true,
			})
		}
	}
}

// fill completes a node of the metamodel made from a foreign element (one without
// archgraph:label) with what the metamodel needs, and checks it as the API would; it returns
// why the element cannot be mapped ("" when it can).
func (m *mapper) fill(label, typ, code string, hasCode, existing, native bool, props map[string]any) string {
	name, _ := props["name"].(string)
	if !native && !existing && name == "" {
		return "it has no name"
	}
	switch label {
	case store.LabelComponent:
		for _, k := range []string{"name", "nameEn"} {
			if s, _ := props[k].(string); utf8.RuneCountInString(s) > MaxNameLen {
				return fmt.Sprintf("a component's %s is at most %d characters (this one has %d)", k, MaxNameLen, utf8.RuneCountInString(s))
			}
		}
		if hasCode && !componentCode.MatchString(code) {
			return fmt.Sprintf("code %q: a component's code is 1..64 upper-case letters, digits, '-', '_' or '.'", code)
		}
		if !native && !existing {
			if _, has := props["kind"]; !has {
				props["kind"] = componentKinds[typ]
			}
			if _, has := props["scope"]; !has {
				props["scope"] = defaultScope
			}
			if _, has := props["status"]; !has {
				props["status"] = defaultStatus
			}
			if _, has := props["source"]; !has {
				props["source"] = importSource
			}
		}
		if err := enums(label, props); err != nil {
			return err.Error()
		}
		if !native && !existing {
			layer, has := props["layer"].(string)
			if !has {
				layer = kindLayers[props["kind"].(string)]
				props["layer"] = layer
			}
			_, inFile := m.layers[layer]
			if !inFile && !m.opts.Layers[layer] {
				if has {
					return fmt.Sprintf("layer %q is no layer of the graph", layer)
				}
				return fmt.Sprintf("layer %s, where a new %s component goes, is not in the graph (seed the framework first)", layer, props["kind"])
			}
		} else if existing && !native {
			delete(props, "layer") // the graph's layer stays; moving a component is the API's
		} else if layer, has := props["layer"].(string); has {
			if _, inFile := m.layers[layer]; !inFile && !m.opts.Layers[layer] {
				return fmt.Sprintf("layer %q is neither a layer of the file nor of the graph", layer)
			}
		}
	case store.LabelAgency:
		if !native && !existing {
			if _, has := props["level"]; !has {
				return "a business actor is an agency when it has property level (CENTRAL, MINISTRY, PROVINCE or COMMUNE) or its code is an agency's"
			}
			if _, has := props["source"]; !has {
				props["source"] = importSource
			}
		}
		if err := enums(label, props); err != nil {
			return err.Error()
		}
	case store.LabelReferenceComponent:
		if !native && !existing {
			return "a requirement is a reference component only when the graph holds one with its code"
		}
		if err := enums(label, props); err != nil {
			return err.Error()
		}
	case store.LabelCapability, store.LabelRule:
		if !native && !existing {
			if _, has := props["source"]; !has {
				props["source"] = importSource
			}
		}
	default:
		if err := enums(label, props); err != nil {
			return err.Error()
		}
	}
	for _, k := range []string{"code", "layer", "group", "framework"} {
		if s, ok := props[k].(string); ok && !validCode(s) {
			return fmt.Sprintf("%s %q has a space or a control character", k, s)
		}
	}
	return ""
}

// elementTypeOf is the type the export writes for a node of label with props.
func elementTypeOf(label string, props map[string]any) string {
	if label == store.LabelComponent {
		k, _ := props["kind"].(string)
		if t, ok := componentTypes[k]; ok {
			return t
		}
	}
	if ts := labelTypes[label]; len(ts) > 0 {
		return ts[0]
	}
	return ""
}

// folder keeps the file's folder of a node when it is not the one the export would choose.
func (m *mapper) folder(ident, label, typ string, props map[string]any) {
	path, ok := m.f.folders[ident]
	if !ok {
		return
	}
	def := folderOf(label, typ, props, m.layers)
	if strings.Join(path, "\x00") == strings.Join(def, "\x00") && def != nil && props[pArchiID] == nil {
		return
	}
	list := make([]any, len(path))
	for i, p := range path {
		list[i] = p
	}
	props[pFolder] = list
}

func (m *mapper) relationship(r *xel, referenced bool) {
	f := m.f
	ident, _ := r.attr("", "identifier")
	typ, _ := r.attr(xsiNS, "type")
	typ = localType(typ)
	what := fmt.Sprintf("relationship %s (%s)", ident, typ)
	if f.byID[ident] != r {
		m.ends[ident] = mapped{skipped: true}
		return
	}
	f.checkAttrs(r, what, "identifier", "source", "target", "xsi:type", "accessType", "isDirected", "modifier")
	nProblems := len(m.im.problems)
	if !archimateRelTypes[typ] {
		m.bad(r, what, "%q is not an ArchiMate relationship type", typ)
	}
	access, hasAccess := r.attr("", "accessType")
	if hasAccess && !setOf("Access", "Read", "Write", "ReadWrite")[access] {
		m.bad(r, what, "accessType %q is not Access, Read, Write or ReadWrite", access)
	}
	directed, hasDirected := r.attr("", "isDirected")
	switch directed = strings.TrimSpace(directed); directed { // xs:boolean
	case "1":
		directed = "true"
	case "0":
		directed = "false"
	}
	if hasDirected && directed != "true" && directed != "false" {
		m.bad(r, what, "isDirected %q is not true or false", directed)
	}
	modifier, hasModifier := r.attr("", "modifier")
	var ends [2]mapped
	for i, role := range []string{"source", "target"} {
		id, _ := r.attr("", role)
		end, ok := m.ends[id]
		switch {
		case f.kinds[id] == "":
			m.bad(r, what, "its %s %q is no element or relationship of the file", role, id)
		case f.kinds[id] == "view":
			m.bad(r, what, "its %s %q is a view", role, id)
		case !ok:
			m.bad(r, what, "its %s %q is a relationship that relates it back (a cycle)", role, id)
		case end.skipped:
			m.bad(r, what, "its %s %s is skipped", role, id)
		}
		ends[i] = end
	}
	c := f.body(r, what, nil)
	props := c.props
	graphType, typedRel := props[TypeProperty].(string)
	delete(props, TypeProperty)
	for k := range props {
		if strings.HasPrefix(k, metaPrefix) || isMeta(k) {
			m.bad(r, what, "property %q: the name is reserved by archgraph", k)
		}
	}
	if len(c.names) > 0 {
		t, err := cleanName(c.names[0].text)
		if err != nil {
			m.bad(r, what, "%v", err)
		}
		props[pRelName] = t
		if c.names[0].hasLang {
			props[pNameLang] = c.names[0].lang
		}
		for _, n := range c.names[1:] {
			t, err := cleanName(n.text)
			if err != nil {
				m.bad(r, what, "%v", err)
				continue
			}
			props[pNames] = append(anyList(props[pNames]), n.lang, t)
		}
	}
	propLangs(&c, props)
	for i, d := range c.docs {
		t, err := cleanDoc(d.text)
		if err != nil {
			m.bad(r, what, "%v", err)
			continue
		}
		if i == 0 {
			props[pDoc] = t
			if d.hasLang {
				props[pDocLang] = d.lang
			}
		} else {
			props[pDocs] = append(anyList(props[pDocs]), d.lang, t)
		}
	}
	if hasDirected {
		props[pDirected] = directed == "true"
	}
	if hasModifier {
		props[pModifier] = modifier
	}
	if len(m.im.problems) > nProblems {
		m.ends[ident] = mapped{skipped: true}
		return
	}
	src, tgt := ends[0], ends[1]
	if typedRel {
		// Hosting, disaster recovery, approval: an Association saying which (TypeProperty).
		sh := store.Endpoint{From: src.label, Type: graphType, To: tgt.label}
		if !typedRels[graphType] || typ != rAssociation || !slices.Contains(store.Shapes, sh) {
			m.bad(r, what, "property %s %q: archgraph has no such relationship written as %s from a %s to a %s", TypeProperty, graphType, typ, src.label, tgt.label)
			m.ends[ident] = mapped{skipped: true}
			return
		}
		if ident != relationshipID(sh, src.id, tgt.id) {
			props[pArchiID] = ident
		}
		if !m.typed(r, what, &c, props) {
			m.ends[ident] = mapped{skipped: true}
			return
		}
		m.pairs[graphType+"\x00"+src.id+"\x00"+tgt.id] = true
		m.folderRel(ident, props)
		m.ends[ident] = mapped{label: "", id: "", typ: typ}
		m.im.rels = append(m.im.rels, bulk.RelRecord{Shape: sh, From: src.id, To: tgt.id, Props: toProperties(props),
			Where: fmt.Sprintf("%s:%d: %s", f.Name, r.line, what)})
		m.im.MappedRels++
		return
	}
	// Mapped: both ends are nodes of the metamodel, the metamodel has the relationship, it is
	// the only one of its shape between them, and no relationship relates it.
	inv, ok := relInverse[relKey{typ, src.label, tgt.label}]
	from, to := src.id, tgt.id
	if ok && inv.reversed {
		from, to = to, from
	}
	pair := inv.shape.Type + "\x00" + from + "\x00" + to
	if ok && !referenced && !m.pairs[pair] && bulk.IsLabel(src.label) && bulk.IsLabel(tgt.label) &&
		src.label != store.LabelArchiMateElement && tgt.label != store.LabelArchiMateElement {
		p := map[string]any{}
		for k, v := range props {
			p[k] = v
		}
		sub := &mapper{f: m.f, im: &ArchiMateImport{}}
		// The type must be the one the export writes between these element types (an
		// Association of two nodes is no dependency), or one a modeller draws for it.
		ft, tt := typeIfReversed(src.typ, tgt.typ, inv.reversed)
		wantType, wantRev := archiRel(inv.shape, ft, tt)
		_, extra := extraInverse[relKey{typ, src.label, tgt.label}]
		if (wantType == typ && wantRev == inv.reversed || extra) && sub.typed(r, what, &c, p) {
			props = p
			m.pairs[pair] = true
			if wantType != typ {
				props[pArchiType] = typ
			}
			if typ == rAccess && (!hasAccess || access != "Read") {
				props[pAccessType] = access // "" when the file has none: the format's default, Write
			}
			if ident != relationshipID(inv.shape, from, to) {
				props[pArchiID] = ident
			}
			m.folderRel(ident, props)
			m.ends[ident] = mapped{label: "", id: "", typ: typ}
			m.im.rels = append(m.im.rels, bulk.RelRecord{Shape: inv.shape, From: from, To: to, Props: toProperties(props),
				Where: fmt.Sprintf("%s:%d: %s", f.Name, r.line, what)})
			m.im.MappedRels++
			return
		}
	}
	// Generic: a relationship (or, where ArchiMate needs it, a node) with its type. The report says
	// why when both ends map.
	if bulk.IsLabel(src.label) && bulk.IsLabel(tgt.label) && src.label != store.LabelArchiMateElement &&
		tgt.label != store.LabelArchiMateElement && src.label != store.LabelArchiMateRelationship && tgt.label != store.LabelArchiMateRelationship {
		why := fmt.Sprintf("archgraph has no relationship for %s from a %s to a %s", typ, src.label, tgt.label)
		switch {
		case referenced:
			why = "another relationship relates it"
		case ok && m.pairs[pair]:
			why = fmt.Sprintf("the two nodes already have their %s", inv.shape.Type)
		}
		m.note(r, what, "kept as a generic ArchiMate relationship: %s", why)
	}
	if typ == rAccess && hasAccess {
		props[pAccessType] = access
	}
	id := derivedID(ident)
	props["id"] = id
	props["code"] = derivedCode(ident)
	props[pArchiType] = typ
	if ident != elementID(id) {
		props[pArchiID] = ident
	}
	m.folderRel(ident, props)
	where := fmt.Sprintf("%s:%d: %s", f.Name, r.line, what)
	if !referenced && src.label != store.LabelArchiMateRelationship && tgt.label != store.LabelArchiMateRelationship {
		// Between two elements and related by no relationship: one Neo4j relationship with the
		// properties a node would have (a view's connection refers to it by identifier, a folder
		// holds it by the property above: neither needs a node).
		m.ends[ident] = mapped{label: "", id: "", typ: typ}
		m.im.rels = append(m.im.rels, bulk.RelRecord{Shape: store.Endpoint{From: src.label, Type: store.RelArchiMateRelation, To: tgt.label},
			From: src.id, To: tgt.id, Props: toProperties(props), Where: where})
		m.im.GenericRels++
		return
	}
	m.ends[ident] = mapped{label: store.LabelArchiMateRelationship, id: id, code: props["code"].(string), typ: typ}
	m.im.nodes = append(m.im.nodes, bulk.NodeRecord{Label: store.LabelArchiMateRelationship, Props: toProperties(props), Where: where})
	for i, t := range []string{store.RelArchiMateSource, store.RelArchiMateTarget} {
		m.im.rels = append(m.im.rels, bulk.RelRecord{Shape: store.Endpoint{From: store.LabelArchiMateRelationship, Type: t, To: ends[i].label},
			From: id, To: ends[i].id, Props: bulk.Props(), Where: where})
	}
	m.im.GenericRels++
}

func anyList(v any) []any { l, _ := v.([]any); return l }

// typeIfReversed returns the graph's (from, to) element types of an ArchiMate (source, target).
func typeIfReversed(src, tgt string, reversed bool) (string, string) {
	if reversed {
		return tgt, src
	}
	return src, tgt
}

// folderRel keeps a relationship's folder (the export files relationships nowhere by default).
func (m *mapper) folderRel(ident string, props map[string]any) {
	if path, ok := m.f.folders[ident]; ok {
		list := make([]any, len(path))
		for i, p := range path {
			list[i] = p
		}
		props[pFolder] = list
	}
}

// view keeps a diagram: its names, documentation, properties and viewpoint as properties, its
// nodes and connections as exchange-format XML; references are checked.
func (m *mapper) view(v *xel) {
	f := m.f
	ident, _ := v.attr("", "identifier")
	typ, _ := v.attr(xsiNS, "type")
	what := "view " + ident
	if f.byID[ident] != v {
		return
	}
	f.checkAttrs(v, what, "identifier", "xsi:type", "viewpoint", "viewpointRef")
	nProblems := len(m.im.problems)
	if typ != "" && localType(typ) != "Diagram" {
		m.bad(v, what, "xsi:type %q: a view is a Diagram", typ)
	}
	var content []*xel
	c := f.body(v, what, func(k *xel) {
		if k.local == "node" || k.local == "connection" {
			content = append(content, k)
		} else {
			m.bad(k, what, "unexpected <%s>", k.local)
		}
	})
	if len(c.names) > 0 {
		what = fmt.Sprintf("view %s (%q)", ident, clip(normText(c.names[0].text)))
	}
	props := c.props
	for k := range props {
		if strings.HasPrefix(k, metaPrefix) || isMeta(k) {
			m.bad(v, what, "property %q: the name is reserved by archgraph", k)
		}
	}
	m.names(v, what, &c, props)
	propLangs(&c, props)
	if vp, ok := v.attr("", "viewpoint"); ok {
		props[pViewpoint] = vp
	}
	if ref, ok := v.attr("", "viewpointRef"); ok {
		if f.kinds[ref] != "viewpoint" {
			m.bad(v, what, "viewpointRef %q is no viewpoint of the file's <viewpoints>", ref)
		}
		props[pViewpointRef] = ref
	}
	// View-local identifiers, then the references.
	local := map[string]bool{}
	var collect func(e *xel)
	collect = func(e *xel) {
		if e.local == "node" || e.local == "connection" {
			id, _ := e.attr("", "identifier")
			switch {
			case !isNCName(id):
				m.bad(e, what, "<%s>: identifier %q is not an XML name", e.local, id)
			case local[id] || f.kinds[id] != "":
				m.bad(e, what, "<%s>: identifier %q used twice", e.local, id)
			}
			local[id] = true
		}
		for _, k := range e.kids {
			if k.in() {
				collect(k)
			} else {
				m.note(k, what, "<%s> of namespace %s (an extension of another tool) is not kept", k.local, k.space)
			}
		}
	}
	for _, e := range content {
		collect(e)
	}
	var check func(e *xel)
	check = func(e *xel) {
		kind, _ := e.attr(xsiNS, "type")
		kind = localType(kind)
		switch e.local {
		case "node":
			switch kind {
			case "Element":
				ref, _ := e.attr("", "elementRef")
				if f.kinds[ref] != "element" {
					m.bad(e, what, "node refers to element %q, which the file does not have", ref)
				}
			case "Container":
			case "Label":
				if ref, ok := e.attr("", "conceptRef"); ok && f.kinds[ref] != "element" && f.kinds[ref] != "relationship" {
					m.bad(e, what, "label's conceptRef %q is no element or relationship of the file", ref)
				}
			default:
				m.bad(e, what, "node of xsi:type %q (Element, Container or Label)", kind)
			}
			for _, a := range []string{"x", "y", "w", "h"} {
				if s, ok := e.attr("", a); ok {
					if _, err := parseNumber(s); err != nil {
						m.bad(e, what, "node %s %q is not a number", a, s)
					}
				}
			}
		case "connection":
			switch kind {
			case "Relationship":
				ref, _ := e.attr("", "relationshipRef")
				if f.kinds[ref] != "relationship" {
					m.bad(e, what, "connection refers to relationship %q, which the file does not have", ref)
				}
			case "Line", "NestingRelationship":
			default:
				m.bad(e, what, "connection of xsi:type %q (Relationship, Line or NestingRelationship)", kind)
			}
			for _, end := range []string{"source", "target"} {
				if ref, _ := e.attr("", end); !local[ref] {
					m.bad(e, what, "connection's %s %q is no node or connection of the view", end, ref)
				}
			}
		case "viewRef":
			ref, _ := e.attr("", "ref")
			if f.kinds[ref] != "view" {
				m.bad(e, what, "viewRef %q is no view of the file", ref)
			}
		}
		for _, k := range e.kids {
			if k.in() {
				check(k)
			}
		}
	}
	for _, e := range content {
		check(e)
	}
	if len(m.im.problems) > nProblems {
		return
	}
	// Properties on a diagram node or connection are not part of the 3.1 schema (some tools
	// write them): kept, the export would not validate; left out and named.
	var strip func(e *xel)
	strip = func(e *xel) {
		kids := e.kids[:0]
		for _, k := range e.kids {
			if k.in() && k.local == "properties" && (e.local == "node" || e.local == "connection") {
				id, _ := e.attr("", "identifier")
				m.note(k, what, "the properties of diagram %s %s are not kept: the exchange format has none there", e.local, id)
				continue
			}
			strip(k)
			kids = append(kids, k)
		}
		e.kids = kids
	}
	var b bytes.Buffer
	for _, e := range content {
		strip(e)
		canonical(&b, e, 0)
	}
	props[pDiagram] = b.String()
	id := derivedID(ident)
	props["id"] = id
	props["code"] = derivedCode(ident)
	if ident != elementID(id) {
		props[pArchiID] = ident
	}
	if props["name"] == nil {
		props["name"] = ""
	}
	if path, ok := f.folders[ident]; ok && !(len(path) == 1 && path[0] == "Views") {
		list := make([]any, len(path))
		for i, p := range path {
			list[i] = p
		}
		props[pFolder] = list
	}
	m.im.nodes = append(m.im.nodes, bulk.NodeRecord{Label: store.LabelArchiMateView, Props: toProperties(props), Where: fmt.Sprintf("%s:%d: %s", f.Name, v.line, what)})
	m.im.ViewsKep++
}

// sortProblems orders problems by line.
func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
}
