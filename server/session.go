package server

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
	"github.com/archgraph/archgraph/store/governance"
)

// Browser sessions. The web UI signs in by exchanging an issued token for a session: the token
// travels once, in the body of POST /auth/session, and the browser then holds only a session
// cookie that scripts cannot read (HttpOnly), that no other site's page sends (SameSite=Strict)
// and that travels only over TLS when the server is reached over TLS (Secure, with the
// __Host- prefix). The session ends with the token (its expiry or revocation, both checked on
// every request), at the latest after SessionTTL, or when the user signs out (DELETE
// /auth/session removes it from Neo4j). Requests that use the cookie must also carry the
// X-Archgraph-Client header, which a page of another site cannot send without a CORS
// preflight this server never grants: without it the cookie is ignored (the request is
// anonymous), so a forged form can neither read nor write as the user.

const (
	// SessionCookie names the session cookie over plain HTTP; SecureSessionCookie over TLS.
	SessionCookie       = "archgraph_session"
	SecureSessionCookie = "__Host-archgraph_session"
	// ClientHeader must accompany every request that uses the session cookie (any value).
	ClientHeader = "X-Archgraph-Client"
	// DefaultSessionTTL is the longest a session lasts (a working day), whatever the token's expiry.
	DefaultSessionTTL = 12 * time.Hour
	maxSignInBody     = 8 << 10
)

type sessions struct {
	tokens Tokens
	st     *store.Store
	ttl    time.Duration
	secure bool // always mark cookies Secure (behind a TLS-terminating proxy)
}

func (s sessions) isSecure(r *http.Request) bool { return s.secure || r.TLS != nil }

func (s sessions) cookieName(r *http.Request) string {
	if s.isSecure(r) {
		return SecureSessionCookie
	}
	return SessionCookie
}

// fromRequest returns the session secret of a request that may use it (the cookie and the
// client header), or "".
func (s sessions) fromRequest(r *http.Request) string {
	if r.Header.Get(ClientHeader) == "" {
		return ""
	}
	for _, name := range []string{SecureSessionCookie, SessionCookie} {
		if c, err := r.Cookie(name); err == nil && strings.HasPrefix(c.Value, governance.SessionPrefix) {
			return c.Value
		}
	}
	return ""
}

// principal resolves a session to its token's principal, checking the token again (expired,
// revoked, or gone from the token file: the session ends with it).
func (s sessions) principal(r *http.Request, secret string) (model.Principal, error) {
	tokenHash, end, err := s.st.Governance().LookupSession(r.Context(), secret)
	if err != nil {
		return model.Principal{}, err
	}
	var p model.Principal
	if raw, err := hex.DecodeString(tokenHash); err == nil && len(raw) == sha256.Size {
		var k [32]byte
		copy(k[:], raw)
		if fp, ok := s.tokens[k]; ok {
			p = fp
		}
	}
	if p.TokenID == "" {
		if p, err = s.st.Governance().LookupTokenHash(r.Context(), tokenHash); err != nil {
			return p, err
		}
	}
	p.Session = true
	p.ExpiresAt = end.UTC().Format(time.RFC3339)
	return p, nil
}

func (s sessions) setCookie(w http.ResponseWriter, r *http.Request, value string, expires time.Time) {
	c := &http.Cookie{Name: s.cookieName(r), Value: value, Path: "/", HttpOnly: true, Secure: s.isSecure(r),
		SameSite: http.SameSiteStrictMode}
	if value == "" {
		c.MaxAge = -1
	} else {
		c.Expires = expires
		c.MaxAge = int(time.Until(expires).Seconds())
	}
	http.SetCookie(w, c)
}

// signInResponse is what POST /auth/session answers: who the session is for.
type signInResponse struct {
	Name      string `json:"name"`
	Role      string `json:"role"`
	Agency    string `json:"agency,omitempty"`
	ExpiresAt string `json:"expiresAt"`
}

// handle serves POST (sign in) and DELETE (sign out) on /auth/session.
func (s sessions) handle(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get(ClientHeader) == "" {
		writeJSON(w, http.StatusForbidden, gqlErrorBody("sign-in and sign-out need the "+ClientHeader+" header (the web UI sends it)", model.CodeForbidden))
		return
	}
	switch r.Method {
	case http.MethodDelete:
		for _, name := range []string{SecureSessionCookie, SessionCookie} {
			if c, err := r.Cookie(name); err == nil && c.Value != "" {
				if err := s.st.Governance().DeleteSession(r.Context(), c.Value); err != nil {
					w.Header().Set("Retry-After", "1")
					writeJSON(w, http.StatusServiceUnavailable, gqlErrorBody("cannot end the session: the database is unavailable", model.CodeUnavailable))
					return
				}
			}
		}
		s.setCookie(w, r, "", time.Time{})
		w.WriteHeader(http.StatusNoContent)
	case http.MethodPost:
		s.signIn(w, r)
	default:
		w.Header().Set("Allow", "POST, DELETE")
		writeJSON(w, http.StatusMethodNotAllowed, gqlErrorBody("use POST to sign in, DELETE to sign out", model.CodeBadRequest))
	}
}

func (s sessions) signIn(w http.ResponseWriter, r *http.Request) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		badRequest(w, `sign in with Content-Type: application/json and {"token": "…"}`)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxSignInBody))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		tooLarge(w, maxSignInBody)
		return
	}
	var in struct {
		Token string `json:"token"`
	}
	if err != nil || json.Unmarshal(body, &in) != nil {
		badRequest(w, `sign in with {"token": "…"}`)
		return
	}
	tok := strings.TrimSpace(in.Token)
	if tok == "" || strings.ContainsAny(tok, " \t\r\n") {
		unauthorized(w, "invalid_token", "paste the whole token you were issued (it has no spaces)")
		return
	}
	p, err := principal(r, s.tokens, s.st, tok)
	var rej *governance.TokenRejectedError
	switch {
	case errors.As(err, &rej):
		unauthorized(w, "invalid_token", "this token is not accepted: "+rej.Error())
		return
	case err != nil:
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusServiceUnavailable, gqlErrorBody("cannot check the token: the database is unavailable", model.CodeUnavailable))
		return
	}
	end := s.st.Governance().Now().Add(s.ttl)
	if p.ExpiresAt != "" {
		if t, err := time.Parse(time.RFC3339Nano, p.ExpiresAt); err == nil && t.Before(end) {
			end = t
		}
	}
	secret, err := s.st.Governance().CreateSession(r.Context(), governance.HashToken(tok), p.TokenID, end)
	if err != nil {
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusServiceUnavailable, gqlErrorBody("cannot start a session: the database is unavailable", model.CodeUnavailable))
		return
	}
	s.setCookie(w, r, secret, end)
	writeJSON(w, http.StatusOK, signInResponse{Name: p.Name, Role: string(p.Role), Agency: p.Agency, ExpiresAt: end.UTC().Format(time.RFC3339)})
}
