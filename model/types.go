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
type Component struct {
	ID        string        `json:"id"`
	Code      string        `json:"code"`
	Name      string        `json:"name"`
	NameEn    string        `json:"nameEn"`
	Kind      ComponentKind `json:"kind"`
	Scope     Scope         `json:"scope"`
	Status    Status        `json:"status"`
	LayerCode string        `json:"layerCode"`
	Synthetic bool          `json:"synthetic"`
	Source    string        `json:"source"`
}
