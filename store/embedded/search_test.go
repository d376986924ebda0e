package embedded

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/textmatch"
)

// TestSearchIndexMatching checks the index's lookups against a scan of
// every word: each query word must find exactly the words it matches.
func TestSearchIndexMatching(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	letters := []rune("abcdeé")
	word := func() string {
		w := make([]rune, 1+r.IntN(7))
		for i := range w {
			w[i] = letters[r.IntN(len(letters))]
		}
		return string(w)
	}
	x := newSearchIndex()
	for i := range 500 {
		x.set(fmt.Sprintf("n%03d", i), nil, word()+" "+word())
	}
	for range 500 {
		q := textmatch.Words(word())[0]
		var want []string
		for w := range x.postings {
			if textmatch.MatchWord(q, w) != textmatch.NoMatch {
				want = append(want, w)
			}
		}
		got := x.matching(q)
		slices.Sort(want)
		slices.Sort(got)
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("matching(%q) (-scan +index):\n%s", q, d)
		}
	}
}

// TestSearchIndexForgets checks that renaming and removing nodes leaves
// nothing behind.
func TestSearchIndexForgets(t *testing.T) {
	x := newSearchIndex()
	x.set("a", nil, "Volodymyr Zelensky", "Zelensky")
	x.set("b", nil, "Vladimir Putin")
	if got := x.matching("zelensky"); !slices.Equal(got, []string{"zelensky"}) {
		t.Errorf("matching(zelensky) = %v", got)
	}
	x.set("a", nil, "Zelensky")
	x.remove("b")
	if got := x.sortedWords(); !slices.Equal(got, []string{"zelensky"}) {
		t.Errorf("words after a rename and a removal = %v, want [zelensky]", got)
	}
	x.remove("a")
	if len(x.postings) != 0 || len(x.words) != 0 || len(x.deletions) != 0 || len(x.sortedWords()) != 0 {
		t.Errorf("an empty index still holds %d words, %d nodes, %d deletions", len(x.postings), len(x.words), len(x.deletions))
	}
}

