// Package model holds the domain types of archgraph: the metamodel's labels, enums and the
// structs that the GraphQL schema binds to. Nothing here knows Cypher or GraphQL.
package model

import "fmt"

// AgencyLevel is the administrative level of an agency (Agency.level).
type AgencyLevel string

// The agency levels of the metamodel.
const (
	AgencyLevelCentral  AgencyLevel = "CENTRAL"
	AgencyLevelMinistry AgencyLevel = "MINISTRY"
	AgencyLevelProvince AgencyLevel = "PROVINCE"
	AgencyLevelCommune  AgencyLevel = "COMMUNE"
)

// AllAgencyLevel lists every AgencyLevel in order from the top.
var AllAgencyLevel = []AgencyLevel{AgencyLevelCentral, AgencyLevelMinistry, AgencyLevelProvince, AgencyLevelCommune}

// AreaType is a commune's area type; supplementary reference components apply by it.
type AreaType string

// The area types of Appendix 4 (Đô thị, Nông thôn, Miền núi – biên giới – hải đảo).
const (
	AreaTypeUrban                AreaType = "URBAN"
	AreaTypeRural                AreaType = "RURAL"
	AreaTypeMountainBorderIsland AreaType = "MOUNTAIN_BORDER_ISLAND"
)

// AllAreaType lists every AreaType.
var AllAreaType = []AreaType{AreaTypeUrban, AreaTypeRural, AreaTypeMountainBorderIsland}

// Tier says which level provides or deploys a reference component.
type Tier string

// The tiers of the reference frameworks.
const (
	TierCentral           Tier = "CENTRAL"
	TierProvince          Tier = "PROVINCE"
	TierCommuneEssential  Tier = "COMMUNE_ESSENTIAL"
	TierAreaSupplementary Tier = "AREA_SUPPLEMENTARY"
)

// AllTier lists every Tier.
var AllTier = []Tier{TierCentral, TierProvince, TierCommuneEssential, TierAreaSupplementary}

// Scope is the administrative scope a deployed component serves.
type Scope string

// The component scopes.
const (
	ScopeNational     Scope = "NATIONAL"
	ScopeMinistry     Scope = "MINISTRY"
	ScopeProvince     Scope = "PROVINCE"
	ScopeCommune      Scope = "COMMUNE"
	ScopeOrganization Scope = "ORGANIZATION"
)

// AllScope lists every Scope.
var AllScope = []Scope{ScopeNational, ScopeMinistry, ScopeProvince, ScopeCommune, ScopeOrganization}

// Status is the lifecycle state of a deployed component.
type Status string

// The component statuses.
const (
	StatusPlanned   Status = "PLANNED"
	StatusBuilding  Status = "BUILDING"
	StatusOperating Status = "OPERATING"
	StatusRetired   Status = "RETIRED"
	// StatusUnknown: nobody has stated the component's status (the framework text gives none
	// for its national components); KPIs that use status count these apart.
	StatusUnknown Status = "UNKNOWN"
)

// AllStatus lists every Status.
var AllStatus = []Status{StatusPlanned, StatusBuilding, StatusOperating, StatusRetired, StatusUnknown}

// RefKind tells a reference component that is built (COMPONENT) from one that is done (ACTIVITY).
type RefKind string

// The reference-component kinds; the NV* commune groups are activities.
const (
	RefKindComponent RefKind = "COMPONENT"
	RefKindActivity  RefKind = "ACTIVITY"
)

// AllRefKind lists every RefKind.
var AllRefKind = []RefKind{RefKindComponent, RefKindActivity}

// FrameworkLevel is the level a framework applies to.
type FrameworkLevel string

// The framework levels.
const (
	FrameworkLevelNational     FrameworkLevel = "NATIONAL"
	FrameworkLevelOrganization FrameworkLevel = "ORGANIZATION"
	FrameworkLevelMinistry     FrameworkLevel = "MINISTRY"
	FrameworkLevelProvince     FrameworkLevel = "PROVINCE"
	FrameworkLevelCommune      FrameworkLevel = "COMMUNE"
)

// AllFrameworkLevel lists every FrameworkLevel.
var AllFrameworkLevel = []FrameworkLevel{FrameworkLevelNational, FrameworkLevelOrganization, FrameworkLevelMinistry, FrameworkLevelProvince, FrameworkLevelCommune}

// FrameworkStatus is the legal state of a framework document.
type FrameworkStatus string

// The framework statuses.
const (
	FrameworkStatusDraft      FrameworkStatus = "DRAFT"
	FrameworkStatusInForce    FrameworkStatus = "IN_FORCE"
	FrameworkStatusSuperseded FrameworkStatus = "SUPERSEDED"
)

// AllFrameworkStatus lists every FrameworkStatus.
var AllFrameworkStatus = []FrameworkStatus{FrameworkStatusDraft, FrameworkStatusInForce, FrameworkStatusSuperseded}

// ComponentKind classifies a deployed component.
type ComponentKind string

// The component kinds.
const (
	ComponentKindInfrastructure ComponentKind = "INFRASTRUCTURE"
	ComponentKindNetwork        ComponentKind = "NETWORK"
	ComponentKindSecurity       ComponentKind = "SECURITY"
	ComponentKindDatabase       ComponentKind = "DATABASE"
	ComponentKindPlatform       ComponentKind = "PLATFORM"
	ComponentKindApplication    ComponentKind = "APPLICATION"
	ComponentKindPortal         ComponentKind = "PORTAL"
	ComponentKindChannel        ComponentKind = "CHANNEL"
	ComponentKindDashboard      ComponentKind = "DASHBOARD"
	ComponentKindFramework      ComponentKind = "FRAMEWORK"
)

// AllComponentKind lists every ComponentKind.
var AllComponentKind = []ComponentKind{ComponentKindInfrastructure, ComponentKindNetwork, ComponentKindSecurity, ComponentKindDatabase, ComponentKindPlatform, ComponentKindApplication, ComponentKindPortal, ComponentKindChannel, ComponentKindDashboard, ComponentKindFramework}

// Basis tells whether a dependency is stated by the framework text or inferred from it.
type Basis string

// The dependency bases.
const (
	BasisStated    Basis = "STATED"
	BasisInferred  Basis = "INFERRED"
	BasisInventory Basis = "INVENTORY"
	BasisSynthetic Basis = "SYNTHETIC"
	// BasisNormative: the text says the dependency must exist ("phải"), not that it does.
	BasisNormative Basis = "NORMATIVE"
)

// AllBasis lists every Basis.
var AllBasis = []Basis{BasisStated, BasisInferred, BasisInventory, BasisSynthetic, BasisNormative}

// Enum is any of the string enums above.
type Enum interface {
	~string
}

// ParseEnum returns v as an E when it is one of all, or an error naming the allowed values.
func ParseEnum[E Enum](v string, all []E) (E, error) {
	for _, e := range all {
		if string(e) == v {
			return e, nil
		}
	}
	return "", fmt.Errorf("%q is not one of %v", v, all)
}

// Valid reports whether v is one of all.
func Valid[E Enum](v E, all []E) bool {
	for _, e := range all {
		if e == v {
			return true
		}
	}
	return false
}
