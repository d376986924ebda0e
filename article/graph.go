package article

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	"newsgraph/ontology"
	"newsgraph/store"
)

// IdentityKey is the key that makes an entity the same across articles: its
// Key if set, else its Wikidata id, else for a meeting its date and
// normalised name ("2025-06-03-second-round-of-peace-talks", or just the
// name without a date), else its normalised name (store.NormalizeName).
func (e *Entity) IdentityKey() string {
	switch {
	case e.Key != "":
		return e.Key
	case e.Wikidata != "":
		return e.Wikidata
	case e.Type == ontology.Meeting.Lower() && e.Date != "":
		return e.Date + "-" + store.NormalizeName(e.Name)
	}
	return store.NormalizeName(e.Name)
}

// NodeID is the entity's id in the graph (store.EntityID of its type and
// identity key), the same in every article that names the same entity.
func (e *Entity) NodeID() string {
	t, ok := entityType(e.Type)
	if !ok {
		t = ontology.NodeType(e.Type)
	}
	return store.EntityID(t, e.IdentityKey())
}

// Hash is the hex SHA-256 of the document's canonical JSON encoding: the
// same document, read from JSON or YAML, always has the same hash.
func (d *Document) Hash() (string, error) {
	b, err := json.Marshal(d.canonical())
	if err != nil {
		return "", fmt.Errorf("article %s: encode: %w", d.ID, err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// canonical is a copy of the document in which values that mean the same
// encode the same: no entities is an empty list, empty qualifiers are none.
func (d *Document) canonical() *Document {
	c := *d
	if c.Entities == nil {
		c.Entities = []Entity{}
	}
	c.Relations = slices.Clone(d.Relations)
	for i, r := range c.Relations {
		if r.Qualifiers != nil && *r.Qualifiers == (Qualifiers{}) {
			c.Relations[i].Qualifiers = nil
		}
	}
	return &c
}

// Graph validates the document and converts it to the store's unit of
// writing.
//
// Entities of the document that resolve to the same node id (two local
// entities with the same Wikidata id, say) become one EntityClaim: the first
// entity's fields, every name and alias as aliases, the mentions together.
// Relations that resolve to the same relation id (same type, ends and
// qualifiers) become one RelationClaim whose evidence is every span that
// states it, sorted, without duplicates. Claims keep the order in which the
// document first names them.
func (d *Document) Graph() (*store.ArticleGraph, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	hash, err := d.Hash()
	if err != nil {
		return nil, err
	}
	articleID := store.ArticleID(d.ID)
	g := &store.ArticleGraph{Article: store.Article{
		ID:        articleID,
		Title:     d.Title,
		Text:      d.Text,
		Source:    d.Source,
		URL:       d.URL,
		Published: d.Published,
		Hash:      hash,
	}}
	nodeOf := map[string]string{} // local entity id -> node id
	g.Entities = mergeEntities(d.Entities, nodeOf)
	g.Relations = mergeRelations(d.Relations, nodeOf, articleID)
	return g, nil
}

// mergeEntities builds one claim per node id and fills nodeOf. The entities
// of the document that share a node id are merged by the rule that merges
// the claims of several articles (store.MergeClaims), taken in document
// order: the first non-empty value of each field wins, every other name
// becomes an alias.
func mergeEntities(entities []Entity, nodeOf map[string]string) []store.EntityClaim {
	var ids []string                            // node ids, in document order
	claims := map[string][]store.ArticleClaim{} // node id -> what the document says of it
	mentions := map[string][]store.Span{}
	for i := range entities {
		e := &entities[i]
		id := e.NodeID()
		nodeOf[e.ID] = id
		if _, seen := claims[id]; !seen {
			ids = append(ids, id)
			mentions[id] = []store.Span{}
		}
		claims[id] = append(claims[id], store.ArticleClaim{Entity: storeEntity(id, e)})
		for _, m := range e.Mentions {
			mentions[id] = append(mentions[id], store.Span{Start: m.Start, End: m.End})
		}
	}
	out := make([]store.EntityClaim, len(ids))
	for k, id := range ids {
		merged := store.MergeClaims(claims[id])
		merged.Articles = nil // the store fills them in
		if len(merged.Aliases) == 0 {
			merged.Aliases = nil
		}
		if len(merged.Codes) == 0 {
			merged.Codes = nil
		}
		out[k] = store.EntityClaim{Entity: *merged, Mentions: sortedSpans(mentions[id])}
	}
	return out
}

func storeEntity(id string, e *Entity) store.Entity {
	t, _ := entityType(e.Type)
	out := store.Entity{
		ID: id, Type: t, Name: e.Name, Aliases: e.Aliases, Kind: e.Kind, Wikidata: e.Wikidata,
		Date: e.Date, EndDate: e.EndDate, Round: e.Round, Format: e.Format, Status: e.Status,
	}
	if e.Latitude != nil && e.Longitude != nil {
		out.Latitude, out.Longitude = e.Latitude, e.Longitude
	}
	for _, c := range e.Codes {
		out.Codes = append(out.Codes, store.Code{Scheme: ontology.CodeScheme(c.Scheme), Value: c.Value})
	}
	return out
}

func sortedSpans(spans []store.Span) []store.Span {
	slices.SortFunc(spans, func(a, b store.Span) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	})
	return slices.Compact(spans)
}

// mergeRelations builds one claim per relation id.
func mergeRelations(relations []Relation, nodeOf map[string]string, articleID string) []store.RelationClaim {
	var claims []store.RelationClaim
	at := map[string]int{} // relation id -> index in claims
	for _, r := range relations {
		t := ontology.RelationType(r.Type)
		src, dst := nodeOf[r.Source], nodeOf[r.Target]
		q := storeQualifiers(r.Qualifiers, nodeOf)
		id := store.RelationID(t, src, dst, q)
		ev := store.Evidence{Article: articleID, Quote: r.Evidence.Text, Start: r.Evidence.Start, End: r.Evidence.End,
			EventCoding: store.EventCoding{CAMEO: r.Evidence.CAMEO, PLOVER: r.Evidence.PLOVER, Mode: r.Evidence.Mode, Label: r.Evidence.Label}}
		if k, seen := at[id]; seen {
			claims[k].Relation.Evidence = append(claims[k].Relation.Evidence, ev)
			continue
		}
		at[id] = len(claims)
		claims = append(claims, store.RelationClaim{Relation: store.Relation{
			ID: id, Type: t, Source: src, Target: dst, Qualifiers: q,
			Evidence: []store.Evidence{ev},
		}})
	}
	for k := range claims {
		rel := &claims[k].Relation
		store.SortEvidence(rel.Evidence)
		rel.Evidence = slices.Compact(rel.Evidence)
	}
	return claims
}

// storeQualifiers converts qualifiers, the place from a local entity id to
// its node id.
func storeQualifiers(q *Qualifiers, nodeOf map[string]string) store.Qualifiers {
	if q == nil {
		return store.Qualifiers{}
	}
	out := store.Qualifiers{Item: q.Item, Date: q.Date, Duration: q.Duration, Conditions: q.Conditions, When: q.When}
	if q.Place != "" {
		out.Place = nodeOf[q.Place]
	}
	if q.Quantity != nil {
		n := *q.Quantity
		out.Quantity = &n
	}
	return out
}
