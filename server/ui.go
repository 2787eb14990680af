package server

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/archgraph/archgraph/frontend"
)

const uiNotBuilt = `<!doctype html><meta charset="utf-8"><title>archgraph</title>
<h1>archgraph</h1><p>The web UI is not built into this binary. Build it with
<code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code> and rebuild archgraph (scripts/run does both).
The GraphQL API is at <a href="/graphql">/graphql</a>.</p>`

// ui serves the embedded single-page app: files as they are, any other path the app's
// index.html (client-side routes), hashed assets cached for good; each precompressed
// (brotli or gzip) when the client accepts it.
func ui() http.Handler {
	dist, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		panic(err)
	}
	_, err = fs.Stat(dist, "index.html")
	built := err == nil
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'")
		p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if p != "" && p != "index.html" {
			if st, err := fs.Stat(dist, p); err == nil && !st.IsDir() {
				if strings.HasPrefix(p, "assets/") {
					h.Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				serveAsset(w, r, dist, p)
				return
			}
			if path.Ext(p) != "" {
				http.NotFound(w, r)
				return
			}
		}
		h.Set("Cache-Control", "no-cache")
		if !built {
			h.Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(uiNotBuilt))
			return
		}
		serveAsset(w, r, dist, "index.html")
	})
}
