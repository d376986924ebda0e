package loaders

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Entity resolution (see the package documentation for the rules) runs on
// each batch of articles before it is written: one store.ResolveNames per
// entity type for the name keys of every entity of the batch that goes by
// its name, one Store.Entities to know which of those already exist, then
// each article in order, matched against the graph as it was before the
// batch plus the articles of the batch before it (pending), which is what
// the graph would be had they been written one by one.

// byType asks resolve, one call per entity type, for the sorted, distinct
// keys of that type (a ResolveNames or a ResolveCodes), and returns what it
// found by type.
func byType(ctx context.Context, keys map[ontology.NodeType][]string,
	resolve func(context.Context, ontology.NodeType, []string) (map[string][]string, error)) (map[ontology.NodeType]map[string][]string, error) {
	out := map[ontology.NodeType]map[string][]string{}
	for _, t := range ontology.EntityTypes {
		if len(keys[t]) == 0 {
			continue
		}
		found, err := resolve(ctx, t, slices.Compact(slices.Sorted(slices.Values(keys[t]))))
		if err != nil {
			return nil, err
		}
		out[t] = found
	}
	return out, nil
}

// view is the graph as an article of a batch sees it.
type view struct {
	found    map[ontology.NodeType]map[string][]string // name key → ids, from the store
	existing map[string]bool                           // ids in the store
	// pending holds the entities of the batch's articles already
	// resolved: their keys, ids and names.
	pending      map[ontology.NodeType]map[string][]string
	pendingNames map[string]string
	// codes is the same for identifying codes (identityKeys): code
	// key → ids, from the store (found) and the batch (pending).
	codes codeView
}

// ambiguity is an entity that two or more entities could be.
type ambiguity struct {
	art        *Article
	claim      store.Entity
	candidates []string
}

