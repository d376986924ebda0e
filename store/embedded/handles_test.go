package embedded

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"newsgraph/article"
	"newsgraph/loaders/synth"
	"newsgraph/store"
)

// synthGraphs are the article graphs of a generated corpus.
func synthGraphs(t *testing.T, articles int) []*store.ArticleGraph {
	t.Helper()
	var gs []*store.ArticleGraph
	err := synth.Generate(synth.Config{Articles: articles, Seed: 1}, func(d *article.Document) error {
		g, err := d.Graph()
		gs = append(gs, g)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return gs
}

// checkHandles fails the test unless the graph's handles and what holds
// them agree with its maps: every relation and article in place has the
// handle whose slot holds it, the free slots are the empty ones, each
// entity's indexes hold exactly its relations (by direction), in order,
// and its claims exactly the articles in place that claim it.
func checkHandles(t *testing.T, g *graph) {
	t.Helper()
	live := 0
	for h, n := range g.rels {
		if n == nil {
			continue
		}
		live++
		if n.h != relHandle(h) || g.relations[n.merged.ID] != n {
			t.Fatalf("slot %d holds relation %s of handle %d, which the graph holds as %p (slot's %p)", h, n.merged.ID, n.h, g.relations[n.merged.ID], n)
		}
	}
	if live != len(g.relations) || live+len(g.freeRels) != len(g.rels) {
		t.Fatalf("%d relations in slots, %d free, %d slots; the graph holds %d relations", live, len(g.freeRels), len(g.rels), len(g.relations))
	}
	live = 0
	for h, a := range g.arts {
		if a == nil {
			continue
		}
		live++
		if a.h != artHandle(h) || g.articles[a.article.ID] != a {
			t.Fatalf("slot %d holds article %s of handle %d, not the version in place", h, a.article.ID, a.h)
		}
	}
	if live != len(g.articles) || live+len(g.freeArts) != len(g.arts) {
		t.Fatalf("%d articles in slots, %d free, %d slots; the graph holds %d articles", live, len(g.freeArts), len(g.arts), len(g.articles))
	}
	// What each entity's indexes must hold: its relations by direction,
	// and the articles that claim it.
	var want [3]map[string][]string
	for d := range want {
		want[d] = map[string][]string{}
	}
	for id, n := range g.relations {
		r := n.merged
		want[dirOut][r.Source] = append(want[dirOut][r.Source], id)
		want[dirIn][r.Target] = append(want[dirIn][r.Target], id)
		want[dirAll][r.Source] = append(want[dirAll][r.Source], id)
		if r.Target != r.Source {
			want[dirAll][r.Target] = append(want[dirAll][r.Target], id)
		}
	}
	claimedBy := map[string][]artHandle{}
	for _, a := range g.articles {
		for _, c := range a.claims {
			claimedBy[c.entity.ID] = append(claimedBy[c.entity.ID], a.h)
		}
	}
	list := func(s *rankedSet) (ids []string) {
		var last *rankedID
		s.items.walk(0, s.len(), func(e rankedID) bool {
			if last != nil && compareRanked(*last, e.key, e.id) >= 0 {
				t.Fatalf("index out of order: %v before %v", *last, e)
			}
			last = &e
			ids = append(ids, e.id)
			return true
		})
		slices.Sort(ids)
		return ids
	}
	for id, n := range g.entities {
		for d := range n.sorted {
			w := slices.Sorted(slices.Values(want[d][id]))
			for o := range n.sorted[d] {
				if diff := gocmp.Diff(w, list(&n.sorted[d][o])); diff != "" {
					t.Fatalf("%s's index of direction %d, order %d (-want +got):\n%s", id, d, o, diff)
				}
			}
		}
		if diff := gocmp.Diff(slices.Sorted(slices.Values(want[dirAll][id])), list(&n.near)); diff != "" {
			t.Fatalf("%s's index by other end (-want +got):\n%s", id, diff)
		}
		w := slices.Sorted(slices.Values(claimedBy[id]))
		if diff := gocmp.Diff(w, slices.Sorted(maps.Keys(n.claims))); diff != "" {
			t.Fatalf("%s's claims (-want +got):\n%s", id, diff)
		}
	}
}

// version is g put again with other content: the graph of another
// article under g's id.
func version(g, other *store.ArticleGraph) *store.ArticleGraph {
	v := *other
	v.Article.ID, v.Article.Hash = g.Article.ID, other.Article.Hash+"-again"
	v.Relations = slices.Clone(other.Relations)
	for i := range v.Relations {
		ev := slices.Clone(v.Relations[i].Relation.Evidence)
		for j := range ev {
			ev[j].Article = g.Article.ID
		}
		v.Relations[i].Relation.Evidence = ev
	}
	return &v
}

// Relations and articles keep their handles while they are in place, and
// the handles of those removed are given to new ones: through puts,
// replacements and deletes, the indexes and claims, which hold handles,
// hold what the graph does, the slots never outnumber the most relations
// and articles held at once, and the indexes list what those of a store
// that was given the final articles only list.
func TestHandlesFollowWrites(t *testing.T) {
	ctx := context.Background()
	gs := synthGraphs(t, 240)
	s := New()
	most := func() (rels, arts int) { return len(s.g.relations), len(s.g.articles) }
	mostRels, mostArts := 0, 0
	step := func(what string) {
		t.Helper()
		checkHandles(t, s.g)
		r, a := most()
		mostRels, mostArts = max(mostRels, r), max(mostArts, a)
		if len(s.g.rels) > mostRels || len(s.g.arts) > mostArts {
			t.Fatalf("%s: %d relation slots and %d article slots, for at most %d relations and %d articles held at once",
				what, len(s.g.rels), len(s.g.arts), mostRels, mostArts)
		}
	}
	if _, err := s.PutArticles(ctx, gs[:120]); err != nil {
		t.Fatal(err)
	}
	step("first puts")
	for i := 0; i < 120; i += 2 {
		if _, err := s.DeleteArticle(ctx, gs[i].Article.ID); err != nil {
			t.Fatal(err)
		}
	}
	step("deletes")
	final := map[string]*store.ArticleGraph{}
	for i := 1; i < 120; i += 2 {
		final[gs[i].Article.ID] = gs[i]
	}
	// New articles take the freed handles, replaced ones keep theirs.
	for i := 120; i < 240; i++ {
		g := gs[i]
		if i%3 == 0 {
			g = version(gs[i-119], gs[i]) // replaces an odd one, in place
		}
		if _, err := s.PutArticle(ctx, g); err != nil {
			t.Fatal(err)
		}
		final[g.Article.ID] = g
		if i%40 == 0 {
			step(fmt.Sprintf("put %d", i))
		}
	}
	step("puts and replacements")
	if len(s.g.freeRels) != 0 && len(s.g.relations) > mostRels {
		t.Errorf("%d relation handles free while new relations took new slots", len(s.g.freeRels))
	}

	fresh := New()
	if _, err := fresh.PutArticles(ctx, slices.Collect(maps.Values(final))); err != nil {
		t.Fatal(err)
	}
	if len(fresh.g.relations) != len(s.g.relations) || len(fresh.g.entities) != len(s.g.entities) {
		t.Fatalf("the store holds %d entities and %d relations, one given the final articles %d and %d",
			len(s.g.entities), len(s.g.relations), len(fresh.g.entities), len(fresh.g.relations))
	}
	entries := func(set *rankedSet) []rankedID {
		var out []rankedID
		set.each(false, nil, func(key, id string) bool { out = append(out, rankedID{key, id}); return true })
		return out
	}
	for id, n := range s.g.entities {
		f := fresh.g.entities[id]
		if f == nil {
			t.Fatalf("entity %s is not in the store given the final articles", id)
		}
		sets := map[string][2]*rankedSet{"near": {&f.near, &n.near}, "timeline": {&f.timeline, &n.timeline}}
		for d := range n.sorted {
			for o := range n.sorted[d] {
				sets[fmt.Sprintf("direction %d, order %d", d, o)] = [2]*rankedSet{&f.sorted[d][o], &n.sorted[d][o]}
			}
		}
		for name, pair := range sets {
			if d := gocmp.Diff(entries(pair[0]), entries(pair[1]), gocmp.AllowUnexported(rankedID{})); d != "" {
				t.Fatalf("%s's index %s (-final articles only +after the writes):\n%s", id, name, d)
			}
		}
	}
}
