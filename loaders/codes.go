package loaders

import (
	"context"
	"slices"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Resolution by code. An entity named without a key or Wikidata id that
// carries a code identifying it (identityKeys: "cameo:USA", not the class
// code "cameo:IGO", and not "cameo:RUSGOV" on the person Boris Yeltsin, see
// ontology.CodeSchemeSpec.IdentifiesKind) is the entity of its type with that code in
// the graph, among the articles before it in the load, or among the
// entities of its own article that have a key or Wikidata id. Codes are
// tried before names: "Washington" coded USA is the United States (Q30)
// when the graph's Q30 carries cameo:USA, whatever its names. A code that
// only describes an entity (a person's or a named organisation's state
// role code) is kept with it and never merges it.

// identityKeys returns the keys of the codes of e that identify it, sorted:
// store.CodeKeys (the codes that can identify an entity, which the stores
// index) of e's kind (ontology.CodeSchemeSpec.IdentifiesKind).
func identityKeys(e *store.Entity) []string {
	return slices.DeleteFunc(store.CodeKeys(e), func(k string) bool { return !keyIdentifies(k, e.Kind) })
}

// keyIdentifies reports whether the code of key k identifies an entity of
// the given kind.
func keyIdentifies(k string, kind string) bool {
	c, ok := store.ParseCodeKey(k)
	if !ok {
		return false
	}
	spec, ok := ontology.Scheme(c.Scheme)
	return ok && spec.IdentifiesKind(c.Value, kind)
}

// sameCode finds the entities of an article, among those that go by their
// name and are not in the graph yet, that share an identifying code with
// another of its type ("Kenyan officials" and "the Commission", both
// governments coded KENGOV; not the person "Moody Awori" coded KENGOV,
// whom the code describes): they are one entity.
// It maps each of them but the first to the first, the smallest id of the
// group, so that the group's id does not hang on the order of the
// document's entities; entity resolution then resolves the first, and
// rewriteGraph merges their claims and re-points their relations.
func sameCode(a *Article, v *view) map[string]string {
	parent := map[string]string{}
	find := func(id string) string {
		for parent[id] != id {
			id = parent[id]
		}
		return id
	}
	byKey := map[string]string{} // type and code key → an entity with it
	for _, c := range a.Graph.Entities {
		e := &c.Entity
		if !a.byName[e.ID] || v.exists(e.ID) {
			continue
		}
		for _, k := range identityKeys(e) {
			k = string(e.Type) + "\x00" + k
			if _, ok := parent[e.ID]; !ok {
				parent[e.ID] = e.ID
			}
			other, ok := byKey[k]
			if !ok {
				byKey[k] = e.ID
				continue
			}
			// Union: the smaller root leads.
			r1, r2 := find(e.ID), find(other)
			if r1 == r2 {
				continue
			}
			if r2 < r1 {
				r1, r2 = r2, r1
			}
			parent[r2] = r1
		}
	}
	out := map[string]string{}
	for id := range parent {
		if r := find(id); r != id {
			out[id] = r
		}
	}
	return out
}

// codeView holds the code keys of the graph's entities a batch asks about
// (found, from the store's ResolveCodes: see resolveBatch) and of the
// batch's articles already resolved (pending), by type.
type codeView struct {
	found, pending map[ontology.NodeType]map[string][]string
}

// identifiedOnly drops from found the entities that carry a code without
// being identified by it (a person coded RUSGOV: identityKeys), which the
// stores' ResolveCodes finds, as it indexes every code that can identify
// an entity whatever the entity's kind.
func (cv codeView) identifiedOnly(ctx context.Context, w Writer) error {
	var ids []string
	for _, byKey := range cv.found {
		for _, found := range byKey {
			ids = append(ids, found...)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	es, err := w.ProjectedEntities(ctx, ids, resolutionView)
	if err != nil {
		return err
	}
	kind := map[string]string{}
	for i, e := range es {
		if e != nil {
			kind[ids[i]] = e.Kind
		}
	}
	for _, byKey := range cv.found {
		for k, found := range byKey {
			byKey[k] = slices.DeleteFunc(found, func(id string) bool {
				kd, ok := kind[id]
				return ok && !keyIdentifies(k, kd)
			})
		}
	}
	return nil
}

// candidates returns the ids of the other entities of e's type that share
// one of its identifying codes: in the graph, in the batch so far, or in
// own (the article's entities with a key or Wikidata id).
func (cv codeView) candidates(e *store.Entity, own map[ontology.NodeType]map[string][]string) map[string]bool {
	cands := map[string]bool{}
	for _, k := range identityKeys(e) {
		for _, src := range []map[ontology.NodeType]map[string][]string{cv.found, cv.pending, own} {
			for _, id := range src[e.Type][k] {
				cands[id] = true
			}
		}
	}
	delete(cands, e.ID)
	return cands
}

// addCodeKeys indexes an entity's identifying codes (identityKeys) in m.
func addCodeKeys(m map[ontology.NodeType]map[string][]string, e *store.Entity) {
	keys := identityKeys(e)
	if len(keys) == 0 {
		return
	}
	if m[e.Type] == nil {
		m[e.Type] = map[string][]string{}
	}
	for _, k := range keys {
		if !slices.Contains(m[e.Type][k], e.ID) {
			m[e.Type][k] = append(m[e.Type][k], e.ID)
		}
	}
}
