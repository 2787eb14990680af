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
	// Where, Sort and AsOf are the dashboard arguments (where, orderBy, asOf); when any is set
	// the list is built from the allow-lists of store/dashboard.go.
	Where *Cond
	Sort  []SortKey
	AsOf  string
	// After is the sort key values of the row a keyset page starts after (a cursor of a sorted
	// list); lists only: counts ignore it.
	After []any
}

// AgencyQuery filters a list of agencies.
type AgencyQuery struct {
	Levels     []AgencyLevel
	AreaType   string
	Synthetic  *bool
	PartOfID   string // direct parts of this agency
	ProvinceID string // the province and its communes
	Where      *Cond
	Sort       []SortKey
	// WithScore computes each row's conformanceScore in the list statement.
	WithScore bool
	// AsOf reads what the agencies own and use (and their conformance scores) as of that day;
	// agencies themselves have no valid time.
	AsOf  string
	After []any // as ComponentQuery.After
}

// ReferenceQuery filters a list of reference components.
type ReferenceQuery struct {
	Framework, Group, Layer, AreaType string
	Tiers                             []Tier
	Where                             *Cond
	Sort                              []SortKey
	// AsOf reads the components realizing them as of that day (references have no valid time).
	AsOf  string
	After []any // as ComponentQuery.After
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

// Cond is one node of a filter tree (the `where` arguments of the lists and aggregations):
// a combination (And, Or, Not), a comparison of a field of the entity's allow-list (Field, Op,
// Value), or a relation condition (Rel, Sub, Quant: how many related nodes must satisfy Sub).
// The store turns it into parameterized Cypher from its allow-lists; names that are not on
// them are refused.
type Cond struct {
	And, Or []Cond
	Not     *Cond
	Field   string
	// Op is one of eq, in, notIn, contains, startsWith, lt, lte, gt, gte, isNull.
	Op    string
	Value any
	Rel   string
	Sub   *Cond
	// Quant is the relation condition's quantifier: "" or QuantSome (some related node
	// satisfies Sub), QuantNone, QuantAll (every related node does; true when there is none)
	// or QuantSingle (exactly one does).
	Quant string
}

// The quantifiers of a relation condition (Cond.Quant).
const (
	QuantSome   = "some"
	QuantNone   = "none"
	QuantAll    = "all"
	QuantSingle = "single"
)

// SortKey is one key of a list's order: a field of the entity's allow-list.
type SortKey struct {
	Field string
	Desc  bool
}

// Aggregation asks for the counts of an entity's nodes matching Where, grouped by up to two
// dimensions, with min/max/avg/sum of numeric fields; Order is COUNT_DESC (default),
// COUNT_ASC, KEY_ASC, KEY_DESC, AVG_ASC or AVG_DESC (by the first of Stats); First bounds the
// groups returned (the total is always counted).
type Aggregation struct {
	Where   *Cond
	GroupBy []string
	Stats   []string
	Order   string
	First   int
	AsOf    string
}

// Aggregate is an aggregation's answer.
type Aggregate struct {
	Count      int              `json:"count"`
	GroupCount int              `json:"groupCount"`
	Groups     []AggregateGroup `json:"groups"`
	Stats      []FieldStats     `json:"stats"`
	Dimensions []string         `json:"dimensions"`
}

// AggregateGroup is one group: its key per dimension, its count and its numeric statistics.
type AggregateGroup struct {
	Keys  []AggregateKey `json:"keys"`
	Count int            `json:"count"`
	Stats []FieldStats   `json:"stats"`
}

// AggregateKey is a group's value of one dimension (Value nil: none recorded), with the name of
// the node it is the code of (layer, group, agency), when it is one.
type AggregateKey struct {
	Dimension string  `json:"dimension"`
	Value     *string `json:"value"`
	Name      *string `json:"name"`
	NameEn    *string `json:"nameEn"`
}

// FieldStats are the statistics of one numeric field over a group (nil when no value is recorded).
type FieldStats struct {
	Field string   `json:"field"`
	Count int      `json:"count"`
	Min   *float64 `json:"min"`
	Max   *float64 `json:"max"`
	Avg   *float64 `json:"avg"`
	Sum   *float64 `json:"sum"`
}
