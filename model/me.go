package model

// Me is the caller as the `me` query shows it; its agency and editable agencies are resolved
// from AgencyCode.
type Me struct {
	Name       string  `json:"name"`
	Role       string  `json:"role"`
	CanWrite   bool    `json:"canWrite"`
	National   bool    `json:"national"`
	ExpiresAt  *string `json:"expiresAt"`
	Via        string  `json:"via"`
	AgencyCode string  `json:"-"`
}
