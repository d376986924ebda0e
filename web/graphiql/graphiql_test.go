package graphiql

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/web/internal/static/statictest"
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

func TestManifestMatchesEmbeddedFiles(t *testing.T) {
	statictest.Manifest(t, vendorFiles, "vendor")
}

var get = statictest.Get

func TestHandlerServesPageAndAssets(t *testing.T) {
	statictest.Routes(t, Handler("/graphql"), []statictest.Route{
		{Method: "GET", Path: "/", Want: statictest.Response{Status: 200, ContentType: "text/html; charset=utf-8", CacheControl: "no-cache", CSP: contentSecurityPolicy}},
		{Method: "HEAD", Path: "/", Want: statictest.Response{Status: 200, ContentType: "text/html; charset=utf-8", CacheControl: "no-cache", CSP: contentSecurityPolicy}},
		{Method: "GET", Path: AssetsPath + "app.js", Want: statictest.Response{Status: 200, ContentType: "text/javascript; charset=utf-8", CacheControl: "no-cache"}},
		{Method: "GET", Path: AssetsPath + "vendor/graphiql-3.8.3/graphiql.min.js", Want: statictest.Response{Status: 200, ContentType: "text/javascript; charset=utf-8", CacheControl: "public, max-age=31536000, immutable"}},
		{Method: "GET", Path: AssetsPath + "vendor/graphiql-3.8.3/graphiql.min.css", Want: statictest.Response{Status: 200, ContentType: "text/css; charset=utf-8", CacheControl: "public, max-age=31536000, immutable"}},
		{Method: "GET", Path: AssetsPath + "vendor/react-18.3.1/react.production.min.js", Want: statictest.Response{Status: 200, ContentType: "text/javascript; charset=utf-8", CacheControl: "public, max-age=31536000, immutable"}},
		{Method: "GET", Path: AssetsPath + "vendor/manifest.json", Want: statictest.Response{Status: 200, ContentType: "application/json", CacheControl: "no-cache"}},
		{Method: "GET", Path: AssetsPath + "vendor/graphiql-3.8.3/missing.js", Want: statictest.Response{Status: 404, ContentType: "text/plain; charset=utf-8"}},
		{Method: "GET", Path: AssetsPath + "examples.json", Want: statictest.Response{Status: 404, ContentType: "text/plain; charset=utf-8"}},
		{Method: "GET", Path: AssetsPath + "../index.html", Want: statictest.Response{Status: 404, ContentType: "text/plain; charset=utf-8"}},
		{Method: "GET", Path: "/other", Want: statictest.Response{Status: 404, ContentType: "text/plain; charset=utf-8"}},
	})
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

func TestNothingLoadsFromElsewhere(t *testing.T) {
	statictest.NoURLs(t, appFiles, "index.html", "app.js", "examples.json")
	statictest.VendorLoadsNothing(t, vendorFiles, "vendor")
}
