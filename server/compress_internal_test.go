package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
)

func TestAcceptsEncoding(t *testing.T) {
	for _, c := range []struct {
		header, token string
		want          bool
	}{
		{"gzip, deflate, br", "br", true},
		{"gzip, deflate, br", "gzip", true},
		{"gzip", "br", false},
		{"", "gzip", false},
		{"br;q=0, gzip", "br", false},
		{"BR; q=0.5", "br", true},
		{"*", "br", true},
		{"*;q=0", "gzip", false},
		{"identity", "gzip", false},
	} {
		if got := acceptsEncoding(c.header, c.token); got != c.want {
			t.Errorf("acceptsEncoding(%q, %q) = %v, want %v", c.header, c.token, got, c.want)
		}
	}
}

// TestServeAssetPrecompressed: the build's .br/.gz variant goes to clients that accept it, with
// the original's content type and Vary; others get the file as it is.
func TestServeAssetPrecompressed(t *testing.T) {
	dist := fstest.MapFS{
		"assets/app.js":    {Data: []byte("console.log('plain')")},
		"assets/app.js.gz": {Data: []byte("GZ")},
		"assets/app.js.br": {Data: []byte("BR")},
		"assets/only.css":  {Data: []byte("body{}")},
	}
	for _, c := range []struct {
		path, accept, wantEnc, wantBody, wantType string
	}{
		{"assets/app.js", "gzip, deflate, br", "br", "BR", "text/javascript; charset=utf-8"},
		{"assets/app.js", "gzip", "gzip", "GZ", "text/javascript; charset=utf-8"},
		{"assets/app.js", "br;q=0, gzip", "gzip", "GZ", "text/javascript; charset=utf-8"},
		{"assets/app.js", "", "", "console.log('plain')", "text/javascript; charset=utf-8"},
		{"assets/only.css", "br, gzip", "", "body{}", "text/css; charset=utf-8"},
	} {
		req := httptest.NewRequest(http.MethodGet, "/"+c.path, nil)
		if c.accept != "" {
			req.Header.Set("Accept-Encoding", c.accept)
		}
		rec := httptest.NewRecorder()
		serveAsset(rec, req, dist, c.path)
		res := rec.Result()
		if res.StatusCode != 200 || rec.Body.String() != c.wantBody ||
			res.Header.Get("Content-Encoding") != c.wantEnc || res.Header.Get("Content-Type") != c.wantType ||
			res.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("%s with Accept-Encoding %q: %d %q, encoding %q, type %q, vary %q; want %q, encoding %q, type %q",
				c.path, c.accept, res.StatusCode, rec.Body.String(), res.Header.Get("Content-Encoding"),
				res.Header.Get("Content-Type"), res.Header.Get("Vary"), c.wantBody, c.wantEnc, c.wantType)
		}
	}
}
