package neo4jstore

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/textmatch"
)

// This file maps the store's types to node and relationship properties and
// back. Empty values are written as null, which removes the property, so
// that nodes in Neo4j Browser show only what is known; queries read them with
// coalesce(x, "").

// nullIfEmpty is s, or nil (no property) when s is empty.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// entityProps are the properties of an entity node, apart from id.
func entityProps(e *store.Entity) map[string]any {
	p := map[string]any{
		// '' rather than no property: the name index then holds every
		// entity, and lists in name order read it in order (list.go).
		"name":       e.Name,
		"kind":       nullIfEmpty(e.Kind),
		"aliases":    nil,
		"searchText": nullIfEmpty(textmatch.IndexText(append([]string{e.Name}, e.Aliases...)...)),
		"wikidata":   nullIfEmpty(e.Wikidata),
		"date":       nullIfEmpty(e.Date),
		"endDate":    nullIfEmpty(e.EndDate),
		"round":      nil,
		"format":     nullIfEmpty(e.Format),
		"latitude":   nil,
		"longitude":  nil,
		"status":     nullIfEmpty(e.Status),
	}
	if len(e.Aliases) > 0 {
		p["aliases"] = e.Aliases
	}
	// The name keys, for ResolveNames (names.go).
	maps.Copy(p, nameKeyProps(e))
	// The codes, for filters and ResolveCodes (codes.go).
	maps.Copy(p, codeProps(e))
	if e.Round != 0 {
		p["round"] = int64(e.Round)
	}
	if e.Latitude != nil && e.Longitude != nil {
		p["latitude"], p["longitude"] = *e.Latitude, *e.Longitude
	}
	return p
}

// entityFromNode reads an entity node. A node holds no article ids (they
// are its MENTIONS, see entityReturn): the entity's Articles is nil.
func entityFromNode(n neo4j.Node) (*store.Entity, error) {
	e, err := entityFromProps(n.Props, n.Labels)
	if e != nil {
		e.Articles = nil
	}
	return e, err
}

// entityFromProps reads an entity from its properties and labels, and its
// articles from the entry articlesKey, as entityReturn returns them.
func entityFromProps(props map[string]any, labels []string) (*store.Entity, error) {
	e := &store.Entity{
		ID:       str(props["id"]),
		Name:     str(props["name"]),
		Kind:     str(props["kind"]),
		Aliases:  strs(props["aliases"]),
		Wikidata: str(props["wikidata"]),
		Codes:    codesFromProp(props["codes"]),
		Date:     str(props["date"]),
		EndDate:  str(props["endDate"]),
		Round:    int(integer(props["round"])),
		Format:   str(props["format"]),
		Status:   str(props["status"]),
		Articles: sortedIDs(props[articlesKey]),
	}
	if total := int(integer(props[articleTotalKey])); total > len(e.Articles) {
		e.ArticleTotal = total
	}
	for _, l := range labels {
		if t := ontology.NodeType(l); t.IsEntity() {
			e.Type = t
		}
	}
	if e.Type == "" {
		return nil, fmt.Errorf("node %q has none of the entity labels %v", e.ID, ontology.Names(ontology.EntityTypes))
	}
	lat, okLat := props["latitude"].(float64)
	lon, okLon := props["longitude"].(float64)
	if okLat && okLon {
		e.Latitude, e.Longitude = &lat, &lon
	}
	return e, nil
}

// A statement that reads nodes for an answer with a store.Projection
// returns them as entityReturn and articleReturn say, and the answer reads
// them with entityFrom and articleFrom: an article as the whole node when
// the projection leaves nothing out of it, else a map of the properties read
// above without those left out; an entity always as a map, of those
// properties, its labels and, unless the projection leaves them out, the
// ids of the articles that mention it. So the server neither reads nor
// sends what the answer leaves out.

// entityPropNames are the properties entityFromProps reads.
var entityPropNames = []string{"id", "name", "kind", "aliases", "wikidata", "codes", "date", "endDate", "round",
	"format", "status", "latitude", "longitude"}

// articlePropNames are the properties articleFromNode reads, apart from
// text.
var articlePropNames = []string{"id", "title", "source", "url", "published", "hash"}

// namePropNames and titlePropNames are the properties of entities and
// articles that a projection with NamesOnly keeps, apart from text.
var (
	namePropNames  = []string{"id", "name"}
	titlePropNames = []string{"id", "title"}
)

// labelsKey and articlesKey are the keys of the labels and of the article
// ids in a map of an entity's properties (no entity node has a property of
// either name, nor of articleTotalKey).
const (
	labelsKey   = "labels"
	articlesKey = "articles"
	// articleTotalKey is the key of the number of articles that mention
	// an entity, read with a page of their ids.
	articleTotalKey = "articleTotal"
)

