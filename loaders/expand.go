package loaders

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/unicode"
)

// HeadSize is how many bytes of a file importers see to detect their format.
const HeadSize = 4096

// Expand turns what a user names into the files to load, in order and
// without duplicates:
//   - a file is taken as it is;
//   - a directory is walked recursively, in lexical order, skipping hidden
//     files and directories (".git", ".DS_Store") and files that none of
//     the importers wants (a brat .txt beside its .ann, a README);
//   - a glob (filepath.Match syntax, plus "**" for any number of
//     directories: "data/**/*.json") is expanded, its files filtered as in
//     a directory walk.
//
// With no importers, every file that is not hidden is wanted. A pattern that
// names nothing to load is an error naming it; all such patterns are
// reported together.
func Expand(patterns []string, importers ...Importer) ([]string, error) {
	e := expander{importers: importers, seen: map[string]bool{}}
	var errs []error
	for _, p := range patterns {
		before := len(e.files)
		if err := e.expand(p); err != nil {
			errs = append(errs, err)
			continue
		}
		if len(e.files) == before && !e.duplicateOnly {
			errs = append(errs, fmt.Errorf("%s: no file to load", p))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return e.files, nil
}

type expander struct {
	importers []Importer
	files     []string
	seen      map[string]bool
	// duplicateOnly is set when the last pattern matched only files an
	// earlier pattern had already named.
	duplicateOnly bool
}

func (e *expander) expand(pattern string) error {
	e.duplicateOnly = false
	if base, rest, ok := strings.Cut(filepath.ToSlash(pattern), "**"); ok {
		return e.doubleStar(pattern, filepath.FromSlash(base), strings.TrimPrefix(rest, "/"))
	}
	info, err := os.Stat(pattern)
	switch {
	case err == nil && info.IsDir():
		return e.walk(pattern, nil)
	case err == nil:
		e.add(pattern)
		return nil
	case !hasMeta(pattern):
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: no such file or directory", pattern)
		}
		return err
	}
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return fmt.Errorf("%s: %w", pattern, err)
	}
	for _, m := range matches {
		if isHidden(filepath.Base(m)) {
			continue
		}
		info, err := os.Stat(m)
		if err != nil {
			return err
		}
		if info.IsDir() {
			if err := e.walk(m, nil); err != nil {
				return err
			}
			continue
		}
		if err := e.addIfWanted(m); err != nil {
			return err
		}
	}
	return nil
}

// doubleStar expands "base/**/rest": every file under base whose last path
// elements match rest ("*.json", "2025/*.jsonl"); an empty rest matches
// every file.
func (e *expander) doubleStar(pattern, base, rest string) error {
	if base == "" {
		base = "."
	}
	if strings.Contains(rest, "**") {
		return fmt.Errorf("%s: only one ** is supported", pattern)
	}
	if _, err := filepath.Match(rest, ""); err != nil {
		return fmt.Errorf("%s: %w", pattern, err)
	}
	if _, err := os.Stat(base); err != nil {
		return fmt.Errorf("%s: %w", pattern, err)
	}
	return e.walk(base, func(path string) bool {
		if rest == "" {
			return true
		}
		want := strings.Count(rest, "/") + 1
		parts := strings.Split(filepath.ToSlash(path), "/")
		if len(parts) < want {
			return false
		}
		ok, _ := filepath.Match(rest, strings.Join(parts[len(parts)-want:], "/"))
		return ok
	})
}

// walk adds the wanted files under dir; match, when set, filters them
// further.
func (e *expander) walk(dir string, match func(path string) bool) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != dir && isHidden(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !isFile(path, d) {
			return nil
		}
		if match != nil && !match(path) {
			return nil
		}
		return e.addIfWanted(path)
	})
}

func (e *expander) addIfWanted(path string) error {
	ok, err := Wanted(path, e.importers)
	if err != nil {
		return err
	}
	if ok {
		e.add(path)
	}
	return nil
}

func (e *expander) add(path string) {
	clean := filepath.Clean(path)
	if e.seen[clean] {
		e.duplicateOnly = true
		return
	}
	e.seen[clean] = true
	e.files = append(e.files, path)
}

// Wanted reports whether any of the importers detects its format in the
// file at path (true when there are no importers).
func Wanted(path string, importers []Importer) (bool, error) {
	if len(importers) == 0 {
		return true, nil
	}
	head, err := readHead(path)
	if err != nil {
		return false, err
	}
	// A file in UTF-16 is wanted when it would be as UTF-8: loading it
	// then says what is wrong, rather than skipping it silently.
	if u, ok := utf16Head(head); ok {
		head = u
	}
	return Detect(path, head, importers) != nil, nil
}

// Detect returns the first importer that detects its format in the file at
// path whose first bytes are head, or nil.
func Detect(path string, head []byte, importers []Importer) Importer {
	for _, imp := range importers {
		if imp.Detect(path, head) {
			return imp
		}
	}
	return nil
}

// utf16Head decodes a head that starts with a UTF-16 byte order mark.
func utf16Head(head []byte) ([]byte, bool) {
	if !bytes.HasPrefix(head, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return nil, false
	}
	u, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(head)
	return u, err == nil
}

func readHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, HeadSize)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return head[:n], nil
}

// isFile reports whether a walked entry is a regular file, or a link to
// one (links to directories are not followed).
func isFile(path string, d fs.DirEntry) bool {
	switch {
	case d.Type().IsRegular():
		return true
	case d.Type()&fs.ModeSymlink != 0:
		info, err := os.Stat(path)
		return err == nil && info.Mode().IsRegular()
	}
	return false
}

func isHidden(name string) bool { return strings.HasPrefix(name, ".") && name != "." && name != ".." }

func hasMeta(path string) bool { return strings.ContainsAny(path, `*?[\`) }
