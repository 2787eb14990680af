package interop

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
)

// What an exchange file says of itself — the model's identifier, version, names, documentation,
// properties and metadata, its folders (identifiers, labels in every language, documentation,
// empty ones, their order) and its own viewpoint definitions — is kept in one ArchiMateModel
// node per imported model, so that a foreign file survives import → export. archgraph's own
// export carries nothing of that beyond what the export writes anyway, and makes no such node
// (its round trip stays byte-identical). An export writes the model's identifier, names,
// documentation, properties and metadata when the graph holds exactly one such node (an
// exchange file is one model; with several, archgraph names it and the export's summary says
// so), and the folders and viewpoints of all of them.

// propLangs keeps the type of currency properties (whose values are strings), the xml:lang of
// property values and their values in further languages: one
// lang for all (Archi writes xml:lang="en" on every value) or [name, lang, …], and [name, lang,
// text, …] for the further values.
func propLangs(c *concept, props map[string]any) {
	var names []string
	for _, k := range c.propOrder {
		if _, ok := props[k]; ok && !isMeta(k) {
			names = append(names, k)
		}
	}
	if len(c.propLang) > 0 && len(names) > 0 {
		first, same := c.propLang[names[0]], true
		for _, k := range names {
			l, ok := c.propLang[k]
			same = same && ok && l.lang == first.lang
		}
		if same {
			props[pPropLang] = first.lang
		} else {
			var list []any
			for _, k := range names {
				if l, ok := c.propLang[k]; ok {
					list = append(list, k, l.lang)
				}
			}
			props[pPropLang] = list
		}
	}
	var types []any
	for _, k := range names {
		if c.types[k] == "currency" { // kept as a string, written with its type again
			types = append(types, k, "currency")
		}
	}
	if len(types) > 0 {
		props[pPropTypes] = types
	}
	var extra []any
	for _, k := range names {
		for _, x := range c.propExtra[k] {
			extra = append(extra, k, x.lang, x.text)
		}
	}
	if len(extra) > 0 {
		props[pPropLangs] = extra
	}
}

// ownModel is the identifier of archgraph's exports.
const ownModel = "id-archgraph-model"

// model keeps what the file says of itself as an ArchiMateModel node, unless it is archgraph's
// own export and says nothing the export would not write again.
func (m *mapper) model() {
	f := m.f
	root := f.root
	ident, _ := root.attr("", "identifier")
	if !isNCName(ident) {
		return // reported
	}
	const what = "the model"
	c := concept{props: map[string]any{}, types: map[string]string{}}
	var metadata []*xel
	for _, k := range root.kids {
		if !k.in() {
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
		case "metadata":
			metadata = append(metadata, k)
		}
	}
	props := c.props
	for k := range props {
		if strings.HasPrefix(k, metaPrefix) || isMeta(k) {
			m.bad(root, what, "property %q: the name is reserved by archgraph", k)
		}
	}
	own := ident == ownModel && len(props) == 0 && len(metadata) == 0 && len(f.vpoints) == 0
	m.names(root, what, &c, props)
	propLangs(&c, props)
	if v, ok := root.attr("", "version"); ok {
		props[pVersion] = v
		own = false
	}
	if loc, ok := root.attr(xsiNS, "schemaLocation"); ok {
		// The schemas of other namespaces (Dublin Core in the metadata): a validator needs them.
		f := strings.Fields(loc)
		var keep []string
		for i := 0; i+1 < len(f); i += 2 {
			if f[i] != ArchiMateNS {
				keep = append(keep, f[i], f[i+1])
			}
		}
		if len(keep) > 0 {
			props[pSchemaLocs] = strings.Join(keep, " ")
		}
	}
	if len(metadata) > 0 {
		var b bytes.Buffer
		for _, md := range metadata {
			for _, k := range md.kids {
				rawXML(&b, k, 0)
			}
		}
		props[pMetadata] = b.String()
	}
	if len(f.vpoints) > 0 {
		var b bytes.Buffer
		for _, v := range f.vpoints {
			m.viewpoint(v)
			canonical(&b, v, 0)
		}
		props[pViewpoints] = b.String()
	}
	var folders []string
	for _, o := range root.kids {
		if o.in() && o.local == "organizations" {
			for _, it := range o.kids {
				if it.in() && it.local == "item" {
					if s := skeleton(it, 0); s != "" {
						folders = append(folders, s)
					}
				}
			}
		}
	}
	if len(folders) > 0 {
		sortFolders(folders)
		props[pFolders] = strings.Join(folders, "")
		own = false
	}
	// archgraph's own export (its identifier and documentation): the export names it again.
	name, _ := props["name"].(string)
	doc, _ := props[pDoc].(string)
	if own && strings.HasPrefix(doc, "Exported by archgraph") && props[pDocs] == nil && props[pNames] == nil {
		if !strings.HasPrefix(name, "archgraph") {
			m.note(root, what, "its name %q is not kept: the model is archgraph's export (identifier %s), which archgraph names", name, ownModel)
		}
		return
	}
	id := derivedID(ident)
	props["id"] = id
	props["code"] = derivedCode(ident)
	props[pArchiID] = ident
	if m.opts.Existing[store.LabelArchiMateModel][derivedCode(ident)] {
		m.note(root, what, "the graph holds a model of identifier %s already (imported before, from this file or another with the same identifier): this file's name, documentation, properties, metadata, folders and viewpoints update it", ident)
	}
	if props["name"] == nil {
		props["name"] = ""
	}
	m.im.nodes = append(m.im.nodes, bulk.NodeRecord{Label: store.LabelArchiMateModel, Props: toProperties(props),
		Where: fmt.Sprintf("%s:%d: %s", f.Name, root.line, what)})
}

