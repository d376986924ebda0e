package embedded

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/textmatch"
)

// searchIndex finds the candidates of a search without looking at every
// name: an inverted index from normalized words (textmatch.Words of every
// entity's name and aliases, or of every article's title) to the nodes that
// have them, a sorted list of the words for prefix lookups, and the
// one-letter deletions of the words a typo can reach, for fuzzy lookups. The candidates are
// then scored with textmatch, as every engine does.
//
// The index changes with the graph, under the store's write lock. The
// sorted word list is rebuilt lazily, by the first search after a change,
// under the index's own mutex (searches share the store's read lock).
type searchIndex struct {
	postings map[string]map[string]struct{} // word → node ids
	// words holds each node's words, without repeats, for the nodes
	// indexed with set; setText keeps none (its caller gives the old text
	// back).
	words     map[string][]string
	deletions map[string]map[string]struct{} // deletion → words it comes from

	mu     sync.Mutex
	sorted []string // every word, sorted; nil when stale
}

func newSearchIndex() *searchIndex {
	return &searchIndex{
		postings:  map[string]map[string]struct{}{},
		words:     map[string][]string{},
		deletions: map[string]map[string]struct{}{},
	}
}

// set indexes a node under the words of its names, replacing what it was
// indexed under before. terms holds the words and typo variants computed
// beforehand (nil: compute them now).
func (x *searchIndex) set(id string, terms *indexTerms, names ...string) {
	words := terms.wordsOf(names...)
	if slices.Equal(words, x.words[id]) {
		return
	}
	x.remove(id)
	x.add(id, words, terms)
	if len(words) > 0 {
		x.words[id] = words
	}
}

// remove takes a node indexed with set out of the index.
func (x *searchIndex) remove(id string) {
	x.drop(id, x.words[id])
	delete(x.words, id)
}

// setText indexes a node under the words of one text, replacing those of
// the text it was indexed under (old; "" when it was not): the index keeps
// no list of the node's words, which for an archive's titles would hold
// every word of every title (a million at 200,000 articles) for the
// collector to mark again and again. A text of "" takes the node out.
func (x *searchIndex) setText(id string, terms *indexTerms, old, text string) {
	if old == text {
		return
	}
	x.drop(id, terms.wordsOf(old))
	x.add(id, terms.wordsOf(text), terms)
}

// add indexes a node under words.
func (x *searchIndex) add(id string, words []string, terms *indexTerms) {
	for _, w := range words {
		ids := x.postings[w]
		if ids == nil {
			ids = map[string]struct{}{}
			x.postings[w] = ids
			x.addWord(w, terms)
		}
		ids[id] = struct{}{}
	}
}

// drop takes a node out of the postings of words.
func (x *searchIndex) drop(id string, words []string) {
	for _, w := range words {
		ids := x.postings[w]
		delete(ids, id)
		if len(ids) == 0 {
			delete(x.postings, w)
			x.removeWord(w)
		}
	}
}

// fuzzyIndexed reports whether a word's deletions are indexed: only words
// a query word can reach with one edit (textmatch.FuzzyReachable), so that
// a word costs the index memory linear in its length, however long it is.
func fuzzyIndexed(w string) bool {
	return textmatch.FuzzyReachable(w)
}

func (x *searchIndex) addWord(w string, terms *indexTerms) {
	x.stale()
	if !fuzzyIndexed(w) {
		return
	}
	for _, d := range terms.deletionsOf(w) {
		ws := x.deletions[d]
		if ws == nil {
			ws = map[string]struct{}{}
			x.deletions[d] = ws
		}
		ws[w] = struct{}{}
	}
}

func (x *searchIndex) removeWord(w string) {
	x.stale()
	if !fuzzyIndexed(w) {
		return
	}
	for _, d := range textmatch.Deletions(w) {
		delete(x.deletions[d], w)
		if len(x.deletions[d]) == 0 {
			delete(x.deletions, d)
		}
	}
}

func (x *searchIndex) stale() {
	x.mu.Lock()
	x.sorted = nil
	x.mu.Unlock()
}

