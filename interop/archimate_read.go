package interop

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/archgraph/archgraph/store"
)

// archimateElementTypes are the element types of ArchiMate 3.1/3.2 as the exchange format names
// them; relationshipTypes its relationship types.
var archimateElementTypes = setOf("BusinessActor", "BusinessRole", "BusinessCollaboration", "BusinessInterface",
	"BusinessProcess", "BusinessFunction", "BusinessInteraction", "BusinessEvent", "BusinessService", "BusinessObject",
	"Contract", "Representation", "Product", "ApplicationComponent", "ApplicationCollaboration", "ApplicationInterface",
	"ApplicationFunction", "ApplicationInteraction", "ApplicationProcess", "ApplicationEvent", "ApplicationService",
	"DataObject", "Node", "Device", "SystemSoftware", "TechnologyCollaboration", "TechnologyInterface", "Path",
	"CommunicationNetwork", "TechnologyFunction", "TechnologyProcess", "TechnologyInteraction", "TechnologyEvent",
	"TechnologyService", "Artifact", "Equipment", "Facility", "DistributionNetwork", "Material", "Stakeholder", "Driver",
	"Assessment", "Goal", "Outcome", "Principle", "Requirement", "Constraint", "Meaning", "Value", "Resource",
	"Capability", "ValueStream", "CourseOfAction", "WorkPackage", "Deliverable", "ImplementationEvent", "Plateau", "Gap",
	"Grouping", "Location", "AndJunction", "OrJunction")

var archimateRelTypes = setOf("Composition", "Aggregation", "Assignment", "Realization", "Serving", "Access",
	"Influence", "Triggering", "Flow", "Specialization", "Association")

var propertyTypes = setOf(dtString, dtBoolean, "currency", dtDate, dtTime, dtNumber)

func setOf(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// ReadArchiMate decodes a Model Exchange File from r (size bytes), handing each element as a
// node and each relationship as a relationship to the callbacks, in file order. name is the
// file's name for messages. It checks what the exchange format's schema says (the root, the
// order of the model's parts, required names and attributes, identifiers that are unique
// NCNames, known element and relationship types, references that resolve, property values of
// their definition's type) and what the mapping needs (an archgraph label for each element, a
// code, a relationship the metamodel has between the two labels); it stops at the first problem
// and names the file, line and element.
func ReadArchiMate(r io.ReaderAt, size int64, name string, node func(store.NodeRecord) error, rel func(store.RelRecord) error) error {
	defs, err := scanDefinitions(r, size, name)
	if err != nil {
		return err
	}
	d := xml.NewDecoder(bufio.NewReaderSize(io.NewSectionReader(r, 0, size), int(min(size+16, 1<<20))))
	d.Strict = true
	x := &axReader{d: d, name: name, defs: defs, elems: map[string]axElem{}, rels: map[string]bool{}, node: node, rel: rel}
	return x.model()
}

type axElem struct{ label, id, typ string }

type axReader struct {
	d          *xml.Decoder
	name       string
	defs       map[string]propDef // from the pre-scan
	streamDefs map[string]propDef // as met in the model
	elems      map[string]axElem  // element identifier ->
	rels       map[string]bool    // relationship identifiers
	anyNS      bool               // the definitions fragment: its namespace is declared before it
	node       func(store.NodeRecord) error
	rel        func(store.RelRecord) error
}

func (x *axReader) where() string {
	line, _ := x.d.InputPos()
	return fmt.Sprintf("%s:%d", x.name, line)
}

func (x *axReader) errf(format string, args ...any) error {
	return fmt.Errorf("%s: %s", x.where(), fmt.Sprintf(format, args...))
}

func (x *axReader) xmlErr(err error) error {
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: the file ends before the model does", x.where())
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		if se.Msg == "unexpected EOF" {
			return fmt.Errorf("%s:%d: the file ends before the model does", x.name, se.Line)
		}
		return fmt.Errorf("%s:%d: XML syntax: %s", x.name, se.Line, se.Msg)
	}
	return fmt.Errorf("%s: %w", x.where(), err)
}

