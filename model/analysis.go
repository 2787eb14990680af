package model

// ImpactDirection says which way an impact traversal follows DEPENDS_ON.
type ImpactDirection string

// DEPENDENTS: what depends on the component (what breaks if it goes down).
// DEPENDENCIES: what the component depends on.
const (
	ImpactDirectionDependents   ImpactDirection = "DEPENDENTS"
	ImpactDirectionDependencies ImpactDirection = "DEPENDENCIES"
)

// AllImpactDirection lists every ImpactDirection.
var AllImpactDirection = []ImpactDirection{ImpactDirectionDependents, ImpactDirectionDependencies}

// MaxImpactDepth is the server's cap on an impact traversal's depth.
const MaxImpactDepth = 10

// ImpactQuery is an impact traversal, as asked.
type ImpactQuery struct {
	RootID    string
	Direction ImpactDirection
	// MaxDepth is clamped to 1..MaxImpactDepth.
	MaxDepth int
	// Agencies: also count the agencies that USE an affected component.
	Agencies bool
	// AsOf (YYYY-MM-DD): the model as it was that day; empty: now.
	AsOf string
	// Parts are the figures of the summary to compute (the fields a client selected); zero
	// computes every figure. The total is always computed.
	Parts ImpactParts
}

// ImpactParts chooses the figures of an impact summary beyond its total: grouping by owner
// (byLevel, byProvince) looks up every reached component's owner and province, which is most of
// the cost of a large impact, so it runs only when asked.
type ImpactParts uint8

// The figures; ImpactPartsChosen marks a choice (so that "total only" is not zero, which means
// every figure).
const (
	ImpactByDepth ImpactParts = 1 << iota
	ImpactByLayer
	ImpactByOwner // byLevel and byProvince
	ImpactAgencyCount
	ImpactPartsChosen
	ImpactPartsAll = ImpactByDepth | ImpactByLayer | ImpactByOwner | ImpactAgencyCount
)

// Has reports whether p computes figure x (a zero p computes every figure).
func (p ImpactParts) Has(x ImpactParts) bool { return p == 0 || p&x != 0 }

// Impacted is one affected component and its shortest distance from the root.
type Impacted struct {
	Component Component `json:"component"`
	Depth     int       `json:"depth"`
}

// Count is one bucket of a grouped count (by layer, by agency level, by province).
type Count struct {
	Key    string `json:"key"`
	Name   string `json:"name"`
	NameEn string `json:"nameEn"`
	Count  int    `json:"count"`
}

// ImpactGroupBy is the dimension ImpactGroups groups by.
type ImpactGroupBy string

// The dimensions: the component's layer, its owner's level, its owner's province, its owner
// agency, its depth.
const (
	ImpactGroupByLayer    ImpactGroupBy = "LAYER"
	ImpactGroupByLevel    ImpactGroupBy = "LEVEL"
	ImpactGroupByProvince ImpactGroupBy = "PROVINCE"
	ImpactGroupByOwner    ImpactGroupBy = "OWNER"
	ImpactGroupByDepth    ImpactGroupBy = "DEPTH"
)

// AllImpactGroupBy lists every ImpactGroupBy.
var AllImpactGroupBy = []ImpactGroupBy{ImpactGroupByLayer, ImpactGroupByLevel, ImpactGroupByProvince, ImpactGroupByOwner, ImpactGroupByDepth}

// ImpactGroup is one group of affected components: its key (a layer code, a level, a province
// or agency code, a depth; "" for the components with no province or no owner), names, how many
// and how many at each depth (ByDepth[i] at depth i+1).
type ImpactGroup struct {
	Key     string `json:"key"`
	Name    string `json:"name"`
	NameEn  string `json:"nameEn"`
	Count   int    `json:"count"`
	ByDepth []int  `json:"byDepth"`
}

// ImpactGroups is the affected components that a filter keeps, grouped by one dimension: how
// many components (Total), how many groups (Count) and the first groups, largest first (by
// layer, level and depth: in their natural order).
type ImpactGroups struct {
	Total int           `json:"total"`
	Count int           `json:"count"`
	Nodes []ImpactGroup `json:"nodes"`
}

// ImpactSummary is the aggregate part of an impact: totals and counts, no per-node rows.
type ImpactSummary struct {
	Total      int     `json:"total"`
	ByDepth    []Count `json:"byDepth"`
	ByLayer    []Count `json:"byLayer"`
	ByLevel    []Count `json:"byLevel"`
	ByProvince []Count `json:"byProvince"`
	// Agencies is the number of distinct agencies that USE an affected component (when asked).
	Agencies int `json:"agencies"`
	// Buckets are the rows the summary was summed from (sorted), with the dimensions of
	// BucketParts, when it grouped by owner (level and province): what impact groups without an
	// owner filter are counted from, without a second traversal. Layers names the layers when
	// BucketParts has ImpactByLayer.
	Buckets     []ImpactBucket   `json:"-"`
	BucketParts ImpactParts      `json:"-"`
	Layers      map[string]Layer `json:"-"`
}

