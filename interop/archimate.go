package interop

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/bulk"
)

// The ArchiMate mapping. Every node becomes an element, every relationship a relationship of a
// type that the ArchiMate 3.2 relationship table allows between the two element types (so that
// Archi opens the file), oriented the ArchiMate way:
//
//	Layer, ComponentGroup, Framework   Grouping (the label is kept in property archgraph:label)
//	ReferenceComponent                 Requirement (what a reference framework requires)
//	Agency                             BusinessActor
//	Capability                         Capability
//	Rule                               Constraint
//	Component                          by kind: ApplicationComponent (APPLICATION, PORTAL, CHANNEL,
//	                                   DASHBOARD, FRAMEWORK), SystemSoftware (PLATFORM), Node
//	                                   (INFRASTRUCTURE, NETWORK, SECURITY), DataObject (DATABASE)
//
//	a DEPENDS_ON b       Serving b→a; Access a→b when b is a DataObject; Association a→b from a DataObject
//	agency OWNS c        Association agency→c (ArchiMate has no assignment of an actor to an application)
//	agency USES c        Serving c→agency; Access agency→c when c is a DataObject
//	c REALIZES ref       Realization c→ref
//	c PROVIDES cap       Realization c→cap
//	ref PROVIDES cap     Association ref→cap
//	x IN_LAYER layer     Aggregation layer→x
//	ref IN_GROUP g       Aggregation g→ref
//	ref DEFINED_IN fw    Aggregation fw→ref
//	a PART_OF b          Aggregation b→a
//	f CONFORMS_TO g      Realization f→g
//	f SUPERSEDES g       Association f→g
//
// Every property of a node or relationship is kept as an ArchiMate property, with a property
// definition per name and type (string, boolean, number, date; a datetime as "time"); floats
// always carry a fraction or an exponent so that they read back as floats. The element's
// names are its name (xml:lang="vi") and nameEn (xml:lang="en").
const (
	ArchiMateNS = "http://www.opengroup.org/xsd/archimate/3.0/"
	xsiNS       = "http://www.w3.org/2001/XMLSchema-instance"
	xmlNS       = "http://www.w3.org/XML/1998/namespace"
	// LabelProperty holds a node's label; it is metadata, not a node property.
	LabelProperty = "archgraph:label"
	metaPrefix    = "archgraph:"
	schemaLoc     = ArchiMateNS + " http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
)

// Element types of the mapping.
const (
	tAppComponent   = "ApplicationComponent"
	tSystemSoftware = "SystemSoftware"
	tNode           = "Node"
	tDataObject     = "DataObject"
	tActor          = "BusinessActor"
	tCapability     = "Capability"
	tRequirement    = "Requirement"
	tConstraint     = "Constraint"
	tGrouping       = "Grouping"
)

// Relationship types of the mapping.
const (
	rAggregation = "Aggregation"
	rAssociation = "Association"
	rAccess      = "Access"
	rRealization = "Realization"
	rServing     = "Serving"
	rFlow        = "Flow"
	rComposition = "Composition"
	rAssignment  = "Assignment"
)

var componentTypes = map[string]string{
	"APPLICATION": tAppComponent, "PORTAL": tAppComponent, "CHANNEL": tAppComponent, "DASHBOARD": tAppComponent,
	"FRAMEWORK": tAppComponent, "PLATFORM": tSystemSoftware, "INFRASTRUCTURE": tNode, "NETWORK": tNode,
	"SECURITY": tNode, "DATABASE": tDataObject,
}

// labelTypes: the element types each label may have; the first is the default.
var labelTypes = map[string][]string{
	store.LabelLayer:              {tGrouping},
	store.LabelComponentGroup:     {tGrouping},
	store.LabelFramework:          {tGrouping},
	store.LabelReferenceComponent: {tRequirement},
	store.LabelAgency:             {tActor},
	store.LabelCapability:         {tCapability},
	store.LabelRule:               {tConstraint},
	store.LabelComponent:          {tAppComponent, tSystemSoftware, tNode, tDataObject},
}