// next returns the next start or end element, skipping comments, processing instructions and
// whitespace; other text is an error (the exchange format has text only in leaf elements).
func (x *axReader) next() (xml.Token, error) {
	for {
		t, err := x.d.Token()
		if err != nil {
			return nil, x.xmlErr(err)
		}
		switch v := t.(type) {
		case xml.StartElement, xml.EndElement:
			return v, nil
		case xml.CharData:
			if len(bytes.TrimSpace(v)) > 0 {
				return nil, x.errf("unexpected text %q", excerpt(v))
			}
		case xml.Directive:
			return nil, x.errf("a <!%s> directive is not allowed", strings.SplitN(string(v), " ", 2)[0])
		}
	}
}

// text reads a leaf element's text up to its end tag.
func (x *axReader) text(what string) (string, error) {
	var b strings.Builder
	for {
		t, err := x.d.Token()
		if err != nil {
			return "", x.xmlErr(err)
		}
		switch v := t.(type) {
		case xml.CharData:
			b.Write(v)
		case xml.StartElement:
			return "", x.errf("<%s> inside <%s>: it holds text only", v.Name.Local, what)
		case xml.EndElement:
			return b.String(), nil
		case xml.Directive:
			return "", x.errf("a directive inside <%s>", what)
		}
	}
}

func (x *axReader) inNS(n xml.Name) bool { return x.anyNS || n.Space == ArchiMateNS }

// used reports whether an element or relationship already has identifier id.
func (x *axReader) used(id string) bool {
	_, ok := x.elems[id]
	return ok || x.rels[id]
}

// attrs returns the attributes of se by local name (xsi:type as "xsi:type", xml:lang as
// "xml:lang"), refusing unknown ones; namespace declarations are ignored.
func (x *axReader) attrs(se xml.StartElement, allowed ...string) (map[string]string, error) {
	out := map[string]string{}
	for _, a := range se.Attr {
		key := a.Name.Local
		switch a.Name.Space {
		case "xmlns":
			continue
		case "":
			if key == "xmlns" {
				continue
			}
		case xsiNS:
			if key == "schemaLocation" {
				continue
			}
			key = "xsi:" + key
		case xmlNS, "xml":
			key = "xml:" + key
		default:
			return nil, x.errf("<%s>: unknown attribute %s:%s", se.Name.Local, a.Name.Space, a.Name.Local)
		}
		ok := false
		for _, al := range allowed {
			if key == al {
				ok = true
			}
		}
		if !ok {
			return nil, x.errf("<%s>: unknown attribute %q", se.Name.Local, key)
		}
		if _, dup := out[key]; dup {
			return nil, x.errf("<%s>: attribute %q twice", se.Name.Local, key)
		}
		out[key] = a.Value
	}
	return out, nil
}

func (x *axReader) model() error {
	var root xml.StartElement
	for {
		t, err := x.next()
		if err != nil {
			if strings.Contains(err.Error(), "ends before") {
				return fmt.Errorf("%s: no <model> element: not a Model Exchange File", x.name)
			}
			return err
		}
		se, ok := t.(xml.StartElement)
		if !ok {
			return x.errf("unexpected end tag")
		}
		root = se
		break
	}
	if root.Name.Local != "model" || !x.inNS(root.Name) {
		return x.errf("the root is <%s> in namespace %q; a Model Exchange File has <model> in %s", root.Name.Local, root.Name.Space, ArchiMateNS)
	}
	a, err := x.attrs(root, "identifier", "version")
	if err != nil {
		return err
	}
	if !isNCName(a["identifier"]) {
		return x.errf("<model>: identifier %q is not an XML name", a["identifier"])
	}
	// The parts of a model, in the order the schema fixes; organizations may repeat.
	order := map[string]int{"name": 1, "documentation": 2, "properties": 3, "metadata": 4, "elements": 5,
		"relationships": 6, "organizations": 7, "propertyDefinitions": 8, "views": 9}
	stage, names := 0, 0
	for {
		t, err := x.next()
		if err != nil {
			return err
		}
		if _, ok := t.(xml.EndElement); ok {
			break
		}
		se := t.(xml.StartElement)
		k := order[se.Name.Local]
		if k == 0 || !x.inNS(se.Name) {
			return x.errf("<model>: unexpected <%s>", se.Name.Local)
		}
		repeatable := k == 1 || k == 2 || k == 7
		if k < stage || k == stage && !repeatable {
			return x.errf("<model>: <%s> out of place (the order is name, documentation, properties, metadata, elements, relationships, organizations, propertyDefinitions, views)", se.Name.Local)
		}
		stage = k
		switch se.Name.Local {
		case "name", "documentation":
			if _, err := x.attrs(se, "xml:lang"); err != nil {
				return err
			}
			if _, err := x.text(se.Name.Local); err != nil {
				return err
			}
			if k == 1 {
				names++
			}
		case "properties":
			if _, err := x.properties("the model"); err != nil {
				return err
			}
		case "metadata", "views":
			if err := x.d.Skip(); err != nil {
				return x.xmlErr(err)
			}
		case "elements":
			if names == 0 {
				return x.errf("<model> has no <name>")
			}
			if err := x.list("element", x.element); err != nil {
				return err
			}
		case "relationships":
			if err := x.list("relationship", x.relationship); err != nil {
				return err
			}
		case "organizations":
			if err := x.list("item", x.item); err != nil {
				return err
			}
		case "propertyDefinitions":
			if err := x.definitions(); err != nil {
				return err
			}
		}
	}
	if names == 0 {
		return x.errf("<model> has no <name>")
	}
	for {
		t, err := x.d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return x.xmlErr(err)
		}
		switch v := t.(type) {
		case xml.Comment, xml.ProcInst:
		case xml.CharData:
			if len(bytes.TrimSpace(v)) > 0 {
				return x.errf("text after </model>")
			}
		default:
			return x.errf("content after </model>")
		}
	}
	if len(x.streamDefs) != len(x.defs) {
		return fmt.Errorf("%s: the property definitions could not be read ahead of the model; is there a second <propertyDefinitions>?", x.name)
	}
	return nil
}

