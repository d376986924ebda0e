// Package static serves the files of the web pages embedded in the binary
// (packages web/graphiql and web/explorer): with their Content-Type, a
// Cache-Control, an ETag, gzip when the client accepts it, and answers to
// conditional and HEAD requests.
//
// Files whose path carries a version (the vendored packages, copied from
// npm by scripts/vendor-npm into folders named after their version) are
// served as immutable; the others are revalidated on every load.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// Cache-Control values.
const (
	CacheImmutable  = "public, max-age=31536000, immutable"
	CacheRevalidate = "no-cache"
)

// File is one response body, gzipped on first use.
type File struct {
	body         []byte
	contentType  string
	cacheControl string
	etag         string

	gzipOnce sync.Once
	gzipped  []byte
}

// NewFile returns the file of body, its Content-Type taken from name's
// extension.
func NewFile(body []byte, name, cacheControl string) *File {
	sum := sha256.Sum256(body)
	return &File{
		body:         body,
		contentType:  contentType(name),
		cacheControl: cacheControl,
		etag:         `"` + hex.EncodeToString(sum[:12]) + `"`,
	}
}

// Vendor returns the files under dir of fsys (a vendor folder written by
// scripts/vendor-npm), by their path from fsys's root ("vendor/x-1.0/x.js"):
// immutable, except those directly in dir (manifest.json), whose paths
// carry no version.
func Vendor(fsys embed.FS, dir string) (map[string]*File, error) {
	files := map[string]*File{}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fsys.ReadFile(p)
		if err != nil {
			return err
		}
		cache := CacheImmutable
		if path.Dir(p) == dir {
			cache = CacheRevalidate
		}
		files[p] = NewFile(body, p, cache)
		return nil
	})
	return files, err
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

// Serve writes f, gzipped when the client accepts it; conditional and
// HEAD requests are answered by http.ServeContent.
func (f *File) Serve(w http.ResponseWriter, r *http.Request) {
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

func (f *File) gzip() []byte {
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

// Template executes the html/template name of fsys with data and returns
// the page it makes, revalidated on every load.
func Template(fsys fs.FS, name string, data any) (*File, error) {
	tmpl, err := template.ParseFS(fsys, name)
	if err != nil {
		return nil, err
	}
	var page bytes.Buffer
	if err := tmpl.Execute(&page, data); err != nil {
		return nil, err
	}
	return NewFile(page.Bytes(), name, CacheRevalidate), nil
}

// Site serves one page and its assets; other paths get 404.
type Site struct {
	// PagePath is the page's path ("/" also answers the empty path).
	PagePath string
	// Page is the page, sent with CSP as its Content-Security-Policy and
	// X-Frame-Options: DENY.
	Page *File
	CSP  string
	// AssetsPath is the path prefix of the assets; Assets are by their
	// path under it.
	AssetsPath string
	Assets     map[string]*File
}

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var f *File
	switch p := r.URL.Path; {
	case p == s.PagePath || p == "" && s.PagePath == "/":
		f = s.Page
		w.Header().Set("Content-Security-Policy", s.CSP)
		w.Header().Set("X-Frame-Options", "DENY")
	case strings.HasPrefix(p, s.AssetsPath):
		f = s.Assets[strings.TrimPrefix(p, s.AssetsPath)]
	}
	if f == nil {
		http.NotFound(w, r)
		return
	}
	f.Serve(w, r)
}

// Must returns s, and panics if err is not nil: the embedded files a Site
// is made of are checked by its package's tests.
func Must(s *Site, err error) *Site {
	if err != nil {
		panic(err)
	}
	return s
}
