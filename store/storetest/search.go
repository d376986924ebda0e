package storetest

import (
	"cmp"
	"slices"
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/textmatch"
)

// refSearch answers a search from the model: every entity (and article,
// when asked) scored with textmatch, which defines search for every engine;
// the hits carry their nodes, with the query's projection applied.
func (m *Model) refSearch(t *testing.T, q store.SearchQuery) []store.SearchHit {
	t.Helper()
	tq, err := textmatch.Parse(q.Text)
	if err != nil {
		t.Fatalf("reference search %q: %v", q.Text, err)
	}
	types := q.Types
	if len(types) == 0 {
		types = ontology.EntityTypes
	}
	var hits []store.SearchHit
	add := func(h store.SearchHit, names ...string) {
		if !slices.Contains(types, h.Type) {
			return
		}
		if h.Score, h.Matched = tq.Best(names...); h.Score > 0 {
			hits = append(hits, h)
		}
	}
	for _, e := range m.Entities() {
		names := append([]string{e.Name}, e.Aliases...)
		add(store.SearchHit{ID: e.ID, Type: e.Type, Entity: q.Projection.Entity(e)}, names...)
	}
	for _, a := range m.Articles() {
		add(store.SearchHit{ID: a.ID, Type: ontology.Article, Article: q.Projection.Article(a)}, a.Title)
	}
	slices.SortFunc(hits, func(a, b store.SearchHit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID))
	})
	return hits[:min(len(hits), store.ClampSearchFirst(q.First))]
}

// searchProjections are the projections the search tests ask with: none,
// then the suite's.
var searchProjections = append([]struct {
	name string
	p    store.Projection
}{{"whole nodes", store.Projection{}}}, projections...)

// testSearch covers Search: the hits and their order as textmatch defines
// them (computed from the model), with their nodes as the model has them
// under each projection (whole, without the entities' articles, ...), the
// seed's spellings of Zelensky, types, limits, and an index that follows
// puts and deletes.
func testSearch(t *testing.T, f Factory) {
	gs := append(Ukraine(), Chain(30), Star(12))
	s, m := loaded(t, f, gs...)
	x := s
	ctx := t.Context()
	all := []ontology.NodeType{ontology.Actor, ontology.Meeting, ontology.Place, ontology.Agreement, ontology.Article}

	t.Run("AsTheModelSays", func(t *testing.T) {
		queries := []store.SearchQuery{
			{Text: "zelenskiy"}, {Text: "Zelenskyy"}, {Text: "Zelensky"}, {Text: "zel"},
			{Text: "russia"}, {Text: "RUSS"}, {Text: "Rusia"}, {Text: "moscow"},
			{Text: "ístanbul"}, {Text: "istanbul", Types: all}, {Text: "istanbul", Types: []ontology.NodeType{ontology.Article}},
			{Text: "talks"}, {Text: "talks", First: 1}, {Text: "peace talks", Types: all},
			{Text: "second round"}, {Text: "round"}, {Text: "sanctions", Types: all},
			{Text: "chain actor 017"}, {Text: "chain actor 01"}, {Text: "chain"}, {Text: "chain", First: 50},
			{Text: "spoke"}, {Text: "spoek 07"}, {Text: "ceasefire", Types: []ontology.NodeType{ontology.Agreement}},
			{Text: "nothing like it"}, {Text: "eu"}, {Text: "e"},
		}
		for _, pr := range searchProjections {
			for _, q := range queries {
				q.Projection = pr.p
				got, err := x.Search(ctx, q)
				if err != nil {
					t.Errorf("Search(%+v): %v", q, err)
					continue
				}
				if d := Diff(m.refSearch(t, q), got); d != "" {
					t.Errorf("Search(%+v), %s (-want +got):\n%s", q, pr.name, d)
				}
			}
		}
	})

	t.Run("Zelensky", func(t *testing.T) {
		for _, text := range []string{"Zelenskyy", "Zelensky", "zelenskiy", "ZELENSKY", "Zelénsky", "volodymyr"} {
			hits, err := x.Search(ctx, store.SearchQuery{Text: text})
			if err != nil || len(hits) == 0 || hits[0].ID != zelensky {
				t.Errorf("Search(%q) = %+v, %v; want Volodymyr Zelensky first", text, hits, err)
			}
		}
	})

	t.Run("ExactBeforePrefixBeforeTypo", func(t *testing.T) {
		// "Chain actor 001" is the name; "chain actor 00" a prefix of ten
		// names; "chian actor 001" a typo.
		for _, c := range []struct {
			text  string
			first string
			hits  int
		}{
			{"chain actor 001", ChainID(1), 1},
			{"chain actor 00", ChainID(0), 10},
			{"chian actor 001", ChainID(1), 1},
		} {
			hits, err := x.Search(ctx, store.SearchQuery{Text: c.text, First: 50})
			if err != nil || len(hits) != c.hits || hits[0].ID != c.first {
				t.Errorf("Search(%q) = %+v, %v; want %d hits, %s first", c.text, hits, err, c.hits, c.first)
			}
		}
		exact, _ := x.Search(ctx, store.SearchQuery{Text: "chain actor 001"})
		prefix, _ := x.Search(ctx, store.SearchQuery{Text: "chain actor 00"})
		typo, _ := x.Search(ctx, store.SearchQuery{Text: "chian actor 001"})
		if len(exact) == 0 || len(prefix) < 2 || len(typo) == 0 ||
			!(exact[0].Score > prefix[1].Score && prefix[1].Score > typo[0].Score) {
			t.Errorf("scores exact %v, prefix %v, typo %v: want exact > prefix > typo", exact, prefix, typo)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		for _, q := range []store.SearchQuery{
			{Text: ""}, {Text: "  ,; "}, {Text: "a b c d e f g h i j k l"},
			{Text: "ukraine", Types: []ontology.NodeType{"Country"}},
		} {
			_, err := x.Search(ctx, q)
			wantInvalid(t, "Search("+q.Text+")", err)
		}
	})

	t.Run("FollowsWrites", func(t *testing.T) {
		if _, err := s.DeleteArticle(ctx, artDirect); err != nil {
			t.Fatal(err)
		}
		m.Delete(artDirect)
		renamed := CloneGraph(Chain(30))
		renamed.Entities[0].Entity.Name = "Renamed link"
		renamed.Article.Hash += "-renamed"
		renamed.Article.Title = "A renamed chain"
		mustPut(t, s, renamed)
		m.Put(renamed)
		for _, q := range []store.SearchQuery{
			{Text: "zelensky"}, {Text: "Russian Federation"}, {Text: "renamed", Types: all},
			{Text: "chain actor 000"}, {Text: "chain", Types: []ontology.NodeType{ontology.Article}},
		} {
			got, err := x.Search(ctx, q)
			if err != nil {
				t.Fatalf("Search(%+v): %v", q, err)
			}
			if d := Diff(m.refSearch(t, q), got); d != "" {
				t.Errorf("after the writes, Search(%+v) (-want +got):\n%s", q, d)
			}
		}
		if hits, _ := x.Search(ctx, store.SearchQuery{Text: "zelensky"}); len(hits) != 0 {
			t.Errorf("Zelensky's only article is gone, yet Search finds %+v", hits)
		}
	})
}
