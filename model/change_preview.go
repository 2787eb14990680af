package model

// What saving a component would do (previewComponentChange, issue 19): computed by running the
// save's own transaction and rolling it back.

// ComponentChangeOperation is the save a preview is of.
type ComponentChangeOperation string

const (
	ComponentChangeCreate ComponentChangeOperation = "CREATE"
	ComponentChangeUpdate ComponentChangeOperation = "UPDATE"
	ComponentChangeRetire ComponentChangeOperation = "RETIRE"
)

// ComponentChangeEffect is what a save would change.
type ComponentChangeEffect struct {
	Operation ComponentChangeOperation `json:"operation"`
	// Component is the component as the save would leave it (as it is, for a retire).
	Component Component `json:"component"`
	// Changed are the component's properties the save would change (an update).
	Changed []string `json:"changed"`
	// Conformance groups the agencies whose state against one reference would change the same way.
	Conformance []ConformanceChange `json:"conformance"`
	// BecomeConformant and StopConformant count the agencies that would reach, or lose, all
	// their required items (no essential item missing).
	BecomeConformant []Agency `json:"becomeConformant"`
	StopConformant   []Agency `json:"stopConformant"`
	// AgenciesChecked is how many agencies were evaluated; AgenciesLimited says some that the
	// change may touch were left out (more than the preview evaluates).
	AgenciesChecked int  `json:"agenciesChecked"`
	AgenciesLimited bool `json:"agenciesLimited"`
	// DuplicatesAdded are findings the save would create, DuplicatesRemoved ones it would end.
	DuplicatesAdded   []DuplicateFinding `json:"duplicatesAdded"`
	DuplicatesRemoved []DuplicateFinding `json:"duplicatesRemoved"`
	// Inferred capabilities and suggested reference components of the component after the save.
	Inferred  []InventoryInference `json:"inferred"`
	Suggested []InventoryInference `json:"suggested"`
	// ViolationsAdded and ViolationsResolved: rule violations the save would add or end (the
	// checks run on the component, the components pointing to it and the agencies evaluated).
	ViolationsAdded    []RuleViolation `json:"violationsAdded"`
	ViolationsResolved []RuleViolation `json:"violationsResolved"`
	// Dependents (a retire): components that depend on it directly (the first 20), how many
	// do directly and through others, and the agencies that use it.
	Dependents           []Component `json:"dependents"`
	DependentsTotal      int         `json:"dependentsTotal"`
	TransitiveDependents int         `json:"transitiveDependents"`
	Users                []Agency    `json:"users"`
	UsersTotal           int         `json:"usersTotal"`
}

// ConformanceChange is a group of agencies whose state against one reference would go from
// Before to After.
type ConformanceChange struct {
	Reference ReferenceComponent `json:"reference"`
	Before    ConformanceState   `json:"before"`
	After     ConformanceState   `json:"after"`
	// Met: After meets the item and Before did not; false: the item would be lost, or met another way.
	Met bool `json:"met"`
	// Agencies (the first 20), Count all of them, Communes how many of them are communes.
	Agencies []Agency `json:"agencies"`
	Count    int      `json:"count"`
	Communes int      `json:"communes"`
}
