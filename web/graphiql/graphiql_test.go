package graphiql

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite examples.json from the README")

// markdownLink matches [text](target).
var markdownLink = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)

// readmeExamples returns the graphql blocks of the README's "Example
// queries" section, each titled by the paragraph before it.
func readmeExamples(t *testing.T) []Example {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n## Example queries\n")
	if !ok {
		t.Fatal(`README.md has no "## Example queries" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var (
		examples  []Example
		paragraph []string // the last paragraph of text
		query     []string
		inQuery   bool
		blank     bool // a blank line since the paragraph's last line
	)
	for line := range strings.SplitSeq(section, "\n") {
		switch {
		case inQuery && line == "```":
			title := markdownLink.ReplaceAllString(strings.Join(paragraph, " "), "$1")
			examples = append(examples, Example{
				Name:  operationName(title),
				Title: wrap(title, 78),
				Query: strings.Join(query, "\n") + "\n",
			})
			inQuery, query, paragraph = false, nil, nil
		case inQuery:
			query = append(query, line)
		case line == "```graphql":
			inQuery = true
		case strings.TrimSpace(line) == "":
			blank = true
		default:
			if blank {
				paragraph, blank = nil, false
			}
			paragraph = append(paragraph, strings.TrimSpace(line))
		}
	}
	if len(examples) == 0 {
		t.Fatal("README.md's example queries section has no graphql block")
	}
	return examples
}

