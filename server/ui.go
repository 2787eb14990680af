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
// index.html (client-side routes), hashed assets cached for good.
func ui() http.Handler {
	dist, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		panic(err)
	}
	index, _ := fs.ReadFile(dist, "index.html")
	files := http.FileServer(http.FS(dist))
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
				files.ServeHTTP(w, r)
				return
			}
			if path.Ext(p) != "" {
				http.NotFound(w, r)
				return
			}
		}
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Type", "text/html; charset=utf-8")
		if index == nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(uiNotBuilt))
			return
		}
		_, _ = w.Write(index)
	})
}