// entityReturn is what a statement returns of the entity node bound to v
// for an answer with the projection p: a map of its properties (names only
// with NamesOnly) and labels, and, unless NoArticles, of the ids of the
// articles that mention it (mentionedBy) and, when p keeps a page of them,
// of how many articles mention it. A statement with such a return takes
// the parameters of articlePageParams.
func entityReturn(v string, p store.Projection) string {
	names := entityPropNames
	if p.NamesOnly {
		names = namePropNames
	}
	extra := []string{fmt.Sprintf("%s: labels(%s)", labelsKey, v)}
	if !p.NoArticles {
		extra = append(extra, articlesKey+": "+mentionedBy(v, p))
		if p.PagesArticles() {
			extra = append(extra, fmt.Sprintf("%s: COUNT { (%s)<-[:%s]-() }", articleTotalKey, v, ontology.Mentions))
		}
	}
	return mapProjection(v, names, extra...)
}

// mentionedBy is the list of the ids of the articles that mention the
// entity node bound to v, in order: all of them, or the page that p keeps
// (the first $articleLimit after $articlesAfter). Each MENTIONS holds the
// id of its entity and of its article (entity, article), and the index
// mentionsIndex of those two reads the entity's in article id order, the
// page only: a page of a much mentioned entity costs the page. The index
// orders strings as Go does (by UTF-8 bytes: by code point); the reader
// sorts them again all the same (sortedIDs), which costs nothing on
// sorted ids. An article mentions an entity at most once
// (store.CheckArticleGraph), so the ids are distinct, and the number of an
// entity's MENTIONS is its number of articles.
func mentionedBy(v string, p store.Projection) string {
	after, limit := "m.article IS NOT NULL", ""
	if p.PagesArticles() && p.ArticlesAfter != "" {
		after = "m.article > $articlesAfter"
	}
	if p.PagesArticles() && p.ArticleLimit > 0 {
		limit = " LIMIT $articleLimit"
	}
	return fmt.Sprintf("COLLECT { MATCH ()-[m:%s]->() WHERE m.entity = %s.id AND %s RETURN m.article ORDER BY m.entity, m.article%s }",
		ontology.Mentions, v, after, limit)
}

// articlePageParams adds to params, and returns, the parameters of the
// page of articles that entityReturn reads with p.
func articlePageParams(p store.Projection, params map[string]any) map[string]any {
	if p.PagesArticles() {
		params["articlesAfter"], params["articleLimit"] = p.ArticlesAfter, int64(p.ArticleLimit)
	}
	return params
}

// articleReturn is what a statement returns of the article node bound to
// v for an answer with the projection p: the whole node when the
// projection leaves nothing out, else a map of its properties (titles
// only with NamesOnly), with its text unless NoText.
func articleReturn(v string, p store.Projection) string {
	if !p.NoText && !p.NamesOnly {
		return v
	}
	names := articlePropNames
	if p.NamesOnly {
		names = titlePropNames
	}
	if !p.NoText {
		names = append(names[:len(names):len(names)], "text")
	}
	return mapProjection(v, names)
}

// mapProjection is the Cypher map projection of the properties names of
// the node v, with the entries extra.
func mapProjection(v string, names []string, extra ...string) string {
	items := make([]string, 0, len(names)+len(extra))
	for _, n := range names {
		items = append(items, "."+n)
	}
	return v + " {" + strings.Join(append(items, extra...), ", ") + "}"
}

// entityFrom reads an entity as entityReturn returns it, and applies the
// projection p.
func entityFrom(v any, p store.Projection) (*store.Entity, error) {
	props, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("an entity read as %T, not a map", v)
	}
	e, err := entityFromProps(props, strs(props[labelsKey]))
	if err != nil {
		return nil, err
	}
	return p.Entity(e), nil
}

// articleFrom reads an article as articleReturn returns it, and applies
// the projection p.
func articleFrom(v any, p store.Projection) (*store.Article, error) {
	switch x := v.(type) {
	case neo4j.Node:
		return p.Article(articleFromNode(x)), nil
	case map[string]any:
		return p.Article(articleFromProps(x)), nil
	}
	return nil, fmt.Errorf("an article read as %T, neither a node nor a map", v)
}

// articleProps are the properties of an article node, apart from id.
func articleProps(a *store.Article) map[string]any {
	return map[string]any{
		"title":     nullIfEmpty(a.Title),
		"text":      nullIfEmpty(a.Text),
		"source":    nullIfEmpty(a.Source),
		"url":       nullIfEmpty(a.URL),
		"published": nullIfEmpty(a.Published),
		"hash":      nullIfEmpty(a.Hash),
		// The words of the title, for the full-text index.
		"searchText": nullIfEmpty(textmatch.IndexText(a.Title)),
	}
}

// articleFromNode reads an article node.
func articleFromNode(n neo4j.Node) *store.Article {
	return articleFromProps(n.Props)
}