// resolveBatch resolves the entities of a batch, rewriting their graphs
// and counting in each article's Resolved the entities it matched with an
// existing entity. Entities that could be several are left as they are,
// with a warning on their article.
func resolveBatch(ctx context.Context, w Writer, batch []*Article) error {
	keys := map[ontology.NodeType][]string{}
	codes := map[ontology.NodeType][]string{}
	var ids []string
	for _, a := range batch {
		for _, c := range a.Graph.Entities {
			if a.byName[c.Entity.ID] {
				keys[c.Entity.Type] = append(keys[c.Entity.Type], store.NameKeys(&c.Entity)...)
				codes[c.Entity.Type] = append(codes[c.Entity.Type], identityKeys(&c.Entity)...)
				ids = append(ids, c.Entity.ID)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	v := &view{
		existing:     map[string]bool{},
		pending:      map[ontology.NodeType]map[string][]string{},
		pendingNames: map[string]string{},
		codes:        codeView{pending: map[ontology.NodeType]map[string][]string{}},
	}
	var err error
	if v.found, err = byType(ctx, keys, w.ResolveNames); err != nil {
		return err
	}
	if v.codes.found, err = byType(ctx, codes, w.ResolveCodes); err != nil {
		return err
	}
	if err := v.codes.identifiedOnly(ctx, w); err != nil {
		return err
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	have, err := w.ProjectedEntities(ctx, ids, resolutionView)
	if err != nil {
		return err
	}
	for i, e := range have {
		if e != nil {
			v.existing[ids[i]] = true
		}
	}

	var ambiguous []ambiguity
	for _, a := range batch {
		ambiguous = append(ambiguous, resolveArticle(a, v)...)
		v.add(a.Graph)
	}
	return warn(ctx, w, ambiguous, v)
}

// resolveArticle resolves the entities of one article against v, rewriting
// its graph and setting its Resolved. It returns the entities it could not
// decide.
func resolveArticle(a *Article, v *view) []ambiguity {
	g := a.Graph
	// The article's own entities with a key or Wikidata id are
	// candidates too: "Zelenskyy" may be the "Volodymyr Zelensky" (Q3881739)
	// of the same article.
	own := map[ontology.NodeType]map[string][]string{}
	ownCodes := map[ontology.NodeType]map[string][]string{}
	for _, c := range g.Entities {
		if !a.byName[c.Entity.ID] {
			addKeys(own, &c.Entity)
			addCodeKeys(ownCodes, &c.Entity)
		}
	}
	// Entities of the article that share an identifying code are one
	// (sameCode): the others follow their first.
	first := sameCode(a, v)
	to := map[string]string{}
	var ambiguous []ambiguity
	for _, c := range g.Entities {
		e := &c.Entity
		if !a.byName[e.ID] || v.exists(e.ID) {
			continue // explicit, or already in the graph under its own id
		}
		if _, ok := first[e.ID]; ok {
			continue // resolved with its first
		}
		// A code that identifies one entity decides before names do.
		cands := v.codes.candidates(e, ownCodes)
		if len(cands) == 0 {
			for _, k := range store.NameKeys(e) {
				for _, src := range []map[ontology.NodeType]map[string][]string{v.found, v.pending, own} {
					for _, id := range src[e.Type][k] {
						cands[id] = true
					}
				}
			}
			delete(cands, e.ID)
		}
		switch len(cands) {
		case 0:
		case 1:
			for id := range cands {
				to[e.ID] = id
			}
		default:
			ambiguous = append(ambiguous, ambiguity{art: a, claim: *e, candidates: slices.Sorted(maps.Keys(cands))})
		}
	}
	a.Resolved = len(to)
	for id, f := range first {
		if dst, ok := to[f]; ok {
			to[id] = dst
		} else {
			to[id] = f
		}
	}
	if len(to) > 0 {
		a.Graph = rewriteGraph(g, to)
	}
	return ambiguous
}

func (v *view) exists(id string) bool {
	if v.existing[id] {
		return true
	}
	_, ok := v.pendingNames[id]
	return ok
}

// add makes an article's entities visible to the articles after it.
func (v *view) add(g *store.ArticleGraph) {
	for _, c := range g.Entities {
		addKeys(v.pending, &c.Entity)
		addCodeKeys(v.codes.pending, &c.Entity)
		if _, ok := v.pendingNames[c.Entity.ID]; !ok {
			v.pendingNames[c.Entity.ID] = c.Entity.Name
		}
	}
}

func addKeys(m map[ontology.NodeType]map[string][]string, e *store.Entity) {
	if m[e.Type] == nil {
		m[e.Type] = map[string][]string{}
	}
	for _, k := range store.NameKeys(e) {
		if !slices.Contains(m[e.Type][k], e.ID) {
			m[e.Type][k] = append(m[e.Type][k], e.ID)
		}
	}
}

// warn attaches a warning to the article of each ambiguous entity, naming
// the candidates.
func warn(ctx context.Context, w Writer, ambiguous []ambiguity, v *view) error {
	if len(ambiguous) == 0 {
		return nil
	}
	names := maps.Clone(v.pendingNames)
	var lookup []string
	for _, a := range ambiguous {
		for _, id := range a.candidates {
			if _, ok := names[id]; !ok {
				lookup = append(lookup, id)
			}
		}
	}
	if len(lookup) > 0 {
		slices.Sort(lookup)
		lookup = slices.Compact(lookup)
		es, err := w.ProjectedEntities(ctx, lookup, resolutionView)
		if err != nil {
			return err
		}
		for i, e := range es {
			if e != nil {
				names[lookup[i]] = e.Name
			}
		}
	}
	for _, a := range ambiguous {
		cands := make([]string, len(a.candidates))
		for i, id := range a.candidates {
			cands[i] = fmt.Sprintf("%s (%q)", id, names[id])
		}
		a.art.Warnings = append(a.art.Warnings, fmt.Sprintf(
			"entity %q could be %s: kept as %s (give the entity a key or a Wikidata id to choose)",
			a.claim.Name, orList(cands), a.claim.ID))
	}
	return nil
}

// orList joins "a", "b", "c" as "a, b or c".
func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// rewriteGraph returns g with the entities whose ids are keys of to given
// the ids they map to. Claims that end with the same id become one (the
// claim of the entity that had the id keeps its fields; names become
// aliases; mentions are merged), and so do relations that end with the
// same id.
func rewriteGraph(g *store.ArticleGraph, to map[string]string) *store.ArticleGraph {
	out := &store.ArticleGraph{Article: g.Article}
	at := map[string]int{}     // entity id → index in out.Entities
	moved := map[string]bool{} // ids whose claim so far is a moved one
	for _, c := range g.Entities {
		id, isMoved := c.Entity.ID, false
		if dst, ok := to[id]; ok {
			id, isMoved = dst, true
		}
		c = cloneClaim(c)
		c.Entity.ID = id
		k, seen := at[id]
		if !seen {
			at[id] = len(out.Entities)
			moved[id] = isMoved
			out.Entities = append(out.Entities, c)
			continue
		}
		have := &out.Entities[k]
		if moved[id] && !isMoved {
			// The entity's own claim leads.
			*have = mergeClaims(c, *have)
			moved[id] = false
			continue
		}
		*have = mergeClaims(*have, c)
	}

	byID := map[string]int{}
	for _, c := range g.Relations {
		rel := c.Relation
		if dst, ok := to[rel.Source]; ok {
			rel.Source = dst
		}
		if dst, ok := to[rel.Target]; ok {
			rel.Target = dst
		}
		if dst, ok := to[rel.Qualifiers.Place]; ok {
			rel.Qualifiers.Place = dst
		}
		rel.ID = store.RelationID(rel.Type, rel.Source, rel.Target, rel.Qualifiers)
		rel.Evidence = slices.Clone(rel.Evidence)
		if k, ok := byID[rel.ID]; ok {
			have := &out.Relations[k].Relation
			have.Evidence = append(have.Evidence, rel.Evidence...)
			store.SortEvidence(have.Evidence)
			have.Evidence = slices.Compact(have.Evidence)
			continue
		}
		byID[rel.ID] = len(out.Relations)
		out.Relations = append(out.Relations, store.RelationClaim{Relation: rel})
	}
	return out
}

func cloneClaim(c store.EntityClaim) store.EntityClaim {
	c.Entity.Aliases = slices.Clone(c.Entity.Aliases)
	c.Mentions = slices.Clone(c.Mentions)
	return c
}

// mergeClaims merges b into a: a's fields win, b fills those a lacks; every
// name of both but a's is an alias; mentions are merged.
func mergeClaims(a, b store.EntityClaim) store.EntityClaim {
	m := store.MergeClaims([]store.ArticleClaim{{Article: "a", Entity: a.Entity}, {Article: "b", Entity: b.Entity}})
	m.ID, m.Articles = a.Entity.ID, nil
	if len(m.Aliases) == 0 {
		m.Aliases = nil
	}
	out := store.EntityClaim{Entity: *m, Mentions: append(slices.Clone(a.Mentions), b.Mentions...)}
	slices.SortFunc(out.Mentions, func(x, y store.Span) int {
		if x.Start != y.Start {
			return x.Start - y.Start
		}
		return x.End - y.End
	})
	out.Mentions = slices.Compact(out.Mentions)
	return out
}