// TestTitleIndexFollowsArticles puts articles, some again with new titles
// (one its title unchanged, one with none), in one batch and one at a
// time, and deletes some: the titles index, which keeps no list of each
// article's words, holds the same postings and typo variants as an index
// of the remaining titles made afresh.
func TestTitleIndexFollowsArticles(t *testing.T) {
	s := New()
	defer s.Close()
	ctx := context.Background()
	article := func(id, title string) *store.ArticleGraph {
		return &store.ArticleGraph{Article: store.Article{ID: store.ArticleID(id), Title: title, Hash: "h " + title}}
	}
	if _, err := s.PutArticles(ctx, []*store.ArticleGraph{
		article("a", "Ceasefire talks in Geneva"), article("b", "Talks stall over prisoners"),
		article("c", "Prisoner exchange agreed"), article("d", "Geneva talks resume"),
		article("e", "Sanctions widened"), article("a", "Ceasefire talks collapse in Geneva"),
	}); err != nil {
		t.Fatal(err)
	}
	for _, g := range []*store.ArticleGraph{article("b", "Talks stall over prisoners"), article("c", "Exchange postponed"), article("d", "")} {
		if _, err := s.PutArticle(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.DeleteArticle(ctx, store.ArticleID("e")); err != nil {
		t.Fatal(err)
	}
	want := newSearchIndex()
	for id, a := range s.g.articles {
		want.set(id, nil, a.article.Title)
	}
	if d := cmp.Diff(want.postings, s.g.titles.postings); d != "" {
		t.Errorf("postings (-made afresh +kept up to date):\n%s", d)
	}
	if d := cmp.Diff(want.deletions, s.g.titles.deletions); d != "" {
		t.Errorf("typo variants (-made afresh +kept up to date):\n%s", d)
	}
	if len(s.g.titles.words) != 0 {
		t.Errorf("the titles index keeps the words of %d articles", len(s.g.titles.words))
	}
}

// TestEntitySearchReadsNoTitles checks that the titles are indexed apart
// from the entities' names: a search of entities finds its candidates
// among the entities alone, however many titles name them, and a search
// of articles still finds the titles.
func TestEntitySearchReadsNoTitles(t *testing.T) {
	s := New()
	defer s.Close()
	ctx := context.Background()
	hub := store.EntityID(ontology.Actor, "ruritania")
	const articles = 30
	for i := range articles {
		_, err := s.PutArticle(ctx, &store.ArticleGraph{
			Article:  store.Article{ID: store.ArticleID(fmt.Sprint(i)), Title: fmt.Sprintf("Ruritania talks, day %d", i), Hash: "1"},
			Entities: []store.EntityClaim{{Entity: store.Entity{ID: hub, Type: ontology.Actor, Name: "Ruritania"}}},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	q, err := textmatch.Parse("Ruritania")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(s.g.search.candidates(q)); got != 1 {
		t.Errorf("an entity search has %d candidates, want 1 (the entity)", got)
	}
	if got := len(s.g.titles.candidates(q)); got != articles {
		t.Errorf("an article search has %d candidates, want %d (the titles)", got, articles)
	}
	hits, err := s.Search(ctx, store.SearchQuery{Text: "Ruritania", Types: ontology.NodeTypes, First: store.MaxSearchResults})
	if err != nil {
		t.Fatal(err)
	}
	var types []ontology.NodeType
	for _, h := range hits {
		types = append(types, h.Type)
	}
	want := append([]ontology.NodeType{ontology.Actor}, slices.Repeat([]ontology.NodeType{ontology.Article}, articles)...)
	if d := cmp.Diff(want, types); d != "" {
		t.Errorf("hit types of a search of every type (-want +got):\n%s", d)
	}
}

// TestSearchWhileWriting searches while articles come and go: run with
// -race, it checks that the lazily sorted word list is shared safely.
func TestSearchWhileWriting(t *testing.T) {
	s := New()
	defer s.Close()
	ctx := context.Background()
	article := func(i int) *store.ArticleGraph {
		id := store.EntityID(ontology.Actor, fmt.Sprintf("a%d", i))
		return &store.ArticleGraph{
			Article:  store.Article{ID: store.ArticleID(fmt.Sprint(i)), Title: fmt.Sprintf("Report %d", i), Hash: "1"},
			Entities: []store.EntityClaim{{Entity: store.Entity{ID: id, Type: ontology.Actor, Name: fmt.Sprintf("Agency %d", i)}}},
		}
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 200 {
				if _, err := s.Search(ctx, store.SearchQuery{Text: fmt.Sprintf("agency %d", (i+w)%50), Types: ontology.NodeTypes}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	for i := range 200 {
		if _, err := s.PutArticle(ctx, article(i%50)); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			if _, err := s.DeleteArticle(ctx, store.ArticleID(fmt.Sprint(i%50))); err != nil {
				t.Fatal(err)
			}
		}
	}
	wg.Wait()
}

// longWord is a word of n letters with no two neighbours alike, so that
// each of its deletions is a different string.
func longWord(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a' + byte(i%26)
	}
	return string(b)
}

// indexBytes is the memory allocated to index a node named name in an
// empty search index: a bound on what the index keeps of it.
func indexBytes(name string) uint64 {
	x := newSearchIndex()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	x.set("n", nil, name)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestSearchIndexMemoryLinear checks that indexing a word costs memory
// linear in its length: per letter, a 100,000-letter word costs no more
// than a 1,000-letter one (the word's typo variants are bounded).
func TestSearchIndexMemoryLinear(t *testing.T) {
	const short, long = 1_000, 100_000
	perShort := float64(indexBytes(longWord(short))) / short
	perLong := float64(indexBytes(longWord(long))) / long
	t.Logf("bytes per letter: %.1f for %d letters, %.1f for %d", perShort, short, perLong, long)
	// The index keeps the word a few times (its postings, the node's word
	// list), a handful of bytes per letter, plus fixed costs that the
	// short word pays over fewer letters.
	if perLong > 16 || perLong > 2*perShort+1 {
		t.Errorf("indexing a %d-letter word keeps %.1f bytes per letter (%.1f for %d letters): want at most 16, and not more than the shorter word's",
			long, perLong, perShort, short)
	}
}

// BenchmarkPutLongName puts articles whose title and only entity's name
// are one word of n letters, a new word each time, into one store,
// reporting time and bytes allocated per letter: both stay flat as words
// grow, once the fixed cost of a put (some 8 KB and 15 µs, which short
// words spread over few letters) is small beside the word.
func BenchmarkPutLongName(b *testing.B) {
	for _, n := range []int{10, 100, 1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("letters=%d", n), func(b *testing.B) {
			s := New()
			base := longWord(n)
			var graphs []*store.ArticleGraph
			for i := range b.N {
				// A number makes the word new, as long as the others.
				num := fmt.Sprint(i)
				word := num + base[len(num):]
				key := fmt.Sprint("long-", i)
				graphs = append(graphs, &store.ArticleGraph{
					Article: store.Article{ID: store.ArticleID(key), Title: word, Text: word, Hash: "h"},
					Entities: []store.EntityClaim{{Entity: store.Entity{
						ID: store.EntityID(ontology.Actor, key), Type: ontology.Actor, Name: word}}},
				})
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			b.ResetTimer()
			for i := range b.N {
				if _, err := s.PutArticle(context.Background(), graphs[i]); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&after)
			letters := float64(b.N) * float64(n)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/letters, "ns/letter")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/letters, "B/letter")
		})
	}
}
