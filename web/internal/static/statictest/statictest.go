// Package statictest holds the checks that the packages serving embedded
// pages (web/graphiql, web/explorer) run on their files: the vendored files
// match their manifest, and nothing makes a browser load from another host.
package statictest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// manifest is a vendor folder's manifest.json (scripts/vendor-npm).
type manifest struct {
	Packages []struct {
		Name, Version, Integrity, License, Dir string
	}
	Files []struct {
		Path, Package, SHA256 string
		Size                  int
	}
}

// Manifest checks that the files under dir of fsys are those its
// manifest.json lists, with the same sizes and sha256, and that every
// package has a version, an npm integrity and a licence.
func Manifest(t *testing.T, fsys fs.FS, dir string) {
	t.Helper()
	data, err := fs.ReadFile(fsys, dir+"/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s/manifest.json: %v", dir, err)
	}
	if len(m.Packages) == 0 || len(m.Files) == 0 {
		t.Fatalf("%s/manifest.json lists no package or no file", dir)
	}
	dirs := map[string]string{}
	for _, p := range m.Packages {
		if p.Version == "" || !strings.HasPrefix(p.Integrity, "sha512-") || p.License == "" || !strings.HasSuffix(p.Dir, "-"+p.Version) {
			t.Errorf("package %+v: want a version, an npm integrity, a licence and a folder named after the version", p)
		}
		dirs[p.Dir] = p.Name
	}

	listed := map[string]bool{dir + "/manifest.json": true}
	for _, f := range m.Files {
		listed[dir+"/"+f.Path] = true
		body, err := fs.ReadFile(fsys, dir+"/"+f.Path)
		if err != nil {
			t.Errorf("%s is in the manifest but not embedded: %v", f.Path, err)
			continue
		}
		sum := sha256.Sum256(body)
		if got := hex.EncodeToString(sum[:]); got != f.SHA256 || len(body) != f.Size {
			t.Errorf("%s: sha256 %s and %d bytes, manifest says %s and %d", f.Path, got, len(body), f.SHA256, f.Size)
		}
		pkgDir, _, _ := strings.Cut(f.Path, "/")
		if dirs[pkgDir] != f.Package {
			t.Errorf("%s: package %q, but its folder belongs to %q", f.Path, f.Package, dirs[pkgDir])
		}
	}
	err = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !listed[p] {
			t.Errorf("%s is embedded but not in the manifest", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Get serves one request and returns the response.
func Get(t *testing.T, h http.Handler, method, target string, header map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// anyURL matches a URL with a host name.
var anyURL = regexp.MustCompile(`(?i)(?:https?:|wss?:)?//[a-z0-9.-]+\.[a-z]`)

// NoURLs checks that the named files of fsys (a project's own) name no URL
// at all.
func NoURLs(t *testing.T, fsys fs.FS, names ...string) {
	t.Helper()
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		if m := anyURL.Find(data); m != nil {
			t.Errorf("%s names %q", name, m)
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

// VendorLoadsNothing checks that the files under dir of fsys, which mention
// URLs (licences, links in error messages, XML namespaces), load none.
func VendorLoadsNothing(t *testing.T, fsys fs.FS, dir string) {
	t.Helper()
	n := 0
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
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
}

// A Route is a request and what its response should be.
type Route struct {
	Method, Path string
	Want         Response
}

// Response is what Routes compares of a response.
type Response struct {
	Status       int
	ContentType  string
	CacheControl string
	CSP          string // Content-Security-Policy
}

// Routes serves each route's request with h and compares the response.
func Routes(t *testing.T, h http.Handler, routes []Route) {
	t.Helper()
	for _, r := range routes {
		resp := Get(t, h, r.Method, r.Path, nil)
		got := Response{resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Security-Policy")}
		if diff := cmp.Diff(r.Want, got); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s", r.Method, r.Path, diff)
		}
	}
}
