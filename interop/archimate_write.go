package interop

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
)

// ArchiMateWriter writes a Model Exchange File as it is handed nodes and then relationships
// (store.ExportGraph's order). Elements and the metamodel's relationships are written as they
// come; generic relationships (ARCHIMATE_RELATION, and those kept as ArchiMateRelationship
// nodes) wait for their two ends, and views
// for the end, where references to what was not written are left out (and counted).
type ArchiMateWriter struct {
	// relType: the archgraph type of the typed relationship (typedRels) being written, else "".
	relType  string
	w        *bufio.Writer
	defs     map[propDef]string
	defOrder []propDef
	elems    map[string]*elemInfo // node id -> (pointers: 473k lookups in S touch less memory)
	idents   map[string]bool      // identifiers written (elements, relationships)
	folders  map[string][]string  // folder path ("/"-joined, "\x00" between levels) -> identifiers
	order    []string             // folder paths in the order first met
	layers   map[string]string    // layer code -> folder name
	state    int                  // 0 before elements, 1 in elements, 2 in relationships
	err      error
	buf      []byte
	genRels  []*genRel
	relNodes map[string]*genRel // node id ->
	views    []bulk.NodeRecord
	rels     []relInfo // written relationships, for generated views
	gen      []GeneratedView
	// The model: its name (when no kept model names it), the kept ArchiMateModel nodes, whether
	// the start is written, the kept folders' details, the viewpoints written.
	name       string
	models     []bulk.NodeRecord
	started    bool
	folderInfo map[string]folderInfo
	viewpoints map[string]bool
	Nodes      int64
	Rels       int64
	// Dropped counts what was left out: relationships whose end is gone, diagram nodes and
	// connections whose element or relationship is gone.
	Dropped map[string]int
}

type elemInfo struct{ ident, typ, label, code, name, layer string }

type genRel struct {
	props    map[string]any
	src, tgt string // identifiers of the ends
}

type relInfo struct{ ident, src, tgt, fromID, toID, typ string }

// GeneratedView asks the writer for a diagram archgraph draws: Layers draws one view per layer
// of the framework with its components; Impact draws a component (Root, a node id) and what
// depends on it, one column per depth (Depths: node id -> depth).
type GeneratedView struct {
	Layers bool
	Root   string
	Depths map[string]int
	Title  string
}

// NewArchiMateWriter starts a model named name (unless the graph keeps one imported model, whose
// name, identifier and documentation it then writes).
func NewArchiMateWriter(w io.Writer, name string) *ArchiMateWriter {
	aw := &ArchiMateWriter{w: bufio.NewWriterSize(w, 1<<20), defs: map[propDef]string{}, elems: map[string]*elemInfo{},
		idents: map[string]bool{}, folders: map[string][]string{}, layers: map[string]string{},
		relNodes: map[string]*genRel{}, Dropped: map[string]int{}, name: name, folderInfo: map[string]folderInfo{},
		viewpoints: map[string]bool{}}
	return aw
}

// Generate adds a generated view (see GeneratedView); call it before the first Node.
func (aw *ArchiMateWriter) Generate(v GeneratedView) { aw.gen = append(aw.gen, v) }

func (aw *ArchiMateWriter) printf(format string, args ...any) {
	if aw.err == nil {
		_, aw.err = fmt.Fprintf(aw.w, format, args...)
	}
}

func (aw *ArchiMateWriter) write(b []byte) {
	if aw.err == nil {
		_, aw.err = aw.w.Write(b)
	}
}