// articleFromProps reads an article from its properties.
func articleFromProps(props map[string]any) *store.Article {
	return &store.Article{
		ID:        str(props["id"]),
		Title:     str(props["title"]),
		Text:      str(props["text"]),
		Source:    str(props["source"]),
		URL:       str(props["url"]),
		Published: str(props["published"]),
		Hash:      str(props["hash"]),
	}
}

// qualifierProps are the qualifier properties of an evidence relationship.
func qualifierProps(q store.Qualifiers) map[string]any {
	p := map[string]any{
		string(ontology.Quantity):   nil,
		string(ontology.Item):       nullIfEmpty(q.Item),
		string(ontology.Date):       nullIfEmpty(q.Date),
		string(ontology.Duration):   nullIfEmpty(q.Duration),
		string(ontology.Conditions): nullIfEmpty(q.Conditions),
		string(ontology.PlaceOf):    nullIfEmpty(q.Place),
		string(ontology.When):       nullIfEmpty(q.When),
	}
	if q.Quantity != nil {
		p[string(ontology.Quantity)] = int64(*q.Quantity)
	}
	return p
}

// qualifiersFromProps reads the qualifiers of an evidence relationship.
func qualifiersFromProps(p map[string]any) store.Qualifiers {
	q := store.Qualifiers{
		Item:       str(p[string(ontology.Item)]),
		Date:       str(p[string(ontology.Date)]),
		Duration:   str(p[string(ontology.Duration)]),
		Conditions: str(p[string(ontology.Conditions)]),
		Place:      str(p[string(ontology.PlaceOf)]),
		When:       str(p[string(ontology.When)]),
	}
	if v, ok := p[string(ontology.Quantity)].(int64); ok {
		n := int(v)
		q.Quantity = &n
	}
	return q
}

// codingProps are the properties of an evidence relationship that keep
// the source's own coding of the event (absent when it gave none).
func codingProps(c store.EventCoding) map[string]any {
	return map[string]any{
		"cameo":  nullIfEmpty(c.CAMEO),
		"plover": nullIfEmpty(c.PLOVER),
		"mode":   nullIfEmpty(c.Mode),
		"label":  nullIfEmpty(c.Label),
	}
}

// claim is the JSON kept on a MENTIONS relationship: what the article said
// of the entity, from which store.MergeClaims recomputes it.
type claim struct {
	ID        string      `json:"id"`
	Type      string      `json:"type"`
	Kind      string      `json:"kind,omitempty"`
	Name      string      `json:"name,omitempty"`
	Aliases   []string    `json:"aliases,omitempty"`
	Wikidata  string      `json:"wikidata,omitempty"`
	Codes     []codeClaim `json:"codes,omitempty"`
	Date      string      `json:"date,omitempty"`
	EndDate   string      `json:"endDate,omitempty"`
	Round     int         `json:"round,omitempty"`
	Format    string      `json:"format,omitempty"`
	Latitude  *float64    `json:"latitude,omitempty"`
	Longitude *float64    `json:"longitude,omitempty"`
	Status    string      `json:"status,omitempty"`
}

func encodeClaim(e *store.Entity) string {
	b, _ := json.Marshal(claim{
		ID: e.ID, Type: string(e.Type), Kind: e.Kind, Name: e.Name, Aliases: e.Aliases,
		Wikidata: e.Wikidata, Codes: encodeCodes(e.Codes), Date: e.Date, EndDate: e.EndDate, Round: e.Round, Format: e.Format,
		Latitude: e.Latitude, Longitude: e.Longitude, Status: e.Status,
	})
	return string(b)
}

func decodeClaim(s string) (store.Entity, error) {
	var c claim
	if err := json.Unmarshal([]byte(s), &c); err != nil {
		return store.Entity{}, fmt.Errorf("malformed MENTIONS claim: %v", err)
	}
	return store.Entity{
		ID: c.ID, Type: ontology.NodeType(c.Type), Kind: c.Kind, Name: c.Name, Aliases: c.Aliases,
		Wikidata: c.Wikidata, Codes: decodeCodes(c.Codes), Date: c.Date, EndDate: c.EndDate, Round: c.Round, Format: c.Format,
		Latitude: c.Latitude, Longitude: c.Longitude, Status: c.Status,
	}, nil
}

// Loose readers of driver values: a missing property reads as the zero value.

func str(v any) string {
	s, _ := v.(string)
	return s
}

func integer(v any) int64 {
	n, _ := v.(int64)
	return n
}

// sortedIDs reads a list of ids and sorts it (by UTF-8 bytes, as the store's
// ids are sorted); it never returns nil, like store.MergeClaims.
func sortedIDs(v any) []string {
	ids := strs(v)
	slices.Sort(ids)
	return ids
}

// strs reads a list of strings; it never returns nil, like store.MergeClaims.
func strs(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// sortedUnique sorts ids and drops repeats.
func sortedUnique(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