// ImpactBucket is one row of an impact summary: the affected components at one depth, of one
// layer, whose owner has one level and belongs to one province (each dimension set only when the
// summary computed it; Level "" is no owner, Province "" no province).
type ImpactBucket struct {
	Depth                                  int
	Layer, Level                           string
	Province, ProvinceName, ProvinceNameEn string
	N                                      int
}

// Path is a chain of components linked by DEPENDS_ON. An impact path runs from the root to the
// affected component (for DEPENDENTS the edges point back towards the root); a path query's
// runs from `from` to `to`, each depending on the next.
type Path struct {
	Components []Component `json:"components"`
}

// Duplicate is a lower-scope component that provides a shared platform's capability without
// being a sanctioned local counterpart and without depending on the shared platform.
type Duplicate struct {
	Component  Component  `json:"component"`
	Agency     *Agency    `json:"agency"`
	Province   *Agency    `json:"province"`
	Capability Capability `json:"capability"`
	Shared     Component  `json:"shared"`
	// Evidence is in English (the field predates the Vietnamese one); EvidenceVi in Vietnamese.
	Evidence     string         `json:"evidence"`
	EvidenceVi   string         `json:"evidenceVi"`
	Basis        DuplicateBasis `json:"basis"`
	Confidence   float64        `json:"confidence"`
	MatchedTerms []string       `json:"matchedTerms"`
	Review       ReviewState    `json:"review"`
}

// ConformanceState is how an agency stands against one applicable reference component.
type ConformanceState string

// REALIZED: the agency owns a component that realizes it. EXPLOITS_SHARED: it is a "use the
// shared one" item and the agency uses or depends on a shared component. MISSING: neither.
const (
	ConformanceStateRealized       ConformanceState = "REALIZED"
	ConformanceStateExploitsShared ConformanceState = "EXPLOITS_SHARED"
	ConformanceStateMissing        ConformanceState = "MISSING"
	// PROVIDED_BY_PROVINCE: an essential commune item that the commune's province deploys for
	// its communes (the figures: "cấp tỉnh hoặc cấp xã xây dựng, triển khai", e.g. L2185).
	ConformanceStateProvidedByProvince ConformanceState = "PROVIDED_BY_PROVINCE"
	// NOT_DEPLOYED: an area-supplementary item the commune has not deployed; these are
	// optional (L586, L653, L718, L764, L810, L860), never missing.
	ConformanceStateNotDeployed ConformanceState = "NOT_DEPLOYED"
)

// AllConformanceState lists every ConformanceState.
var AllConformanceState = []ConformanceState{ConformanceStateRealized, ConformanceStateExploitsShared, ConformanceStateMissing,
	ConformanceStateProvidedByProvince, ConformanceStateNotDeployed}

// ConformanceItem is one applicable reference component and the agency's state against it.
type ConformanceItem struct {
	Reference  ReferenceComponent `json:"reference"`
	State      ConformanceState   `json:"state"`
	Components []Component        `json:"components"`
}

// Tally counts states; Score is (realized + exploited + provided) / applicable, 0..1 (1 when
// nothing applies). For optional (area-supplementary) items Missing is always 0 and NotDeployed
// counts the items not deployed.
type Tally struct {
	Applicable  int     `json:"applicable"`
	Realized    int     `json:"realized"`
	Exploited   int     `json:"exploited"`
	Provided    int     `json:"provided"`
	Missing     int     `json:"missing"`
	NotDeployed int     `json:"notDeployed"`
	Score       float64 `json:"score"`
}

// Conformance is one agency's standing against its reference framework.
type Conformance struct {
	Agency Agency `json:"agency"`
	// FrameworkCode is the reference framework that applies (KTTS-XA for a commune, …).
	FrameworkCode string `json:"frameworkCode"`
	Tally         Tally  `json:"tally"`
	Essential     Tally  `json:"essential"`
	// Supplementary tallies a commune's area-supplementary items apart: optional, never missing.
	Supplementary Tally             `json:"supplementary"`
	Items         []ConformanceItem `json:"items"`
}

// GroupTally is a tally for one component group.
type GroupTally struct {
	GroupCode     string `json:"groupCode"`
	Tally         Tally  `json:"tally"`
	Supplementary Tally  `json:"supplementary"`
}

