package store

import "slices"

// A relation list of no entity ("relations whose target is named X") would
// read every relation of its types and test each one's ends: its cost
// follows the archive, however few relations match. When every match
// requires one end to have a given id or name (one of a few), an engine
// finds those entities first and reads their relations only: the anchor.
// The anchor is a condition the filter implies, not a rewrite of it: the
// whole filter is still tested on what the anchor reads, so the answer is
// the same. Both engines take it from RelationAnchor.

// Anchor is a condition on one end of a relation that every match of a
// relation filter requires: the end's id (or name) equals Values[0], or is
// one of Values when List.
type Anchor struct {
	// Target is true for the relation's target, false for its source.
	Target bool
	// ByName is true when Values are names, false when they are ids.
	ByName bool
	Values []string
	// List is true when the filter gave a list (StringFilter.In), false
	// for one value (Eq).
	List bool
}

// RelationAnchor finds the anchor of a relation filter: among the
// conditions every match requires (reached through AND, or an OR of one),
// an end's id (preferred: it is unique) or name that must equal a value or
// be one of a list; the source before the target. ok is false when there is
// none.
func RelationAnchor(f *RelationFilter) (a Anchor, ok bool) {
	var byName *Anchor
	var walk func(f *RelationFilter) bool
	walk = func(f *RelationFilter) bool {
		if f == nil {
			return false
		}
		for _, end := range []struct {
			target bool
			e      *EntityFilter
		}{{false, f.Source}, {true, f.Target}} {
			if id, found := entityAnchor(end.e, false); found {
				a, a.Target = id, end.target
				return true
			}
			if name, found := entityAnchor(end.e, true); found && byName == nil {
				name.Target = end.target
				byName = &name
			}
		}
		for _, sub := range f.And {
			if walk(sub) {
				return true
			}
		}
		if len(f.Or) == 1 {
			return walk(f.Or[0])
		}
		return false
	}
	if walk(f) {
		return a, true
	}
	if byName != nil {
		return *byName, true
	}
	return Anchor{}, false
}

// EntityAnchor finds the anchor of an entity filter: among the conditions
// every match requires (reached through AND, or an OR of one), the id
// (preferred) or the name equal to a value or one of a list. Target is
// false. ok is false when there is none.
func EntityAnchor(f *EntityFilter) (Anchor, bool) {
	if a, ok := entityAnchor(f, false); ok {
		return a, true
	}
	return entityAnchor(f, true)
}

// entityAnchor finds, among the conditions every entity f matches
// requires, one of equality (or membership) on the name (byName) or the
// id.
func entityAnchor(f *EntityFilter, byName bool) (Anchor, bool) {
	if f == nil {
		return Anchor{}, false
	}
	s := f.ID
	if byName {
		s = f.Name
	}
	switch {
	case s == nil:
	case s.Eq != nil:
		return Anchor{ByName: byName, Values: []string{*s.Eq}}, true
	case s.In != nil:
		return Anchor{ByName: byName, Values: slices.Clone(s.In), List: true}, true
	}
	for _, sub := range f.And {
		if a, ok := entityAnchor(sub, byName); ok {
			return a, true
		}
	}
	if len(f.Or) == 1 {
		return entityAnchor(f.Or[0], byName)
	}
	return Anchor{}, false
}

// RelationIDAnchor finds, among the conditions every match of a relation
// filter requires (reached through AND, or an OR of one), the relation's id
// equal to a value or one of a list: then only the relations with those ids
// need be read (and the whole filter tested on them). ok is false when
// there is none.
func RelationIDAnchor(f *RelationFilter) (ids []string, ok bool) {
	if f == nil {
		return nil, false
	}
	if s := f.ID; s != nil {
		switch {
		case s.Eq != nil:
			return []string{*s.Eq}, true
		case s.In != nil:
			return slices.Clone(s.In), true
		}
	}
	for _, sub := range f.And {
		if ids, ok := RelationIDAnchor(sub); ok {
			return ids, true
		}
	}
	if len(f.Or) == 1 {
		return RelationIDAnchor(f.Or[0])
	}
	return nil, false
}
