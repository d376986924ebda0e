package embedded

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

// A relation list of no entity whose filter names an end (by id or name),
// or the relations' ids, reads the relations of that end or those ids
// only, and answers what testing every relation would.
func TestAnchoredRelationLists(t *testing.T) {
	s := synthStore(t, 300)
	ctx := context.Background()
	hubs := byDegree(t, s, 2)
	es, err := s.Entities(ctx, hubs)
	if err != nil {
		t.Fatal(err)
	}
	hub, other := es[0], es[1]
	nobody := "Nobody at all"
	var rels []string
	for id := range s.g.relations {
		rels = append(rels, id)
	}
	slices.Sort(rels)
	filters := map[string]*store.RelationFilter{
		"source name": {Source: &store.EntityFilter{Name: &store.StringFilter{Eq: &hub.Name}}},
		"target id":   {Target: &store.EntityFilter{ID: &store.StringFilter{Eq: &hub.ID}}},
		"names in a list, and a condition on the other end": {And: []*store.RelationFilter{
			{Target: &store.EntityFilter{Name: &store.StringFilter{In: []string{hub.Name, other.Name, nobody}}}},
			{Source: &store.EntityFilter{Name: &store.StringFilter{StartsWith: &other.Name}}}}},
		"a name nothing has": {Source: &store.EntityFilter{Name: &store.StringFilter{Eq: &nobody}}},
		"relation ids":       {ID: &store.StringFilter{In: []string{rels[7], rels[3], "relation:none", rels[3]}}},
		"relation ids and another condition on them": {ID: &store.StringFilter{In: []string{rels[7], rels[3], rels[9]},
			StartsWith: &rels[3]}},
		"a relation id not in the list": {ID: &store.StringFilter{Eq: &rels[2], In: []string{rels[7], rels[3]}}},
		"relation ids and a condition on an end": {ID: &store.StringFilter{In: rels[:40]},
			Target: &store.EntityFilter{ID: &store.StringFilter{Eq: &hub.ID}}},
		"a relation id and a condition on an end": {And: []*store.RelationFilter{
			{ID: &store.StringFilter{Eq: &rels[5]}}, {Source: &store.EntityFilter{Name: &store.StringFilter{Contains: &nobody}}}}},
	}
	total := len(s.g.relations)
	for name, f := range filters {
		rq, err := prepareRelationQuery(store.RelationQuery{Where: f, First: store.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for id, n := range s.g.relations {
			if s.g.matchRelation(f, n.merged) {
				want = append(want, id)
			}
		}
		slices.Sort(want)
		before := s.g.pageVisits.Load()
		var got []string
		s.g.eachRelation(rq, func(r *store.Relation) { got = append(got, r.ID) })
		visits := s.g.pageVisits.Load() - before
		slices.Sort(got)
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: relations (-every relation tested +anchored):\n%s", name, d)
		}
		if visits >= int64(total)/2 {
			t.Errorf("%s: looked at %d relations of %d", name, visits, total)
		}
		page, err := s.ListRelations(ctx, store.RelationQuery{Where: f, First: 5})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range page.Items {
			ids = append(ids, r.ID)
		}
		if d := cmp.Diff(want[:min(5, len(want))], ids); d != "" || page.HasNextPage != (len(want) > 5) {
			t.Errorf("%s: first page (-want +got):\n%s\nhas next page %v", name, d, page.HasNextPage)
		}
	}
}

// An entity list whose filter names entities (by id or name) reads those
// only, and answers what testing every entity would.
func TestAnchoredEntityLists(t *testing.T) {
	s := synthStore(t, 300)
	ctx := context.Background()
	es, err := s.Entities(ctx, byDegree(t, s, 2))
	if err != nil {
		t.Fatal(err)
	}
	hub, other := es[0], es[1]
	alias := hub.Name
	if len(hub.Aliases) > 0 {
		alias = hub.Aliases[0]
	}
	nobody := "Nobody at all"
	filters := map[string]*store.EntityFilter{
		"name":               {Name: &store.StringFilter{Eq: &hub.Name}},
		"an alias as a name": {Name: &store.StringFilter{Eq: &alias}},
		"ids and a name":     {And: []*store.EntityFilter{{ID: &store.StringFilter{In: []string{hub.ID, other.ID, "actor:nobody"}}}, {Name: &store.StringFilter{Eq: &other.Name}}}},
		"a name nothing has": {Name: &store.StringFilter{Eq: &nobody}},
	}
	for name, f := range filters {
		for _, types := range [][]ontology.NodeType{nil, {hub.Type}, {ontology.Meeting}} {
			q := store.EntityQuery{Types: types, Where: f, First: store.MaxPageSize}
			var want []string
			for id, n := range s.g.entities {
				if (types == nil || slices.Contains(types, n.merged.Type)) && s.g.matchEntity(f, n.merged) {
					want = append(want, id)
				}
			}
			slices.Sort(want)
			page, err := s.ListEntities(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range page.Items {
				got = append(got, e.ID)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("%s %v: entities (-every entity tested +anchored):\n%s", name, types, d)
			}
			if n, err := s.CountEntities(ctx, q); err != nil || n != len(want) {
				t.Errorf("%s %v: count %d, %v; want %d", name, types, n, err, len(want))
			}
		}
	}
}

// The relations of a hub of a rare type are read from the type's index,
// in id order, page by page, and are the pages its adjacency gives.
func TestEntityRelationsOfARareType(t *testing.T) {
	s := synthStore(t, 300)
	hub := byDegree(t, s, 1)[0]
	n := s.g.entities[hub]
	var rare ontology.RelationType
	for _, rt := range ontology.RelationTypes {
		size := s.g.relationIDs[rt].len()
		if size == 0 || size >= n.degree() {
			continue
		}
		has := false
		for rid := range n.adjacency(store.Both) {
			has = has || s.g.relations[rid].merged.Type == rt
		}
		if has && (rare == "" || size < s.g.relationIDs[rare].len()) {
			rare = rt
		}
	}
	if rare == "" {
		t.Fatal("the hub has no relation of a type rarer than its degree: the test checks nothing")
	}
	for _, dir := range []store.Direction{store.Out, store.In, store.Both} {
		q := store.RelationQuery{Entity: hub, Direction: dir, Types: []ontology.RelationType{rare}, First: 2}
		rq, err := prepareRelationQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		rq.page.first = 1000
		want := s.g.sortedPage(rq)
		var got []string
		for {
			p, err := s.ListRelations(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range p.Items {
				got = append(got, r.ID)
			}
			if !p.HasNextPage {
				break
			}
			q.After = p.Cursors[len(p.Cursors)-1]
		}
		var wantIDs []string
		for _, r := range want.Items {
			wantIDs = append(wantIDs, r.ID)
		}
		if d := cmp.Diff(wantIDs, got); d != "" {
			t.Errorf("%s %s: relations (-adjacency +pages):\n%s", dir, rare, d)
		}
		// One page of them all reads the type's relations, fewer than
		// the hub's.
		before := s.g.pageVisits.Load()
		if _, err := s.ListRelations(context.Background(), store.RelationQuery{Entity: hub, Direction: dir,
			Types: []ontology.RelationType{rare}, First: store.MaxPageSize}); err != nil {
			t.Fatal(err)
		}
		if visits := s.g.pageVisits.Load() - before; visits > int64(s.g.relationIDs[rare].len()) {
			t.Errorf("%s %s: a page looked at %d relations; the type has %d, the hub %d", dir, rare, visits,
				s.g.relationIDs[rare].len(), n.degree())
		}
	}
}
