package neo4jstore

import (
	"context"
	"fmt"
	"iter"
	"maps"
	"strings"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
)

// A relation's id is a hash of its type, ends and qualifiers
// (store.RelationID), so the type of an id never changes. The relId
// indexes are per relationship type: a lookup by id that does not know the
// type seeks every id in every type's index. The types of the relations
// the store has read (Expand's steps, lookups' answers) are remembered
// here, for the process, so that a later lookup of those ids (a
// neighbourhood's or a path's relations, right after the traversal that
// found them) seeks each in its own type's index only. An id whose type is
// not known is sought in every index, as before; a remembered type is never
// wrong, only forgotten (all at once, when the table is full).

// maxKnownTypes bounds the ids whose types are remembered.
const maxKnownTypes = 1 << 18

// knownTypes is the table of remembered types.
var knownTypes = struct {
	sync.RWMutex
	byID map[string]ontology.RelationType
}{byID: map[string]ontology.RelationType{}}

// rememberTypes records the type of relations by id: id, type pairs.
func rememberTypes(pairs iter.Seq2[string, ontology.RelationType]) {
	knownTypes.Lock()
	defer knownTypes.Unlock()
	for id, t := range pairs {
		if _, ok := knownTypes.byID[id]; ok {
			continue
		}
		if _, valid := ontology.Relation(t); !valid {
			continue
		}
		if len(knownTypes.byID) >= maxKnownTypes {
			clear(knownTypes.byID)
		}
		knownTypes.byID[id] = t
	}
}

// typedIDsParam is the parameter of the ids sought in the index of t.
func typedIDsParam(t ontology.RelationType) string { return "ids_" + string(t) }

// typedIDs splits ids into the parameters of relationsByTypedID: for each
// relation type, the ids known to be of that type, and (ids) those of no
// known type, sought in every type's index.
func typedIDs(ids []string) map[string]any {
	byType := map[ontology.RelationType][]string{}
	var unknown []string
	knownTypes.RLock()
	for _, id := range ids {
		if t, ok := knownTypes.byID[id]; ok {
			byType[t] = append(byType[t], id)
		} else {
			unknown = append(unknown, id)
		}
	}
	knownTypes.RUnlock()
	// Lists, never null: null + a list is null, and seeks nothing.
	list := func(ids []string) []string { return append([]string{}, sortedUnique(ids)...) }
	params := make(map[string]any, len(ontology.RelationTypes)+1)
	for _, t := range ontology.RelationTypes {
		params[typedIDsParam(t)] = list(byType[t])
	}
	params["ids"] = list(unknown)
	return params
}

// relationsByTypedID is relationsByID with one list of ids per type
// (typedIDs): the statement is the same whatever the ids, so its plan is
// cached once.
func relationsByTypedID(columns string) string {
	branches := make([]string, len(ontology.RelationTypes))
	for i, t := range ontology.RelationTypes {
		branches[i] = fmt.Sprintf("  MATCH ()-[r:%s]->() WHERE r.relId IN $%s + $ids RETURN r", relType(t), typedIDsParam(t))
	}
	return `CALL () {
` + strings.Join(branches, "\n  UNION ALL\n") + `
}
WITH r.relId AS id, collect(r) AS rs
WITH id, rs, head(rs) AS q
RETURN ` + columns
}

// lookUpRelations runs the statement finding the relations ids, returning
// columns (made with the compiler c, whose parameters it adds to), and
// remembers their types.
func lookUpRelations(ctx context.Context, tx neo4j.ManagedTransaction, c *compiler, columns string,
	ids []string) ([]*neo4j.Record, error) {
	maps.Copy(c.params, typedIDs(ids))
	recs, err := run(ctx, tx, relationsByTypedID(columns), c.params)
	if err != nil {
		return nil, err
	}
	rememberRecordTypes(recs)
	return recs, nil
}

// rememberRecordTypes remembers the type of the relation of each of recs,
// rows whose first two columns are a relation's id and type.
func rememberRecordTypes(recs []*neo4j.Record) {
	rememberTypes(func(yield func(string, ontology.RelationType) bool) {
		for _, rec := range recs {
			if !yield(str(rec.Values[0]), ontology.RelationType(str(rec.Values[1]))) {
				return
			}
		}
	})
}