// viewpoint checks a viewpoint definition and turns the definition references of its
// properties into "type:name" (the export numbers its definitions anew).
func (m *mapper) viewpoint(v *xel) {
	ident, _ := v.attr("", "identifier")
	what := "viewpoint " + ident
	named := false
	var walk func(e *xel)
	walk = func(e *xel) {
		for _, k := range e.kids {
			if !k.in() {
				m.note(k, what, "<%s> of namespace %s (an extension of another tool) is not kept", k.local, k.space)
				continue
			}
			if k.local == "property" {
				for i, a := range k.attrs {
					if a.Name.Space == "" && a.Name.Local == "propertyDefinitionRef" {
						def, ok := m.f.defs[a.Value]
						if !ok {
							m.bad(k, what, "property refers to definition %q, which <propertyDefinitions> does not define", a.Value)
							continue
						}
						k.attrs[i].Value = def.typ + ":" + def.name
					}
				}
			}
			walk(k)
		}
	}
	for _, k := range v.kids {
		named = named || k.in() && k.local == "name"
	}
	if !named {
		m.bad(v, what, "it has no <name>")
	}
	walk(v)
}

// skeleton returns the folder it as XML when it, or a folder in it, says more than its name
// and place — an identifier, documentation, labels other than one English one — or is empty
// (it holds no item): the folders that hold something and say nothing more come back from the
// folder paths of what they hold. The items that file elements, relationships and views are
// left out.
func skeleton(it *xel, depth int) string {
	if _, ok := it.attr("", "identifierRef"); ok || folderLabel(it) == "" {
		return ""
	}
	ind := strings.Repeat("  ", depth)
	var b bytes.Buffer
	var inner []string
	b.WriteString(ind + "<item")
	more := false
	for _, a := range it.attrs {
		if a.Name.Space == "" && a.Name.Local == "identifier" {
			b.WriteString(" identifier=\"" + esc(a.Value) + "\"")
			more = true
		}
	}
	b.WriteString(">\n")
	labels, items := 0, 0
	for _, k := range it.kids {
		switch {
		case !k.in():
		case k.local == "label":
			labels++
			if l, ok := k.lang(); !ok || l != "en" {
				more = true
			}
			canonical(&b, k, depth+1)
		case k.local == "documentation":
			more = true
			canonical(&b, k, depth+1)
		case k.local == "item":
			items++
			if s := skeleton(k, depth+1); s != "" {
				inner = append(inner, s)
			}
		}
	}
	if labels != 1 || items == 0 {
		more = true
	}
	if !more && len(inner) == 0 {
		return ""
	}
	sortFolders(inner)
	for _, s := range inner {
		b.WriteString(s)
	}
	b.WriteString(ind + "</item>\n")
	return b.String()
}

