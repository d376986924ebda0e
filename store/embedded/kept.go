package embedded

import (
	"math"
	"strconv"
	"strings"
	"unique"

	"newsgraph/store"
)

// What the store keeps of an article version is not the graph that was put
// but a compact form of it (keptArticle): an archive has millions of claims,
// and most of them repeat one another. An entity claim is kept once however
// many articles make it (claimPool), its mention spans as numbers packed
// per article. A relation claim shares the head (type, ends, qualifiers) of
// the relation; the evidence of a version in place is kept once, in the
// relation's merged evidence (relationNode.evidenceOf), and a version keeps
// its own only until it is applied and again once it is replaced or
// deleted (the change feed may still report it). Quotes share the
// article's text where they are part of it, and the strings that repeat
// (the evidence's coding, sources, dates) are interned. The graph is
// rebuilt from that form, the same as normalize made it, when a compaction
// writes it to the log or the change feed reports it (graphOf).

// keptArticle is an article version as the store keeps it.
type keptArticle struct {
	article store.Article
	// claims are the entity claims, in the order of the graph (by entity
	// id); once the version is applied, those of the graph's claimPool.
	claims []*pooledClaim
	// mentions holds, for each claim in order, its number of mention
	// spans, then the start and end of each.
	mentions []uint32
	// relations are the relation claims, in the order of the graph (by
	// relation id).
	relations []keptRelation
	// h is the article's handle in graph.arts while a version of it is
	// in place (each version in place takes its predecessor's).
	h artHandle
}

// claimOf is the version's claim of entity id (its last, as claim keeps
// it), nil when it makes none.
func (k *keptArticle) claimOf(id string) *store.Entity {
	for i := len(k.claims) - 1; i >= 0; i-- {
		if c := k.claims[i]; c.entity.ID == id {
			return &c.entity
		}
	}
	return nil
}

// artHandle is an article's place in graph.arts, from its first put to its
// deletion; a handle freed by a deletion is given to a later article.
type artHandle = uint32

// addArticle returns a handle for a new article.
func (g *graph) addArticle() artHandle {
	if k := len(g.freeArts); k > 0 {
		h := g.freeArts[k-1]
		g.freeArts = g.freeArts[:k-1]
		return h
	}
	g.arts = append(g.arts, nil)
	return artHandle(len(g.arts) - 1)
}

// dropArticle frees a deleted article's handle, once no claim holds it.
func (g *graph) dropArticle(h artHandle) {
	g.arts[h] = nil
	g.freeArts = append(g.freeArts, h)
}

// keptRelation is an article's claim of a relation: the relation's head
// (without evidence; shared by every claim of the relation once applied)
// and the evidence the article gives, nil while the version is in place
// (it is then in the relation's merged evidence).
type keptRelation struct {
	head     *store.Relation
	evidence []store.Evidence
}

// pooledClaim is an entity claim, shared by every article version that
// makes it, with the number of applied versions that do (refs).
type pooledClaim struct {
	entity store.Entity
	key    claimKey
	refs   int
}

// claimKey identifies an entity claim by every field of it: two claims with
// the same key are equal.
type claimKey struct {
	id, typ, kind, name, aliases, wikidata, codes string
	date, endDate, format, status                 string
	round                                         int
	lat, long                                     uint64
	hasLat, hasLong                               bool
}

func claimKeyOf(e *store.Entity) claimKey {
	k := claimKey{id: e.ID, typ: string(e.Type), kind: e.Kind, name: e.Name, wikidata: e.Wikidata,
		date: e.Date, endDate: e.EndDate, format: e.Format, status: e.Status, round: e.Round}
	if len(e.Aliases) > 0 {
		var b strings.Builder
		for _, a := range e.Aliases {
			writeField(&b, a)
		}
		k.aliases = b.String()
	}
	if len(e.Codes) > 0 {
		var b strings.Builder
		for _, c := range e.Codes {
			writeField(&b, string(c.Scheme))
			writeField(&b, c.Value)
		}
		k.codes = b.String()
	}
	if e.Latitude != nil {
		k.lat, k.hasLat = math.Float64bits(*e.Latitude), true
	}
	if e.Longitude != nil {
		k.long, k.hasLong = math.Float64bits(*e.Longitude), true
	}
	return k
}

// writeField writes s with its length, so that a list of fields reads back
// one way only.
func writeField(b *strings.Builder, s string) {
	b.WriteString(strconv.Itoa(len(s)))
	b.WriteByte(':')
	b.WriteString(s)
}

