package static

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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

func serve(h http.Handler, method, target string, header map[string]string) *http.Response {
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func TestSiteRoutes(t *testing.T) {
	type got struct {
		Status                  int
		ContentType, Cache, CSP string
	}
	tests := []struct {
		method, path string
		want         got
	}{
		{"GET", "/page", got{200, "text/html; charset=utf-8", CacheRevalidate, "default-src 'self'"}},
		{"HEAD", "/page", got{200, "text/html; charset=utf-8", CacheRevalidate, "default-src 'self'"}},
		{"GET", "/page/app.js", got{200, "text/javascript; charset=utf-8", CacheRevalidate, ""}},
		{"GET", "/page/vendor/x-1.0/x.css", got{200, "text/css; charset=utf-8", CacheImmutable, ""}},
		{"GET", "/page/", got{404, "text/plain; charset=utf-8", "", ""}},
		{"GET", "/page/missing.js", got{404, "text/plain; charset=utf-8", "", ""}},
		{"GET", "/", got{404, "text/plain; charset=utf-8", "", ""}},
	}
	for _, tt := range tests {
		resp := serve(testSite(), tt.method, tt.path, nil)
		g := got{resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Security-Policy")}
		if diff := cmp.Diff(tt.want, g); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s", tt.method, tt.path, diff)
		}
	}
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
		resp := serve(h, "GET", "/page/app.js", map[string]string{"Accept-Encoding": tt.acceptEncoding})
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

	page := serve(h, "GET", "/page", nil)
	again := serve(h, "GET", "/page", map[string]string{"If-None-Match": page.Header.Get("ETag")})
	if page.Header.Get("ETag") == "" || again.StatusCode != http.StatusNotModified {
		t.Errorf("GET /page with its ETag %q: status %d, want 304", page.Header.Get("ETag"), again.StatusCode)
	}
}