// list reads the children of a container, each named child, with fn.
func (x *axReader) list(child string, fn func(xml.StartElement) error) error {
	for {
		t, err := x.next()
		if err != nil {
			return err
		}
		if _, ok := t.(xml.EndElement); ok {
			return nil
		}
		se := t.(xml.StartElement)
		if se.Name.Local != child || !x.inNS(se.Name) {
			return x.errf("unexpected <%s>, want <%s>", se.Name.Local, child)
		}
		if err := fn(se); err != nil {
			return err
		}
	}
}

// body reads the <name>, <documentation> and <properties> children of an element or a
// relationship (in that order) and returns the names by language and the properties.
func (x *axReader) body(what string, needName bool) (map[string]string, []string, map[string]any, error) {
	names := map[string]string{}
	var order []string
	var props map[string]any
	stage := 0
	for {
		t, err := x.next()
		if err != nil {
			return nil, nil, nil, err
		}
		if _, ok := t.(xml.EndElement); ok {
			break
		}
		se := t.(xml.StartElement)
		k := map[string]int{"name": 1, "documentation": 2, "properties": 3}[se.Name.Local]
		if k == 0 || !x.inNS(se.Name) {
			return nil, nil, nil, x.errf("%s: unexpected <%s>", what, se.Name.Local)
		}
		if k < stage || k == 3 && stage == 3 {
			return nil, nil, nil, x.errf("%s: <%s> out of place (name, documentation, properties)", what, se.Name.Local)
		}
		stage = k
		switch k {
		case 1, 2:
			a, err := x.attrs(se, "xml:lang")
			if err != nil {
				return nil, nil, nil, err
			}
			s, err := x.text(se.Name.Local)
			if err != nil {
				return nil, nil, nil, err
			}
			if k == 1 {
				if _, dup := names[a["xml:lang"]]; !dup {
					names[a["xml:lang"]] = s
					order = append(order, a["xml:lang"])
				}
			}
		case 3:
			if props, err = x.properties(what); err != nil {
				return nil, nil, nil, err
			}
		}
	}
	if needName && len(order) == 0 {
		return nil, nil, nil, x.errf("%s has no <name>", what)
	}
	if props == nil {
		props = map[string]any{}
	}
	return names, order, props, nil
}

