package store

import (
	"slices"
	"strings"
)

// The one definition of what a filter's operators match, which both
// engines follow: the embedded store calls these methods, and Neo4j's
// compiled Cypher uses the operators that mean the same (=, IN, CONTAINS,
// STARTS WITH, ENDS WITH, <, <=, >, >=) on the same values. A nil filter
// matches everything; a filter with several operators matches when every
// one holds.

// Match reports whether v satisfies every operator of f. Comparisons are
// exact and case-sensitive, byte for byte:
//   - Eq: v is the value;
//   - In: v is one of the values (an empty, non-nil In matches nothing);
//   - Contains, StartsWith, EndsWith: the value is a substring, prefix or
//     suffix of v (the empty string is all three of every v).
func (f *StringFilter) Match(v string) bool {
	if f == nil {
		return true
	}
	return (f.Eq == nil || v == *f.Eq) &&
		(f.In == nil || slices.Contains(f.In, v)) &&
		(f.Contains == nil || strings.Contains(v, *f.Contains)) &&
		(f.StartsWith == nil || strings.HasPrefix(v, *f.StartsWith)) &&
		(f.EndsWith == nil || strings.HasSuffix(v, *f.EndsWith))
}

// MatchAny reports whether one of vs satisfies every operator of f: a
// list-valued field (aliases, articles) matches when one of its elements
// does, so an empty list matches no filter but nil.
func (f *StringFilter) MatchAny(vs ...string) bool {
	if f == nil {
		return true
	}
	return slices.ContainsFunc(vs, f.Match)
}

// Match reports whether the date v (YYYY-MM-DD, "" when missing) satisfies
// every operator of f; dates compare as strings. A missing date matches no
// operator, so it matches only a filter without any.
func (f *DateFilter) Match(v string) bool {
	if f == nil {
		return true
	}
	if v == "" {
		return f.Eq == nil && f.Gt == nil && f.Gte == nil && f.Lt == nil && f.Lte == nil
	}
	return (f.Eq == nil || v == *f.Eq) &&
		(f.Gt == nil || v > *f.Gt) &&
		(f.Gte == nil || v >= *f.Gte) &&
		(f.Lt == nil || v < *f.Lt) &&
		(f.Lte == nil || v <= *f.Lte)
}

// Match reports whether v (nil when missing) satisfies every operator of
// f. A missing value matches no operator, so it matches only a filter
// without any.
func (f *IntFilter) Match(v *int) bool {
	if f == nil {
		return true
	}
	if v == nil {
		return f.Eq == nil && f.Gt == nil && f.Gte == nil && f.Lt == nil && f.Lte == nil
	}
	n := *v
	return (f.Eq == nil || n == *f.Eq) &&
		(f.Gt == nil || n > *f.Gt) &&
		(f.Gte == nil || n >= *f.Gte) &&
		(f.Lt == nil || n < *f.Lt) &&
		(f.Lte == nil || n <= *f.Lte)
}
