package neo4jstore

import (
	"encoding/json"
	"fmt"

	"newsgraph/store"
)

// An entity node holds its merged form (store.MergeClaims of the claims on
// its MENTIONS) and, in its sources property, the article each
// single-valued field of that form came from (store.ClaimSources). That is
// enough to fold new claims into the form without reading the old ones
// (store.FoldClaims). Writing an article that no other version of preceded
// only adds claims and folds them in; replacing or deleting one takes claims
// away, and the entities it touched are merged again from every claim they
// have left.

// sources maps a field of an entity to the article its value came from.
type sources = store.ClaimSources

func encodeSources(src sources) string {
	b, _ := json.Marshal(src)
	return string(b)
}

func decodeSources(s string) (sources, error) {
	src := sources{}
	if s == "" {
		return src, nil
	}
	if err := json.Unmarshal([]byte(s), &src); err != nil {
		return nil, fmt.Errorf("malformed sources of an entity: %v", err)
	}
	return src, nil
}

// fold is store.FoldClaims.
func fold(cur *store.Entity, src sources, claims []store.ArticleClaim) (*store.Entity, sources) {
	return store.FoldClaims(cur, src, claims)
}
