package store

import (
	"cmp"
	"slices"
	"strings"

	"newsgraph/ontology"
)

// Code is an external code of an entity: a value in one of the ontology's
// code schemes ("cameo" "USAGOV", "iso3166_alpha2" "US").
type Code struct {
	Scheme ontology.CodeScheme
	Value  string
}

// Key is the code as one string, "scheme:value" ("cameo:USA"): the form
// engines index and ResolveCodes takes. Values never hold a colon or
// space (every scheme's pattern is letters and digits).
func (c Code) Key() string { return string(c.Scheme) + ":" + c.Value }

// CompareCodes orders codes by scheme, then value: the order of
// Entity.Codes.
func CompareCodes(a, b Code) int {
	if c := cmp.Compare(a.Scheme, b.Scheme); c != 0 {
		return c
	}
	return cmp.Compare(a.Value, b.Value)
}

// SortCodes sorts codes in place in the contract's order and drops repeats;
// it returns the shortened slice.
func SortCodes(codes []Code) []Code {
	slices.SortFunc(codes, CompareCodes)
	return slices.Compact(codes)
}

// CodeKeys returns the keys (Code.Key) of the codes of e that can identify
// an entity (ontology.CodeSchemeSpec.Identifies), sorted, without repeats:
// the keys the stores index and ResolveCodes looks up. A code that names a
// class of actors ("cameo:IGO") is not among them. Whether a code
// identifies e itself depends on e's kind too (IdentifiesKind: the person
// Boris Yeltsin coded RUSGOV is not the Government of Russia), which
// entity resolution (package loaders) checks on what ResolveCodes finds.
func CodeKeys(e *Entity) []string {
	var keys []string
	for _, c := range e.Codes {
		if spec, ok := ontology.Scheme(c.Scheme); ok && spec.Identifies(c.Value) {
			keys = append(keys, c.Key())
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// CodeFilter matches entities by their codes: one of an entity's codes
// must be of Scheme and, when Value is set, have that value (exact,
// case-sensitive).
type CodeFilter struct {
	Scheme ontology.CodeScheme
	Value  *string
}

// MatchAny reports whether one of codes satisfies f; a nil filter matches
// everything.
func (f *CodeFilter) MatchAny(codes []Code) bool {
	if f == nil {
		return true
	}
	return slices.ContainsFunc(codes, func(c Code) bool {
		return c.Scheme == f.Scheme && (f.Value == nil || c.Value == *f.Value)
	})
}

// Prefix is what the keys of the codes f matches start with, and Key the
// key it matches exactly when it has a value: the forms engines that index
// Code.Key compare.
func (f *CodeFilter) Prefix() string { return string(f.Scheme) + ":" }

// Key is the Code.Key f matches when Value is set ("" when it is not).
func (f *CodeFilter) Key() string {
	if f.Value == nil {
		return ""
	}
	return f.Prefix() + *f.Value
}

// ParseCodeKey is the inverse of Code.Key.
func ParseCodeKey(key string) (Code, bool) {
	s, v, ok := strings.Cut(key, ":")
	if !ok || s == "" || v == "" {
		return Code{}, false
	}
	return Code{Scheme: ontology.CodeScheme(s), Value: v}, true
}

// checkCodes checks that every code of a claim is a value of one of the
// ontology's code schemes (see CheckArticleGraph).
func checkCodes(where string, e *Entity) error {
	for i, c := range e.Codes {
		spec, ok := ontology.Scheme(c.Scheme)
		if !ok {
			return invalidf("%s (%s): codes[%d]: %q is not a code scheme (%s)", where, e.ID, i, c.Scheme,
				strings.Join(ontology.CodeSchemeNames(), ", "))
		}
		if !spec.Valid(c.Value) {
			return invalidf("%s (%s): codes[%d]: %q is not a code of scheme %s (%s)", where, e.ID, i, c.Value, c.Scheme, spec.Pattern)
		}
	}
	return nil
}
