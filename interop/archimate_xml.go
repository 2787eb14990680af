package interop

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// xel is one XML element of an exchange file as read into memory: its name, attributes, children
// and text, and the line of its start tag. Exchange files are read whole (a 10,000-element model
// is a few megabytes) so that references may point forward (organizations and views refer to
// everything), and so that every problem can be reported in one run.
type xel struct {
	space, local string
	attrs        []xml.Attr
	kids         []*xel
	text         string // character data directly inside (leaf elements)
	line         int
}

// attr returns the value of the attribute with the namespace and local name, and whether it is there.
func (e *xel) attr(space, local string) (string, bool) {
	for _, a := range e.attrs {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value, true
		}
	}
	return "", false
}

// lang is the element's xml:lang ("" when it has none).
func (e *xel) lang() (string, bool) {
	if v, ok := e.attr(xmlNS, "lang"); ok {
		return v, true
	}
	return e.attr("xml", "lang")
}

// toUTF8 returns data as UTF-8: a UTF-16 file (with a byte-order mark, or starting "<?xml" in
// UTF-16 without one) is converted, a UTF-8 byte-order mark dropped. Other encodings are declared
// in the XML declaration and converted by charsetReader while parsing.
func toUTF8(data []byte) ([]byte, string, error) {
	var enc encoding.Encoding
	var name string
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:], "UTF-8", nil
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		enc, name = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "UTF-16BE"
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		enc, name = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "UTF-16LE"
	case bytes.HasPrefix(data, []byte{0, '<', 0, '?'}):
		enc, name = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "UTF-16BE"
	case bytes.HasPrefix(data, []byte{'<', 0, '?', 0}):
		enc, name = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "UTF-16LE"
	default:
		return data, "", nil
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), data)
	if err != nil {
		return nil, name, fmt.Errorf("the file starts as %s but is not: %v", name, err)
	}
	return out, name, nil
}

// charsetReader converts a declared encoding to UTF-8: windows-1252 (Sparx Enterprise
// Architect's default), ISO-8859-1 and the other IANA and WHATWG names. A file already converted
// from UTF-16 passes through.
func charsetReader(converted string) func(string, io.Reader) (io.Reader, error) {
	return func(label string, r io.Reader) (io.Reader, error) {
		l := strings.ToLower(strings.TrimSpace(label))
		switch l {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return r, nil
		case "utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2":
			if converted != "" {
				return r, nil
			}
			return nil, fmt.Errorf("the file declares encoding %q but has no UTF-16 byte-order mark", label)
		}
		if converted != "" {
			return nil, fmt.Errorf("the file is %s but declares encoding %q", converted, label)
		}
		enc, err := ianaindex.IANA.Encoding(label)
		if err != nil || enc == nil {
			if enc, err = htmlindex.Get(label); err != nil {
				return nil, fmt.Errorf("encoding %q is not one archgraph reads (UTF-8, UTF-16, windows-1252, ISO-8859-1 and the other single-byte encodings)", label)
			}
		}
		return transform.NewReader(r, enc.NewDecoder()), nil
	}
}

// lineCounter maps byte offsets of the (UTF-8) input to lines; offsets only grow.
type lineCounter struct {
	data       []byte
	off, line  int
	converting bool // the decoder reads through a charset converter: offsets are not into data
}

func (lc *lineCounter) at(off int) int {
	if lc.converting || off > len(lc.data) {
		return 0
	}
	if off >= lc.off {
		lc.line += bytes.Count(lc.data[lc.off:off], []byte{'\n'})
		lc.off = off
	}
	return lc.line
}

// xmlError is a problem that stops the reading of a file.
type xmlError struct {
	line int
	msg  string
}

func (e *xmlError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// parseXML reads data (any encoding above) into a tree. A syntax error stops the reading; its
// message names the line.
func parseXML(data []byte, name string) (*xel, error) {
	data, converted, err := toUTF8(data)
	if err != nil {
		return nil, &xmlError{0, err.Error()}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = charsetReader(converted)
	lc := &lineCounter{data: data, line: 1}
	declared := ""
	if bytes.HasPrefix(data, []byte("<?xml")) {
		end := bytes.Index(data, []byte("?>"))
		if end > 0 {
			if i := bytes.Index(data[:end], []byte("encoding")); i >= 0 {
				declared = strings.ToLower(string(data[i:end]))
			}
		}
	}
	// A declared single-byte encoding makes the decoder's offsets count converted bytes; the lines
	// then come from the decoder itself (InputPos), which counts them right.
	lc.converting = declared != "" && !strings.Contains(declared, "utf-8") && !strings.Contains(declared, "utf-16") && !strings.Contains(declared, "ascii")
	if !lc.converting && converted == "" && !utf8.Valid(data) {
		if i := firstInvalidUTF8(data); i < len(data) {
			line := 1 + bytes.Count(data[:i], []byte{'\n'})
			return nil, &xmlError{line, fmt.Sprintf("the file is not valid UTF-8 (byte 0x%02X); declare its encoding in the XML declaration (e.g. encoding=\"windows-1252\") or save it as UTF-8", data[i])}
		}
	}
	var root *xel
	var stack []*xel
	var text []byte
	for {
		startOff := int(d.InputOffset())
		t, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				if se.Msg == "unexpected EOF" {
					return nil, &xmlError{se.Line, "the file ends before the model does"}
				}
				return nil, &xmlError{se.Line, "XML syntax: " + se.Msg}
			}
			line, _ := d.InputPos()
			return nil, &xmlError{line, err.Error()}
		}
		switch v := t.(type) {
		case xml.StartElement:
			line := lc.at(startOff + bytes.IndexByte(data[min(startOff, len(data)):], '<'))
			if lc.converting || line == 0 {
				line, _ = d.InputPos()
			}
			e := &xel{space: v.Name.Space, local: v.Name.Local, line: line}
			for _, a := range v.Attr {
				if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
					continue
				}
				e.attrs = append(e.attrs, a)
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, e)
			} else if root == nil {
				root = e
			}
			stack = append(stack, e)
			text = text[:0]
		case xml.EndElement:
			e := stack[len(stack)-1]
			if len(e.kids) == 0 {
				e.text = string(text)
			}
			stack = stack[:len(stack)-1]
			text = text[:0]
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(v)) > 0 {
					line, _ := d.InputPos()
					return nil, &xmlError{line, "text outside the model"}
				}
				continue
			}
			text = append(text, v...)
		case xml.Directive:
			line, _ := d.InputPos()
			return nil, &xmlError{line, fmt.Sprintf("a <!%s> directive is not allowed in an exchange file", strings.SplitN(string(v), " ", 2)[0])}
		}
	}
	if root == nil {
		return nil, &xmlError{0, "no <model> element: not a Model Exchange File"}
	}
	return root, nil
}
