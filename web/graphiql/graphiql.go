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
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// AssetsPath is the path prefix of the page's scripts and stylesheets.
const AssetsPath = "/graphiql/"

// Cache-Control values.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

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

// file is one response body, gzipped on first use.
type file struct {
	body         []byte
	contentType  string
	cacheControl string
	etag         string

	gzipOnce sync.Once
	gzipped  []byte
}

// Handler serves GraphiQL pointed at the GraphQL endpoint (a path such as
// "/graphql" or a URL): the page at / and its assets under AssetsPath.
// Other paths get 404.
func Handler(endpoint string) http.Handler {
	h, err := newHandler(endpoint)
	if err != nil {
		// The embedded files are checked by the package's tests.
		panic(err)
	}
	return h
}

type handler struct {
	page  *file
	files map[string]*file // by path under AssetsPath
}

func newHandler(endpoint string) (*handler, error) {
	examples, err := loadExamples()
	if err != nil {
		return nil, err
	}
	tmpl, err := template.ParseFS(appFiles, "index.html")
	if err != nil {
		return nil, err
	}
	var page bytes.Buffer
	err = tmpl.Execute(&page, struct {
		Assets string
		Config pageConfig
	}{AssetsPath, pageConfig{Endpoint: endpoint, Welcome: welcome, Examples: examples}})
	if err != nil {
		return nil, err
	}
	h := &handler{page: newFile(page.Bytes(), "index.html", cacheRevalidate), files: map[string]*file{}}

	app, err := appFiles.ReadFile("app.js")
	if err != nil {
		return nil, err
	}
	h.files["app.js"] = newFile(app, "app.js", cacheRevalidate)
	err = fs.WalkDir(vendorFiles, "vendor", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := vendorFiles.ReadFile(p)
		if err != nil {
			return err
		}
		cache := cacheImmutable
		if path.Dir(p) == "vendor" {
			// manifest.json: its path carries no version.
			cache = cacheRevalidate
		}
		h.files[p] = newFile(body, p, cache)
		return nil
	})
	return h, err
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

func newFile(body []byte, name, cacheControl string) *file {
	sum := sha256.Sum256(body)
	return &file{
		body:         body,
		contentType:  contentType(name),
		cacheControl: cacheControl,
		etag:         `"` + hex.EncodeToString(sum[:12]) + `"`,
	}
}

// contentType is the Content-Type of a file by its extension; the embedded
// files use only these, and the system's MIME tables are not consulted.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json":
		return "application/json"
	default:
		return "text/plain; charset=utf-8"
	}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var f *file
	switch p := r.URL.Path; {
	case p == "/" || p == "":
		f = h.page
		w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
		w.Header().Set("X-Frame-Options", "DENY")
	case strings.HasPrefix(p, AssetsPath):
		f = h.files[strings.TrimPrefix(p, AssetsPath)]
	}
	if f == nil {
		http.NotFound(w, r)
		return
	}
	f.serve(w, r)
}

// serve writes f, gzipped when the client accepts it; conditional and
// HEAD requests are answered by http.ServeContent.
func (f *file) serve(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Type", f.contentType)
	hdr.Set("Cache-Control", f.cacheControl)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Add("Vary", "Accept-Encoding")
	body, etag := f.body, f.etag
	if acceptsGzip(r) {
		body = f.gzip()
		etag = strings.TrimSuffix(f.etag, `"`) + `-gz"`
		hdr.Set("Content-Encoding", "gzip")
	}
	hdr.Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

func (f *file) gzip() []byte {
	f.gzipOnce.Do(func() {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(f.body) // writes to a bytes.Buffer do not fail
		zw.Close()
		f.gzipped = buf.Bytes()
	})
	return f.gzipped
}

// acceptsGzip reports whether the request's Accept-Encoding lists gzip
// without q=0.
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(v, ",") {
			coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
				q := strings.ReplaceAll(params, " ", "")
				return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
			}
		}
	}
	return false
}
