package interop

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
	"github.com/archgraph/archgraph/textpolicy"
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

// ArchiMateFile is an exchange file read into memory and checked against the exchange format;
// Map turns it into the graph's records.
type ArchiMateFile struct {
	Name     string
	root     *xel
	defs     map[string]propDef
	elements []*xel
	rels     []*xel
	views    []*xel
	vpoints  []*xel              // <views><viewpoints>: the model's own viewpoint definitions
	kinds    map[string]string   // identifier -> "element", "relationship", "view", "viewpoint"
	byID     map[string]*xel     // identifier -> element, relationship or view
	folders  map[string][]string // identifier -> folder path
	problems []Problem
	notes    []Problem
	out      *ArchiMateImport // where Map collects what the file's parts say
}

// Problem is one finding about an exchange file: where (the line of the start tag), what (the
// element, relationship or view) and the message.
type Problem struct {
	Line int
	What string
	Msg  string
}

func (p Problem) format(file string) string {
	var b strings.Builder
	b.WriteString(file)
	if p.Line > 0 {
		b.WriteString(":" + strconv.Itoa(p.Line))
	}
	b.WriteString(": ")
	if p.What != "" {
		b.WriteString(p.What + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// ArchiMateError lists every problem that keeps an exchange file from being imported.
type ArchiMateError struct {
	File     string
	Problems []Problem
}

func (e *ArchiMateError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.format(e.File)
	}
	if len(lines) == 1 {
		return lines[0]
	}
	return fmt.Sprintf("%s: %d problems, nothing written:\n  %s", e.File, len(lines), strings.Join(lines, "\n  "))
}

// Unwrap makes an ArchiMateError an invalid-input error.
func (e *ArchiMateError) Unwrap() error { return store.ErrInvalid }

func (f *ArchiMateFile) bad(e *xel, what, format string, args ...any) {
	line := 0
	if e != nil {
		line = e.line
	}
	p := Problem{line, what, fmt.Sprintf(format, args...)}
	if f.out != nil {
		f.out.problems = append(f.out.problems, p)
		return
	}
	f.problems = append(f.problems, p)
}

func (f *ArchiMateFile) note(e *xel, what, format string, args ...any) {
	line := 0
	if e != nil {
		line = e.line
	}
	p := Problem{line, what, fmt.Sprintf(format, args...)}
	if f.out != nil {
		f.out.notes = append(f.out.notes, p)
		return
	}
	f.notes = append(f.notes, p)
}

func (e *xel) in() bool { return e.space == ArchiMateNS }

// DecodeArchiMate reads and checks an exchange file (UTF-8, UTF-16 with a byte-order mark, or a
// declared single-byte encoding such as windows-1252). A file that is no XML, or no exchange
// file, is an error; everything else that is wrong is collected (Problems) so that one run
// reports all of it.
func DecodeArchiMate(data []byte, name string) (*ArchiMateFile, error) {
	root, err := parseXML(data, name)
	if err != nil {
		var xe *xmlError
		if errors.As(err, &xe) {
			return nil, &ArchiMateError{File: name, Problems: []Problem{{Line: xe.line, Msg: xe.msg}}}
		}
		return nil, err
	}
	f := &ArchiMateFile{Name: name, root: root, defs: map[string]propDef{}, kinds: map[string]string{}, byID: map[string]*xel{}, folders: map[string][]string{}}
	if root.local != "model" || !root.in() {
		msg := fmt.Sprintf("the root is <%s> in namespace %q; a Model Exchange File has <model> in %s", root.local, root.space, ArchiMateNS)
		if root.local == "model" && strings.HasPrefix(root.space, "http://www.opengroup.org/xsd/archimate") {
			msg = fmt.Sprintf("namespace %s is not ArchiMate 3.x's %s: this looks like an ArchiMate 2 exchange file; open it in Archi and export it as ArchiMate 3.1", root.space, ArchiMateNS)
		}
		return nil, &ArchiMateError{File: name, Problems: []Problem{{Line: root.line, Msg: msg}}}
	}
	f.model()
	return f, nil
}

// Problems are what keeps the file from being imported whole.
func (f *ArchiMateFile) Problems() []Problem { return f.problems }

// checkAttrs reports attributes of e outside allowed; attributes of other namespaces are
// extensions the schema allows, which archgraph does not keep.
func (f *ArchiMateFile) checkAttrs(e *xel, what string, allowed ...string) {
	for _, a := range e.attrs {
		key := a.Name.Local
		switch a.Name.Space {
		case "":
		case xsiNS:
			if key == "schemaLocation" || key == "noNamespaceSchemaLocation" {
				continue
			}
			key = "xsi:" + key
		case xmlNS, "xml":
			key = "xml:" + key
		default:
			f.note(e, what, "attribute %s:%s (an extension of another tool) is not kept", a.Name.Space, a.Name.Local)
			continue
		}
		ok := false
		for _, al := range allowed {
			ok = ok || key == al
		}
		if !ok {
			f.bad(e, what, "<%s>: unknown attribute %q", e.local, key)
		}
	}
}

func (f *ArchiMateFile) model() {
	root := f.root
	f.checkAttrs(root, "<model>", "identifier", "version")
	if id, _ := root.attr("", "identifier"); !isNCName(id) {
		f.bad(root, "<model>", "identifier %q is not an XML name", id)
	}
	// First the property definitions, which the properties before them refer to.
	for _, c := range root.kids {
		if c.in() && c.local == "propertyDefinitions" {
			for _, d := range c.kids {
				f.definition(d)
			}
		}
	}
	names := 0
	for _, c := range root.kids {
		if !c.in() {
			f.note(c, "<model>", "<%s> of namespace %s (an extension of another tool) is not kept", c.local, c.space)
			continue
		}
		switch c.local {
		case "name":
			names++
		case "documentation", "properties", "metadata", "propertyDefinitions":
		case "elements":
			for _, e := range c.kids {
				if !e.in() || e.local != "element" {
					f.bad(e, "<elements>", "unexpected <%s>, want <element>", e.local)
					continue
				}
				f.register(e, "element", "element")
				f.elements = append(f.elements, e)
			}
		case "relationships":
			for _, e := range c.kids {
				if !e.in() || e.local != "relationship" {
					f.bad(e, "<relationships>", "unexpected <%s>, want <relationship>", e.local)
					continue
				}
				f.register(e, "relationship", "relationship")
				f.rels = append(f.rels, e)
			}
		case "views":
			for _, vs := range c.kids {
				switch {
				case vs.in() && vs.local == "diagrams":
					for _, v := range vs.kids {
						if !v.in() || v.local != "view" {
							f.bad(v, "<diagrams>", "unexpected <%s>, want <view>", v.local)
							continue
						}
						f.register(v, "view", "view")
						f.views = append(f.views, v)
					}
				case vs.in() && vs.local == "viewpoints":
					for _, v := range vs.kids {
						if !v.in() || v.local != "viewpoint" {
							f.bad(v, "<viewpoints>", "unexpected <%s>, want <viewpoint>", v.local)
							continue
						}
						f.register(v, "viewpoint", "viewpoint")
						f.vpoints = append(f.vpoints, v)
					}
				default:
					f.bad(vs, "<views>", "unexpected <%s>", vs.local)
				}
			}
		case "organizations":
		default:
			f.bad(c, "<model>", "unexpected <%s>", c.local)
		}
	}
	if names == 0 {
		f.bad(root, "<model>", "the model has no <name>")
	}
	for _, c := range root.kids {
		if c.in() && c.local == "organizations" {
			for _, it := range c.kids {
				f.item(it, nil)
			}
		}
	}
}

// register records the identifier of an element, relationship or view.
func (f *ArchiMateFile) register(e *xel, kind, what string) {
	id, _ := e.attr("", "identifier")
	switch {
	case !isNCName(id):
		f.bad(e, "<"+e.local+">", "identifier %q is not an XML name", id)
	case f.kinds[id] != "":
		f.bad(e, what+" "+id, "identifier used twice (first at line %d)", f.byID[id].line)
	default:
		f.kinds[id] = kind
		f.byID[id] = e
	}
}

// item reads an organization item: a folder (labels, documentation, items) or a reference.
func (f *ArchiMateFile) item(it *xel, path []string) {
	if !it.in() || it.local != "item" {
		f.bad(it, "organizations", "unexpected <%s>, want <item>", it.local)
		return
	}
	f.checkAttrs(it, "organization item", "identifier", "identifierRef")
	if ref, ok := it.attr("", "identifierRef"); ok {
		switch {
		case f.kinds[ref] == "" || f.kinds[ref] == "viewpoint":
			f.bad(it, "organization item", "refers to %q, which is no element, relationship or view of the file", ref)
		case f.folders[ref] != nil:
			f.note(it, "organization item", "%s is filed twice; it is kept in its first folder", ref)
		default:
			f.folders[ref] = append([]string{}, path...)
		}
		return
	}
	// A folder: its identifier, labels, documentation and place are kept with the model
	// (folderSkeleton); its items say where the file's elements, relationships and views go.
	label := folderLabel(it)
	if label == "" {
		f.bad(it, "organization item", "a folder without a <label> and an item without identifierRef")
		return
	}
	sub := append(append([]string{}, path...), label)
	for _, c := range it.kids {
		switch {
		case c.in() && c.local == "item":
			f.item(c, sub)
		case !c.in():
			f.note(c, "folder "+strings.Join(sub, "/"), "<%s> of namespace %s (an extension of another tool) is not kept", c.local, c.space)
		}
	}
}

// folderLabel is the name a folder is known by: its first label, normalised ("" when none).
func folderLabel(it *xel) string {
	for _, c := range it.kids {
		if c.in() && c.local == "label" {
			return normText(c.text)
		}
	}
	return ""
}

// definition reads one <propertyDefinition>.
func (f *ArchiMateFile) definition(d *xel) {
	if !d.in() || d.local != "propertyDefinition" {
		f.bad(d, "<propertyDefinitions>", "unexpected <%s>", d.local)
		return
	}
	f.checkAttrs(d, "<propertyDefinition>", "identifier", "type")
	id, _ := d.attr("", "identifier")
	if !isNCName(id) {
		f.bad(d, "<propertyDefinition>", "identifier %q is not an XML name", id)
		return
	}
	dt, _ := d.attr("", "type")
	if !propertyTypes[dt] {
		f.bad(d, "property definition "+id, "type %q is not string, boolean, currency, date, time or number", dt)
		return
	}
	name := ""
	for _, c := range d.kids {
		if c.in() && c.local == "name" && name == "" {
			name = normText(c.text)
		}
	}
	if name == "" {
		f.bad(d, "property definition "+id, "it has no <name>")
		return
	}
	if err := textpolicy.Check("its name", name, propName); err != nil {
		f.bad(d, "property definition "+id, "%v", err)
		return
	}
	if _, dup := f.defs[id]; dup {
		f.bad(d, "property definition "+id, "defined twice")
		return
	}
	f.defs[id] = propDef{name: name, typ: dt}
}

// langText is a text and its xml:lang (hasLang false: none).
type langText struct {
	lang    string
	hasLang bool
	text    string
}

// concept is what an element, relationship or view says besides its attributes.
type concept struct {
	names, docs []langText
	props       map[string]any
	propOrder   []string
	types       map[string]string     // property name -> definition type
	propLang    map[string]langText   // property name -> the xml:lang of its (first) value
	propExtra   map[string][]langText // property name -> its further values (other languages)
}

// body reads the names, documentation and properties of e; other children are passed to rest.
func (f *ArchiMateFile) body(e *xel, what string, rest func(*xel)) concept {
	c := concept{props: map[string]any{}, types: map[string]string{}}
	for _, k := range e.kids {
		if !k.in() {
			f.note(k, what, "<%s> of namespace %s (an extension of another tool) is not kept", k.local, k.space)
			continue
		}
		switch k.local {
		case "name", "documentation":
			lang, has := k.lang()
			lt := langText{lang: lang, hasLang: has, text: k.text}
			if k.local == "name" {
				c.names = append(c.names, lt)
			} else {
				c.docs = append(c.docs, lt)
			}
		case "properties":
			for _, p := range k.kids {
				f.property(p, what, &c)
			}
		default:
			if rest == nil {
				f.bad(k, what, "unexpected <%s>", k.local)
			} else {
				rest(k)
			}
		}
	}
	return c
}

func (f *ArchiMateFile) property(p *xel, what string, c *concept) {
	if !p.in() || p.local != "property" {
		f.bad(p, what, "unexpected <%s> in <properties>", p.local)
		return
	}
	ref, _ := p.attr("", "propertyDefinitionRef")
	def, ok := f.defs[ref]
	if !ok {
		f.bad(p, what, "property refers to definition %q, which <propertyDefinitions> does not define", ref)
		return
	}
	var vals []langText
	for _, v := range p.kids {
		if v.in() && v.local == "value" {
			lang, has := v.lang()
			vals = append(vals, langText{lang, has, v.text})
		}
	}
	if len(vals) == 0 {
		f.bad(p, what, "property %q has no <value>", def.name)
		return
	}
	if _, dup := c.props[def.name]; dup {
		f.note(p, what, "property %q appears twice; the first value is kept", def.name)
		return
	}
	v, err := parseProp(def.typ, vals[0].text)
	if err != nil {
		f.bad(p, what, "property %q (%s): %v", def.name, def.typ, err)
		return
	}
	if s, ok := v.(string); ok {
		ns, err := cleanProp(s)
		if err != nil {
			f.bad(p, what, "property %q: %v", def.name, err)
			return
		}
		v = ns
	}
	for _, x := range vals[1:] {
		t, err := cleanProp(x.text)
		if err != nil {
			f.bad(p, what, "property %q (xml:lang %q): %v", def.name, x.lang, err)
			return
		}
		if c.propExtra == nil {
			c.propExtra = map[string][]langText{}
		}
		c.propExtra[def.name] = append(c.propExtra[def.name], langText{x.lang, x.hasLang, t})
	}
	if vals[0].hasLang {
		if c.propLang == nil {
			c.propLang = map[string]langText{}
		}
		c.propLang[def.name] = vals[0]
	}
	c.props[def.name] = v
	c.propOrder = append(c.propOrder, def.name)
	c.types[def.name] = def.typ
}

// localType strips a prefix from an xsi:type value.
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

// canonical writes e and its subtree as XML in the form the exporter writes (the exchange
// namespace as default, xsi:type and xml:lang prefixed, attributes in file order), indented by
// depth; elements of other namespaces are left out (the caller notes them).
func canonical(b *bytes.Buffer, e *xel, depth int) {
	ind := strings.Repeat("  ", depth)
	b.WriteString(ind + "<" + e.local)
	for _, a := range e.attrs {
		name := a.Name.Local
		switch a.Name.Space {
		case "":
		case xsiNS:
			name = "xsi:" + name
			if a.Name.Local == "type" {
				// "archimate:Element" where the file binds a prefix to the exchange namespace:
				// the export has that namespace as the default.
				b.WriteString(" xsi:type=\"" + esc(localType(a.Value)) + "\"")
				continue
			}
		case xmlNS, "xml":
			name = "xml:" + name
		default:
			continue
		}
		b.WriteString(" " + name + "=\"" + esc(a.Value) + "\"")
	}
	kids := 0
	for _, k := range e.kids {
		if k.in() {
			kids++
		}
	}
	switch {
	case kids > 0:
		b.WriteString(">\n")
		for _, k := range e.kids {
			if k.in() {
				canonical(b, k, depth+1)
			}
		}
		b.WriteString(ind + "</" + e.local + ">\n")
	case e.text != "":
		b.WriteString(">" + escText(e.text) + "</" + e.local + ">\n")
	default:
		b.WriteString("/>\n")
	}
}

// escText escapes character data.
func escText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// parseFragment reads XML written by canonical back into a tree (the namespaces declared around it).
func parseFragment(s string) ([]*xel, error) {
	wrapped := "<r xmlns=\"" + ArchiMateNS + "\" xmlns:xsi=\"" + xsiNS + "\">" + s + "</r>"
	root, err := parseXML([]byte(wrapped), "diagram")
	if err != nil {
		return nil, err
	}
	return root.kids, nil
}

// ReadArchiMate decodes a Model Exchange File from r (size bytes) and maps it onto the graph as
// if the graph held the four layers of the framework and none of the file's nodes, handing each
// record to the callbacks; any problem is an *ArchiMateError listing all of them.
func ReadArchiMate(r io.ReaderAt, size int64, name string, node func(bulk.NodeRecord) error, rel func(bulk.RelRecord) error) error {
	data := make([]byte, size)
	if _, err := r.ReadAt(data, 0); err != nil && err != io.EOF {
		return fmt.Errorf("%s: %w", name, err)
	}
	f, err := DecodeArchiMate(data, name)
	if err != nil {
		return err
	}
	im := f.Map(MapOptions{Layers: DefaultLayers})
	if err := im.Err(); err != nil {
		return err
	}
	return im.Source()(node, rel)
}

// DefaultLayers are the layer codes of the framework (seed/data/layers.yaml).
var DefaultLayers = map[string]bool{"L1": true, "L2": true, "L3": true, "L4": true}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
