package store

import (
	"slices"
	"sort"
	"strings"
)

// ArticleClaim is what one article said of an entity, as engines keep it so
// that the entity can be recomputed when the article changes or goes.
type ArticleClaim struct {
	Article string // article node id
	Entity  Entity
}

// MergeClaims computes an entity from what each article says of it. Both
// engines use it, so the rules are the same everywhere:
//   - claims are taken in article id order (claims of the same article in
//     the order given); for each single-valued field
//     (name, kind, Wikidata id, meeting, place and agreement fields) the first
//     non-empty value wins;
//   - codes are the union of every claim's codes, sorted (SortCodes);
//   - aliases are the union of every claim's name and aliases, without the
//     winning name, sorted;
//   - Articles lists the article ids, sorted.
//
// It returns nil when there are no claims (the entity no longer exists).
func MergeClaims(claims []ArticleClaim) *Entity {
	if len(claims) == 0 {
		return nil
	}
	// Sort the claims' indexes rather than the claims: an entity that
	// thousands of articles mention has thousands of large claims.
	order := make([]int, len(claims))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(claims[a].Article, claims[b].Article) })
	head := &claims[order[0]].Entity
	out := &Entity{ID: head.ID, Type: head.Type}
	first := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	names := map[string]bool{}
	codes := map[Code]bool{} // a set, as names: thousands of claims repeat a few codes
	for _, k := range order {
		c := &claims[k]
		e := &c.Entity
		first(&out.Name, e.Name)
		first(&out.Kind, e.Kind)
		first(&out.Wikidata, e.Wikidata)
		first(&out.Date, e.Date)
		first(&out.EndDate, e.EndDate)
		first(&out.Format, e.Format)
		first(&out.Status, e.Status)
		if out.Round == 0 {
			out.Round = e.Round
		}
		if out.Latitude == nil && e.Latitude != nil && e.Longitude != nil {
			lat, lon := *e.Latitude, *e.Longitude
			out.Latitude, out.Longitude = &lat, &lon
		}
		for _, c := range e.Codes {
			codes[c] = true
		}
		names[e.Name] = true
		for _, a := range e.Aliases {
			names[a] = true
		}
		if len(out.Articles) == 0 || out.Articles[len(out.Articles)-1] != c.Article {
			out.Articles = append(out.Articles, c.Article)
		}
	}
	// Never nil, as the aliases.
	out.Codes = make([]Code, 0, len(codes))
	for c := range codes {
		out.Codes = append(out.Codes, c)
	}
	slices.SortFunc(out.Codes, CompareCodes)
	delete(names, out.Name)
	delete(names, "")
	out.Aliases = make([]string, 0, len(names))
	for n := range names {
		out.Aliases = append(out.Aliases, n)
	}
	sort.Strings(out.Aliases)
	return out
}

// SortEvidence puts evidence in the contract's order: article id, start,
// end, then the source's coding (one span may state a relation under two
// codings).
func SortEvidence(ev []Evidence) {
	slices.SortFunc(ev, CompareEvidence)
}