// typeLabels: the label an element of a type stands for when it does not say (Grouping: none).
var typeLabels = map[string]string{
	tAppComponent: store.LabelComponent, tSystemSoftware: store.LabelComponent, tNode: store.LabelComponent,
	tDataObject: store.LabelComponent, tActor: store.LabelAgency, tCapability: store.LabelCapability,
	tRequirement: store.LabelReferenceComponent, tConstraint: store.LabelRule,
}

func elementType(n bulk.NodeRecord) string {
	if n.Label == store.LabelComponent {
		k := n.Props.String("kind")
		if t, ok := componentTypes[k]; ok {
			return t
		}
	}
	return labelTypes[n.Label][0]
}

// archiRel maps a relationship of shape sh between elements of types ft and tt to an ArchiMate
// type, reversed when the ArchiMate source is the graph's target.
func archiRel(sh store.Endpoint, ft, tt string) (typ string, reversed bool) {
	switch sh.Type {
	case store.RelInLayer, store.RelInGroup, store.RelDefinedIn, store.RelPartOf:
		return rAggregation, true
	case store.RelConformsTo, store.RelRealizes:
		return rRealization, false
	case store.RelSupersedes, store.RelOwns:
		return rAssociation, false
	case store.RelUses:
		if tt == tDataObject {
			return rAccess, false
		}
		return rServing, true
	case store.RelDependsOn:
		switch {
		case ft == tDataObject:
			return rAssociation, false
		case tt == tDataObject:
			return rAccess, false
		}
		return rServing, true
	case store.RelHostedIn, store.RelDisasterRecovery, store.RelApprovedBy:
		// ArchiMate has no type for these that Archi allows between every pair of element types
		// and that no other relationship of the same labels uses: an Association (allowed
		// everywhere) that says which in its property TypeProperty (typedRels).
		return rAssociation, false
	case store.RelProvides:
		if sh.From == store.LabelComponent {
			return rRealization, false
		}
		return rAssociation, false
	}
	return rAssociation, false
}

// TypeProperty names the archgraph relationship type of an Association that stands for one of
// typedRels.
const TypeProperty = "archgraph:type"

// typedRels are the relationships written as an Association carrying TypeProperty: hosting,
// disaster recovery and approvals (issue 13).
var typedRels = map[string]bool{store.RelHostedIn: true, store.RelDisasterRecovery: true, store.RelApprovedBy: true}

// relKey identifies an ArchiMate relationship by type and the labels of its source and target.
type relKey struct{ typ, src, tgt string }

// relInverse maps an ArchiMate relationship back to the graph: built from archiRel over every
// shape and element type, plus what a modeller may draw in Archi for the same meaning.
var relInverse = func() map[relKey]struct {
	shape    store.Endpoint
	reversed bool
} {
	type val = struct {
		shape    store.Endpoint
		reversed bool
	}
	m := map[relKey]val{}
	for _, sh := range store.Shapes {
		if typedRels[sh.Type] {
			continue // read by their TypeProperty
		}
		for _, ft := range labelTypes[sh.From] {
			for _, tt := range labelTypes[sh.To] {
				typ, rev := archiRel(sh, ft, tt)
				k := relKey{typ, sh.From, sh.To}
				if rev {
					k = relKey{typ, sh.To, sh.From}
				}
				if prev, ok := m[k]; ok && prev.shape != sh {
					panic(fmt.Sprintf("interop: ArchiMate mapping is ambiguous: %v is both %v and %v", k, prev.shape, sh))
				}
				m[k] = val{sh, rev}
			}
		}
	}
	for k, v := range extraInverse {
		if _, ok := m[k]; !ok {
			m[k] = v
		}
	}
	return m
}()

// extraInverse: what a modeller may draw in Archi for a relationship of the metamodel besides
// the type the export writes.
var extraInverse = map[relKey]struct {
	shape    store.Endpoint
	reversed bool
}{
	{rFlow, store.LabelComponent, store.LabelComponent}:                  {store.Endpoint{From: store.LabelComponent, Type: store.RelDependsOn, To: store.LabelComponent}, true},
	{rComposition, store.LabelAgency, store.LabelAgency}:                 {store.Endpoint{From: store.LabelAgency, Type: store.RelPartOf, To: store.LabelAgency}, true},
	{rAssignment, store.LabelAgency, store.LabelComponent}:               {store.Endpoint{From: store.LabelAgency, Type: store.RelOwns, To: store.LabelComponent}, false},
	{rServing, store.LabelComponent, store.LabelCapability}:              {store.Endpoint{From: store.LabelComponent, Type: store.RelProvides, To: store.LabelCapability}, false},
	{rRealization, store.LabelReferenceComponent, store.LabelCapability}: {store.Endpoint{From: store.LabelReferenceComponent, Type: store.RelProvides, To: store.LabelCapability}, false},
}

