package server

import (
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/gzhttp"
)

// compressed gzips responses of 1 kB and more for clients that accept gzip (gzhttp: it sets
// Vary, skips small and already-encoded bodies, and flushes correctly). GraphQL answers are
// JSON that compresses 5–10×; none carries a secret next to attacker-chosen text (tokens are
// never echoed), so compression does not open a BREACH-style oracle.
func compressed(next http.Handler) http.Handler {
	return gzhttp.GzipHandler(next)
}

// encodings are the precompressed variants the web build writes beside each text asset
// (frontend/scripts/postbuild.mjs), best first.
var encodings = []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}}

// acceptsEncoding reports whether an Accept-Encoding header accepts token (q=0 refuses it;
// "*" accepts anything not named).
func acceptsEncoding(header, token string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.ReplaceAll(strings.TrimSpace(params), " ", ""), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		switch {
		case strings.EqualFold(name, token):
			return q > 0
		case name == "*":
			star = q > 0
		}
	}
	return star
}

// serveAsset writes the file p of dist, or its precompressed variant when the client accepts
// one and the build wrote it, with the original's content type. Range requests and
// If-Modified-Since are handled by http.ServeContent.
func serveAsset(w http.ResponseWriter, r *http.Request, dist fs.FS, p string) {
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	if ct := mime.TypeByExtension(path.Ext(p)); ct != "" {
		h.Set("Content-Type", ct)
	}
	name := p
	for _, e := range encodings {
		if !acceptsEncoding(r.Header.Get("Accept-Encoding"), e.token) {
			continue
		}
		if st, err := fs.Stat(dist, p+e.ext); err == nil && !st.IsDir() {
			name = p + e.ext
			h.Set("Content-Encoding", e.token)
			break
		}
	}
	f, err := dist.Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		http.Error(w, "asset not seekable", http.StatusInternalServerError)
		return
	}
	http.ServeContent(w, r, name, time.Time{}, rs)
}