// keepArticle makes the kept form of a normalized article graph. Its claims are
// not pooled yet (claimPool.take does that when the version is applied);
// it shares the graph's strings and evidence, which the caller no longer
// changes.
func keepArticle(g *store.ArticleGraph) *keptArticle {
	k := &keptArticle{article: g.Article, claims: make([]*pooledClaim, len(g.Entities))}
	k.article.Source, k.article.Published = intern(g.Article.Source), intern(g.Article.Published)
	aid, text := g.Article.ID, g.Article.Text
	spans := 0
	for _, c := range g.Entities {
		spans += len(c.Mentions)
	}
	k.mentions = make([]uint32, 0, len(g.Entities)+2*spans)
	for i := range g.Entities {
		c := &g.Entities[i]
		k.claims[i] = &pooledClaim{entity: c.Entity, key: claimKeyOf(&c.Entity)}
		k.mentions = append(k.mentions, uint32(len(c.Mentions)))
		for _, m := range c.Mentions {
			// A span is within the article's text, which is within a
			// log record (at most maxPayload bytes).
			k.mentions = append(k.mentions, uint32(m.Start), uint32(m.End))
		}
	}
	k.relations = make([]keptRelation, len(g.Relations))
	for i := range g.Relations {
		r := &g.Relations[i].Relation
		head := *r
		head.Evidence = nil
		ev := r.Evidence
		for j := range ev {
			e := &ev[j]
			if e.Article == aid {
				e.Article = aid
			}
			// A quote is most often a sentence of the text: then it
			// is kept as that part of the text.
			if i := strings.Index(text, e.Quote); e.Quote != "" && i >= 0 {
				e.Quote = text[i : i+len(e.Quote)]
			}
			e.CAMEO, e.PLOVER, e.Mode, e.Label = intern(e.CAMEO), intern(e.PLOVER), intern(e.Mode), intern(e.Label)
		}
		k.relations[i] = keptRelation{head: &head, evidence: ev}
	}
	return k
}

// intern returns the one copy of a short string that repeats.
func intern(s string) string {
	if s == "" {
		return ""
	}
	return unique.Make(s).Value()
}

// graphOf rebuilds the normalized article graph of a kept version. Its
// entities and relations are copies; their slices (aliases, codes,
// evidence) are shared, not to be changed.
func (g *graph) graphOf(k *keptArticle) *store.ArticleGraph {
	aid := k.article.ID
	out := &store.ArticleGraph{Article: k.article}
	if len(k.claims) > 0 {
		out.Entities = make([]store.EntityClaim, len(k.claims))
	}
	m := k.mentions
	for i, c := range k.claims {
		out.Entities[i].Entity = c.entity
		n := int(m[0])
		m = m[1:]
		if n > 0 {
			spans := make([]store.Span, n)
			for j := range spans {
				spans[j] = store.Span{Start: int(m[2*j]), End: int(m[2*j+1])}
			}
			out.Entities[i].Mentions = spans
			m = m[2*n:]
		}
	}
	if len(k.relations) > 0 {
		out.Relations = make([]store.RelationClaim, len(k.relations))
	}
	for i, r := range k.relations {
		ev := r.evidence
		if ev == nil {
			// A version in place: its evidence is in the relation's.
			ev = g.relations[r.head.ID].evidenceOf(aid)
		}
		out.Relations[i].Relation = *r.head
		out.Relations[i].Relation.Evidence = ev
	}
	return out
}

// claimPool holds each distinct entity claim of the applied article
// versions once.
type claimPool map[claimKey]*pooledClaim

// take replaces a version's claims by the pool's, adding those the pool
// lacks, and counts the version among their makers.
func (p claimPool) take(k *keptArticle) {
	for i, c := range k.claims {
		have := p[c.key]
		if have == nil {
			have = c
			have.refs = 0
			p[c.key] = have
		}
		have.refs++
		k.claims[i] = have
	}
}

// share replaces a version's claims by the pool's where it has them,
// without counting the version among their makers: for versions the store
// keeps that are not applied (changes of the feed).
func (p claimPool) share(k *keptArticle) {
	for i, c := range k.claims {
		if have := p[c.key]; have != nil {
			k.claims[i] = have
		}
	}
}

// release uncounts a version among the makers of its claims, dropping
// those no applied version makes any more.
func (p claimPool) release(k *keptArticle) {
	for _, c := range k.claims {
		c.refs--
		if c.refs <= 0 && p[c.key] == c {
			delete(p, c.key)
		}
	}
}