// operationName makes a GraphQL name of the first six words of a title:
// "Who led the Ukrainian delegation?" gives WhoLedTheUkrainianDelegation.
func operationName(title string) string {
	var b strings.Builder
	words := strings.FieldsFunc(title, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
	for i, w := range words {
		if i == 6 {
			break
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// wrap breaks text into lines of at most width characters (longer words
// stand alone).
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func TestExamplesMatchReadme(t *testing.T) {
	want := readmeExamples(t)
	if *update {
		data, err := json.MarshalIndent(want, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("examples.json", append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := loadExamples()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("examples.json is not the README's example queries (go test ./web/graphiql -update rewrites it) (-README +examples.json):\n%s", diff)
	}
}

// manifest is vendor/manifest.json.
type manifest struct {
	Packages []struct {
		Name, Version, Integrity, License, Dir string
	}
	Files []struct {
		Path, Package, SHA256 string
		Size                  int
	}
}

func TestManifestMatchesEmbeddedFiles(t *testing.T) {
	data, err := vendorFiles.ReadFile("vendor/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("vendor/manifest.json: %v", err)
	}
	if len(m.Packages) == 0 || len(m.Files) == 0 {
		t.Fatal("vendor/manifest.json lists no package or no file")
	}
	dirs := map[string]string{}
	for _, p := range m.Packages {
		if p.Version == "" || !strings.HasPrefix(p.Integrity, "sha512-") || p.License == "" || !strings.HasSuffix(p.Dir, "-"+p.Version) {
			t.Errorf("package %+v: want a version, an npm integrity, a licence and a folder named after the version", p)
		}
		dirs[p.Dir] = p.Name
	}

	listed := map[string]bool{"vendor/manifest.json": true}
	for _, f := range m.Files {
		listed["vendor/"+f.Path] = true
		body, err := vendorFiles.ReadFile("vendor/" + f.Path)
		if err != nil {
			t.Errorf("%s is in the manifest but not embedded: %v", f.Path, err)
			continue
		}
		sum := sha256.Sum256(body)
		if got := hex.EncodeToString(sum[:]); got != f.SHA256 || len(body) != f.Size {
			t.Errorf("%s: sha256 %s and %d bytes, manifest says %s and %d", f.Path, got, len(body), f.SHA256, f.Size)
		}
		dir, _, _ := strings.Cut(f.Path, "/")
		if dirs[dir] != f.Package {
			t.Errorf("%s: package %q, but its folder belongs to %q", f.Path, f.Package, dirs[dir])
		}
	}
	err = fs.WalkDir(vendorFiles, "vendor", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !listed[p] {
			t.Errorf("%s is embedded but not in the manifest", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// get serves one request and returns the response.
func get(t *testing.T, h http.Handler, method, target string, header map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
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
		{"GET", "/", want{200, "text/html; charset=utf-8", "no-cache"}},
		{"HEAD", "/", want{200, "text/html; charset=utf-8", "no-cache"}},
		{"GET", AssetsPath + "app.js", want{200, "text/javascript; charset=utf-8", "no-cache"}},
		{"GET", AssetsPath + "vendor/graphiql-3.8.3/graphiql.min.js", want{200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"}},
		{"GET", AssetsPath + "vendor/graphiql-3.8.3/graphiql.min.css", want{200, "text/css; charset=utf-8", "public, max-age=31536000, immutable"}},
		{"GET", AssetsPath + "vendor/react-18.3.1/react.production.min.js", want{200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"}},
		{"GET", AssetsPath + "vendor/manifest.json", want{200, "application/json", "no-cache"}},
		{"GET", AssetsPath + "vendor/graphiql-3.8.3/missing.js", want{404, "text/plain; charset=utf-8", ""}},
		{"GET", AssetsPath + "examples.json", want{404, "text/plain; charset=utf-8", ""}},
		{"GET", AssetsPath + "../index.html", want{404, "text/plain; charset=utf-8", ""}},
		{"GET", "/other", want{404, "text/plain; charset=utf-8", ""}},
	}
	for _, tt := range tests {
		resp := get(t, h, tt.method, tt.path, nil)
		got := want{resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control")}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s", tt.method, tt.path, diff)
		}
	}
}

func TestHandlerRevalidatesAndCompresses(t *testing.T) {
	h := Handler("/graphql")
	path := AssetsPath + "vendor/graphiql-3.8.3/graphiql.min.js"
	plain := get(t, h, "GET", path, nil)
	body, _ := io.ReadAll(plain.Body)
	want, _ := vendorFiles.ReadFile("vendor/graphiql-3.8.3/graphiql.min.js")
	if !bytes.Equal(body, want) || plain.Header.Get("Content-Encoding") != "" {
		t.Fatalf("GET %s without Accept-Encoding: %d bytes, Content-Encoding %q; want the file's %d bytes, unencoded",
			path, len(body), plain.Header.Get("Content-Encoding"), len(want))
	}

	zipped := get(t, h, "GET", path, map[string]string{"Accept-Encoding": "br, gzip"})
	if zipped.Header.Get("Content-Encoding") != "gzip" || zipped.Header.Get("ETag") == plain.Header.Get("ETag") {
		t.Fatalf("gzip response: Content-Encoding %q, ETag %q (plain %q)", zipped.Header.Get("Content-Encoding"), zipped.Header.Get("ETag"), plain.Header.Get("ETag"))
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if !bytes.Equal(unzipped, want) {
		t.Errorf("gzip response unzips to %d bytes, want the file's %d", len(unzipped), len(want))
	}
	if refused := get(t, h, "GET", path, map[string]string{"Accept-Encoding": "gzip;q=0"}); refused.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 got Content-Encoding %q", refused.Header.Get("Content-Encoding"))
	}

	page := get(t, h, "GET", "/", nil)
	again := get(t, h, "GET", "/", map[string]string{"If-None-Match": page.Header.Get("ETag")})
	if page.Header.Get("ETag") == "" || again.StatusCode != http.StatusNotModified {
		t.Errorf("GET / with its ETag %q: status %d, want 304", page.Header.Get("ETag"), again.StatusCode)
	}
}

func TestPageConfiguration(t *testing.T) {
	resp := get(t, Handler("/api/graphql"), "GET", "/", nil)
	page, _ := io.ReadAll(resp.Body)
	csp := resp.Header.Get("Content-Security-Policy")
	for _, directive := range []string{"default-src 'self'", "script-src 'self'", "connect-src 'self'"} {
		if !strings.Contains(csp, directive) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, directive)
		}
	}
	m := regexp.MustCompile(`(?s)<script id="graphiql-config" type="application/json">(.*?)</script>`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("the page has no configuration block:\n%s", page)
	}
	var cfg pageConfig
	if err := json.Unmarshal(m[1], &cfg); err != nil {
		t.Fatalf("configuration block: %v\n%s", err, m[1])
	}
	examples, _ := loadExamples()
	if cfg.Endpoint != "/api/graphql" || len(cfg.Examples) != len(examples) || len(cfg.Welcome) == 0 {
		t.Errorf("configuration: endpoint %q, %d examples, %d welcome lines; want /api/graphql, %d examples and a welcome",
			cfg.Endpoint, len(cfg.Examples), len(cfg.Welcome), len(examples))
	}
	// Every script and stylesheet the page names is served (the icon is
	// an empty data: URL, so that browsers ask for no favicon).
	if !bytes.Contains(page, []byte(`<link rel="icon" href="data:,">`)) {
		t.Error("the page has no empty icon: browsers will ask for /favicon.ico")
	}
	refs := regexp.MustCompile(`(?:src|href)="(/[^"]*)"`).FindAllSubmatch(page, -1)
	if len(refs) < 6 {
		t.Fatalf("the page names %d scripts and stylesheets, want at least 6", len(refs))
	}
	for _, ref := range refs {
		if r := get(t, Handler("/graphql"), "GET", string(ref[1]), nil); r.StatusCode != http.StatusOK {
			t.Errorf("the page loads %s, which is answered %d", ref[1], r.StatusCode)
		}
	}
}

// loadsFromElsewhere matches, in lower-cased text, what would make a
// browser load from another host: URLs in HTML attributes, CSS url() and
// @import, and dynamic imports, fetches, sockets and worker scripts with a
// literal URL.
var loadsFromElsewhere = regexp.MustCompile(`(?:(?:src|href|action)\s*=\s*["']?|url\(\s*["']?|@import\s+["']?|import\(\s*["']|fetch\(\s*["']|importscripts\(\s*["']|new\s+(?:shared)?worker\(\s*["']|new\s+websocket\(\s*["']|new\s+eventsource\(\s*["'])(?:https?:|wss?:)?//`)

// lineAt returns the line of data around offset i, trimmed.
func lineAt(data []byte, i int) string {
	start := bytes.LastIndexByte(data[:i], '\n') + 1
	end := bytes.IndexByte(data[i:], '\n')
	if end < 0 {
		end = len(data) - i
	}
	return strings.TrimSpace(string(data[start : i+end]))
}

// isComment reports whether a trimmed line of JavaScript or CSS is a
// comment line (licences and documentation comments load nothing).
func isComment(line string) bool {
	return strings.HasPrefix(line, "//") || strings.HasPrefix(line, "/*") || strings.HasPrefix(line, "*")
}

func TestNothingLoadsFromElsewhere(t *testing.T) {
	// newsgraph's own files name no URL at all.
	for _, name := range []string{"index.html", "app.js", "examples.json"} {
		data, _ := appFiles.ReadFile(name)
		if m := regexp.MustCompile(`(?i)(?:https?:|wss?:)?//[a-z0-9.-]+\.[a-z]`).Find(data); m != nil {
			t.Errorf("%s names %q", name, m)
		}
	}
	// The vendored files mention URLs (licences, links in error messages,
	// XML namespaces) but load none.
	n := 0
	err := fs.WalkDir(vendorFiles, "vendor", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := vendorFiles.ReadFile(p)
		if err != nil {
			return err
		}
		data = bytes.ToLower(data) // the pattern is lower case: faster than (?i)
		n++
		for _, loc := range loadsFromElsewhere.FindAllIndex(data, -1) {
			if line := lineAt(data, loc[0]); !isComment(line) {
				t.Errorf("%s loads from another host: %q", p, line)
			}
		}
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("walked %d vendored files: %v", n, err)
	}
	// The pattern catches what it is meant to.
	for _, bad := range []string{`<script SRC="https://cdn.example/x.js">`, `url(//fonts.example/f.woff2)`, `@import "https://x/y.css"`, `fetch("http://x/")`, `new WebSocket("wss://x/")`, `importScripts('https://x/w.js')`} {
		if !loadsFromElsewhere.MatchString(strings.ToLower(bad)) {
			t.Errorf("the pattern misses %s", bad)
		}
	}
}
