package model

// Version describes the running build.
type Version struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	GoVersion string `json:"goVersion"`
}

// Layer is one of the four architecture layers.
type Layer struct {
	ID     string `json:"id"`
	Code   string `json:"code"`
	Number int    `json:"number"`
	Name   string `json:"name"`
	NameEn string `json:"nameEn"`
}

// Component is a deployed component (a national platform, a province's LGSP, a commune's app).
// Relations (layer, owner, dependencies, …) are resolved by the API through loaders.
type Component struct {
	ID     string `json:"id"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"nameEn"`
	// Description is what the component does, in its owner's words (nil: none recorded); the
	// duplication matcher reads it with the names.
	Description *string       `json:"description"`
	Kind        ComponentKind `json:"kind"`
	Scope       Scope         `json:"scope"`
	Status      Status        `json:"status"`
	LayerCode   string        `json:"layerCode"`
	GroupCode   string        `json:"groupCode"`
	DueYear     *int          `json:"dueYear"`
	ExposesAPI  bool          `json:"exposesApi"`
	Synthetic   bool          `json:"synthetic"`
	Source      string        `json:"source"`
	// StatusBasis: STATED or NOT_STATED for the framework's components (the source states no
	// status; theirs is an assumption); empty for inventory and API components.
	StatusBasis string `json:"statusBasis"`
	// SecurityLevel is the information system's security level 1..5 (nil: not recorded).
	SecurityLevel *int `json:"securityLevel"`
	// RestrictedData: the component holds private-use data or data of the military, defence,
	// security, foreign-affairs or cipher sectors (L253), stored at the National Data Center
	// only with its owner's consent.
	RestrictedData bool `json:"restrictedData"`
	// ValidFrom is the day since which the component exists (YYYY-MM-DD; nil: since before
	// records began); ValidTo the day it was retired (nil while it is current); VersionFrom the
	// day since which these properties hold (nil: since ValidFrom).
	ValidFrom   *string `json:"validFrom"`
	ValidTo     *string `json:"validTo"`
	VersionFrom *string `json:"versionFrom"`
	// Revision counts the changes of the component's own values (0: never changed since it was
	// created or loaded); an edit that names the revision it was based on is refused with
	// CONFLICT once another edit has moved it on.
	Revision int `json:"revision"`
	// AsOf is the day the component was read as of (YYYY-MM-DD; empty: now): its values are that
	// day's, and so is what the API reads through it (owner, dependsOn, …). Not a property.
	AsOf string `json:"-"`
}

// Framework is a framework document.
type Framework struct {
	ID       string          `json:"id"`
	Code     string          `json:"code"`
	Name     string          `json:"name"`
	NameEn   string          `json:"nameEn"`
	Level    FrameworkLevel  `json:"level"`
	Status   FrameworkStatus `json:"status"`
	Version  string          `json:"version"`
	Issued   string          `json:"issued"`
	Document string          `json:"document"`
	Source   string          `json:"source"`
}

// ComponentGroup is a group of reference components (HTS, ƯDCQS, QG-NTL, TINH-…).
type ComponentGroup struct {
	ID            string  `json:"id"`
	Code          string  `json:"code"`
	ASCII         string  `json:"ascii"`
	Name          string  `json:"name"`
	NameEn        string  `json:"nameEn"`
	Kind          RefKind `json:"kind"`
	LayerCode     string  `json:"layerCode"`
	FrameworkCode string  `json:"frameworkCode"`
	Source        string  `json:"source"`
}

// ReferenceComponent is a component a reference framework expects.
type ReferenceComponent struct {
	ID             string    `json:"id"`
	Code           string    `json:"code"`
	ASCII          string    `json:"ascii"`
	Name           string    `json:"name"`
	NameEn         string    `json:"nameEn"`
	Tier           Tier      `json:"tier"`
	AreaType       *AreaType `json:"areaType"`
	Kind           RefKind   `json:"kind"`
	ExploitsShared bool      `json:"exploitsShared"`
	CatchAll       bool      `json:"catchAll"`
	GroupCode      string    `json:"groupCode"`
	FrameworkCode  string    `json:"frameworkCode"`
	Source         string    `json:"source"`
}

// Agency is a body of the political system.
type Agency struct {
	ID        string      `json:"id"`
	Code      string      `json:"code"`
	Name      string      `json:"name"`
	NameEn    string      `json:"nameEn"`
	Level     AgencyLevel `json:"level"`
	AreaType  *AreaType   `json:"areaType"`
	Synthetic bool        `json:"synthetic"`
	Source    string      `json:"source"`
	// Framework is the reference framework the source names for this body ("" : that of its
	// level, or none for a central body L378 does not name).
	Framework string `json:"framework"`
	// Score is the conformanceScore a list statement computed with the row (nil: not computed).
	Score *float64 `json:"-"`
}

// Capability is something a platform provides.
type Capability struct {
	ID     string `json:"id"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"nameEn"`
	Source string `json:"source"`
}

// Rule is a checkable rule of the framework.
type Rule struct {
	ID     string `json:"id"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"nameEn"`
	Text   string `json:"text"`
	TextEn string `json:"textEn"`
	Check  string `json:"check"`
	Source string `json:"source"`
	// Severity of a violation: HIGH (a "phải"/"bắt buộc" obligation or a prohibition), MEDIUM
	// (an obligation whose evidence the model holds only in part), LOW (a preference).
	Severity string `json:"severity"`
	// Manual says why a rule has no automatic check ("" for one that has).
	Manual string `json:"manual"`
}

// Change is one entry of the append-only audit log: who changed what, when, from what to what.
type Change struct {
	ID          string `json:"id"`
	At          string `json:"at"`
	Actor       string `json:"actor"`
	ActorAgency string `json:"actorAgency"`
	Operation   string `json:"operation"`
	EntityID    string `json:"entityId"`
	EntityCode  string `json:"entityCode"`
	// Before and After are JSON objects (null for a creation or a deletion).
	Before *string `json:"before"`
	After  *string `json:"after"`
}

// Token describes an issued API token (never the token itself).
type Token struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Agency    string `json:"agency"`
	Role      Role   `json:"role"`
	CreatedAt string `json:"createdAt"`
	ExpiresAt string `json:"expiresAt"`
	RevokedAt string `json:"revokedAt"`
}