// sortFolders orders kept folders (XML of skeleton) by their text: the export orders folders its
// own way, and what is kept must not depend on the order a file had.
func sortFolders(xs []string) { sort.Strings(xs) }

// rawXML writes e as XML keeping the namespaces of its elements and attributes (metadata holds
// Dublin Core and other schemas), with the exchange namespace as the default around it: an
// element of another namespace gets a prefix (dc for Dublin Core), declared where first used.
func rawXML(b *bytes.Buffer, e *xel, depth int) {
	rawXMLIn(b, e, map[string]string{}, depth)
}

func rawXMLIn(b *bytes.Buffer, e *xel, declared map[string]string, depth int) {
	ind := strings.Repeat("  ", depth)
	scope := declared
	var decls []string
	prefix := func(space string) string {
		if p, ok := scope[space]; ok {
			return p
		}
		p := "ns" + strconv.Itoa(len(scope)+1)
		if space == dcNamespace {
			p = "dc"
		}
		if len(decls) == 0 {
			scope = make(map[string]string, len(declared)+1)
			for k, v := range declared {
				scope[k] = v
			}
		}
		scope[space] = p
		decls = append(decls, " xmlns:"+p+"=\""+esc(space)+"\"")
		return p
	}
	name := e.local
	if e.space != ArchiMateNS && e.space != "" {
		name = prefix(e.space) + ":" + e.local
	}
	var attrs []string
	for _, a := range e.attrs {
		an := a.Name.Local
		switch a.Name.Space {
		case "":
		case xsiNS:
			an = "xsi:" + an
		case xmlNS, "xml":
			an = "xml:" + an
		default:
			an = prefix(a.Name.Space) + ":" + an
		}
		attrs = append(attrs, " "+an+"=\""+esc(a.Value)+"\"")
	}
	b.WriteString(ind + "<" + name + strings.Join(decls, "") + strings.Join(attrs, ""))
	switch {
	case len(e.kids) > 0:
		b.WriteString(">\n")
		for _, k := range e.kids {
			rawXMLIn(b, k, scope, depth+1)
		}
		b.WriteString(ind + "</" + name + ">\n")
	case e.text != "":
		b.WriteString(">" + escText(e.text) + "</" + name + ">\n")
	default:
		b.WriteString("/>\n")
	}
}

// dcNamespace is Dublin Core's, which exchange files use in their metadata.
const dcNamespace = "http://purl.org/dc/elements/1.1/"

// folderInfo is what a kept folder says besides its name: identifier, labels, documentation.
type folderInfo struct {
	ident string
	texts []*xel // <label>s and <documentation>s
}

// model takes an ArchiMateModel node (they come first).
func (aw *ArchiMateWriter) model(n bulk.NodeRecord) error {
	if aw.state != 0 || aw.started {
		return fmt.Errorf("archimate: model %s after the elements", n.Code())
	}
	aw.models = append(aw.models, n)
	aw.Nodes++
	return nil
}

