package interop

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/archgraph/archgraph/store"
)

// Layout of generated views, in pixels.
const (
	boxW, boxH = 180, 60
	gapX, gapY = 60, 30
	margin     = 20
)

// generate draws a generated view into b.
func (aw *ArchiMateWriter) generate(b *bytes.Buffer, g GeneratedView) {
	if g.Layers {
		codes := map[string]bool{}
		for _, e := range aw.elems {
			if e.label == store.LabelComponent && e.layer != "" {
				codes[e.layer] = true
			}
		}
		for i, code := range sortedKeys(codes) {
			var ids []string
			for id, e := range aw.elems {
				if e.label == store.LabelComponent && e.layer == code {
					ids = append(ids, id)
				}
			}
			aw.sortByCode(ids)
			cols := 1
			for cols*cols < len(ids) {
				cols++
			}
			pos := map[string][2]int{}
			for j, id := range ids {
				pos[id] = [2]int{margin + (j%cols)*(boxW+gapX), margin + (j/cols)*(boxH+gapY)}
			}
			title := "Layer " + code
			if name, ok := aw.layers[code]; ok {
				title = "Layer " + name
			}
			aw.drawView(b, "id-archgraph-view-layer-"+strconv.Itoa(i+1), title, ids, pos)
		}
		return
	}
	// Impact: one column per depth, the root at the left.
	byDepth := map[int][]string{}
	maxDepth := 0
	for id, d := range g.Depths {
		if _, ok := aw.elems[id]; ok {
			byDepth[d] = append(byDepth[d], id)
			maxDepth = max(maxDepth, d)
		}
	}
	pos := map[string][2]int{}
	var ids []string
	for d := 0; d <= maxDepth; d++ {
		col := byDepth[d]
		aw.sortByCode(col)
		for j, id := range col {
			pos[id] = [2]int{margin + d*(boxW+2*gapX), margin + j*(boxH+gapY)}
			ids = append(ids, id)
		}
	}
	key := "impact"
	if e, ok := aw.elems[g.Root]; ok {
		key += "-" + derivedCode(e.code)
	}
	aw.drawView(b, "id-archgraph-view-"+idSafe(key), g.Title, ids, pos)
}

// idSafe makes s part of an NCName.
func idSafe(s string) string {
	out := []byte{}
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' {
			out = append(out, c)
		} else {
			out = append(out, '_')
		}
	}
	return string(out)
}

func (aw *ArchiMateWriter) sortByCode(ids []string) {
	sort.Slice(ids, func(i, j int) bool { return aw.elems[ids[i]].code < aw.elems[ids[j]].code })
}

// freeViewID returns base, or base with a suffix when a kept view (one archgraph drew earlier and
// the file brought back) has it, or has identifiers under it.
func (aw *ArchiMateWriter) freeViewID(base string) string {
	taken := func(id string) bool {
		for _, v := range aw.views {
			vi := identOf(plainProps(v.Props))
			if vi == id || strings.HasPrefix(vi, id+"-") {
				return true
			}
		}
		return aw.idents[id]
	}
	id := base
	for k := 2; taken(id); k++ {
		id = base + "-v" + strconv.Itoa(k)
	}
	return id
}

// drawView writes a diagram of the elements ids at pos, with a connection for every relationship
// written between two of them.
func (aw *ArchiMateWriter) drawView(b *bytes.Buffer, ident, title string, ids []string, pos map[string][2]int) {
	ident = aw.freeViewID(ident)
	aw.idents[ident] = true
	fmt.Fprintf(b, "      <view identifier=\"%s\" xsi:type=\"Diagram\">\n        <name xml:lang=\"en\">%s</name>\n", ident, esc(title))
	nodeOf := map[string]string{} // element identifier -> diagram node
	for i, id := range ids {
		e := aw.elems[id]
		n := ident + "-n" + strconv.Itoa(i+1)
		nodeOf[e.ident] = n
		p := pos[id]
		fmt.Fprintf(b, "        <node identifier=\"%s\" xsi:type=\"Element\" elementRef=\"%s\" x=\"%d\" y=\"%d\" w=\"%d\" h=\"%d\"/>\n",
			n, esc(e.ident), p[0], p[1], boxW, boxH)
	}
	c := 0
	for _, r := range aw.rels {
		s, ok1 := nodeOf[r.src]
		t, ok2 := nodeOf[r.tgt]
		if !ok1 || !ok2 {
			continue
		}
		c++
		fmt.Fprintf(b, "        <connection identifier=\"%s-c%d\" xsi:type=\"Relationship\" relationshipRef=\"%s\" source=\"%s\" target=\"%s\"/>\n",
			ident, c, esc(r.ident), s, t)
	}
	b.WriteString("      </view>\n")
	aw.file([]string{"Views", "archgraph"}, ident)
}
