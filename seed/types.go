// Package seed reads the framework's data files (seed/data/*.yaml), validates them strictly and
// loads them into Neo4j through store/; it also generates the synthetic national estate.
package seed

import "github.com/archgraph/archgraph/model"

// File is one seed data file: any of the top-level lists, each optional.
type File struct {
	Frameworks          []Framework          `yaml:"frameworks"`
	Layers              []Layer              `yaml:"layers"`
	Groups              []Group              `yaml:"groups"`
	ReferenceComponents []ReferenceComponent `yaml:"referenceComponents"`
	Capabilities        []Capability         `yaml:"capabilities"`
	Agencies            []Agency             `yaml:"agencies"`
	Components          []Component          `yaml:"components"`
	Dependencies        []Dependency         `yaml:"dependencies"`
	Hosting             []Dependency         `yaml:"hosting"`
	Rules               []Rule               `yaml:"rules"`
	FrameworkVersions   []FrameworkVersion   `yaml:"frameworkVersions"`
	Vocabulary          []VocabularyEntry    `yaml:"vocabulary"`
	Language            *Language            `yaml:"language"`
}

// FrameworkVersion makes a framework a new version of another: it lists every reference
// component of BasedOn (as BasedOn lists them) except Remove, with Change applied, plus the
// reference components whose own framework it is (its additions). The components' nodes stay
// as their own framework defines them; what each version says of them is recorded on its
// DEFINED_IN relationship, which frameworkDiff compares.
type FrameworkVersion struct {
	Framework string            `yaml:"framework"`
	BasedOn   string            `yaml:"basedOn"`
	Remove    []string          `yaml:"remove"`
	Change    []ReferenceChange `yaml:"change"`
	Source    string            `yaml:"source"`
}

// ReferenceChange is what a version changes in one inherited reference component; nil fields
// stay as the base version has them.
type ReferenceChange struct {
	Code           string          `yaml:"code"`
	Name           *string         `yaml:"name"`
	NameEn         *string         `yaml:"nameEn"`
	Group          *string         `yaml:"group"`
	Tier           *model.Tier     `yaml:"tier"`
	AreaType       *model.AreaType `yaml:"areaType"`
	Kind           *model.RefKind  `yaml:"kind"`
	ExploitsShared *bool           `yaml:"exploitsShared"`
	CatchAll       *bool           `yaml:"catchAll"`
	Provides       *[]string       `yaml:"provides"`
}

// Framework is a framework document (the national one, Decision 3090, the reference frameworks).
type Framework struct {
	Code       string                `yaml:"code"`
	Name       string                `yaml:"name"`
	NameEn     string                `yaml:"nameEn"`
	Level      model.FrameworkLevel  `yaml:"level"`
	Status     model.FrameworkStatus `yaml:"status"`
	Version    string                `yaml:"version"`
	Issued     string                `yaml:"issued"`
	Document   string                `yaml:"document"`
	ConformsTo []string              `yaml:"conformsTo"`
	Supersedes []string              `yaml:"supersedes"`
	Source     string                `yaml:"source"`
}

// Layer is one of the four architecture layers.
type Layer struct {
	Code   string `yaml:"code"`
	Number int    `yaml:"number"`
	Name   string `yaml:"name"`
	NameEn string `yaml:"nameEn"`
	Source string `yaml:"source"`
}

// Group is a component group (the twelve commune groups, the national groupings of II.3, …).
type Group struct {
	Code      string        `yaml:"code"`
	ASCII     string        `yaml:"ascii"`
	Name      string        `yaml:"name"`
	NameEn    string        `yaml:"nameEn"`
	Layer     string        `yaml:"layer"`
	Framework string        `yaml:"framework"`
	Kind      model.RefKind `yaml:"kind"`
	Source    string        `yaml:"source"`
}