// sortedWords returns every word, sorted, rebuilding the list if a change
// made it stale. The caller holds the store's read lock; the slice returned
// is never changed afterwards.
func (x *searchIndex) sortedWords() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.sorted == nil {
		x.sorted = make([]string, 0, len(x.postings))
		for w := range x.postings {
			x.sorted = append(x.sorted, w)
		}
		slices.Sort(x.sorted)
	}
	return x.sorted
}

// matching returns the indexed words that query word q matches (see
// textmatch.MatchWord): itself, the words it begins, and, for a long
// enough q, the words one edit away.
func (x *searchIndex) matching(q string) []string {
	sorted := x.sortedWords()
	var out []string
	for i, _ := slices.BinarySearch(sorted, q); i < len(sorted) && strings.HasPrefix(sorted[i], q); i++ {
		out = append(out, sorted[i])
	}
	if !textmatch.ToleratesTypo(q) {
		return out
	}
	fuzzy := map[string]struct{}{}
	add := func(w string) {
		if _, ok := x.postings[w]; ok && !strings.HasPrefix(w, q) && textmatch.WithinOneEdit(q, w) {
			fuzzy[w] = struct{}{}
		}
	}
	// w is q with a letter added, replaced or two swapped: they share
	// a deletion, or q is one.
	for w := range x.deletions[q] {
		add(w)
	}
	for _, d := range textmatch.Deletions(q) {
		// w is q with a letter removed.
		add(d)
		for w := range x.deletions[d] {
			add(w)
		}
	}
	for w := range fuzzy {
		out = append(out, w)
	}
	return out
}

// candidates returns the nodes that have, for every query word, a word it
// matches: the nodes under the matches of the most selective query word,
// which scoring then checks against every word.
func (x *searchIndex) candidates(q textmatch.Query) map[string]struct{} {
	var best []string
	bestSize := -1
	for _, qw := range q.Words {
		words := x.matching(qw)
		size := 0
		for _, w := range words {
			size += len(x.postings[w])
		}
		if bestSize < 0 || size < bestSize {
			best, bestSize = words, size
		}
		if size == 0 {
			break
		}
	}
	out := make(map[string]struct{}, bestSize)
	for _, w := range best {
		for id := range x.postings[w] {
			out[id] = struct{}{}
		}
	}
	return out
}

// Search finds entities, and articles when asked, by name, alias or title.
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]store.SearchHit, error) {
	tq, err := textmatch.Parse(q.Text)
	if err != nil {
		return nil, invalidf("%v", err)
	}
	types, err := store.SearchTypes(q.Types)
	if err != nil {
		return nil, err
	}
	first := store.ClampSearchFirst(q.First)
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var hits []store.SearchHit
	score := func(x *searchIndex) {
		for id := range x.candidates(tq) {
			t, names := s.g.searchNames(id)
			if !slices.Contains(types, t) {
				continue
			}
			if score, matched := tq.Best(names...); score > 0 {
				hits = append(hits, store.SearchHit{ID: id, Type: t, Score: score, Matched: matched})
			}
		}
	}
	if slices.ContainsFunc(types, ontology.NodeType.IsEntity) {
		score(s.g.search)
	}
	if slices.Contains(types, ontology.Article) {
		score(s.g.titles)
	}
	slices.SortFunc(hits, func(a, b store.SearchHit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	hits = hits[:min(len(hits), first)]
	for i := range hits {
		s.g.fillHit(&hits[i], q.Projection)
	}
	return hits, nil
}

// fillHit gives a search hit its node, without what p leaves out, as
// ProjectedEntities and ProjectedArticles do.
func (g *graph) fillHit(h *store.SearchHit, p store.Projection) {
	if h.Type == ontology.Article {
		a := g.articles[h.ID].article
		h.Article = p.Article(&a)
		return
	}
	h.Entity = projectedClone(g.entities[h.ID].merged, p)
}

// searchNames returns a node's type and the names search scores: an
// entity's name then aliases, an article's title.
func (g *graph) searchNames(id string) (ontology.NodeType, []string) {
	if n := g.entities[id]; n != nil {
		return n.merged.Type, append([]string{n.merged.Name}, n.merged.Aliases...)
	}
	if a := g.articles[id]; a != nil {
		return ontology.Article, []string{a.article.Title}
	}
	return "", nil
}
