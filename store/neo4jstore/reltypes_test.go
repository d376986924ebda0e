package neo4jstore

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
)

// TestRelationLookupSeeks checks where a lookup of relations by id seeks
// each id: in every type's relId index while the types are unknown, in its
// own type's index only once Expand has seen the relations (as a
// neighbourhood's or a path's lookup follows the traversal that found
// them), which costs fewer db hits. The answer is the same. The lookup
// shows the relations' evidence: one that shows no more than heads keep
// reads heads instead, whatever their types (TestRelationLookupsReadHeads).
func TestRelationLookupSeeks(t *testing.T) {
	s := openTestStore(t)
	if _, err := s.PutArticle(t.Context(), storetest.Star(12)); err != nil {
		t.Fatal(err)
	}
	all, err := s.ListRelations(t.Context(), store.RelationQuery{First: 100})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range all.Items {
		ids = append(ids, r.ID)
	}
	if len(ids) != 16 {
		t.Fatalf("%d relations, want 16", len(ids))
	}
	lookup := []store.RelationQuery{{Where: &store.RelationFilter{ID: &store.StringFilter{In: ids}},
		Order: store.Order{Field: store.OrderByID}, First: len(ids)}}
	// sought returns, for each id, the types whose index a lookup seeks
	// it in.
	sought := func() map[string][]ontology.RelationType {
		out := map[string][]ontology.RelationType{}
		params := typedIDs(ids)
		for _, typ := range ontology.RelationTypes {
			for _, id := range append(params[typedIDsParam(typ)].([]string), params["ids"].([]string)...) {
				out[id] = append(out[id], typ)
			}
		}
		return out
	}
	// hits looks the relations up and returns the db hits of its
	// statement.
	hits := func() int64 {
		p := &profiler{}
		profiling.Store(p)
		defer profiling.Store(nil)
		pages, err := s.RelationsOf(t.Context(), lookup)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(all.Items, pages[0].Items); d != "" {
			t.Errorf("lookup (-want +got):\n%s", d)
		}
		if got := p.statements.Load(); got != 1 {
			t.Errorf("%d statements, want 1", got)
		}
		return p.hits.Load()
	}

	knownTypes.Lock()
	clear(knownTypes.byID)
	knownTypes.Unlock()
	unknown, own := map[string][]ontology.RelationType{}, map[string][]ontology.RelationType{}
	for _, r := range all.Items {
		unknown[r.ID], own[r.ID] = ontology.RelationTypes, []ontology.RelationType{r.Type}
	}
	if d := cmp.Diff(unknown, sought()); d != "" {
		t.Errorf("types unknown: indexes sought (-want +got):\n%s", d)
	}
	before := hits()
	knownTypes.Lock()
	clear(knownTypes.byID)
	knownTypes.Unlock()
	hub := store.EntityID(ontology.Actor, "star-hub")
	if _, err := s.Expand(t.Context(), []string{hub}, store.Both, nil, 100); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(own, sought()); d != "" {
		t.Errorf("after Expand: indexes sought (-want +got):\n%s", d)
	}
	if after := hits(); after >= before {
		t.Errorf("after Expand: %d db hits, want fewer than the %d of a lookup of unknown types", after, before)
	}
}
