package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Builder builds a store.ArticleGraph for tests. Spans are not written by
// hand: a mention or a quote is given as text, and the builder finds its
// first occurrence in the article's text and computes the span in code
// points, so fixtures stay readable and their offsets stay right.
type Builder struct {
	g     store.ArticleGraph
	byRel map[string]int // relation id → index in g.Relations
	last  string         // the relation Relate added evidence to last
}

// NewArticle starts an article whose own id is id (its node id is
// store.ArticleID(id)).
func NewArticle(id, title, source, published, text string) *Builder {
	return &Builder{
		g: store.ArticleGraph{Article: store.Article{
			ID:        store.ArticleID(id),
			Title:     title,
			Text:      text,
			Source:    source,
			URL:       "https://news.example/" + id,
			Published: published,
		}},
		byRel: map[string]int{},
	}
}

// Entity adds an entity claim; each mention is text of the article.
func (b *Builder) Entity(e store.Entity, mentions ...string) *Builder {
	c := store.EntityClaim{Entity: e}
	for _, m := range mentions {
		start, end := b.find(m)
		c.Mentions = append(c.Mentions, store.Span{Start: start, End: end})
	}
	b.g.Entities = append(b.g.Entities, c)
	return b
}

// Relate adds a relation claim whose evidence is quote, a piece of the
// article's text. Relating the same relation again (same type, ends and
// qualifiers) adds a second piece of evidence to the same claim.
func (b *Builder) Relate(t ontology.RelationType, source, target string, q store.Qualifiers, quote string) *Builder {
	id := store.RelationID(t, source, target, q)
	start, end := b.find(quote)
	ev := store.Evidence{Article: b.g.Article.ID, Quote: quote, Start: start, End: end}
	b.last = id
	if i, ok := b.byRel[id]; ok {
		r := &b.g.Relations[i].Relation
		r.Evidence = append(r.Evidence, ev)
		return b
	}
	b.byRel[id] = len(b.g.Relations)
	b.g.Relations = append(b.g.Relations, store.RelationClaim{Relation: store.Relation{
		ID: id, Type: t, Source: source, Target: target, Qualifiers: q,
		Evidence: []store.Evidence{ev},
	}})
	return b
}

// Code sets the source's coding of the evidence added last (by the last
// Relate).
func (b *Builder) Code(c store.EventCoding) *Builder {
	for i := len(b.g.Relations) - 1; i >= 0; i-- {
		r := &b.g.Relations[i].Relation
		if r.ID == b.last {
			r.Evidence[len(r.Evidence)-1].EventCoding = c
			return b
		}
	}
	panic("storetest: Code before Relate")
}

// Build returns a deep copy of the graph with its Hash set to a digest of
// its content, so that any change of content changes the hash.
func (b *Builder) Build() *store.ArticleGraph {
	g := CloneGraph(&b.g)
	g.Article.Hash = ""
	data, err := json.Marshal(g)
	if err != nil {
		panic(fmt.Sprintf("storetest: hashing article %s: %v", g.Article.ID, err))
	}
	sum := sha256.Sum256(data)
	g.Article.Hash = hex.EncodeToString(sum[:8])
	return g
}

// find locates text in the article and returns its span in code points.
func (b *Builder) find(text string) (start, end int) {
	i := strings.Index(b.g.Article.Text, text)
	if i < 0 || text == "" {
		panic(fmt.Sprintf("storetest: %q is not in the text of %s", text, b.g.Article.ID))
	}
	start = utf8.RuneCountInString(b.g.Article.Text[:i])
	return start, start + utf8.RuneCountInString(text)
}

// SpanOf returns the span, in code points, of the first occurrence of quote
// in text.
func SpanOf(text, quote string) (start, end int) {
	b := Builder{g: store.ArticleGraph{Article: store.Article{Text: text}}}
	return b.find(quote)
}

var wikidataID = regexp.MustCompile(`^Q[0-9]+$`)

// entity makes an entity whose key is a Wikidata id ("Q212") or an explicit
// key ("rustem-umerov"); a Wikidata key also sets the Wikidata field.
func entity(t ontology.NodeType, key, name, kind string, aliases []string) store.Entity {
	e := store.Entity{ID: store.EntityID(t, key), Type: t, Kind: kind, Name: name, Aliases: aliases}
	if wikidataID.MatchString(key) {
		e.Wikidata = key
	}
	return e
}

// Actor makes an actor claim.
func Actor(key, name, kind string, aliases ...string) store.Entity {
	return entity(ontology.Actor, key, name, kind, aliases)
}

// Agreement makes an agreement claim.
func Agreement(key, name, kind, status string, aliases ...string) store.Entity {
	e := entity(ontology.Agreement, key, name, kind, aliases)
	e.Status = status
	return e
}

// Meeting makes a meeting claim.
func Meeting(key, name, date string, round int, format string, aliases ...string) store.Entity {
	e := entity(ontology.Meeting, key, name, "", aliases)
	e.Date, e.Round, e.Format = date, round, format
	return e
}

// Place makes a place claim; coordinates are optional (pass nil).
func Place(key, name, kind string, latLon *[2]float64, aliases ...string) store.Entity {
	e := entity(ontology.Place, key, name, kind, aliases)
	if latLon != nil {
		lat, lon := latLon[0], latLon[1]
		e.Latitude, e.Longitude = &lat, &lon
	}
	return e
}

// Qty returns a pointer to n, for Qualifiers.Quantity.
func Qty(n int) *int { return &n }

// CloneGraph returns a deep copy of g.
func CloneGraph(g *store.ArticleGraph) *store.ArticleGraph {
	out := &store.ArticleGraph{Article: g.Article}
	for _, c := range g.Entities {
		out.Entities = append(out.Entities, store.EntityClaim{
			Entity:   *c.Entity.Clone(),
			Mentions: append([]store.Span(nil), c.Mentions...),
		})
	}
	for _, c := range g.Relations {
		out.Relations = append(out.Relations, store.RelationClaim{Relation: *c.Relation.Clone()})
	}
	return out
}
