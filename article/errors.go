package article

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a document: where (a JSON path such as
// "$.entities[3].mentions[0].start") and why.
type Problem struct {
	Path    string
	Message string
}

func (p Problem) String() string { return p.Path + ": " + p.Message }

// ValidationError lists every problem found in one document.
type ValidationError struct {
	// File names the document ("" for a Document built in Go).
	File     string
	Problems []Problem
}

// maxShownProblems is how many problems Error prints before summarising.
const maxShownProblems = 50

// Error prints one line per problem, "FILE: $.path: reason", at most
// maxShownProblems of them followed by "... and N more problems".
func (e *ValidationError) Error() string {
	var b strings.Builder
	prefix := ""
	if e.File != "" {
		prefix = e.File + ": "
	}
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i == maxShownProblems {
			fmt.Fprintf(&b, "%s... and %d more problems", prefix, len(e.Problems)-i)
			break
		}
		b.WriteString(prefix + p.String())
	}
	return b.String()
}

// checker collects problems while a document is decoded and validated.
//
// Decoding marks the paths where the JSON itself is wrong (a missing field,
// a string where a number belongs) as bad; the checks on values then skip
// those paths and everything under them, so that one mistake is reported
// once.
type checker struct {
	problems []Problem
	badPaths map[string]bool
	// hints counts the mismatched spans for which a better span was
	// searched for; the search stops after maxHints to stay linear.
	hints int
}

// add records a problem with a value.
func (c *checker) add(path, format string, args ...any) {
	c.problems = append(c.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// bad records a problem with the shape of the JSON at path.
func (c *checker) bad(path, format string, args ...any) {
	c.add(path, format, args...)
	if c.badPaths == nil {
		c.badPaths = map[string]bool{}
	}
	c.badPaths[path] = true
}

// skip reports whether path, or a path it lies under, is bad.
func (c *checker) skip(path string) bool {
	if len(c.badPaths) == 0 {
		return false
	}
	for {
		if c.badPaths[path] {
			return true
		}
		cut := strings.LastIndexAny(path, ".[")
		if cut < 0 {
			return false
		}
		path = path[:cut]
	}
}

// err returns the problems as a *ValidationError, or nil when there are
// none.
func (c *checker) err(file string) error {
	if len(c.problems) == 0 {
		return nil
	}
	slices.SortStableFunc(c.problems, func(a, b Problem) int { return comparePaths(a.Path, b.Path) })
	return &ValidationError{File: file, Problems: c.problems}
}

// comparePaths orders JSON paths naturally: member by member, array
// indices as numbers, names alphabetically, a path before the paths under
// it. Problems are listed in this order, grouped by the element they are
// about.
func comparePaths(a, b string) int {
	as, bs := pathSteps(a), pathSteps(b)
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, y := as[i], bs[i]
		xi, xErr := strconv.Atoi(x)
		yi, yErr := strconv.Atoi(y)
		switch {
		case xErr == nil && yErr == nil:
			if xi != yi {
				return cmp.Compare(xi, yi)
			}
		case x != y:
			return strings.Compare(x, y)
		}
	}
	return cmp.Compare(len(as), len(bs))
}

// pathSteps splits "$.entities[3].name" into "entities", "3", "name".
func pathSteps(path string) []string {
	return strings.FieldsFunc(strings.TrimPrefix(path, "$"), func(r rune) bool {
		return r == '.' || r == '[' || r == ']'
	})
}

// truncate shortens s to at most n code points, marking the cut with "…".
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
