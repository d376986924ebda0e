package loaders

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Duplicate is a pair of entities of the same type that may be one entity
// under two ids: what entity resolution could not or did not merge (two
// candidates, a misspelling, two keys for one Wikidata id). A person decides,
// and fixes the articles with a key or a Wikidata id.
type Duplicate struct {
	A, B *store.Entity // A.ID < B.ID
	// Reasons say why the pair looks like one entity, strongest first:
	// `same Wikidata id Q212`, `same code cameo:USA`, `same name "kyiv"`, `names one letter
	// apart: "zelensky", "zelenskyy"`.
	Reasons []string
}

// MinFuzzyLetters is the number of letters a name key needs for names one
// edit apart to count as duplicates: shorter names ("Iran", "Iraq") differ by
// one letter too often.
const MinFuzzyLetters = 5

// FindDuplicates lists the likely duplicates among the entities of the
// given types (every entity type when none): pairs of entities whose name
// keys (store.NameKeys) are equal, or one insertion, deletion or
// substitution apart when both have at least MinFuzzyLetters letters, or
// that have the same Wikidata id or identifying code (identityKeys) under
// different ids. Pairs are ordered by
// type, then ids.
func FindDuplicates(ctx context.Context, st store.Store, types ...ontology.NodeType) ([]Duplicate, error) {
	if len(types) == 0 {
		types = ontology.EntityTypes
	}
	var out []Duplicate
	for _, t := range types {
		entities, err := allEntities(ctx, st, t)
		if err != nil {
			return nil, err
		}
		out = append(out, duplicatesOf(entities)...)
	}
	return out, nil
}

// allEntities lists every entity of type t, in id order.
func allEntities(ctx context.Context, st store.Store, t ontology.NodeType) ([]*store.Entity, error) {
	var all []*store.Entity
	q := store.EntityQuery{Types: []ontology.NodeType{t}, First: store.MaxPageSize}
	for {
		page, err := st.ListEntities(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("listing %s entities: %w", t, err)
		}
		all = append(all, page.Items...)
		if !page.HasNextPage {
			return all, nil
		}
		q.After = page.EndCursor()
	}
}

// pairs collects the reasons of each pair of entities (by index, i < j).
type pairs map[[2]int][]string

func (p pairs) add(i, j int, reason string) {
	if i == j {
		return
	}
	if i > j {
		i, j = j, i
	}
	k := [2]int{i, j}
	if !slices.Contains(p[k], reason) {
		p[k] = append(p[k], reason)
	}
}

// duplicatesOf finds the duplicates among entities of one type.
func duplicatesOf(entities []*store.Entity) []Duplicate {
	found := pairs{}
	// Same Wikidata id.
	byWikidata := map[string][]int{}
	for i, e := range entities {
		if e.Wikidata != "" {
			byWikidata[e.Wikidata] = append(byWikidata[e.Wikidata], i)
		}
	}
	for q, idx := range byWikidata {
		eachPair(idx, func(i, j int) { found.add(i, j, "same Wikidata id "+q) })
	}
	// Same identifying code (one entity may have got it after the other
	// was written).
	byCode := map[string][]int{}
	for i, e := range entities {
		for _, k := range identityKeys(e) {
			byCode[k] = append(byCode[k], i)
		}
	}
	for k, idx := range byCode {
		eachPair(idx, func(i, j int) { found.add(i, j, "same code "+k) })
	}
	// Same name key.
	byKey := map[string][]int{}
	for i, e := range entities {
		for _, k := range store.NameKeys(e) {
			byKey[k] = append(byKey[k], i)
		}
	}
	for k, idx := range byKey {
		eachPair(idx, func(i, j int) { found.add(i, j, fmt.Sprintf("same name %q", k)) })
	}
	// Keys one edit apart: two such keys share a key with one letter
	// deleted (or one is the other with a letter deleted).
	byDeletion := map[string][]string{}
	for k := range byKey {
		if letters(k) < MinFuzzyLetters {
			continue
		}
		for _, d := range deletions(k) {
			byDeletion[d] = append(byDeletion[d], k)
		}
	}
	for k := range byKey {
		if letters(k) < MinFuzzyLetters {
			continue
		}
		near := byDeletion[k] // k with a letter inserted
		for _, d := range deletions(k) {
			near = append(near, byDeletion[d]...) // k with a letter changed
			if _, ok := byKey[d]; ok {
				near = append(near, d) // k with a letter deleted
			}
		}
		for _, other := range near {
			if other <= k || letters(other) < MinFuzzyLetters || !oneEdit(k, other) {
				continue
			}
			reason := fmt.Sprintf("names one letter apart: %q, %q", k, other)
			for _, i := range byKey[k] {
				for _, j := range byKey[other] {
					found.add(i, j, reason)
				}
			}
		}
	}

	out := make([]Duplicate, 0, len(found))
	for k, reasons := range found {
		slices.SortFunc(reasons, compareReasons)
		out = append(out, Duplicate{A: entities[k[0]], B: entities[k[1]], Reasons: reasons})
	}
	slices.SortFunc(out, func(a, b Duplicate) int {
		if c := strings.Compare(a.A.ID, b.A.ID); c != 0 {
			return c
		}
		return strings.Compare(a.B.ID, b.B.ID)
	})
	return out
}

// compareReasons puts the strongest reasons first: Wikidata, then names.
func compareReasons(a, b string) int {
	rank := func(r string) int {
		switch {
		case strings.HasPrefix(r, "same Wikidata"), strings.HasPrefix(r, "same code"):
			return 0
		case strings.HasPrefix(r, "same name"):
			return 1
		}
		return 2
	}
	if c := rank(a) - rank(b); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func eachPair(idx []int, fn func(i, j int)) {
	for a := range idx {
		for b := a + 1; b < len(idx); b++ {
			fn(idx[a], idx[b])
		}
	}
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// deletions returns s with each of its runes deleted in turn.
func deletions(s string) []string {
	rs := []rune(s)
	out := make([]string, 0, len(rs))
	for i := range rs {
		out = append(out, string(rs[:i])+string(rs[i+1:]))
	}
	return out
}

// oneEdit reports whether a and b differ by exactly one inserted, deleted or
// substituted rune.
func oneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	switch len(rb) - len(ra) {
	case 0:
		diff := 0
		for i := range ra {
			if ra[i] != rb[i] {
				diff++
			}
		}
		return diff == 1
	case 1:
		i := 0
		for i < len(ra) && ra[i] == rb[i] {
			i++
		}
		return slices.Equal(ra[i:], rb[i+1:])
	}
	return false
}
