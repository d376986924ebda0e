// Package graphiql serves GraphiQL, the in-browser GraphQL IDE, from files
// embedded in the binary: the page makes no request that leaves the server
// it came from, so it works offline and on networks without egress.
//
// The page (at /) opens one tab per example query of the README, with the
// headers editor open for an Authorization header, and the explorer plugin
// in the side bar. It sends queries and mutations to the GraphQL endpoint
// over HTTP and subscriptions over a WebSocket on the same endpoint
// (graphql-transport-ws).
//
// What it runs on lives in vendor/: browser builds of React, ReactDOM,
// GraphiQL and its explorer plugin, copied from npm packages at pinned
// versions by scripts/vendor-graphiql, which records each file's sha256 in
// vendor/manifest.json. Their URLs carry the package's version, so they are
// served as immutable; the page, app.js and the manifest, whose paths carry
// no version, are revalidated on every load (ETag). The page's Content-Security-Policy lets
// the browser load nothing from another origin.
//
// examples.json holds the README's example queries; `go test
// ./web/graphiql -update` rewrites it after the README changes, and the
// tests fail while it is out of date.
package graphiql

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"

	"newsgraph/web/internal/static"
)

// AssetsPath is the path prefix of the page's scripts and stylesheets.
const AssetsPath = "/graphiql/"

// contentSecurityPolicy keeps every load on the page's own origin; GraphiQL
// styles elements inline and ships its fonts and icons as data: URLs.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; " +
	"style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

var (
	//go:embed index.html app.js examples.json
	appFiles embed.FS
	//go:embed vendor
	vendorFiles embed.FS
)

// welcome opens the first tab.
var welcome = []string{
	"Welcome to newsgraph's GraphiQL. Each tab holds one of",
	"the README's example queries: press the run button or",
	"Ctrl-Enter. Writes, and reads on a server started with",
	"--read-token-required, need a token: put",
	`  {"Authorization": "Bearer YOUR-TOKEN"}`,
	"in the Headers editor below. Subscriptions run over a",
	"WebSocket on the same endpoint.",
}

// Example is one of the README's example queries.
type Example struct {
	// Name names the query's operation in GraphiQL's tab when the query
	// has none ("WhoLedTheUkrainianDelegation").
	Name string `json:"name"`
	// Title is the README's sentence before the query, in lines of at most
	// 80 characters.
	Title []string `json:"title"`
	// Query is the query as the README gives it.
	Query string `json:"query"`
}

// pageConfig is what app.js reads from the page.
type pageConfig struct {
	Endpoint string    `json:"endpoint"`
	Welcome  []string  `json:"welcome"`
	Examples []Example `json:"examples"`
}

// Handler serves GraphiQL pointed at the GraphQL endpoint (a path such as
// "/graphql" or a URL): the page at / and its assets under AssetsPath.
// Other paths get 404.
func Handler(endpoint string) http.Handler {
	return static.Must(newHandler(endpoint))
}

func newHandler(endpoint string) (*static.Site, error) {
	examples, err := loadExamples()
	if err != nil {
		return nil, err
	}
	h := &static.Site{PagePath: "/", CSP: contentSecurityPolicy, AssetsPath: AssetsPath}
	h.Page, err = static.Template(appFiles, "index.html", struct {
		Assets string
		Config pageConfig
	}{AssetsPath, pageConfig{Endpoint: endpoint, Welcome: welcome, Examples: examples}})
	if err != nil {
		return nil, err
	}
	if h.Assets, err = static.Vendor(vendorFiles, "vendor"); err != nil {
		return nil, err
	}
	app, err := appFiles.ReadFile("app.js")
	if err != nil {
		return nil, err
	}
	h.Assets["app.js"] = static.NewFile(app, "app.js", static.CacheRevalidate)
	return h, nil
}

// loadExamples reads examples.json.
func loadExamples() ([]Example, error) {
	data, err := appFiles.ReadFile("examples.json")
	if err != nil {
		return nil, err
	}
	var examples []Example
	if err := json.Unmarshal(data, &examples); err != nil {
		return nil, fmt.Errorf("graphiql: examples.json: %w", err)
	}
	return examples, nil
}