// properties reads <property> children into values typed by their definitions.
func (x *axReader) properties(what string) (map[string]any, error) {
	out := map[string]any{}
	err := x.list("property", func(se xml.StartElement) error {
		a, err := x.attrs(se, "propertyDefinitionRef")
		if err != nil {
			return err
		}
		ref := a["propertyDefinitionRef"]
		def, ok := x.defs[ref]
		if !ok {
			return x.errf("%s: property refers to definition %q, which <propertyDefinitions> does not define", what, ref)
		}
		var val *string
		err = x.list("value", func(v xml.StartElement) error {
			if _, err := x.attrs(v, "xml:lang"); err != nil {
				return err
			}
			s, err := x.text("value")
			if err == nil && val == nil {
				val = &s
			}
			return err
		})
		if err != nil {
			return err
		}
		if val == nil {
			return x.errf("%s: property %q has no <value>", what, def.name)
		}
		if _, dup := out[def.name]; dup {
			return x.errf("%s: property %q twice", what, def.name)
		}
		dt := def.typ
		if kt := knownTypes[def.name]; kt != "" && dt == dtString {
			dt = kt // Archi writes every property as a string
		}
		v, err := parseProp(dt, *val)
		if err != nil {
			return x.errf("%s: property %q (%s): %v", what, def.name, dt, err)
		}
		out[def.name] = v
		return nil
	})
	return out, err
}

func (x *axReader) element(se xml.StartElement) error {
	a, err := x.attrs(se, "identifier", "xsi:type")
	if err != nil {
		return err
	}
	ident, typ := a["identifier"], localType(a["xsi:type"])
	what := fmt.Sprintf("element %s", ident)
	switch {
	case !isNCName(ident):
		return x.errf("<element>: identifier %q is not an XML name", ident)
	case x.used(ident):
		return x.errf("%s: identifier used twice", what)
	case typ == "":
		return x.errf("%s has no xsi:type", what)
	case !archimateElementTypes[typ]:
		return x.errf("%s: %q is not an ArchiMate element type", what, typ)
	}
	names, order, props, err := x.body(what, true)
	if err != nil {
		return err
	}
	label, _ := props[LabelProperty].(string)
	delete(props, LabelProperty)
	for k := range props {
		if strings.HasPrefix(k, metaPrefix) {
			return x.errf("%s: unknown property %q", what, k)
		}
	}
	if label == "" {
		label = typeLabels[typ]
		if label == "" {
			if typ == tGrouping {
				return x.errf("%s: a Grouping needs property %s (Layer, ComponentGroup or Framework)", what, LabelProperty)
			}
			return x.errf("%s: type %s has no counterpart in archgraph", what, typ)
		}
	} else if !contains(labelTypes[label], typ) {
		if _, ok := labelTypes[label]; !ok {
			return x.errf("%s: %s %q is not a label of archgraph", what, LabelProperty, label)
		}
		return x.errf("%s: a %s is a %s, not a %s", what, label, strings.Join(labelTypes[label], " or "), typ)
	}
	code, ok := props["code"].(string)
	if !ok || code == "" {
		return x.errf("%s: no code (property \"code\")", what)
	}
	if _, ok := props["name"]; !ok {
		n := names["vi"]
		if n == "" {
			n = names[order[0]]
		}
		props["name"] = n
	}
	if _, ok := props["nameEn"]; !ok && names["en"] != "" && len(order) > 1 {
		props["nameEn"] = names["en"]
	}
	id, ok := props["id"].(string)
	if !ok || id == "" {
		id = store.StableID(label, code)
		props["id"] = id
	}
	x.elems[ident] = axElem{label: label, id: id, typ: typ}
	return x.node(store.NodeRecord{Label: label, Props: props, Where: x.name + ": " + what + " (line " + x.line() + ")"})
}

func (x *axReader) line() string {
	l, _ := x.d.InputPos()
	return fmt.Sprint(l)
}