// ReferenceComponent is a component a reference framework expects (HTS1, ƯDCQS7, TINH-IOC, …).
type ReferenceComponent struct {
	Code           string         `yaml:"code"`
	ASCII          string         `yaml:"ascii"`
	Name           string         `yaml:"name"`
	NameEn         string         `yaml:"nameEn"`
	Group          string         `yaml:"group"`
	Framework      string         `yaml:"framework"`
	Tier           model.Tier     `yaml:"tier"`
	AreaType       model.AreaType `yaml:"areaType"`
	Kind           model.RefKind  `yaml:"kind"`
	ExploitsShared bool           `yaml:"exploitsShared"`
	CatchAll       bool           `yaml:"catchAll"`
	// SharedFrom: the province-tier reference components whose deployment by the commune's
	// province provides this commune item (KTT9, ĐLHQ8, KTT15 use the province's portal,
	// dashboard, IOC).
	SharedFrom []string `yaml:"sharedFrom"`
	Examples   []string `yaml:"examples"`
	Provides   []string `yaml:"provides"`
	Source     string   `yaml:"source"`
}

// Capability is something a platform provides (data exchange, e-identity, …).
type Capability struct {
	Code   string `yaml:"code"`
	Name   string `yaml:"name"`
	NameEn string `yaml:"nameEn"`
	Source string `yaml:"source"`
}

// Agency is a body of the political system: central body, ministry, province or commune.
type Agency struct {
	Code     string            `yaml:"code"`
	Name     string            `yaml:"name"`
	NameEn   string            `yaml:"nameEn"`
	Level    model.AgencyLevel `yaml:"level"`
	PartOf   string            `yaml:"partOf"`
	AreaType model.AreaType    `yaml:"areaType"`
	// Framework is the reference framework the source names for this body (L378 lists the
	// bodies the organisations' framework is for); empty: none, or that of its level.
	Framework string `yaml:"framework"`
	Source    string `yaml:"source"`
}

// Component is a deployed component; in the framework files, a national shared one.
type Component struct {
	Code     string              `yaml:"code"`
	Name     string              `yaml:"name"`
	NameEn   string              `yaml:"nameEn"`
	Layer    string              `yaml:"layer"`
	Group    string              `yaml:"group"`
	Kind     model.ComponentKind `yaml:"kind"`
	Scope    model.Scope         `yaml:"scope"`
	Status   model.Status        `yaml:"status"`
	Owner    string              `yaml:"owner"`
	DueYear  int                 `yaml:"dueYear"`
	Provides []string            `yaml:"provides"`
	Realizes []string            `yaml:"realizes"`
	// StatusBasis says where Status comes from: STATED (the source says it) or NOT_STATED (an
	// assumption; the default for the framework's components, as the source states none).
	StatusBasis string `yaml:"statusBasis"`
	// SecurityLevel 1..5 where the source states it (0: not stated).
	SecurityLevel int `yaml:"securityLevel"`
	// RestrictedData: military, defence, security, foreign-affairs, cipher or private-use data (L253).
	RestrictedData bool   `yaml:"restrictedData"`
	Source         string `yaml:"source"`
}

// Dependency is a DEPENDS_ON edge between two components, with the evidence for it.
type Dependency struct {
	From   string      `yaml:"from"`
	To     string      `yaml:"to"`
	Basis  model.Basis `yaml:"basis"`
	Source string      `yaml:"source"`
}

// Rule is a checkable rule of the framework text.
type Rule struct {
	Code   string `yaml:"code"`
	Name   string `yaml:"name"`
	NameEn string `yaml:"nameEn"`
	Text   string `yaml:"text"`
	TextEn string `yaml:"textEn"`
	Check  string `yaml:"check"`
	// Severity: HIGH, MEDIUM or LOW.
	Severity string `yaml:"severity"`
	// Manual: why the rule has no automatic check (a rule has a check or a manual reason).
	Manual string `yaml:"manual"`
	Source string `yaml:"source"`
}