func esc(s string) string {
	if !strings.ContainsAny(s, "&<>\"\r\t") {
		return s // most text needs no escaping
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\r':
			b.WriteString("&#xD;")
		case '\t':
			b.WriteString("&#x9;")
		case '\n':
			b.WriteString("\n")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (aw *ArchiMateWriter) def(name, dt string) string {
	k := propDef{name, dt}
	if id, ok := aw.defs[k]; ok {
		return id
	}
	id := "pd-" + strconv.Itoa(len(aw.defOrder)+1)
	aw.defs[k] = id
	aw.defOrder = append(aw.defOrder, k)
	return id
}

// properties appends a <properties> block: LabelProperty first when label is set, then every
// property sorted by name, except those skip says are written otherwise.
func (aw *ArchiMateWriter) properties(b []byte, label string, props map[string]any, skip func(string) bool) ([]byte, error) {
	keys := make([]string, 0, len(props))
	if aw.relType != "" && label != "" {
		return b, fmt.Errorf("archimate: internal: a typed relationship's properties written with a label")
	}
	for k := range props {
		if isMeta(k) || skip != nil && skip(k) {
			continue
		}
		if strings.HasPrefix(k, metaPrefix) {
			return b, fmt.Errorf("property %q: names starting with %q are the exporter's", k, metaPrefix)
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) == 0 && label == "" && aw.relType == "" {
		return b, nil
	}
	// One line per element: whitespace between tags would double the tokens a reader parses.
	b = append(b, "<properties>"...)
	// The xml:lang of values and values in further languages, as the file had them.
	allLang, hasAll := props[pPropLang].(string)
	langs := anyList(props[pPropLang])
	extra := anyList(props[pPropLangs])
	types := anyList(props[pPropTypes])
	value := func(lang string, has bool, text string) {
		b = append(b, "<value"...)
		if has {
			b = append(b, " xml:lang=\""...)
			b = append(b, esc(lang)...)
			b = append(b, '"')
		}
		b = append(b, '>')
		b = append(b, esc(text)...)
		b = append(b, "</value>"...)
	}
	prop := func(name, dt, text string) {
		for i := 0; i+1 < len(types); i += 2 {
			if types[i] == name {
				dt, _ = types[i+1].(string)
			}
		}
		b = append(b, "<property propertyDefinitionRef=\""...)
		b = append(b, aw.def(name, dt)...)
		b = append(b, "\">"...)
		lang, has := allLang, hasAll
		for i := 0; i+1 < len(langs); i += 2 {
			if langs[i] == name {
				lang, _ = langs[i+1].(string)
				has = true
			}
		}
		value(lang, has, text)
		for i := 0; i+2 < len(extra); i += 3 {
			if extra[i] == name {
				l, _ := extra[i+1].(string)
				t, _ := extra[i+2].(string)
				if xmlSafe(t) == nil {
					value(l, l != "", t)
				}
			}
		}
		b = append(b, "</property>"...)
	}
	if label != "" {
		prop(LabelProperty, dtString, label)
	}
	if aw.relType != "" && label == "" {
		prop(TypeProperty, dtString, aw.relType)
	}
	for _, k := range keys {
		if err := xmlSafe(k); err != nil {
			return b, fmt.Errorf("property name %q: %w", k, err)
		}
		dt, text, err := propText(props[k])
		if err != nil {
			return b, fmt.Errorf("property %q: %w", k, err)
		}
		prop(k, dt, text)
	}
	return append(b, "</properties>"...), nil
}

// identOf is the identifier a node is written under.
func identOf(props map[string]any) string {
	if s, ok := props[pArchiID].(string); ok && s != "" {
		return s
	}
	s, _ := props["id"].(string)
	return elementID(s)
}

// texts appends the names (or labels, tag) and documentation of a node.
func texts(b []byte, tag string, props map[string]any, fallback string) ([]byte, error) {
	langAttr := func(lang string, has bool) string {
		if !has {
			return ""
		}
		return " xml:lang=\"" + esc(lang) + "\""
	}
	name, _ := props["name"].(string)
	lang, hasLang := "vi", true
	if l, ok := props[pNameLang].(string); ok {
		lang, hasLang = l, l != ""
	}
	if name == "" && fallback != "" {
		name = fallback
	}
	if name != "" || props[pNameLang] != nil {
		if err := xmlSafe(name); err != nil {
			return b, fmt.Errorf("name: %w", err)
		}
		b = append(b, "<"+tag+langAttr(lang, hasLang)+">"...)
		b = append(b, esc(name)...)
		b = append(b, "</"+tag+">"...)
	}
	if en, _ := props["nameEn"].(string); en != "" && xmlSafe(en) == nil {
		b = append(b, "<"+tag+" xml:lang=\"en\">"...)
		b = append(b, esc(en)...)
		b = append(b, "</"+tag+">"...)
	}
	pairs := func(b []byte, list []any, tag string) []byte {
		for i := 0; i+1 < len(list); i += 2 {
			l, _ := list[i].(string)
			t, _ := list[i+1].(string)
			if xmlSafe(t) != nil {
				continue
			}
			b = append(b, "<"+tag+langAttr(l, l != "")+">"...)
			b = append(b, esc(t)...)
			b = append(b, "</"+tag+">"...)
		}
		return b
	}
	b = pairs(b, anyList(props[pNames]), tag)
	if doc, ok := props[pDoc].(string); ok {
		if err := xmlSafe(doc); err != nil {
			return b, fmt.Errorf("documentation: %w", err)
		}
		l, has := props[pDocLang].(string)
		b = append(b, "<documentation"+langAttr(l, has)+">"...)
		b = append(b, esc(doc)...)
		b = append(b, "</documentation>"...)
	}
	return pairs(b, anyList(props[pDocs]), "documentation"), nil
}

// Node writes one element, or keeps a relationship node or a view for later.
func (aw *ArchiMateWriter) Node(n bulk.NodeRecord) error {
	if aw.state == 2 {
		return fmt.Errorf("archimate: %s %s after the relationships", n.Label, n.Code())
	}
	id := n.ID()
	if id == "" {
		return fmt.Errorf("archimate: %s %s has no id", n.Label, n.Code())
	}
	props := plainProps(n.Props)
	switch n.Label {
	case store.LabelArchiMateModel:
		return aw.model(n)
	case store.LabelArchiMateRelationship:
		aw.relNodes[id] = &genRel{props: props}
		aw.Nodes++
		return nil
	case store.LabelArchiMateView:
		aw.views = append(aw.views, n)
		aw.Nodes++
		return nil
	}
	if aw.state == 0 {
		if err := aw.start(); err != nil {
			return err
		}
		aw.printf("  <elements>\n")
		aw.state = 1
	}
	typ, _ := props[pArchiType].(string)
	if typ == "" {
		typ = elementType(n)
	}
	if typ == "" {
		return fmt.Errorf("archimate: %s %s has no element type", n.Label, n.Code())
	}
	ident := identOf(props)
	name, _ := props["name"].(string)
	layer, _ := props["layer"].(string)
	aw.elems[id] = &elemInfo{ident: ident, typ: typ, label: n.Label, code: n.Code(), name: name, layer: layer}
	aw.idents[ident] = true
	b := append(aw.buf[:0], "    <element identifier=\""...)
	b = append(b, esc(ident)...)
	b = append(b, "\" xsi:type=\""...)
	b = append(b, typ...)
	b = append(b, "\">"...)
	fallback := n.Code()
	if props[pArchiID] != nil {
		fallback = "" // a file's element without a name stays without one
	}
	var err error
	if b, err = texts(b, "name", props, fallback); err != nil {
		return fmt.Errorf("archimate: %s %s: %w", n.Label, n.Code(), err)
	}
	label := n.Label
	if label == store.LabelArchiMateElement {
		label = ""
	}
	if b, err = aw.properties(b, label, props, derivable(ident, props)); err != nil {
		return fmt.Errorf("archimate: %s %s: %w", n.Label, n.Code(), err)
	}
	b = append(b, "</element>\n"...)
	aw.buf = b
	aw.write(b)
	aw.Nodes++
	aw.file(folderPath(props, func() []string {
		if props[pArchiID] != nil {
			return nil // a file's element that was in no folder stays in none
		}
		return folderOf(n.Label, typ, props, aw.layers)
	}), ident)
	if n.Label == store.LabelLayer {
		name := n.Code()
		if nm, _ := props["name"].(string); nm != "" {
			name += " – " + nm
		}
		aw.layers[n.Code()] = name
	}
	return aw.err
}

// derivable says which of id and code the import derives from the identifier (so they are not
// written as properties of a file's element).
func derivable(ident string, props map[string]any) func(string) bool {
	if props[pArchiID] == nil {
		return nil
	}
	id, _ := props["id"].(string)
	code, _ := props["code"].(string)
	skipID, skipCode := id == derivedID(ident), code == derivedCode(ident)
	return func(k string) bool {
		return k == "id" && skipID || k == "code" && skipCode || k == "name" || k == "nameEn"
	}
}

func folderPath(props map[string]any, def func() []string) []string {
	if l := anyList(props[pFolder]); len(l) > 0 {
		out := make([]string, len(l))
		for i, v := range l {
			out[i], _ = v.(string)
		}
		return out
	}
	return def()
}

func (aw *ArchiMateWriter) file(path []string, ident string) {
	if len(path) == 0 {
		return
	}
	k := strings.Join(path, "\x00")
	if _, ok := aw.folders[k]; !ok {
		aw.order = append(aw.order, k)
	}
	aw.folders[k] = append(aw.folders[k], ident)
}

// folderOf is the folder the export files an element in: capabilities under Strategy, agencies
// under Business by level, components under Application or Technology by layer, reference
// components under Motivation by framework, groupings under Other, other elements by the layer
// of their type (Archi's folders).
func folderOf(label, typ string, props map[string]any, layers map[string]string) []string {
	p := func(k string) string { s, _ := props[k].(string); return s }
	switch label {
	case store.LabelLayer:
		return []string{"Other", "Layers"}
	case store.LabelComponentGroup:
		return []string{"Other", "Component groups"}
	case store.LabelFramework:
		return []string{"Other", "Frameworks"}
	case store.LabelCapability:
		return []string{"Strategy"}
	case store.LabelAgency:
		return []string{"Business", orDefault(p("level"), "other")}
	case store.LabelReferenceComponent:
		return []string{"Motivation", orDefault(p("framework"), "other")}
	case store.LabelRule:
		return []string{"Motivation", "Rules"}
	case store.LabelComponent:
		top := "Application"
		if typ == tNode || typ == tSystemSoftware || typ == "Device" || typ == "CommunicationNetwork" {
			top = "Technology & Physical"
		}
		layer := p("layer")
		if name, ok := layers[layer]; ok {
			layer = name
		}
		return []string{top, orDefault(layer, "other")}
	}
	return []string{typeFolder(typ)}
}

// typeFolder is Archi's top folder for an element type.
func typeFolder(typ string) string {
	switch {
	case strings.HasPrefix(typ, "Business"), typ == "Contract", typ == "Representation", typ == "Product":
		return "Business"
	case strings.HasPrefix(typ, "Application"), typ == tDataObject:
		return "Application"
	case strings.HasPrefix(typ, "Technology"), typ == tNode, typ == "Device", typ == tSystemSoftware, typ == "Path",
		typ == "CommunicationNetwork", typ == "Artifact", typ == "Equipment", typ == "Facility", typ == "DistributionNetwork", typ == "Material":
		return "Technology & Physical"
	case typ == tCapability, typ == "ValueStream", typ == "Resource", typ == "CourseOfAction":
		return "Strategy"
	case typ == "Stakeholder", typ == "Driver", typ == "Assessment", typ == "Goal", typ == "Outcome", typ == "Principle",
		typ == tRequirement, typ == tConstraint, typ == "Meaning", typ == "Value":
		return "Motivation"
	case typ == "WorkPackage", typ == "Deliverable", typ == "ImplementationEvent", typ == "Plateau", typ == "Gap":
		return "Implementation & Migration"
	}
	return "Other"
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func (aw *ArchiMateWriter) startRels() {
	if aw.state != 2 {
		if err := aw.start(); err != nil && aw.err == nil {
			aw.err = err
		}
		if aw.state == 1 {
			aw.printf("  </elements>\n")
		}
		aw.printf("  <relationships>\n")
		aw.state = 2
	}
}

// Rel writes one relationship of the metamodel, or notes an end of a relationship node.
func (aw *ArchiMateWriter) Rel(r bulk.RelRecord) error {
	if r.Shape.Type == store.RelArchiMateSource || r.Shape.Type == store.RelArchiMateTarget {
		g, ok := aw.relNodes[r.From]
		if !ok {
			return fmt.Errorf("archimate: %s from %s: the relationship node was not written", r.Shape.Type, r.From)
		}
		end := ""
		if e, ok := aw.elems[r.To]; ok {
			end = e.ident
		} else if t, ok := aw.relNodes[r.To]; ok {
			end = identOf(t.props)
		}
		if r.Shape.Type == store.RelArchiMateSource {
			g.src = end
		} else {
			g.tgt = end
		}
		return nil
	}
	if r.Shape.Type == store.RelArchiMateRelation {
		// Written at Close with the relationship nodes, in the order of their codes (as when
		// every generic relationship was a node: a migrated graph exports the same file).
		from, ok1 := aw.elems[r.From]
		to, ok2 := aw.elems[r.To]
		if !ok1 || !ok2 {
			return fmt.Errorf("archimate: %s %s->%s: an endpoint is not among the nodes written", r.Shape.Type, r.From, r.To)
		}
		props := plainProps(r.Props)
		id, _ := props["id"].(string)
		if id == "" {
			return fmt.Errorf("archimate: %s %s->%s has no id", r.Shape.Type, r.From, r.To)
		}
		if _, dup := aw.relNodes[id]; dup {
			return fmt.Errorf("archimate: %s %s: a relationship node has the same id", r.Shape.Type, id)
		}
		aw.relNodes[id] = &genRel{props: props, src: from.ident, tgt: to.ident}
		return nil
	}
	aw.startRels()
	from, ok1 := aw.elems[r.From]
	to, ok2 := aw.elems[r.To]
	if !ok1 || !ok2 {
		return fmt.Errorf("archimate: %s %s->%s: an endpoint is not among the nodes written", r.Shape.Type, r.From, r.To)
	}
	if r.Shape.From == store.LabelComponent && r.Shape.Type == store.RelInLayer && from.layer == "" {
		from.layer = to.code
	}
	props := plainProps(r.Props)
	typ, rev := archiRel(r.Shape, from.typ, to.typ)
	if t, ok := props[pArchiType].(string); ok && t != "" {
		typ = t
	}
	src, tgt := from.ident, to.ident
	if rev {
		src, tgt = tgt, src
	}
	ident := relationshipID(r.Shape, r.From, r.To)
	if s, ok := props[pArchiID].(string); ok && s != "" {
		ident = s
	}
	access := ""
	if typ == rAccess {
		access = "Read"
	}
	if a, ok := props[pAccessType].(string); ok {
		access = a
	}
	aw.relType = ""
	if typedRels[r.Shape.Type] {
		aw.relType = r.Shape.Type
	}
	if err := aw.relationship(ident, typ, src, tgt, access, props); err != nil {
		return fmt.Errorf("archimate: %s %s->%s: %w", r.Shape.Type, r.From, r.To, err)
	}
	if len(aw.gen) > 0 { // generated views draw the relationships between their elements
		aw.rels = append(aw.rels, relInfo{ident: ident, src: src, tgt: tgt, fromID: r.From, toID: r.To, typ: r.Shape.Type})
	}
	return aw.err
}

func (aw *ArchiMateWriter) relationship(ident, typ, src, tgt, access string, props map[string]any) error {
	b := append(aw.buf[:0], "    <relationship identifier=\""...)
	b = append(b, esc(ident)...)
	b = append(b, "\" source=\""...)
	b = append(b, esc(src)...)
	b = append(b, "\" target=\""...)
	b = append(b, esc(tgt)...)
	b = append(b, "\" xsi:type=\""...)
	b = append(b, typ...)
	b = append(b, '"')
	if access != "" {
		b = append(b, " accessType=\""+esc(access)+"\""...)
	}
	if d, ok := props[pDirected].(bool); ok {
		b = append(b, " isDirected=\""+strconv.FormatBool(d)+"\""...)
	}
	if m, ok := props[pModifier].(string); ok {
		b = append(b, " modifier=\""+esc(m)+"\""...)
	}
	b = append(b, '>')
	var err error
	if props[pRelName] != nil || props[pDoc] != nil || props[pDocs] != nil { // most have none
		named := map[string]any{}
		if n, ok := props[pRelName].(string); ok {
			named["name"] = n
			if l, ok := props[pNameLang]; ok {
				named[pNameLang] = l
			} else {
				named[pNameLang] = ""
			}
			if l, ok := props[pNames]; ok {
				named[pNames] = l
			}
		}
		for _, k := range []string{pDoc, pDocLang, pDocs} {
			if v, ok := props[k]; ok {
				named[k] = v
			}
		}
		if b, err = texts(b, "name", named, ""); err != nil {
			return err
		}
	}
	var skip func(string) bool
	if props[pArchiID] != nil && props["id"] != nil {
		skip = derivable(ident, props)
	}
	if b, err = aw.properties(b, "", props, skip); err != nil {
		return err
	}
	aw.relType = ""
	b = append(b, "</relationship>\n"...)
	aw.buf = b
	aw.write(b)
	// What may refer to a relationship: views, relationships kept as nodes, kept folders and
	// viewpoints (identifiers must not collide), generated views. Without them (an export of the
	// estate) the 473k identifiers of S are not remembered; a file's own always are.
	if len(aw.views) > 0 || len(aw.relNodes) > 0 || len(aw.models) > 0 || len(aw.gen) > 0 || props[pArchiID] != nil {
		aw.idents[ident] = true
	}
	aw.Rels++
	aw.file(folderPath(props, func() []string { return nil }), ident)
	return nil
}

// Close ends the model: the relationships kept as nodes, the organizations (folders), the
// property definitions and the views.
func (aw *ArchiMateWriter) Close() error {
	if err := aw.start(); err != nil {
		return err
	}
	// Relationship nodes whose ends are both written; in the order of their codes, and a
	// relationship after those it relates.
	ids := make([]string, 0, len(aw.relNodes))
	for id := range aw.relNodes {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, _ := aw.relNodes[ids[i]].props["code"].(string)
		b, _ := aw.relNodes[ids[j]].props["code"].(string)
		return a < b
	})
	written := map[string]bool{}
	for pending := ids; len(pending) > 0; {
		var next []string
		for _, id := range pending {
			g := aw.relNodes[id]
			if g.src == "" || g.tgt == "" {
				aw.Dropped["relationships whose end is not exported"]++
				written[id] = true
				continue
			}
			if !aw.idents[g.src] || !aw.idents[g.tgt] {
				next = append(next, id)
				continue
			}
			typ, _ := g.props[pArchiType].(string)
			access, _ := g.props[pAccessType].(string)
			aw.startRels()
			if err := aw.relationship(identOf(g.props), typ, g.src, g.tgt, access, g.props); err != nil {
				return fmt.Errorf("archimate: relationship %v: %w", g.props["code"], err)
			}
			written[id] = true
		}
		if len(next) == len(pending) {
			aw.Dropped["relationships whose end is not exported"] += len(next)
			break
		}
		pending = next
	}
	switch aw.state {
	case 1:
		aw.printf("  </elements>\n")
	case 2:
		aw.printf("  </relationships>\n")
	}
	// Views: rendered first (their properties need definitions), written last.
	var viewpoints, views bytes.Buffer
	if err := aw.keptViewpoints(&viewpoints); err != nil {
		return err
	}
	for _, v := range aw.views {
		if err := aw.view(&views, v); err != nil {
			return err
		}
	}
	for _, g := range aw.gen {
		aw.generate(&views, g)
	}
	if err := aw.keptFolders(); err != nil {
		return err
	}
	if len(aw.folders) > 0 {
		aw.printf("  <organizations>\n")
		aw.writeFolders(nil, 2)
		aw.printf("  </organizations>\n")
	}
	if len(aw.defOrder) > 0 {
		aw.printf("  <propertyDefinitions>\n")
		for _, d := range aw.defOrder {
			aw.printf("    <propertyDefinition identifier=\"%s\" type=\"%s\">\n      <name xml:lang=\"en\">%s</name>\n    </propertyDefinition>\n",
				aw.defs[d], d.typ, esc(d.name))
		}
		aw.printf("  </propertyDefinitions>\n")
	}
	if views.Len() > 0 || viewpoints.Len() > 0 {
		aw.printf("  <views>\n")
		if viewpoints.Len() > 0 {
			aw.printf("    <viewpoints>\n")
			aw.write(viewpoints.Bytes())
			aw.printf("    </viewpoints>\n")
		}
		if views.Len() > 0 {
			aw.printf("    <diagrams>\n")
			aw.write(views.Bytes())
			aw.printf("    </diagrams>\n")
		}
		aw.printf("  </views>\n")
	}
	aw.printf("</model>\n")
	if aw.err != nil {
		return aw.err
	}
	return aw.w.Flush()
}

// view renders a kept view, leaving out nodes and connections whose element, relationship or
// view was not written.
func (aw *ArchiMateWriter) view(b *bytes.Buffer, v bulk.NodeRecord) error {
	props := plainProps(v.Props)
	ident := identOf(props)
	b.WriteString("      <view identifier=\"" + esc(ident) + "\" xsi:type=\"Diagram\"")
	if vp, ok := props[pViewpoint].(string); ok {
		b.WriteString(" viewpoint=\"" + esc(vp) + "\"")
	}
	if ref, ok := props[pViewpointRef].(string); ok {
		if aw.viewpoints[ref] {
			b.WriteString(" viewpointRef=\"" + esc(ref) + "\"")
		} else {
			aw.Dropped["view references to viewpoints not exported"]++
		}
	}
	b.WriteString(">\n        ")
	t, err := texts(nil, "name", props, "")
	if err != nil {
		return fmt.Errorf("archimate: view %s: %w", v.Code(), err)
	}
	if t, err = aw.properties(t, "", props, derivable(ident, props)); err != nil {
		return fmt.Errorf("archimate: view %s: %w", v.Code(), err)
	}
	b.Write(t)
	b.WriteString("\n")
	diagram, _ := props[pDiagram].(string)
	if diagram != "" {
		kids, err := parseFragment(diagram)
		if err != nil {
			return fmt.Errorf("archimate: view %s: its diagram: %w", v.Code(), err)
		}
		viewIdents := map[string]bool{}
		for _, w := range aw.views {
			viewIdents[identOf(plainProps(w.Props))] = true
		}
		kids = aw.prune(kids, viewIdents)
		for _, k := range kids {
			canonical(b, k, 4)
		}
	}
	b.WriteString("      </view>\n")
	aw.file(folderPath(props, func() []string { return []string{"Views"} }), ident)
	return nil
}

// prune leaves out of a diagram the nodes whose element is not written (with what they hold),
// the connections whose relationship is not written or whose end was left out, and references
// to views that are not written.
func (aw *ArchiMateWriter) prune(kids []*xel, views map[string]bool) []*xel {
	gone := map[string]bool{}
	var nodes func([]*xel) []*xel
	nodes = func(in []*xel) []*xel {
		var out []*xel
		for _, k := range in {
			kind, _ := k.attr(xsiNS, "type")
			if k.local == "node" && localType(kind) == "Element" {
				if ref, _ := k.attr("", "elementRef"); !aw.idents[ref] {
					markGone(k, gone)
					aw.Dropped["diagram nodes whose element is not exported"]++
					continue
				}
			}
			if k.local == "node" && localType(kind) == "Label" {
				if ref, ok := k.attr("", "conceptRef"); ok && !aw.idents[ref] {
					for i, a := range k.attrs {
						if a.Name.Space == "" && a.Name.Local == "conceptRef" {
							k.attrs = append(k.attrs[:i:i], k.attrs[i+1:]...)
							break
						}
					}
					aw.Dropped["diagram labels' references to concepts not exported"]++
				}
			}
			if k.local == "viewRef" {
				if ref, _ := k.attr("", "ref"); !views[ref] {
					aw.Dropped["diagram references to views not exported"]++
					continue
				}
			}
			k.kids = nodes(k.kids)
			out = append(out, k)
		}
		return out
	}
	kids = nodes(kids)
	// Connections: drop those whose relationship or end is gone, until nothing changes
	// (a connection may end on a connection).
	for changed := true; changed; {
		changed = false
		var out []*xel
		for _, k := range kids {
			if k.local == "connection" {
				id, _ := k.attr("", "identifier")
				kind, _ := k.attr(xsiNS, "type")
				ref, _ := k.attr("", "relationshipRef")
				s, _ := k.attr("", "source")
				t, _ := k.attr("", "target")
				if localType(kind) == "Relationship" && !aw.idents[ref] || gone[s] || gone[t] {
					gone[id] = true
					changed = true
					aw.Dropped["diagram connections whose relationship or end is not exported"]++
					continue
				}
			}
			out = append(out, k)
		}
		kids = out
	}
	return kids
}

func markGone(e *xel, gone map[string]bool) {
	if id, ok := e.attr("", "identifier"); ok {
		gone[id] = true
	}
	for _, k := range e.kids {
		markGone(k, gone)
	}
}

// writeFolders writes the folders under prefix (nil for the top) as nested items, in a fixed
// order at the top and sorted below it.
func (aw *ArchiMateWriter) writeFolders(prefix []string, depth int) {
	pre := strings.Join(prefix, "\x00")
	if len(prefix) > 0 {
		pre += "\x00"
	}
	children := map[string]bool{}
	for path := range aw.folders {
		rest, ok := strings.CutPrefix(path, pre)
		if !ok || rest == "" {
			continue
		}
		name, _, _ := strings.Cut(rest, "\x00")
		children[name] = true
	}
	names := make([]string, 0, len(children))
	for n := range children {
		names = append(names, n)
	}
	order := map[string]int{"Strategy": 1, "Business": 2, "Application": 3, "Technology & Physical": 4, "Motivation": 5,
		"Implementation & Migration": 6, "Other": 7, "Relations": 8, "Views": 9}
	sort.Slice(names, func(i, j int) bool {
		oi, oj := order[names[i]], order[names[j]]
		if depth > 2 {
			oi, oj = 0, 0
		}
		if oi == 0 {
			oi = 100
		}
		if oj == 0 {
			oj = 100
		}
		if oi != oj {
			return oi < oj
		}
		return names[i] < names[j]
	})
	ind := strings.Repeat("  ", depth)
	for _, n := range names {
		path := append(append([]string{}, prefix...), n)
		info, kept := aw.folderInfo[strings.Join(path, "\x00")]
		if !kept {
			aw.printf("%s<item>\n%s  <label xml:lang=\"en\">%s</label>\n", ind, ind, esc(n))
		} else {
			if info.ident != "" && !aw.idents[info.ident] {
				aw.idents[info.ident] = true
				aw.printf("%s<item identifier=\"%s\">\n", ind, esc(info.ident))
			} else {
				aw.printf("%s<item>\n", ind)
			}
			var tb bytes.Buffer
			for _, t := range info.texts {
				canonical(&tb, t, depth+1)
			}
			aw.write(tb.Bytes())
		}
		aw.writeFolders(path, depth+1)
		for _, id := range aw.folders[strings.Join(path, "\x00")] {
			aw.printf("%s  <item identifierRef=\"%s\"/>\n", ind, esc(id))
		}
		aw.printf("%s</item>\n", ind)
	}
}