func (x *axReader) relationship(se xml.StartElement) error {
	a, err := x.attrs(se, "identifier", "source", "target", "xsi:type", "accessType", "isDirected", "modifier")
	if err != nil {
		return err
	}
	ident, typ := a["identifier"], localType(a["xsi:type"])
	what := fmt.Sprintf("relationship %s", ident)
	switch {
	case !isNCName(ident):
		return x.errf("<relationship>: identifier %q is not an XML name", ident)
	case x.used(ident):
		return x.errf("%s: identifier used twice", what)
	case !archimateRelTypes[typ]:
		return x.errf("%s: %q is not an ArchiMate relationship type", what, typ)
	}
	if v, ok := a["accessType"]; ok && !setOf("Access", "Read", "Write", "ReadWrite")[v] {
		return x.errf("%s: accessType %q is not Access, Read, Write or ReadWrite", what, v)
	}
	if v, ok := a["isDirected"]; ok && v != "true" && v != "false" {
		return x.errf("%s: isDirected %q is not true or false", what, v)
	}
	x.rels[ident] = true
	src, ok1 := x.elems[a["source"]]
	tgt, ok2 := x.elems[a["target"]]
	for _, e := range []struct {
		ok   bool
		role string
	}{{ok1, "source"}, {ok2, "target"}} {
		if !e.ok {
			if x.rels[a[e.role]] {
				return x.errf("%s: its %s is a relationship; archgraph relates elements only", what, e.role)
			}
			return x.errf("%s: %s %q is no element before it", what, e.role, a[e.role])
		}
	}
	_, _, props, err := x.body(what, false)
	if err != nil {
		return err
	}
	relType, typed := props[TypeProperty].(string)
	delete(props, TypeProperty)
	for k := range props {
		if strings.HasPrefix(k, metaPrefix) {
			return x.errf("%s: unknown property %q", what, k)
		}
	}
	if typed {
		sh := store.Endpoint{From: src.label, Type: relType, To: tgt.label}
		if !typedRels[relType] || typ != rAssociation || !slices.Contains(store.Shapes, sh) {
			return x.errf("%s: %s %q: archgraph has no such relationship written as %s from a %s to a %s", what, TypeProperty, relType, typ, src.label, tgt.label)
		}
		return x.rel(store.RelRecord{Shape: sh, From: src.id, To: tgt.id, Props: props, Where: x.name + ": " + what + " (line " + x.line() + ")"})
	}
	m, ok := relInverse[relKey{typ, src.label, tgt.label}]
	if !ok {
		return x.errf("%s: archgraph has no relationship for %s from a %s to a %s", what, typ, src.label, tgt.label)
	}
	from, to := src.id, tgt.id
	if m.reversed {
		from, to = to, from
	}
	return x.rel(store.RelRecord{Shape: m.shape, From: from, To: to, Props: props, Where: x.name + ": " + what + " (line " + x.line() + ")"})
}

// item reads an organization item: a folder (label, items) or a reference to a concept.
func (x *axReader) item(se xml.StartElement) error {
	a, err := x.attrs(se, "identifier", "identifierRef")
	if err != nil {
		return err
	}
	if ref, ok := a["identifierRef"]; ok && !x.used(ref) {
		return x.errf("organization item refers to %q, which is no element or relationship", ref)
	}
	for {
		t, err := x.next()
		if err != nil {
			return err
		}
		if _, ok := t.(xml.EndElement); ok {
			return nil
		}
		c := t.(xml.StartElement)
		switch {
		case !x.inNS(c.Name):
			return x.errf("organization item: unexpected <%s>", c.Name.Local)
		case c.Name.Local == "label" || c.Name.Local == "documentation":
			if _, err := x.attrs(c, "xml:lang"); err != nil {
				return err
			}
			if _, err := x.text(c.Name.Local); err != nil {
				return err
			}
		case c.Name.Local == "item":
			if err := x.item(c); err != nil {
				return err
			}
		default:
			return x.errf("organization item: unexpected <%s>", c.Name.Local)
		}
	}
}

// definitions reads the model's <propertyDefinitions> and checks them against the pre-scan.
func (x *axReader) definitions() error {
	defs := map[string]propDef{}
	err := x.list("propertyDefinition", func(se xml.StartElement) error {
		id, def, err := x.definition(se)
		if err != nil {
			return err
		}
		if _, dup := defs[id]; dup {
			return x.errf("property definition %q twice", id)
		}
		if x.used(id) {
			return x.errf("property definition %q: identifier used twice", id)
		}
		defs[id] = def
		return nil
	})
	if err != nil {
		return err
	}
	for id, d := range defs {
		if x.defs[id] != d {
			return x.errf("property definition %q differs from the one read ahead", id)
		}
	}
	x.streamDefs = defs
	return nil
}

