package explorer

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

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
	statictest.Routes(t, Handler("/graphql"), []statictest.Route{
		{Method: "GET", Path: "/explore", Want: statictest.Response{Status: 200, ContentType: "text/html; charset=utf-8", CacheControl: "no-cache", CSP: contentSecurityPolicy}},
		{Method: "HEAD", Path: "/explore", Want: statictest.Response{Status: 200, ContentType: "text/html; charset=utf-8", CacheControl: "no-cache", CSP: contentSecurityPolicy}},
		{Method: "GET", Path: "/explore/app.js", Want: statictest.Response{Status: 200, ContentType: "text/javascript; charset=utf-8", CacheControl: "no-cache"}},
		{Method: "GET", Path: "/explore/explorer.css", Want: statictest.Response{Status: 200, ContentType: "text/css; charset=utf-8", CacheControl: "no-cache"}},
		{Method: "GET", Path: "/explore/vendor/cytoscape-3.35.0/cytoscape.min.js", Want: statictest.Response{Status: 200, ContentType: "text/javascript; charset=utf-8", CacheControl: "public, max-age=31536000, immutable"}},
		{Method: "GET", Path: "/explore/vendor/manifest.json", Want: statictest.Response{Status: 200, ContentType: "application/json", CacheControl: "no-cache"}},
		{Method: "GET", Path: "/explore/index.html", Want: statictest.Response{Status: 404, ContentType: "text/plain; charset=utf-8"}},
		{Method: "GET", Path: "/explore/vendor/cytoscape-3.35.0/missing.js", Want: statictest.Response{Status: 404, ContentType: "text/plain; charset=utf-8"}},
		{Method: "GET", Path: "/explore/../graphql", Want: statictest.Response{Status: 404, ContentType: "text/plain; charset=utf-8"}},
		{Method: "GET", Path: "/", Want: statictest.Response{Status: 404, ContentType: "text/plain; charset=utf-8"}},
	})
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
