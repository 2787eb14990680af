package model

import "context"

// Role is what a token may do.
type Role string

// The roles of the token file: viewers read, editors and admins also write.
const (
	RoleViewer Role = "viewer"
	RoleEditor Role = "editor"
	RoleAdmin  Role = "admin"
)

// CanWrite reports whether the role may run mutations.
func (r Role) CanWrite() bool { return r == RoleEditor || r == RoleAdmin }

// Principal is who made a request (from its bearer token).
type Principal struct {
	Name string
	Role Role
	// Agency is the code of the agency whose scope an editor writes in: components it owns and
	// those of the agencies PART_OF it (a province's editor covers its communes). An admin
	// writes everywhere.
	Agency string
	// TokenID identifies the token (for the audit log).
	TokenID string
	// ExpiresAt is when the token expires (RFC 3339; "" for none); for a browser session, when
	// the session ends.
	ExpiresAt string
	// Session: the request came with a browser session's cookie rather than a bearer token.
	Session bool
}

// Actor names the principal in the audit log.
func (p Principal) Actor() string {
	if p.Agency != "" {
		return p.Name + " (" + string(p.Role) + ", " + p.Agency + ")"
	}
	return p.Name + " (" + string(p.Role) + ")"
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the request's principal, if it presented a valid token.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}