// ConformanceRollup is the communes' conformance summed up for one province (or the nation).
type ConformanceRollup struct {
	// Agency is the province; nil for the nation.
	Agency   *Agency `json:"agency"`
	Communes int     `json:"communes"`
	Tally    Tally   `json:"tally"`
	// Supplementary: the communes' area-supplementary items, optional, apart from Tally.
	Supplementary Tally        `json:"supplementary"`
	ByGroup       []GroupTally `json:"byGroup"`
}

// ConformanceSummary rolls communes up: for a province, the province and each of its communes;
// for the nation, the nation and each province.
type ConformanceSummary struct {
	Total    ConformanceRollup   `json:"total"`
	Children []ConformanceRollup `json:"children"`
}

// RuleViolation is one node that breaks a checkable rule.
type RuleViolation struct {
	RuleCode  string     `json:"ruleCode"`
	Check     string     `json:"check"`
	Component *Component `json:"component"`
	Agency    *Agency    `json:"agency"`
	Message   string     `json:"message"`
	MessageEn string     `json:"messageEn"`
	// Severity is the rule's (HIGH, MEDIUM, LOW).
	Severity string `json:"severity"`
}

// RuleResult is one automatically checked rule's outcome: its violations, and the candidates
// it cannot judge because what it reads is not recorded.
type RuleResult struct {
	Rule       Rule `json:"rule"`
	Violations int  `json:"violations"`
	// Undetermined counts the candidates the check cannot judge (0 for a check that reads
	// nothing that may be left unrecorded, or treats a missing record as a violation).
	Undetermined int `json:"undetermined"`
	// UndeterminedReason says what is not recorded (nil for a check without undetermined
	// candidates), in Vietnamese and English.
	UndeterminedReason   *string `json:"undeterminedReason"`
	UndeterminedReasonEn *string `json:"undeterminedReasonEn"`
}

// FrameworkDiff is what changed in the reference components from one framework version to
// another: matched by code, compared as each framework describes them.
type FrameworkDiff struct {
	From, To           Framework
	FromCount, ToCount int
	// Added are listed by To only, Removed by From only (each as that framework describes it);
	// Changed are listed by both, described differently (as To describes them).
	Added, Removed []ReferenceComponent
	Changed        []ReferenceChange
	Unchanged      int
}

// ReferenceChange is one reference component that two framework versions describe differently.
type ReferenceChange struct {
	Reference ReferenceComponent
	Fields    []FieldChange
}

// FieldChange is one field's value in the older and the newer version (nil: none).
type FieldChange struct {
	Field    string
	From, To *string
}

// DuplicateBasis says where a duplication finding comes from: a PROVIDES edge someone declared
// (seed, inventory, API), one archgraph inferred from the component's name, or an analyst's
// confirmation.
type DuplicateBasis string

// The bases of a duplication finding.
const (
	DuplicateBasisDeclared  DuplicateBasis = "DECLARED"
	DuplicateBasisInferred  DuplicateBasis = "INFERRED"
	DuplicateBasisConfirmed DuplicateBasis = "CONFIRMED"
)

// AllDuplicateBasis lists every DuplicateBasis.
var AllDuplicateBasis = []DuplicateBasis{DuplicateBasisDeclared, DuplicateBasisInferred, DuplicateBasisConfirmed}

// ReviewState is an analyst's decision on a duplication finding.
type ReviewState string

// UNREVIEWED: no decision (or the inputs changed since). CONFIRMED: a duplicate, counted as
// declared. DISMISSED: not a duplicate; not reported again unless its inputs change.
const (
	ReviewStateUnreviewed ReviewState = "UNREVIEWED"
	ReviewStateConfirmed  ReviewState = "CONFIRMED"
	ReviewStateDismissed  ReviewState = "DISMISSED"
)

// AllReviewState lists every ReviewState.
var AllReviewState = []ReviewState{ReviewStateUnreviewed, ReviewStateConfirmed, ReviewStateDismissed}

// DuplicateQuery filters duplication findings. Zero values do not filter; Review empty means
// UNREVIEWED and CONFIRMED (dismissed findings are not reported unless asked for).
type DuplicateQuery struct {
	// Shared is one shared platform's id (resolved); empty: every shared platform.
	Shared string
	// Scope keeps components of that scope.
	Scope Scope
	// Province is a province agency's id: components it or its communes own.
	Province string
	// MinConfidence keeps findings at least that confident (0..1).
	MinConfidence float64
	Basis         []DuplicateBasis
	Review        []ReviewState
	AsOf          string
}

