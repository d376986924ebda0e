package store

import (
	"maps"
	"slices"
	"strings"
)

// A merged entity can be kept up to date as claims are added without
// reading the claims it was merged from. In MergeClaims a single-valued
// field's value is the first non-empty one in article id order, so a new
// claim's value wins exactly when the field is empty or its article comes
// before the one the value came from; the aliases are every name and alias
// of every claim but the name, so the names seen are the aliases and the
// name; and the articles only grow. Taking claims away has no such
// shortcut: the entity is merged again from the claims that remain.

// ClaimSources maps each single-valued field of a merged entity to the
// article its value came from; FoldClaims keeps it next to the entity.
type ClaimSources map[string]string

// The fields of ClaimSources.
const (
	srcName     = "name"
	srcKind     = "kind"
	srcWikidata = "wikidata"
	srcDate     = "date"
	srcEndDate  = "endDate"
	srcFormat   = "format"
	srcStatus   = "status"
	srcRound    = "round"
	srcPlace    = "latlon"
)

// FoldClaims returns the merged form of an entity whose merged form so far
// is cur (nil for none) with sources src, once claims from articles it had
// no claims from are added, and the sources of the result. FoldClaims(nil,
// nil, cs) is MergeClaims(cs), and folding claims in several steps gives
// what folding them at once gives. Neither cur nor src is changed.
//
// Folding costs the claims added and the entity's aliases, not the articles
// it already has: when every article added comes after cur's last, the
// result's Articles is cur.Articles appended to, sharing its array past its
// length. So a form is folded at most once into a result that is kept (a
// result that is dropped may be folded again).
func FoldClaims(cur *Entity, src ClaimSources, claims []ArticleClaim) (*Entity, ClaimSources) {
	if cur == nil && len(claims) == 0 {
		return nil, nil
	}
	out := &Entity{}
	names := map[string]bool{}
	if cur != nil {
		*out = *cur
		names[cur.Name] = true
		for _, a := range cur.Aliases {
			names[a] = true
		}
	}
	next := maps.Clone(src)
	if next == nil {
		next = ClaimSources{}
	}
	order := make([]int, len(claims))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(claims[a].Article, claims[b].Article) })
	if cur == nil {
		head := &claims[order[0]].Entity
		out.ID, out.Type = head.ID, head.Type
	}
	// wins reports whether a value of article a replaces the value of the
	// field f, empty or not (set), and records a as its source if so.
	wins := func(f string, set bool, a string) bool {
		if set && next[f] <= a {
			return false
		}
		next[f] = a
		return true
	}
	str := func(f string, dst *string, v, a string) {
		if v != "" && wins(f, *dst != "", a) {
			*dst = v
		}
	}
	added := make([]string, 0, len(claims))
	newName := false
	var codes []Code
	for _, k := range order {
		a, e := claims[k].Article, &claims[k].Entity
		str(srcName, &out.Name, e.Name, a)
		str(srcKind, &out.Kind, e.Kind, a)
		str(srcWikidata, &out.Wikidata, e.Wikidata, a)
		str(srcDate, &out.Date, e.Date, a)
		str(srcEndDate, &out.EndDate, e.EndDate, a)
		str(srcFormat, &out.Format, e.Format, a)
		str(srcStatus, &out.Status, e.Status, a)
		if e.Round != 0 && wins(srcRound, out.Round != 0, a) {
			out.Round = e.Round
		}
		if e.Latitude != nil && e.Longitude != nil && wins(srcPlace, out.Latitude != nil, a) {
			lat, lon := *e.Latitude, *e.Longitude
			out.Latitude, out.Longitude = &lat, &lon
		}
		codes = append(codes, e.Codes...)
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if !names[n] {
				names[n], newName = true, true
			}
		}
		if len(added) == 0 || added[len(added)-1] != a {
			added = append(added, a)
		}
	}
	out.Articles = addArticles(out.Articles, added)
	// The codes only grow, as the articles; never nil, as in MergeClaims.
	if out.Codes == nil || len(codes) > 0 {
		out.Codes = SortCodes(append(append([]Code{}, out.Codes...), codes...))
	}
	if cur != nil && cur.Aliases != nil && !newName && out.Name == cur.Name {
		return out, next // the same names: the same aliases
	}
	delete(names, out.Name)
	delete(names, "")
	// Never nil, as in MergeClaims.
	out.Aliases = append([]string{}, slices.Sorted(maps.Keys(names))...)
	return out, next
}

// addArticles returns the sorted ids of the articles of both sorted lists.
// When every one added comes after the last of ids, it appends to ids.
func addArticles(ids, added []string) []string {
	if len(added) == 0 {
		return ids
	}
	if len(ids) == 0 || ids[len(ids)-1] < added[0] {
		return append(ids, added...)
	}
	all := slices.Concat(ids, added)
	slices.Sort(all)
	return slices.Compact(all)
}
