package static

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"newsgraph/web/internal/static/statictest"
)

func testSite() *Site {
	return &Site{
		PagePath:   "/page",
		Page:       NewFile([]byte("<!DOCTYPE html><p>page</p>"), "index.html", CacheRevalidate),
		CSP:        "default-src 'self'",
		AssetsPath: "/page/",
		Assets: map[string]*File{
			"app.js":             NewFile([]byte(strings.Repeat("console.log(1);\n", 100)), "app.js", CacheRevalidate),
			"vendor/x-1.0/x.css": NewFile([]byte("p { color: red }"), "x.css", CacheImmutable),
		},
	}
}

func TestSiteRoutes(t *testing.T) {
	statictest.Routes(t, testSite(), []statictest.Route{
		{Method: "GET", Path: "/page", Want: statictest.Response{Status: 200, ContentType: "text/html; charset=utf-8", CacheControl: CacheRevalidate, CSP: "default-src 'self'"}},
		{Method: "HEAD", Path: "/page", Want: statictest.Response{Status: 200, ContentType: "text/html; charset=utf-8", CacheControl: CacheRevalidate, CSP: "default-src 'self'"}},
		{Method: "GET", Path: "/page/app.js", Want: statictest.Response{Status: 200, ContentType: "text/javascript; charset=utf-8", CacheControl: CacheRevalidate}},
		{Method: "GET", Path: "/page/vendor/x-1.0/x.css", Want: statictest.Response{Status: 200, ContentType: "text/css; charset=utf-8", CacheControl: CacheImmutable}},
		{Method: "GET", Path: "/page/", Want: statictest.Response{Status: 404, ContentType: "text/plain; charset=utf-8"}},
		{Method: "GET", Path: "/page/missing.js", Want: statictest.Response{Status: 404, ContentType: "text/plain; charset=utf-8"}},
		{Method: "GET", Path: "/", Want: statictest.Response{Status: 404, ContentType: "text/plain; charset=utf-8"}},
	})
}

func TestServeCompressesAndRevalidates(t *testing.T) {
	h := testSite()
	want := h.Assets["app.js"].body
	tests := []struct {
		acceptEncoding string
		gzipped        bool
	}{
		{"", false},
		{"br, gzip", true},
		{"gzip;q=0", false},
		{"gzip; q=0.000", false},
		{"deflate", false},
		{"GZIP;q=0.5", true},
	}
	etags := map[bool]string{}
	for _, tt := range tests {
		resp := statictest.Get(t, h, "GET", "/page/app.js", map[string]string{"Accept-Encoding": tt.acceptEncoding})
		body, _ := io.ReadAll(resp.Body)
		if got := resp.Header.Get("Content-Encoding") == "gzip"; got != tt.gzipped {
			t.Errorf("Accept-Encoding %q: gzipped %v, want %v", tt.acceptEncoding, got, tt.gzipped)
			continue
		}
		if tt.gzipped {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			body, _ = io.ReadAll(zr)
		}
		if !bytes.Equal(body, want) {
			t.Errorf("Accept-Encoding %q: %d bytes, want the file's %d", tt.acceptEncoding, len(body), len(want))
		}
		etags[tt.gzipped] = resp.Header.Get("ETag")
	}
	if etags[true] == etags[false] || etags[false] == "" {
		t.Errorf("ETags: plain %q, gzipped %q; want two different ones", etags[false], etags[true])
	}

	page := statictest.Get(t, h, "GET", "/page", nil)
	again := statictest.Get(t, h, "GET", "/page", map[string]string{"If-None-Match": page.Header.Get("ETag")})
	if page.Header.Get("ETag") == "" || again.StatusCode != http.StatusNotModified {
		t.Errorf("GET /page with its ETag %q: status %d, want 304", page.Header.Get("ETag"), again.StatusCode)
	}
}
