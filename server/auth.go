package server

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/governance"
)

// Tokens maps the SHA-256 of each bearer token to its principal; the tokens themselves are not
// kept in memory after loading.
type Tokens map[[32]byte]model.Principal

// MinTokenLen is the shortest token the token file may hold.
const MinTokenLen = 24

// LoadTokens reads a token file: one "<token> <role> [<name>]" per line, '#' starts a comment,
// roles viewer, editor or admin. Errors name the line.
func LoadTokens(path string) (Tokens, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("token file: %w", err)
	}
	defer f.Close()
	t := Tokens{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 2 {
			return nil, fmt.Errorf("token file %s:%d: want \"<token> <role> [<name>]\"", path, n)
		}
		if len(fields[0]) < MinTokenLen {
			return nil, fmt.Errorf("token file %s:%d: token shorter than %d characters", path, n, MinTokenLen)
		}
		role := model.Role(fields[1])
		if role != model.RoleViewer && role != model.RoleEditor && role != model.RoleAdmin {
			return nil, fmt.Errorf("token file %s:%d: role %q is not viewer, editor or admin", path, n, fields[1])
		}
		name := fmt.Sprintf("%s@line%d", role, n)
		if len(fields) > 2 {
			name = strings.Join(fields[2:], " ")
		}
		h := sha256.Sum256([]byte(fields[0]))
		if _, dup := t[h]; dup {
			return nil, fmt.Errorf("token file %s:%d: token listed twice", path, n)
		}
		t[h] = model.Principal{Name: name, Role: role, TokenID: fmt.Sprintf("file:%d", n)}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("token file %s: %w", path, err)
	}
	return t, nil
}

// authenticate puts the principal of a valid bearer token into the request's context: a token
// of the token file (national operators), or one issued by `archgraph token create` and looked
// up by its hash in Neo4j (agency-scoped; refused once expired or revoked). Without a token a
// request goes on anonymously when reads are open, and is refused otherwise.
func authenticate(tokens Tokens, st *store.Store, openReads bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		if h == "" {
			if !openReads && r.Method != http.MethodOptions {
				writeJSON(w, http.StatusUnauthorized, gqlErrorBody("this server needs an Authorization: Bearer token", model.CodeUnauthenticated))
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		tok, ok := strings.CutPrefix(h, "Bearer ")
		tok = strings.TrimSpace(tok)
		if !ok || tok == "" {
			writeJSON(w, http.StatusUnauthorized, gqlErrorBody("the Authorization header must be \"Bearer <token>\"", model.CodeUnauthenticated))
			return
		}
		if p, known := tokens[sha256.Sum256([]byte(tok))]; known {
			next.ServeHTTP(w, r.WithContext(model.WithPrincipal(r.Context(), p)))
			return
		}
		p, err := st.Governance().LookupToken(r.Context(), tok)
		var rej *governance.TokenRejectedError
		switch {
		case errors.As(err, &rej):
			writeJSON(w, http.StatusUnauthorized, gqlErrorBody("invalid bearer token: "+rej.Error(), model.CodeUnauthenticated))
			return
		case err != nil:
			writeJSON(w, http.StatusServiceUnavailable, gqlErrorBody("cannot check the token: the database is unavailable", model.CodeUnavailable))
			return
		}
		next.ServeHTTP(w, r.WithContext(model.WithPrincipal(r.Context(), p)))
	})
}