// propDef is one property definition: a name and a data type.
type propDef struct{ name, typ string }

// Property definition data types of the exchange format that the mapping uses.
const (
	dtString  = "string"
	dtBoolean = "boolean"
	dtNumber  = "number"
	dtDate    = "date"
	dtTime    = "time"
)

// propText renders a value for a property of type dt.
func propText(v any) (dt, text string, err error) {
	switch x := v.(type) {
	case string:
		if err := xmlSafe(x); err != nil {
			return "", "", err
		}
		return dtString, x, nil
	case bool:
		return dtBoolean, strconv.FormatBool(x), nil
	case int64:
		return dtNumber, strconv.FormatInt(x, 10), nil
	case float64:
		return dtNumber, formatFloat(x), nil
	case bulk.Temporal:
		switch x.Kind {
		case bulk.KindDate:
			return dtDate, x.Text, nil
		case bulk.KindDateTime:
			return dtTime, x.Text, nil
		}
		return "", "", fmt.Errorf("a %s value has no ArchiMate property type (use the JSON backup)", x.Kind)
	case []any:
		return "", "", fmt.Errorf("a list has no ArchiMate property type (use the JSON backup)")
	}
	return "", "", fmt.Errorf("values of type %T have no ArchiMate property type", v)
}

// parseProp reads the text of a property of type dt back into a value.
func parseProp(dt, text string) (any, error) {
	switch dt {
	case dtString, "currency":
		return text, nil
	case dtBoolean:
		switch text {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, fmt.Errorf("%q is not true or false", text)
	case dtNumber:
		return parseNumber(strings.TrimSpace(text))
	case dtDate, dtTime:
		t := bulk.Temporal{Kind: bulk.KindDate, Text: strings.TrimSpace(text)}
		if dt == dtTime {
			t.Kind = bulk.KindDateTime
		}
		if _, err := bulk.ParseTemporal(t); err != nil {
			return nil, err
		}
		return t, nil
	}
	return nil, fmt.Errorf("unknown property type %q", dt)
}

// knownTypes are the metamodel's properties that are not strings: a file that Archi wrote back
// has every property as a string, and these are read back as what they were.
var knownTypes = map[string]string{
	"dueYear": dtNumber, "number": dtNumber, "exposesApi": dtBoolean, "synthetic": dtBoolean,
	"exploitsShared": dtBoolean, "catchAll": dtBoolean, "sanctioned": dtBoolean,
}

// xmlSafe refuses text that XML 1.0 cannot carry (control characters other than tab and line
// breaks, invalid UTF-8): it would not come back as it was.
func xmlSafe(s string) error {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return fmt.Errorf("invalid UTF-8 at byte %d", i)
			}
		}
		if !(r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			return fmt.Errorf("character U+%04X at byte %d cannot be written in XML", r, i)
		}
	}
	return nil
}

// asciiNCName reports whether s is an XML NCName of ASCII letters, digits, '-', '_' and '.'
// (identifiers: what the exporter writes; the reader accepts any NCName).
func asciiNCName(s string) bool {
	if s == "" || !(s[0] == '_' || s[0] >= 'A' && s[0] <= 'Z' || s[0] >= 'a' && s[0] <= 'z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c == '-' || c == '.' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// elementID is a node's identifier in the file: "id-" and its id, or a hash of it when that is
// no NCName.
func elementID(nodeID string) string {
	if id := "id-" + nodeID; asciiNCName(id) {
		return id
	}
	return "id-" + uuid.NewSHA1(uuid.NameSpaceOID, []byte(nodeID)).String()
}

func relationshipID(sh store.Endpoint, from, to string) string {
	h := sha1.Sum([]byte(from + "\x00" + sh.Type + "\x00" + to))
	return "r-" + hex.EncodeToString(h[:12])
}