// DuplicateFinding is one component duplicating one shared platform: the capabilities they
// share, how the finding arose and how confident it is.
type DuplicateFinding struct {
	Component    Component      `json:"component"`
	Agency       *Agency        `json:"agency"`
	Province     *Agency        `json:"province"`
	Shared       Component      `json:"shared"`
	Capabilities []Capability   `json:"capabilities"`
	Basis        DuplicateBasis `json:"basis"`
	Confidence   float64        `json:"confidence"`
	// MatchedTerms are the vocabulary terms an inference matched (empty for a declared one).
	MatchedTerms []string    `json:"matchedTerms"`
	Review       ReviewState `json:"review"`
	ReviewNote   *string     `json:"reviewNote"`
	ReviewedBy   *string     `json:"reviewedBy"`
	ReviewedAt   *string     `json:"reviewedAt"`
	Evidence     string      `json:"evidence"`
	EvidenceEn   string      `json:"evidenceEn"`
}

// DuplicatedComponent is one component with every shared platform it duplicates: the unit that
// duplication counts count.
type DuplicatedComponent struct {
	Component Component          `json:"component"`
	Agency    *Agency            `json:"agency"`
	Province  *Agency            `json:"province"`
	Findings  []DuplicateFinding `json:"findings"`
	// Confidence and Basis are the strongest of its findings'.
	Confidence float64        `json:"confidence"`
	Basis      DuplicateBasis `json:"basis"`
}

// PlatformDuplicates is how many components duplicate one shared platform (0 included).
type PlatformDuplicates struct {
	Platform   Component `json:"platform"`
	Components int       `json:"components"`
}

// DuplicationReport is the duplication findings grouped by component, with the counts.
type DuplicationReport struct {
	// Count is the number of duplicating components (each counted once).
	Count      int                   `json:"count"`
	Findings   int                   `json:"findings"`
	Components []DuplicatedComponent `json:"components"`
	Platforms  []PlatformDuplicates  `json:"platforms"`
}

// Indicator is a measured KPI the source names (L93, L297, L899), with its unit. The source sets
// no target value for any: Threshold is nil and ThresholdSource says so.
type Indicator struct {
	Code            string   `json:"code"`
	Name            string   `json:"name"`
	NameEn          string   `json:"nameEn"`
	Unit            string   `json:"unit"`
	Source          string   `json:"source"`
	Threshold       *float64 `json:"threshold"`
	ThresholdSource string   `json:"thresholdSource"`
}

// Measurement is one value of an indicator for an agency and a period.
type Measurement struct {
	ID         string  `json:"id"`
	Indicator  string  `json:"indicator"`
	AgencyCode string  `json:"agencyCode"`
	Period     string  `json:"period"`
	Value      float64 `json:"value"`
	Unit       string  `json:"unit"`
	Source     string  `json:"source"`
	// Method is AUTOMATED (collected from a system) or MANUAL (a report).
	Method     string `json:"method"`
	RecordedAt string `json:"recordedAt"`
	RecordedBy string `json:"recordedBy"`
	// FirstRecordedAt is when a value for this indicator, agency and period was first recorded
	// (RecordedAt is the last report, which replaced it); nil for values recorded before it was kept.
	FirstRecordedAt *string `json:"firstRecordedAt"`
}

// MeasurementRollup is an indicator's value for one unit (commune, province, nation) and how
// many of the units below it reported.
type MeasurementRollup struct {
	Agency *Agency  `json:"agency"`
	Value  *float64 `json:"value"`
	// Basis: OWN (the unit's own value), COMMUNES (its communes' mean), PROVINCES (the
	// provinces' mean); empty when nothing was reported.
	Basis    string   `json:"basis"`
	Min      *float64 `json:"min"`
	Max      *float64 `json:"max"`
	Reported int      `json:"reported"`
	Of       int      `json:"of"`
}

// MeasurementSummary is an indicator rolled up for one period.
type MeasurementSummary struct {
	Indicator Indicator           `json:"indicator"`
	Period    string              `json:"period"`
	Total     MeasurementRollup   `json:"total"`
	Children  []MeasurementRollup `json:"children"`
}

// CommuneGap is one commune with the essential reference components it misses (state MISSING).
type CommuneGap struct {
	Commune  Agency               `json:"commune"`
	Province *Agency              `json:"province"`
	Missing  []ReferenceComponent `json:"missing"`
}

// ConformanceGaps lists communes that miss essential reference components (a page of them).
type ConformanceGaps struct {
	// TotalCount counts every commune that misses one, Missing every (commune, reference) pair.
	TotalCount int          `json:"totalCount"`
	Missing    int          `json:"missing"`
	Communes   []CommuneGap `json:"communes"`
}
