package explorer

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/web/internal/static/statictest"
)

func TestManifestMatchesEmbeddedFiles(t *testing.T) {
	statictest.Manifest(t, vendorFiles, "vendor")
}

func TestNothingLoadsFromElsewhere(t *testing.T) {
	statictest.NoURLs(t, appFiles, "index.html", "app.js", "explorer.css")
	statictest.VendorLoadsNothing(t, vendorFiles, "vendor")
}

func TestHandlerServesPageAndAssets(t *testing.T) {
	h := Handler("/graphql")
	type want struct {
		Status       int
		ContentType  string
		CacheControl string
	}
	tests := []struct {
		method, path string
		want         want
	}{
		{"GET", "/explore", want{200, "text/html; charset=utf-8", "no-cache"}},
		{"HEAD", "/explore", want{200, "text/html; charset=utf-8", "no-cache"}},
		{"GET", "/explore/app.js", want{200, "text/javascript; charset=utf-8", "no-cache"}},
		{"GET", "/explore/explorer.css", want{200, "text/css; charset=utf-8", "no-cache"}},
		{"GET", "/explore/vendor/cytoscape-3.35.0/cytoscape.min.js", want{200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"}},
		{"GET", "/explore/vendor/manifest.json", want{200, "application/json", "no-cache"}},
		{"GET", "/explore/index.html", want{404, "text/plain; charset=utf-8", ""}},
		{"GET", "/explore/vendor/cytoscape-3.35.0/missing.js", want{404, "text/plain; charset=utf-8", ""}},
		{"GET", "/explore/../graphql", want{404, "text/plain; charset=utf-8", ""}},
		{"GET", "/", want{404, "text/plain; charset=utf-8", ""}},
	}
	for _, tt := range tests {
		resp := statictest.Get(t, h, tt.method, tt.path, nil)
		got := want{resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control")}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s", tt.method, tt.path, diff)
		}
	}
}

func TestPageConfiguration(t *testing.T) {
	resp := statictest.Get(t, Handler("/api/graphql"), "GET", "/explore", nil)
	page, _ := io.ReadAll(resp.Body)

	// Scripts, styles and images only from the page's origin; GraphQL
	// requests may go to another (?endpoint=).
	csp := resp.Header.Get("Content-Security-Policy")
	for _, directive := range []string{"default-src 'self'", "script-src 'self'", "connect-src 'self' http: https:", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, directive) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, directive)
		}
	}
	if got := resp.Header.Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("X-Frame-Options %q, want DENY", got)
	}

	if !strings.Contains(string(page), `<meta name="newsgraph-endpoint" content="/api/graphql">`) {
		t.Errorf("the page does not name its endpoint /api/graphql:\n%s", page)
	}
	// Every script and stylesheet the page names is served.
	refs := regexp.MustCompile(`(?:src|href)="(/[^"]*)"`).FindAllSubmatch(page, -1)
	if len(refs) != 3 {
		t.Fatalf("the page names %d scripts and stylesheets, want 3 (cytoscape, app.js, explorer.css)", len(refs))
	}
	for _, ref := range refs {
		if r := statictest.Get(t, Handler("/graphql"), "GET", string(ref[1]), nil); r.StatusCode != http.StatusOK {
			t.Errorf("the page loads %s, which is answered %d", ref[1], r.StatusCode)
		}
	}
}

// The endpoint is escaped into the page: a configured URL cannot add
// markup.
func TestEndpointIsEscaped(t *testing.T) {
	resp := statictest.Get(t, Handler(`/graphql"><script>alert(1)</script>`), "GET", "/explore", nil)
	page, _ := io.ReadAll(resp.Body)
	if strings.Contains(string(page), "<script>alert") {
		t.Errorf("the endpoint reached the page unescaped:\n%s", page)
	}
}
