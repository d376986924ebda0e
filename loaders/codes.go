package loaders

import (
	"slices"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Resolution by code. An entity named without a key or Wikidata id that
// carries a code identifying one entity (store.CodeKeys: "cameo:USA", not
// the class code "cameo:IGO") is the entity of its type with that code in
// the graph, among the articles before it in the load, or among the
// entities of its own article that have a key or Wikidata id. Codes are
// tried before names: "Washington" coded USA is the United States (Q30)
// when the graph's Q30 carries cameo:USA, whatever its names.

// codeView holds the code keys of the graph's entities a batch asks about
// (found, from the store's ResolveCodes: see resolveBatch) and of the
// batch's articles already resolved (pending), by type.
type codeView struct {
	found, pending map[ontology.NodeType]map[string][]string
}

// candidates returns the ids of the other entities of e's type that share
// one of its identifying codes: in the graph, in the batch so far, or in
// own (the article's entities with a key or Wikidata id).
func (cv codeView) candidates(e *store.Entity, own map[ontology.NodeType]map[string][]string) map[string]bool {
	cands := map[string]bool{}
	for _, k := range store.CodeKeys(e) {
		for _, src := range []map[ontology.NodeType]map[string][]string{cv.found, cv.pending, own} {
			for _, id := range src[e.Type][k] {
				cands[id] = true
			}
		}
	}
	delete(cands, e.ID)
	return cands
}

// addCodeKeys indexes an entity's identifying codes in m.
func addCodeKeys(m map[ontology.NodeType]map[string][]string, e *store.Entity) {
	keys := store.CodeKeys(e)
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
