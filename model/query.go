package model

// The list queries the store answers: what a catalog list or an impact's rows are filtered by.
// Connections carry them, so that a total is counted only when a client asks for it.

// ComponentQuery filters a list of components. Empty fields do not filter. At most one of
// OwnerID, ProvinceID, DependsOnID and RealizesID anchors the query.
type ComponentQuery struct {
	Layer, Group                                 string
	Scopes                                       []Scope
	Statuses                                     []Status
	Kinds                                        []ComponentKind
	Synthetic                                    *bool
	ExposesAPI                                   *bool
	OwnerID, ProvinceID, DependsOnID, RealizesID string
}

// AgencyQuery filters a list of agencies.
type AgencyQuery struct {
	Levels     []AgencyLevel
	AreaType   string
	Synthetic  *bool
	PartOfID   string // direct parts of this agency
	ProvinceID string // the province and its communes
}

// ReferenceQuery filters a list of reference components.
type ReferenceQuery struct {
	Framework, Group, Layer, AreaType string
	Tiers                             []Tier
}

// ImpactRowFilter narrows the rows of an impact to owners of some levels (CENTRAL, MINISTRY,
// PROVINCE, COMMUNE, UNOWNED), to one province (its own components and its communes'), to some
// layers (codes), to one owner agency (code) and/or to one depth (0: every depth).
type ImpactRowFilter struct {
	Levels   []string
	Province string // province code
	Layers   []string
	Owner    string // agency code
	Depth    int
}
