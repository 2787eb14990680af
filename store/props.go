package store

import (
	"github.com/archgraph/archgraph/model"
)

// The functions below map a node's property map (RETURN n {.*}) to a model struct. Queries
// return whole property maps so that one mapper serves every query of a label.

// nodeFromProps maps a node of label to its model type; nil for a label without one.
func nodeFromProps(label string, m map[string]any) model.Node {
	if m == nil {
		return nil
	}
	switch label {
	case LabelComponent:
		return componentFromProps(m)
	case LabelAgency:
		return agencyFromProps(m)
	case LabelReferenceComponent:
		return referenceComponentFromProps(m)
	case LabelComponentGroup:
		return groupFromProps(m)
	case LabelFramework:
		return frameworkFromProps(m)
	case LabelLayer:
		return layerFromProps(m)
	case LabelCapability:
		return capabilityFromProps(m)
	case LabelRule:
		return ruleFromProps(m)
	}
	return nil
}

// componentFromProps maps a Component node's properties.
func componentFromProps(m map[string]any) model.Component {
	return model.Component{
		ID: pstr(m, "id"), Code: pstr(m, "code"), Name: pstr(m, "name"), NameEn: pstr(m, "nameEn"),
		Kind: model.ComponentKind(pstr(m, "kind")), Scope: model.Scope(pstr(m, "scope")),
		Status: model.Status(pstr(m, "status")), LayerCode: pstr(m, "layer"), GroupCode: pstr(m, "group"),
		DueYear: pint(m, "dueYear"), ExposesAPI: pbool(m, "exposesApi"), Synthetic: pbool(m, "synthetic"),
		Source: pstr(m, "source"), SecurityLevel: pint(m, "securityLevel"), RestrictedData: pbool(m, "restrictedData"),
		StatusBasis: pstr(m, "statusBasis"), Description: optStr(m, "description"),
		ValidFrom: optStr(m, "validFrom"), ValidTo: optStr(m, "validTo"), VersionFrom: optStr(m, "versionFrom"),
		Revision: revisionOf(m), AsOf: pstr(m, "asOf"),
	}
}

// agencyFromProps maps an Agency node's properties.
func agencyFromProps(m map[string]any) model.Agency {
	a := model.Agency{ID: pstr(m, "id"), Code: pstr(m, "code"), Name: pstr(m, "name"), NameEn: pstr(m, "nameEn"),
		Level: model.AgencyLevel(pstr(m, "level")), Synthetic: pbool(m, "synthetic"), Source: pstr(m, "source"),
		Framework: pstr(m, "framework")}
	if at := pstr(m, "areaType"); at != "" {
		t := model.AreaType(at)
		a.AreaType = &t
	}
	return a
}

// referenceComponentFromProps maps a ReferenceComponent node's properties.
func referenceComponentFromProps(m map[string]any) model.ReferenceComponent {
	r := model.ReferenceComponent{ID: pstr(m, "id"), Code: pstr(m, "code"), ASCII: pstr(m, "ascii"),
		Name: pstr(m, "name"), NameEn: pstr(m, "nameEn"), Tier: model.Tier(pstr(m, "tier")),
		Kind: model.RefKind(pstr(m, "kind")), ExploitsShared: pbool(m, "exploitsShared"), CatchAll: pbool(m, "catchAll"),
		GroupCode: pstr(m, "group"), FrameworkCode: pstr(m, "framework"), Source: pstr(m, "source")}
	if at := pstr(m, "areaType"); at != "" {
		t := model.AreaType(at)
		r.AreaType = &t
	}
	return r
}

// capabilityFromProps maps a Capability node's properties.
func capabilityFromProps(m map[string]any) model.Capability {
	return model.Capability{ID: pstr(m, "id"), Code: pstr(m, "code"), Name: pstr(m, "name"), NameEn: pstr(m, "nameEn"), Source: pstr(m, "source")}
}

// frameworkFromProps maps a Framework node's properties.
func frameworkFromProps(m map[string]any) model.Framework {
	return model.Framework{ID: pstr(m, "id"), Code: pstr(m, "code"), Name: pstr(m, "name"), NameEn: pstr(m, "nameEn"),
		Level: model.FrameworkLevel(pstr(m, "level")), Status: model.FrameworkStatus(pstr(m, "status")),
		Version: pstr(m, "version"), Issued: pstr(m, "issued"), Document: pstr(m, "document"), Source: pstr(m, "source")}
}

// groupFromProps maps a ComponentGroup node's properties.
func groupFromProps(m map[string]any) model.ComponentGroup {
	return model.ComponentGroup{ID: pstr(m, "id"), Code: pstr(m, "code"), ASCII: pstr(m, "ascii"), Name: pstr(m, "name"),
		NameEn: pstr(m, "nameEn"), Kind: model.RefKind(pstr(m, "kind")), LayerCode: pstr(m, "layer"),
		FrameworkCode: pstr(m, "framework"), Source: pstr(m, "source")}
}

// ruleFromProps maps a Rule node's properties.
func ruleFromProps(m map[string]any) model.Rule {
	return model.Rule{ID: pstr(m, "id"), Code: pstr(m, "code"), Name: pstr(m, "name"), NameEn: pstr(m, "nameEn"),
		Text: pstr(m, "text"), TextEn: pstr(m, "textEn"), Check: pstr(m, "check"), Source: pstr(m, "source"),
		Severity: pstr(m, "severity"), Manual: pstr(m, "manual")}
}

// layerFromProps maps a Layer node's properties.
func layerFromProps(m map[string]any) model.Layer {
	n := 0
	if p := pint(m, "number"); p != nil {
		n = *p
	}
	return model.Layer{ID: pstr(m, "id"), Code: pstr(m, "code"), Number: n, Name: pstr(m, "name"), NameEn: pstr(m, "nameEn")}
}

// revisionOf is a component's revision: its revision property, 0 when it has none (never edited
// through archgraph since revisions were introduced).
func revisionOf(m map[string]any) int {
	if p := pint(m, "revision"); p != nil {
		return *p
	}
	return 0
}