func (x *axReader) definition(se xml.StartElement) (string, propDef, error) {
	a, err := x.attrs(se, "identifier", "type")
	if err != nil {
		return "", propDef{}, err
	}
	id := a["identifier"]
	if !isNCName(id) {
		return "", propDef{}, x.errf("<propertyDefinition>: identifier %q is not an XML name", id)
	}
	dt := a["type"]
	if !propertyTypes[dt] {
		return "", propDef{}, x.errf("property definition %s: type %q is not string, boolean, currency, date, time or number", id, dt)
	}
	var name *string
	for {
		t, err := x.next()
		if err != nil {
			return "", propDef{}, err
		}
		if _, ok := t.(xml.EndElement); ok {
			break
		}
		c := t.(xml.StartElement)
		if !x.inNS(c.Name) || c.Name.Local != "name" && c.Name.Local != "documentation" {
			return "", propDef{}, x.errf("property definition %s: unexpected <%s>", id, c.Name.Local)
		}
		if _, err := x.attrs(c, "xml:lang"); err != nil {
			return "", propDef{}, err
		}
		s, err := x.text(c.Name.Local)
		if err != nil {
			return "", propDef{}, err
		}
		if c.Name.Local == "name" && name == nil {
			name = &s
		}
	}
	if name == nil || *name == "" {
		return "", propDef{}, x.errf("property definition %s has no <name>", id)
	}
	return id, propDef{name: *name, typ: dt}, nil
}

// scanDefinitions finds the model's <propertyDefinitions> (after the elements and relationships,
// where the schema puts it) without parsing what comes before: a byte search for the start tag,
// from the end, and a parse of that element alone. The model parse checks it found the right one.
func scanDefinitions(r io.ReaderAt, size int64, name string) (map[string]propDef, error) {
	const chunk = 1 << 20
	tag := []byte("propertyDefinitions")
	overlap := int64(len(tag) + 256)
	buf := make([]byte, min(chunk, size)+overlap)
	for end := size; end > 0; {
		start := max(0, end-chunk)
		n := int(min(end+overlap, size) - start)
		if _, err := r.ReadAt(buf[:n], start); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		b := buf[:n]
		for i := bytes.LastIndex(b, tag); i >= 0; i = bytes.LastIndex(b[:i], tag) {
			// The start tag: '<', an optional prefix, the name, then space or '>'.
			j := i - 1
			for j >= 0 && (b[j] == ':' || b[j] == '_' || b[j] == '-' || b[j] == '.' || b[j] >= 'a' && b[j] <= 'z' || b[j] >= 'A' && b[j] <= 'Z' || b[j] >= '0' && b[j] <= '9') {
				j--
			}
			k := i + len(tag)
			if j < 0 || b[j] != '<' || k >= len(b) || !(b[k] == '>' || b[k] == ' ' || b[k] == '\t' || b[k] == '\n' || b[k] == '\r') {
				continue
			}
			if pre := string(b[j+1 : i]); pre != "" && !strings.HasSuffix(pre, ":") {
				continue
			}
			return parseDefinitions(io.NewSectionReader(r, start+int64(j), size-start-int64(j)), name)
		}
		end = start
	}
	return map[string]propDef{}, nil
}

func parseDefinitions(r io.Reader, name string) (map[string]propDef, error) {
	d := xml.NewDecoder(r)
	d.Strict = false // the fragment's prefixes are declared before it
	x := &axReader{d: d, name: name + " (property definitions)", elems: map[string]axElem{}, rels: map[string]bool{}, anyNS: true}
	defs := map[string]propDef{}
	t, err := x.next()
	if err != nil {
		return nil, err
	}
	if se, ok := t.(xml.StartElement); !ok || se.Name.Local != "propertyDefinitions" {
		return defs, nil
	}
	for {
		t, err := x.next()
		if err != nil {
			return nil, err
		}
		if _, ok := t.(xml.EndElement); ok {
			return defs, nil
		}
		se := t.(xml.StartElement)
		if se.Name.Local != "propertyDefinition" {
			return nil, x.errf("unexpected <%s> in <propertyDefinitions>", se.Name.Local)
		}
		// Prefixed attributes are unresolved in the fragment; read the two we need by local name.
		for i := range se.Attr {
			se.Attr[i].Name.Space = ""
		}
		id, def, err := x.definition(se)
		if err != nil {
			return nil, err
		}
		defs[id] = def
	}
}

func localType(s string) string {
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// isNCName reports whether s is an XML NCName (the type of identifiers).
func isNCName(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for i, r := range s {
		start := r == '_' || unicode.IsLetter(r)
		if i == 0 && !start {
			return false
		}
		if !start && !(r == '-' || r == '.' || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || r == 0xB7) {
			return false
		}
	}
	return true
}