// start writes the model's start tag, names, documentation, properties and metadata: the kept
// model's when there is exactly one, else archgraph's.
func (aw *ArchiMateWriter) start() error {
	if aw.started {
		return nil
	}
	aw.started = true
	aw.printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	if len(aw.models) != 1 {
		if len(aw.models) > 1 {
			aw.Dropped["imported models whose identifier, names, documentation, properties and metadata are not written (an export is one model; their folders and viewpoints are)"] = len(aw.models)
		}
		aw.printf("<model xmlns=\"%s\" xmlns:xsi=\"%s\" xsi:schemaLocation=\"%s\" identifier=\"%s\">\n", ArchiMateNS, xsiNS, schemaLoc, ownModel)
		aw.printf("  <name xml:lang=\"en\">%s</name>\n", esc(aw.name))
		aw.printf("  <documentation xml:lang=\"en\">Exported by archgraph. Every node and relationship property is an ArchiMate property; %s says which archgraph label an element stands for.</documentation>\n", LabelProperty)
		aw.idents[ownModel] = true
	} else {
		p := plainProps(aw.models[0].Props)
		ident := identOf(p)
		aw.idents[ident] = true
		loc := schemaLoc
		if more, _ := p[pSchemaLocs].(string); more != "" {
			loc += " " + more
		}
		aw.printf("<model xmlns=\"%s\" xmlns:xsi=\"%s\" xsi:schemaLocation=\"%s\" identifier=\"%s\"", ArchiMateNS, xsiNS, esc(loc), esc(ident))
		if v, ok := p[pVersion].(string); ok {
			aw.printf(" version=\"%s\"", esc(v))
		}
		aw.printf(">\n")
		b, err := texts(nil, "name", p, "")
		if err != nil {
			return fmt.Errorf("archimate: model %s: %w", aw.models[0].Code(), err)
		}
		if b, err = aw.properties(b, "", p, derivable(ident, p)); err != nil {
			return fmt.Errorf("archimate: model %s: %w", aw.models[0].Code(), err)
		}
		// One element per line, as the exchange format's own examples write it.
		b = bytes.ReplaceAll(b, []byte("><name"), []byte(">\n  <name"))
		b = bytes.ReplaceAll(b, []byte("><documentation"), []byte(">\n  <documentation"))
		b = bytes.ReplaceAll(b, []byte("><properties"), []byte(">\n  <properties"))
		aw.printf("  ")
		aw.write(b)
		aw.printf("\n")
		if md, _ := p[pMetadata].(string); md != "" {
			kids, err := parseFragment(md)
			if err != nil {
				return fmt.Errorf("archimate: model %s: its metadata: %w", aw.models[0].Code(), err)
			}
			var mb bytes.Buffer
			for _, k := range kids {
				rawXML(&mb, k, 2)
			}
			aw.printf("  <metadata>\n")
			aw.write(mb.Bytes())
			aw.printf("  </metadata>\n")
		}
	}
	return aw.err
}

// keptFolders reads the folders of the kept models: each one is written (an empty one too)
// with its identifier, labels and documentation. Their order is the export's (Archi's at the
// top, then by name), as Archi's model tree sorts them anyway.
func (aw *ArchiMateWriter) keptFolders() error {
	for _, n := range aw.models {
		s := n.Props.String(pFolders)
		if s == "" {
			continue
		}
		kids, err := parseFragment(s)
		if err != nil {
			return fmt.Errorf("archimate: model %s: its folders: %w", n.Code(), err)
		}
		var walk func(items []*xel, path []string)
		walk = func(items []*xel, path []string) {
			for _, it := range items {
				label := folderLabel(it)
				if it.local != "item" || label == "" {
					continue
				}
				p := append(append([]string{}, path...), label)
				k := strings.Join(p, "\x00")
				if _, ok := aw.folderInfo[k]; !ok {
					info := folderInfo{}
					info.ident, _ = it.attr("", "identifier")
					for _, t := range it.kids {
						if t.local == "label" || t.local == "documentation" {
							info.texts = append(info.texts, t)
						}
					}
					aw.folderInfo[k] = info
				}
				if _, ok := aw.folders[k]; !ok {
					aw.folders[k] = nil
					aw.order = append(aw.order, k)
				}
				walk(it.kids, p)
			}
		}
		walk(kids, nil)
	}
	return nil
}

// keptViewpoints renders the viewpoint definitions of the kept models whose identifiers are
// free, and remembers which were written (views refer to them).
func (aw *ArchiMateWriter) keptViewpoints(b *bytes.Buffer) error {
	for _, n := range aw.models {
		s := n.Props.String(pViewpoints)
		if s == "" {
			continue
		}
		kids, err := parseFragment(s)
		if err != nil {
			return fmt.Errorf("archimate: model %s: its viewpoints: %w", n.Code(), err)
		}
		for _, v := range kids {
			id, _ := v.attr("", "identifier")
			if aw.idents[id] {
				aw.Dropped["viewpoints whose identifier is taken"]++
				continue
			}
			aw.idents[id] = true
			aw.viewpoints[id] = true
			var fix func(e *xel)
			fix = func(e *xel) {
				for i, a := range e.attrs {
					if e.local == "property" && a.Name.Space == "" && a.Name.Local == "propertyDefinitionRef" {
						typ, name, _ := strings.Cut(a.Value, ":")
						e.attrs[i].Value = aw.def(name, typ)
					}
				}
				for _, k := range e.kids {
					fix(k)
				}
			}
			fix(v)
			canonical(b, v, 3)
		}
	}
	return nil
}
