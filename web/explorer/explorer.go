// Package explorer serves the graph explorer, a page that draws the graph
// from newsgraph's public GraphQL API: search, neighbourhoods, evidence,
// filters by relation type and date, shortest paths (see app.js). It is the
// reference frontend app: it uses nothing but /graphql, and the same page
// can call another newsgraph, one that lists the page's origin with
// --cors-origin, when its URL says so (/explore?endpoint=URL).
//
// Everything comes from the binary: the page, app.js, explorer.css and,
// in vendor/, cytoscape.js, copied from npm at a pinned version by
// scripts/vendor-explorer, which records each file's sha256 in
// vendor/manifest.json. Vendored files are served as immutable (their
// paths carry the version); the others are revalidated on every load. The
// page's Content-Security-Policy loads nothing from another origin; only
// its GraphQL requests may go elsewhere (connect-src), since the endpoint
// is configurable.
package explorer

import (
	"embed"
	"net/http"

	"newsgraph/web/internal/static"
)

// Paths: the page, and the prefix of its scripts and stylesheets.
const (
	Path       = "/explore"
	AssetsPath = "/explore/"
)

// contentSecurityPolicy keeps every load on the page's own origin, but
// lets it query a GraphQL endpoint on another (?endpoint=).
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; " +
	"style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"connect-src 'self' http: https:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

var (
	//go:embed index.html app.js explorer.css
	appFiles embed.FS
	//go:embed vendor
	vendorFiles embed.FS
)

// Handler serves the explorer pointed at the GraphQL endpoint (a path such
// as "/graphql" or a URL) by default: the page at Path and its assets under
// AssetsPath. Other paths get 404.
func Handler(endpoint string) http.Handler {
	return static.Must(newHandler(endpoint))
}

func newHandler(endpoint string) (*static.Site, error) {
	var err error
	h := &static.Site{PagePath: Path, CSP: contentSecurityPolicy, AssetsPath: AssetsPath}
	h.Page, err = static.Template(appFiles, "index.html", struct{ Assets, Endpoint string }{AssetsPath, endpoint})
	if err != nil {
		return nil, err
	}
	if h.Assets, err = static.Vendor(vendorFiles, "vendor"); err != nil {
		return nil, err
	}
	for _, name := range []string{"app.js", "explorer.css"} {
		body, err := appFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		h.Assets[name] = static.NewFile(body, name, static.CacheRevalidate)
	}
	return h, nil
}
