package embedded

import (
	"context"
	"fmt"
	"math/rand/v2"
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
		x.set(fmt.Sprintf("n%03d", i), word()+" "+word())
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
	x.set("a", "Volodymyr Zelensky", "Zelensky")
	x.set("b", "Vladimir Putin")
	if got := x.matching("zelensky"); !slices.Equal(got, []string{"zelensky"}) {
		t.Errorf("matching(zelensky) = %v", got)
	}
	x.set("a", "Zelensky")
	x.remove("b")
	if got := x.sortedWords(); !slices.Equal(got, []string{"zelensky"}) {
		t.Errorf("words after a rename and a removal = %v, want [zelensky]", got)
	}
	x.remove("a")
	if len(x.postings) != 0 || len(x.words) != 0 || len(x.deletions) != 0 || len(x.sortedWords()) != 0 {
		t.Errorf("an empty index still holds %d words, %d nodes, %d deletions", len(x.postings), len(x.words), len(x.deletions))
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
