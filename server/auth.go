package server

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

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
// request goes on anonymously when reads are open, and is refused otherwise. Every refusal is
// HTTP 401 with WWW-Authenticate and the code UNAUTHENTICATED — a missing, malformed or invalid
// token alike, here or (for an operation that needs a token) from the resolvers.
//
// A browser that signed in (session.go) sends its session cookie with the X-Archgraph-Client
// header instead; a session that has ended (signed out, past its end, its token expired or
// revoked) is refused likewise, and its cookie cleared.
func authenticate(tokens Tokens, st *store.Store, openReads bool, ss sessions, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		if h == "" {
			if secret := ss.fromRequest(r); secret != "" {
				p, err := ss.principal(r, secret)
				var rej *governance.TokenRejectedError
				switch {
				case errors.As(err, &rej):
					ss.setCookie(w, r, "", time.Time{})
					w.Header().Set("WWW-Authenticate", `Bearer realm="archgraph", error="invalid_token"`)
					writeJSON(w, http.StatusUnauthorized, gqlErrorBody("your session has ended ("+rej.Reason+"); sign in again", model.CodeUnauthenticated))
					return
				case err != nil:
					w.Header().Set("Retry-After", "1")
					writeJSON(w, http.StatusServiceUnavailable, gqlErrorBody("cannot check the session: the database is unavailable", model.CodeUnavailable))
					return
				}
				next.ServeHTTP(w, r.WithContext(model.WithPrincipal(r.Context(), p)))
				return
			}
			if !openReads && r.Method != http.MethodOptions {
				unauthorized(w, "", "this server needs an Authorization: Bearer token")
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		tok, ok := bearer(h)
		if !ok {
			unauthorized(w, "invalid_request", "the Authorization header must be \"Bearer <token>\"")
			return
		}
		p, err := principal(r, tokens, st, tok)
		var rej *governance.TokenRejectedError
		switch {
		case errors.As(err, &rej):
			unauthorized(w, "invalid_token", "invalid bearer token: "+rej.Error())
			return
		case err != nil:
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusServiceUnavailable, gqlErrorBody("cannot check the token: the database is unavailable", model.CodeUnavailable))
			return
		}
		next.ServeHTTP(w, r.WithContext(model.WithPrincipal(r.Context(), p)))
	})
}

// bearer takes the token out of an Authorization header; the scheme is case-insensitive
// (RFC 9110 §11.1), and the token one token68 without spaces.
func bearer(h string) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	tok = strings.TrimSpace(tok)
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" || strings.ContainsAny(tok, " \t") {
		return "", false
	}
	return tok, true
}

// principal looks a token up: the token file first, then Neo4j.
func principal(r *http.Request, tokens Tokens, st *store.Store, tok string) (model.Principal, error) {
	if p, known := tokens[sha256.Sum256([]byte(tok))]; known {
		return p, nil
	}
	return st.Governance().LookupToken(r.Context(), tok)
}

func unauthorized(w http.ResponseWriter, errParam, msg string) {
	v := `Bearer realm="archgraph"`
	if errParam != "" {
		v += `, error="` + errParam + `"`
	}
	w.Header().Set("WWW-Authenticate", v)
	writeJSON(w, http.StatusUnauthorized, gqlErrorBody(msg, model.CodeUnauthenticated))
}
