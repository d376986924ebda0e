package embedded_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/embedded"
	"newsgraph/store/traverse"
)

// The benchmarks of the exploration primitives run on ring lattices: actor
// i cooperates with actors i+1 and i+2, so every actor has four relations
// and the graph grows without its neighbourhoods changing. Each query's
// answer is the same size at every graph size, so its cost should stay
// flat while the graph grows a hundredfold:
//
//	go test -run '^$' -bench 'Search|ShortestPath|Neighborhood' -benchmem ./store/embedded/

// benchSizes are the numbers of relations of the benchmark graphs.
var benchSizes = []int{1_000, 10_000, 100_000}

// syllables spell an actor's unique word: its number in base 16, four
// syllables long ("kakakaka" is actor 0).
var syllables = []string{"ka", "ve", "ri", "lo", "mu", "ta", "ne", "so", "pi", "du", "ge", "ba", "fo", "zi", "he", "wu"}

func latticeWord(i int) string {
	w := ""
	for d := 3; d >= 0; d-- {
		w += syllables[(i>>(4*d))&15]
	}
	return w
}

func latticeID(i int) string { return store.EntityID(ontology.Actor, fmt.Sprintf("lattice-%06d", i)) }

// latticeArticles builds the ring lattice of n actors (2n relations) as
// articles of up to 100 actors each, each article also naming the two
// actors after its last one, so that its relations stay within it.
func latticeArticles(n int) []*store.ArticleGraph {
	const perArticle = 100
	var out []*store.ArticleGraph
	for start := 0; start < n; start += perArticle {
		g := &store.ArticleGraph{Article: store.Article{
			ID: store.ArticleID(fmt.Sprintf("lattice-%06d", start)), Title: "Lattice", Text: "cooperated",
			Published: "2025-01-01", Hash: "1",
		}}
		for i := start; i < start+perArticle+2; i++ {
			g.Entities = append(g.Entities, store.EntityClaim{Entity: store.Entity{
				ID: latticeID(i % n), Type: ontology.Actor, Kind: "organisation",
				Name: "Agency " + latticeWord(i%n),
			}})
		}
		for i := start; i < min(start+perArticle, n); i++ {
			for _, j := range []int{i + 1, i + 2} {
				g.Relations = append(g.Relations, store.RelationClaim{Relation: store.Relation{
					Type: ontology.Cooperated, Source: latticeID(i), Target: latticeID(j % n),
					Evidence: []store.Evidence{{Quote: "cooperated", Start: 0, End: 10}},
				}})
			}
		}
		out = append(out, g)
	}
	return out
}

// lattices holds the benchmark stores, built once per size.
var lattices struct {
	sync.Mutex
	stores map[int]*embedded.Store
}

// lattice returns a store holding the ring lattice with the given number
// of relations.
func lattice(b *testing.B, relations int) *embedded.Store {
	b.Helper()
	lattices.Lock()
	defer lattices.Unlock()
	if s := lattices.stores[relations]; s != nil {
		return s
	}
	s := embedded.New()
	for _, g := range latticeArticles(relations / 2) {
		if _, err := s.PutArticle(context.Background(), g); err != nil {
			b.Fatal(err)
		}
	}
	if lattices.stores == nil {
		lattices.stores = map[int]*embedded.Store{}
	}
	lattices.stores[relations] = s
	// Leave the garbage of the build out of the timings.
	runtime.GC()
	return s
}

// counting counts the steps Expand and ExpandLayer hand out, to report how
// many relations a traversal looked at.
type counting struct {
	*embedded.Store
	steps int
}

func (c *counting) Expand(ctx context.Context, ids []string, dir store.Direction, types []ontology.RelationType, limit int) (*store.Expansion, error) {
	x, err := c.Store.Expand(ctx, ids, dir, types, limit)
	if err == nil {
		c.steps += len(x.Steps)
	}
	return x, err
}

func (c *counting) ExpandLayer(ctx context.Context, q traverse.LayerQuery) (*traverse.Layer, error) {
	l, err := c.Store.ExpandLayer(ctx, q)
	if err == nil && l != nil {
		c.steps += len(l.Steps)
	}
	return l, err
}

func BenchmarkSearch(b *testing.B) {
	middle := 250 // an actor present at every size
	queries := []struct{ name, text string }{
		{"exact", "Agency " + latticeWord(middle)},
		{"prefix", latticeWord(middle)[:6]}, // three syllables: 16 names
		{"typo", "agency " + latticeWord(middle)[:3] + latticeWord(middle)[4:5] + latticeWord(middle)[3:4] + latticeWord(middle)[5:]},
	}
	for _, size := range benchSizes {
		s := lattice(b, size)
		for _, q := range queries {
			b.Run(fmt.Sprintf("relations=%d/%s", size, q.name), func(b *testing.B) {
				hits := 0
				for b.Loop() {
					h, err := s.Search(context.Background(), store.SearchQuery{Text: q.text, First: store.MaxSearchResults})
					if err != nil || len(h) == 0 {
						b.Fatalf("Search(%q) = %v, %v", q.text, h, err)
					}
					hits = len(h)
				}
				b.ReportMetric(float64(hits), "hits")
			})
		}
	}
}

func BenchmarkShortestPath(b *testing.B) {
	for _, size := range benchSizes {
		s := lattice(b, size)
		b.Run(fmt.Sprintf("relations=%d", size), func(b *testing.B) {
			// Four hops (+2 each) from actor 100 to actor 108.
			c := &counting{Store: s}
			q := traverse.PathQuery{From: latticeID(100), To: latticeID(108), MaxHops: traverse.MaxHops}
			for b.Loop() {
				p, err := traverse.ShortestPath(context.Background(), c, q)
				if err != nil || p == nil || p.Len() != 4 {
					b.Fatalf("ShortestPath = %v, %v; want 4 hops", p, err)
				}
			}
			b.ReportMetric(float64(c.steps)/float64(b.N), "relations/op")
		})
	}
}

func BenchmarkNeighborhood(b *testing.B) {
	for _, size := range benchSizes {
		s := lattice(b, size)
		b.Run(fmt.Sprintf("relations=%d", size), func(b *testing.B) {
			c := &counting{Store: s}
			q := traverse.NeighborhoodQuery{ID: latticeID(100), Depth: 3}
			nodes := 0
			for b.Loop() {
				sub, err := traverse.Neighborhood(context.Background(), c, q)
				if err != nil || sub.Truncated {
					b.Fatalf("Neighborhood = %v, %v", sub, err)
				}
				nodes = len(sub.Nodes)
			}
			b.ReportMetric(float64(c.steps)/float64(b.N), "relations/op")
			b.ReportMetric(float64(nodes), "nodes")
		})
	}
}
