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
	sources  map[string]store.ClaimSources
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
		sources:  map[string]store.ClaimSources{},
		evidence: map[string][]store.Evidence{},
		nameKeys: map[string][]string{},
		terms:    &indexTerms{words: map[string][]string{}, deletions: map[string][]string{}},
	}
	// final is the version of each article the records leave, nil for
	// one they delete; its claims replace the graph's.
	final := map[string]*store.ArticleGraph{}
	// all holds what the records touch; lost what the graph's versions of
	// their articles claimed: only those entities and relations lose
	// claims, and are merged again from what remains; the others only gain
	// claims, folded into what they are.
	all, lost := newTouched(), newTouched()
	touch := func(a *keptArticle, t touched) {
		if a == nil {
			return
		}
		for _, c := range a.claims {
			t.entities[c.entity.ID] = struct{}{}
		}
		for _, r := range a.relations {
			t.relations[r.head.ID] = struct{}{}
		}
	}
	for _, rec := range recs {
		id := rec.ID
		if rec.Op == opPut {
			id = rec.Article.Article.ID
		}
		touch(g.articles[id], all)
		touch(g.articles[id], lost)
		if rec.Article != nil {
			for _, c := range rec.Article.Entities {
				all.entities[c.Entity.ID] = struct{}{}
			}
			for _, c := range rec.Article.Relations {
				all.relations[c.Relation.ID] = struct{}{}
			}
		}
		final[id] = rec.Article
		if rec.Article != nil {
			p.terms.add(g.titles, rec.Article.Article.Title)
		}
	}
	// The claims and evidence of the final versions, in article order.
	claimsIn := map[string][]store.ArticleClaim{} // entity id → claims
	evidenceIn := map[string][]store.Evidence{}   // relation id → evidence
	for _, aid := range slices.Sorted(maps.Keys(final)) {
		a := final[aid]
		if a == nil {
			continue
		}
		for i := range a.Entities {
			e := &a.Entities[i].Entity
			claimsIn[e.ID] = append(claimsIn[e.ID], store.ArticleClaim{Article: aid, Entity: *e})
		}
		for _, c := range a.Relations {
			evidenceIn[c.Relation.ID] = append(evidenceIn[c.Relation.ID], c.Relation.Evidence...)
		}
	}
	for id := range all.entities {
		var m *store.Entity
		var src store.ClaimSources
		if n := g.entities[id]; n != nil {
			if _, merge := lost.entities[id]; !merge {
				m, src = n.merged, n.sources
			} else {
				var claims []store.ArticleClaim
				for h := range n.claims {
					a := g.arts[h]
					if _, replaced := final[a.article.ID]; !replaced {
						claims = append(claims, store.ArticleClaim{Article: a.article.ID, Entity: *a.claimOf(id)})
					}
				}
				m, src = store.FoldClaims(nil, nil, claims)
				g.mergeWork.Add(int64(len(claims)))
			}
		}
		m, src = store.FoldClaims(m, src, claimsIn[id])
		g.mergeWork.Add(int64(len(claimsIn[id])))
		p.entities[id], p.sources[id] = m, src
		if m != nil {
			p.nameKeys[id] = store.NameKeys(m)
			p.terms.add(g.search, m.Name)
			p.terms.add(g.search, m.Aliases...)
		}
	}
	for id := range all.relations {
		var ev []store.Evidence
		if n := g.relations[id]; n != nil {
			if _, merge := lost.relations[id]; !merge {
				ev = n.merged.Evidence
			} else {
				for _, e := range n.merged.Evidence {
					if _, replaced := final[e.Article]; !replaced {
						ev = append(ev, e)
					}
				}
				g.mergeWork.Add(int64(len(ev)))
			}
		}
		p.evidence[id] = addEvidence(ev, evidenceIn[id])
		g.mergeWork.Add(int64(len(evidenceIn[id])))
	}
	return p
}

// addEvidence returns the evidence of both lists in the contract's order
// (store.SortEvidence); ev is in that order, add in article order and the
// caller's to change. When add comes after the last of ev, it is sorted and
// appended to ev, whose array
// the result then shares past its length (as store.FoldClaims does with
// articles); otherwise both are sorted again.
func addEvidence(ev, add []store.Evidence) []store.Evidence {
	if len(add) == 0 {
		return ev
	}
	if len(ev) == 0 || ev[len(ev)-1].Article < add[0].Article {
		store.SortEvidence(add)
		return append(ev, add...)
	}
	ev = slices.Concat(ev, add)
	store.SortEvidence(ev)
	return ev
}
