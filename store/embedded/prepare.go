package embedded

import (
	"maps"
	"slices"

	"newsgraph/store"
	"newsgraph/store/textmatch"
)

// A write is prepared before it takes the read lock, so that readers wait
// only while it is applied. The writer holds wmu, so the graph does not
// change meanwhile, and reading it needs no lock: prepare computes from it
// what the write leads to for every entity and relation it touches (their
// merges, their evidence), and what the indexes need (words, typo variants,
// name keys). Applying is then map updates.

// prepared is what a write computed before applying.
type prepared struct {
	// entities holds the merge of the claims that remain of each touched
	// entity, nil when none remains; evidence the evidence that remains of
	// each touched relation, sorted, nil when none remains.
	entities map[string]*store.Entity
	evidence map[string][]store.Evidence
	// nameKeys holds store.NameKeys of each merged entity.
	nameKeys map[string][]string
	terms    *indexTerms
}

// indexTerms caches what the search index computes of texts and words. A
// nil *indexTerms computes everything when asked.
type indexTerms struct {
	words     map[string][]string // text → textmatch.Words
	deletions map[string][]string // word → textmatch.Deletions
}

// wordsOf returns the sorted, distinct words of texts.
func (c *indexTerms) wordsOf(texts ...string) []string {
	var words []string
	for _, t := range texts {
		ws, ok := []string(nil), false
		if c != nil {
			ws, ok = c.words[t]
		}
		if !ok {
			ws = textmatch.Words(t)
		}
		words = append(words, ws...)
	}
	slices.Sort(words)
	return slices.Compact(words)
}

func (c *indexTerms) deletionsOf(w string) []string {
	if c != nil {
		if ds, ok := c.deletions[w]; ok {
			return ds
		}
	}
	return textmatch.Deletions(w)
}

// add computes the words of texts, and the deletions of those words that
// index x will add.
func (c *indexTerms) add(x *searchIndex, texts ...string) {
	for _, t := range texts {
		if _, ok := c.words[t]; ok {
			continue
		}
		ws := textmatch.Words(t)
		c.words[t] = ws
		for _, w := range ws {
			if _, indexed := x.postings[w]; !indexed && fuzzyIndexed(w) {
				if _, ok := c.deletions[w]; !ok {
					c.deletions[w] = textmatch.Deletions(w)
				}
			}
		}
	}
}

// prepare computes what applying recs, in order, leads to. The caller holds
// wmu (or is alone with the graph).
func (g *graph) prepare(recs []logRecord) *prepared {
	p := &prepared{
		entities: map[string]*store.Entity{},
		evidence: map[string][]store.Evidence{},
		nameKeys: map[string][]string{},
		terms:    &indexTerms{words: map[string][]string{}, deletions: map[string][]string{}},
	}
	// final is the version of each article the records leave, nil for
	// one they delete; its claims replace the graph's.
	final := map[string]*store.ArticleGraph{}
	touchedE, touchedR := map[string]struct{}{}, map[string]struct{}{}
	touch := func(a *store.ArticleGraph) {
		if a == nil {
			return
		}
		for _, c := range a.Entities {
			touchedE[c.Entity.ID] = struct{}{}
		}
		for _, c := range a.Relations {
			touchedR[c.Relation.ID] = struct{}{}
		}
	}
	for _, rec := range recs {
		id := rec.ID
		if rec.Op == opPut {
			id = rec.Article.Article.ID
		}
		touch(g.articles[id])
		touch(rec.Article)
		final[id] = rec.Article
		if rec.Article != nil {
			p.terms.add(g.search, rec.Article.Article.Title)
		}
	}
	claimsIn := map[string]map[string]*store.Entity{}      // article → entity id → claim
	evidenceIn := map[string]map[string][]store.Evidence{} // article → relation id → evidence
	for aid, a := range final {
		if a == nil {
			continue
		}
		claimsIn[aid] = make(map[string]*store.Entity, len(a.Entities))
		for i := range a.Entities {
			claimsIn[aid][a.Entities[i].Entity.ID] = &a.Entities[i].Entity
		}
		evidenceIn[aid] = make(map[string][]store.Evidence, len(a.Relations))
		for _, c := range a.Relations {
			evidenceIn[aid][c.Relation.ID] = c.Relation.Evidence
		}
	}
	for id := range touchedE {
		var claims []store.ArticleClaim
		if n := g.entities[id]; n != nil {
			for aid, e := range n.claims {
				if _, replaced := final[aid]; !replaced {
					claims = append(claims, store.ArticleClaim{Article: aid, Entity: *e})
				}
			}
		}
		for aid, byID := range claimsIn {
			if e := byID[id]; e != nil {
				claims = append(claims, store.ArticleClaim{Article: aid, Entity: *e})
			}
		}
		m := store.MergeClaims(claims)
		p.entities[id] = m
		if m != nil {
			p.nameKeys[id] = store.NameKeys(m)
			p.terms.add(g.search, m.Name)
			p.terms.add(g.search, m.Aliases...)
		}
	}
	for id := range touchedR {
		var ev []store.Evidence
		if n := g.relations[id]; n != nil {
			for aid, e := range n.byArticle {
				if _, replaced := final[aid]; !replaced {
					ev = append(ev, e...)
				}
			}
		}
		for _, aid := range slices.Sorted(maps.Keys(evidenceIn)) {
			ev = append(ev, evidenceIn[aid][id]...)
		}
		store.SortEvidence(ev)
		p.evidence[id] = ev
	}
	return p
}
