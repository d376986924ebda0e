package neo4jstore

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"newsgraph/store"
)

// An entity node holds its merged form (store.MergeClaims of the claims on
// its MENTIONS) and, in its sources property, the article each
// single-valued field of that form came from. That is enough to fold new
// claims into the form without reading the old ones: in MergeClaims a
// field's value is the first non-empty one in article id order, so a new
// claim's value wins exactly when the field is empty or its article comes
// before the one the value came from; the aliases are every name and
// alias of every claim but the name, so the names seen are the aliases and
// the name; and the articles only grow. Writing an article that no other
// version of preceded only adds claims and folds them in; replacing or
// deleting one takes claims away, and the entities it touched are merged
// again from every claim they have left.

// sources maps a field of an entity to the article its value came from.
type sources map[string]string

// The fields of sources.
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

func encodeSources(src sources) string {
	b, _ := json.Marshal(src)
	return string(b)
}

func decodeSources(s string) (sources, error) {
	src := sources{}
	if s == "" {
		return src, nil
	}
	if err := json.Unmarshal([]byte(s), &src); err != nil {
		return nil, fmt.Errorf("malformed sources of an entity: %v", err)
	}
	return src, nil
}

// fold returns the merged form of an entity whose merged form so far is cur
// (nil for none) with sources src, once claims from articles it had no
// claims from are added, and the sources of the result. fold(nil, nil, cs)
// is store.MergeClaims(cs), and folding claims in several steps gives what
// folding them at once gives.
func fold(cur *store.Entity, src sources, claims []store.ArticleClaim) (*store.Entity, sources) {
	if cur == nil && len(claims) == 0 {
		return nil, nil
	}
	out := &store.Entity{}
	names := map[string]bool{}
	if cur != nil {
		*out = *cur
		out.Aliases = nil
		out.Articles = slices.Clone(cur.Articles)
		out.Codes = slices.Clone(cur.Codes)
		names[cur.Name] = true
		for _, a := range cur.Aliases {
			names[a] = true
		}
	}
	next := sources{}
	for k, v := range src {
		next[k] = v
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
		out.Codes = append(out.Codes, e.Codes...)
		names[e.Name] = true
		for _, n := range e.Aliases {
			names[n] = true
		}
		out.Articles = append(out.Articles, a)
	}
	slices.Sort(out.Articles)
	out.Articles = slices.Compact(out.Articles)
	// The codes only grow, as the articles; never nil, as in MergeClaims.
	out.Codes = store.SortCodes(append([]store.Code{}, out.Codes...))
	delete(names, out.Name)
	delete(names, "")
	// Never nil, as in MergeClaims.
	out.Aliases = append([]string{}, slices.Sorted(maps.Keys(names))...)
	return out, next
}
