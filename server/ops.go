package server

import (
	"io/fs"
	"net/http"
	"regexp"

	"github.com/archgraph/archgraph/frontend"
	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
)

// opsAccess guards the operators' endpoints: with restrict, /metrics and the details of
// /readyz are for admin tokens only (the token file's or issued ones).
type opsAccess struct {
	tokens   Tokens
	st       *store.Store
	restrict bool
}

// admin says whether r carries an admin token, and the refusal status otherwise.
func (a opsAccess) admin(r *http.Request) (bool, int) {
	tok, ok := bearer(r.Header.Get("Authorization"))
	if !ok {
		return false, http.StatusUnauthorized
	}
	p, err := principal(r, a.tokens, a.st, tok)
	switch {
	case err != nil:
		return false, http.StatusUnauthorized
	case p.Role != model.RoleAdmin:
		return false, http.StatusForbidden
	}
	return true, 0
}

// detail says whether /readyz may show why it is not ready: never to anonymous callers.
func (a opsAccess) detail(r *http.Request) bool {
	ok, _ := a.admin(r)
	return ok
}

// guard answers only admins when restricted.
func (a opsAccess) guard(next http.Handler) http.Handler {
	if !a.restrict {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ok, status := a.admin(r); !ok {
			if status == http.StatusUnauthorized {
				unauthorized(w, "", "this endpoint needs an admin's Authorization: Bearer token")
				return
			}
			writeJSON(w, status, gqlErrorBody("this endpoint is for admin tokens", model.CodeForbidden))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// uiOperation finds the named operations in the web UI's bundle (its GraphQL documents are
// kept as text).
var uiOperation = regexp.MustCompile(`\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]{0,63})\s*[({]`)

// knownOperations are the operation names counted by name for anonymous callers: those of the
// embedded web UI and the configured ones. Other names of anonymous callers count as "other",
// so that they cannot fill the label slots of /metrics.
func knownOperations(extra []string) map[string]bool {
	known := map[string]bool{}
	for _, n := range extra {
		known[n] = true
	}
	_ = fs.WalkDir(frontend.Dist, "dist", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if b, err := fs.ReadFile(frontend.Dist, p); err == nil {
			for _, m := range uiOperation.FindAllSubmatch(b, -1) {
				known[string(m[1])] = true
			}
		}
		return nil
	})
	return known
}
