package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
)

// profiledPlan is the plan, with its rows, that Neo4j runs a statement
// with. It runs the statement under PROFILE: the plans that EXPLAIN gives
// through the driver can lose the operators of one side of an Apply.
func profiledPlan(t *testing.T, s *Store, st *statement) neo4j.ProfiledPlan {
	t.Helper()
	plan, err := read(t.Context(), s, "profile", func(tx neo4j.ManagedTransaction) (neo4j.ProfiledPlan, error) {
		res, err := tx.Run(t.Context(), "PROFILE "+st.cypher, st.params)
		if err != nil {
			return nil, err
		}
		sum, err := res.Consume(t.Context())
		if err != nil {
			return nil, err
		}
		return sum.Profile(), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// operators lists the operators of the plan Neo4j runs a statement with.
func operators(t *testing.T, s *Store, st *statement) []string {
	t.Helper()
	return operatorsOf(profiledPlan(t, s, st))
}

// operatorsOf lists the operators of a plan.
func operatorsOf(plan neo4j.ProfiledPlan) []string {
	var ops []string
	var walk func(p neo4j.ProfiledPlan)
	walk = func(p neo4j.ProfiledPlan) {
		ops = append(ops, p.Operator())
		for _, c := range p.Children() {
			walk(c)
		}
	}
	walk(plan)
	return ops
}

// hasOperator reports whether ops has an operator whose name starts with
// one of the prefixes (Neo4j suffixes names with "@neo4j").
func hasOperator(ops []string, prefixes ...string) bool {
	return slices.ContainsFunc(ops, func(op string) bool {
		return slices.ContainsFunc(prefixes, func(p string) bool { return len(op) >= len(p) && op[:len(p)] == p })
	})
}

// TestEntityListsInNameOrderReadTheIndex checks the plans of entity lists in
// name order: the name index is read in order (no scan of a label, no
// sort of every entity), on the first page and after a cursor, of one
// type or of all.
func TestEntityListsInNameOrderReadTheIndex(t *testing.T) {
	s := openTestStore(t)
	for _, g := range storetest.Ukraine() {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	after := store.EncodeCursor("Russia", "actor:Q159")
	for _, q := range []store.EntityQuery{
		{Types: []ontology.NodeType{ontology.Actor}, First: 20, Order: store.Order{Field: store.OrderByName}},
		{Types: []ontology.NodeType{ontology.Actor}, First: 20, Order: store.Order{Field: store.OrderByName}, After: after},
		{First: 20, Order: store.Order{Field: store.OrderByName, Desc: true}, After: after},
		{First: 20, Order: store.Order{Field: store.OrderByName}},
	} {
		st, err := entityStatement(newCompiler(), q, false)
		if err != nil {
			t.Fatal(err)
		}
		ops := operators(t, s, st)
		if hasOperator(ops, "NodeByLabelScan", "AllNodesScan", "Sort", "Top") {
			t.Errorf("%+v: plan %v scans a label or sorts every entity:\n%s", q, ops, st.cypher)
		}
		if !hasOperator(ops, "NodeIndexScan", "NodeIndexSeekByRange", "NodeIndexSeek") {
			t.Errorf("%+v: plan %v reads no index:\n%s", q, ops, st.cypher)
		}
	}
}

// TestUnnamedEntitiesAreMigrated checks that opening a database written
// when entities without a name had no name property gives them the name
// the empty string, and that they come first in name order, as in every engine.
func TestUnnamedEntitiesAreMigrated(t *testing.T) {
	s := openTestStore(t)
	for _, g := range storetest.Ukraine() {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	const id = "actor:Q159" // Russia
	if _, err := write(t.Context(), s, "unname", func(tx neo4j.ManagedTransaction) (int, error) {
		_, err := run(t.Context(), tx, "MATCH (n:Entity {id: $id}) REMOVE n.name", map[string]any{"id": id})
		return 0, err
	}); err != nil {
		t.Fatal(err)
	}
	again, err := Open(context.Background(), testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { again.Close() })
	names, err := read(t.Context(), again, "names", func(tx neo4j.ManagedTransaction) ([]any, error) {
		recs, err := run(t.Context(), tx, "MATCH (n:Entity) WHERE n.name IS NULL OR n.id = $id RETURN n.name ORDER BY n.id",
			map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		var out []any
		for _, r := range recs {
			out = append(out, r.Values[0])
		}
		return out, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]any{""}, names); d != "" {
		t.Errorf("names of unnamed entities after opening (-want +got):\n%s", d)
	}
	p, err := again.ListEntities(t.Context(), store.EntityQuery{Types: []ontology.NodeType{ontology.Actor},
		First: 1, Order: store.Order{Field: store.OrderByName}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || p.Items[0].ID != id {
		t.Errorf("first actor by name = %v, want the unnamed %s", p.Items, id)
	}
}

// TestCodeFilterReadsTheIndex checks the plans of entity lists and counts
// filtered by an identifying code: the full-text index of code keys finds
// the entities (no scan of a label), alone or with other conditions; a
// class code, which the index does not hold, is read from every entity.
func TestCodeFilterReadsTheIndex(t *testing.T) {
	s := openTestStore(t)
	for _, g := range storetest.CodeArticles() {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	code := func(value string) *store.EntityFilter {
		return &store.EntityFilter{Code: &store.CodeFilter{Scheme: ontology.SchemeCAMEO, Value: &value}}
	}
	name := "United"
	tests := []struct {
		q     store.EntityQuery
		index bool
	}{
		{store.EntityQuery{Where: code("USAGOV")}, true},
		{store.EntityQuery{Types: []ontology.NodeType{ontology.Actor}, Where: code("USA"), Order: store.Order{Field: store.OrderByName}}, true},
		{store.EntityQuery{Where: &store.EntityFilter{And: []*store.EntityFilter{
			{Name: &store.StringFilter{StartsWith: &name}}, code("USA")}}, Order: store.Order{Field: store.OrderByDegree}}, true},
		{store.EntityQuery{Where: code("IGO")}, false},
		{store.EntityQuery{Where: &store.EntityFilter{Or: []*store.EntityFilter{code("USA"), code("RUS")}}}, false},
	}
	for _, tt := range tests {
		checkEntityScans(t, s, tt.q, tt.index, "the code index")
	}
}

// TestRelationListsOnAnEndAreAnchored checks the plans of relation lists
// and counts without an entity whose filter requires an end's name or id:
// the entities are found first, from their index, and only their
// relationships read (no scan of a relationship type or of a relId
// index), in every order, for filters tested relationship by relationship
// or relation by relation.
func TestRelationListsOnAnEndAreAnchored(t *testing.T) {
	s := openTestStore(t)
	for _, g := range storetest.Ukraine() {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	named := &store.EntityFilter{Name: &store.StringFilter{Eq: ptr("Ukraine")}}
	filters := []*store.RelationFilter{
		{Target: named},
		{Source: &store.EntityFilter{ID: &store.StringFilter{In: []string{"actor:Q212", "actor:Q159"}}}},
		// Tested on whole relations (two required articles).
		{Source: named, And: []*store.RelationFilter{
			{Article: &store.StringFilter{Eq: ptr("a")}}, {Article: &store.StringFilter{Eq: ptr("b")}}}},
	}
	for _, f := range filters {
		for _, o := range []struct {
			order store.Order
			after string
		}{
			{store.Order{}, ""}, {store.Order{Field: store.OrderByName, Desc: true}, ""}, {store.Order{Field: store.OrderByDate}, ""},
			{store.Order{}, store.EncodeCursor("relation:a", "relation:a")},
			{store.Order{Field: store.OrderByName}, store.EncodeCursor("EXCHANGED", "relation:a")},
			{store.Order{Field: store.OrderByDate, Desc: true}, store.EncodeCursor("2025-06-01", "relation:a")},
		} {
			for _, count := range []bool{false, true} {
				q := store.RelationQuery{Types: []ontology.RelationType{ontology.Exchanged, ontology.Supported},
					Where: f, Order: o.order, After: o.after, First: 10}
				st, err := relationStatement(q, count)
				if err != nil {
					t.Fatal(err)
				}
				ops := operators(t, s, st)
				if hasOperator(ops, "DirectedRelationshipIndexScan", "UndirectedRelationshipIndexScan",
					"DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan",
					"DirectedUnionRelationshipTypesScan", "UndirectedUnionRelationshipTypesScan",
					"DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan", "AllNodesScan") ||
					!hasOperator(ops, "NodeIndexSeek", "NodeUniqueIndexSeek", "MultiNodeIndexSeek") {
					t.Errorf("filter %+v, order %+v, count %v: plan %v reads relationships of no anchor:\n%s",
						f, o, count, ops, st.cypher)
				}
			}
		}
	}
}

// TestRelationListsOfIDsSeekTheirIDs checks the plan of a relation list
// filtered on relation ids (how a neighbourhood's relations are looked up):
// the relId indexes are sought, never scanned, nor are the relationships of
// a type.
func TestRelationListsOfIDsSeekTheirIDs(t *testing.T) {
	s := openTestStore(t)
	for _, g := range storetest.Ukraine() {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	ids := []string{store.RelationID(ontology.Rejected, "actor:Q159", "agreement:full-ceasefire", store.Qualifiers{}), "relation:none"}
	for _, q := range []store.RelationQuery{
		{Where: &store.RelationFilter{ID: &store.StringFilter{In: ids}}, First: 2, NoEvidence: true},
		{Where: &store.RelationFilter{ID: &store.StringFilter{In: ids}}, First: 2, EvidenceLimit: 1},
	} {
		st, err := relationStatement(q, false)
		if err != nil {
			t.Fatal(err)
		}
		ops := operators(t, s, st)
		if !hasOperator(ops, "DirectedRelationshipIndexSeek", "UndirectedRelationshipIndexSeek") ||
			hasOperator(ops, "DirectedRelationshipIndexScan", "UndirectedRelationshipIndexScan", "DirectedRelationshipTypeScan",
				"UndirectedRelationshipTypeScan", "AllNodesScan", "NodeByLabelScan") {
			t.Errorf("%+v: plan %v does not seek the relation ids:\n%s", q, ops, st.cypher)
		}
	}
}

// TestArticleFilterStartsFromTheArticles checks the plans of entity lists
// and counts filtered by the article that mentions them: an article named
// by id (equal, or in a list), alone or with other conditions, is found
// from its index and the entities from its MENTIONS (no scan of an entity
// label); any other article filter reads every entity of the label.
func TestArticleFilterStartsFromTheArticles(t *testing.T) {
	s := openTestStore(t)
	for _, g := range storetest.Ukraine() {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	article := func(f store.StringFilter) *store.EntityFilter { return &store.EntityFilter{Article: &f} }
	talks := article(store.StringFilter{Eq: ptr("article:istanbul-talks")})
	tests := []struct {
		q      store.EntityQuery
		anchor bool
	}{
		{store.EntityQuery{Where: talks}, true},
		{store.EntityQuery{Where: article(store.StringFilter{In: []string{"article:istanbul-talks", "article:x"}})}, true},
		{store.EntityQuery{Types: []ontology.NodeType{ontology.Actor}, Where: talks, Order: store.Order{Field: store.OrderByName}}, true},
		{store.EntityQuery{Where: &store.EntityFilter{And: []*store.EntityFilter{
			{Name: &store.StringFilter{StartsWith: ptr("U")}}, talks}}, Order: store.Order{Field: store.OrderByDegree}}, true},
		{store.EntityQuery{Where: article(store.StringFilter{StartsWith: ptr("article:")})}, false},
		{store.EntityQuery{Where: &store.EntityFilter{Or: []*store.EntityFilter{talks, {Name: &store.StringFilter{Eq: ptr("Russia")}}}}}, false},
	}
	for _, tt := range tests {
		checkEntityScans(t, s, tt.q, tt.anchor, "the articles first")
	}
}

// checkEntityScans checks that the plans of the list and of the count of
// the entities q asks for scan no entity label (nor every node) when
// anchored, reading what anchor says instead, and scan one otherwise.
func checkEntityScans(t *testing.T, s *Store, q store.EntityQuery, anchored bool, anchor string) {
	t.Helper()
	for _, count := range []bool{false, true} {
		st, err := entityStatement(newCompiler(), q, count)
		if err != nil {
			t.Fatal(err)
		}
		ops := operators(t, s, st)
		if scans := hasOperator(ops, "NodeByLabelScan", "AllNodesScan"); scans == anchored {
			t.Errorf("%+v (count %v): plan %v; want %s %v:\n%s", q.Where, count, ops, anchor, anchored, st.cypher)
		}
	}
}

// TestSearchReadsMentionsWhenAsked checks the plans of searches: the
// statement reads the candidates' MENTIONS (the ids of the articles of
// the entities) only for a projection that keeps the entities' articles,
// whether articles are searched too or not.
func TestSearchReadsMentionsWhenAsked(t *testing.T) {
	s := openTestStore(t)
	for _, g := range storetest.Ukraine() {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	for _, types := range [][]ontology.NodeType{ontology.EntityTypes, {ontology.Actor}, ontology.NodeTypes} {
		for _, p := range []store.Projection{{}, {NoArticles: true}, {NamesOnly: true}, {NamesOnly: true, NoArticles: true}} {
			cypher, index := searchStatement(types, p)
			st := &statement{cypher: cypher, params: map[string]any{"index": index, "query": "+(russia russia*)",
				"limit": int64(searchCandidates)}}
			ops := operators(t, s, st)
			if reads := hasOperator(ops, "Expand", "DirectedRelationshipIndexSeek"); reads == p.NoArticles {
				t.Errorf("types %v, %+v: plan %v reads MENTIONS: %v, want %v:\n%s", types, p, ops, reads, !p.NoArticles, cypher)
			}
		}
	}
}

// TestEntityArticlesReadTheMentionsIndex checks the plans of the reads of
// entities with their articles: the index of MENTIONS by entity and
// article gives them in order, a page of them without reading the others
// (no expansion of the entity's MENTIONS, no sort of them), and all of
// them as well.
func TestEntityArticlesReadTheMentionsIndex(t *testing.T) {
	s := openTestStore(t)
	for _, g := range storetest.Ukraine() {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []store.Projection{
		{},
		{ArticleLimit: 2},
		{ArticleLimit: 2, ArticlesAfter: "article:a", NamesOnly: true},
		{ArticlesAfter: "article:a"},
	} {
		st := &statement{cypher: "UNWIND $ids AS id\nMATCH (n:Entity {id: id})\nRETURN " + entityReturn("n", p),
			params: articlePageParams(p, map[string]any{"ids": []string{"actor:Q159", "actor:Q212"}})}
		ops := operators(t, s, st)
		if hasOperator(ops, "Expand", "Sort", "Top", "RelationshipTypeScan", "DirectedRelationshipTypeScan", "AllRelationshipsScan") {
			t.Errorf("%+v: plan %v expands MENTIONS, scans them or sorts articles:\n%s", p, ops, st.cypher)
		}
		if !hasOperator(ops, "DirectedRelationshipIndexSeek") {
			t.Errorf("%+v: plan %v reads no index of MENTIONS:\n%s", p, ops, st.cypher)
		}
	}
}

// seekRows is the number of heads the index seeks of heads of the plan
// of st produced, in all.
func seekRows(t *testing.T, s *Store, st *statement) int64 {
	return indexSeekRows(t, s, st, headType)
}

// indexSeekRows is the number of relationships of type typ the index
// seeks of the plan of st produced, in all.
func indexSeekRows(t *testing.T, s *Store, st *statement, typ string) int64 {
	t.Helper()
	var n int64
	var walk func(p neo4j.ProfiledPlan)
	walk = func(p neo4j.ProfiledPlan) {
		details, _ := p.Arguments()["Details"].(string)
		if hasOperator([]string{p.Operator()}, "DirectedRelationshipIndexSeek") && strings.Contains(details, ":"+typ+"(") {
			n += p.Records()
		}
		for _, c := range p.Children() {
			walk(c)
		}
	}
	walk(profiledPlan(t, s, st))
	return n
}

// headIndexScans are the operators of the plan of st that scan an index
// of heads (read it whole rather than seek it), with their details.
func headIndexScans(t *testing.T, s *Store, st *statement) []string {
	t.Helper()
	var out []string
	var walk func(p neo4j.ProfiledPlan)
	walk = func(p neo4j.ProfiledPlan) {
		details, _ := p.Arguments()["Details"].(string)
		if hasOperator([]string{p.Operator()}, "DirectedRelationshipIndexScan", "UndirectedRelationshipIndexScan") && strings.Contains(details, ":"+headType) {
			out = append(out, p.Operator()+" "+details)
		}
		for _, c := range p.Children() {
			walk(c)
		}
	}
	walk(profiledPlan(t, s, st))
	return out
}

// TestEntityRelationPagesReadTheHeadIndexes checks the plans of pages of
// an entity's relations read from heads in relId order: the indexes of
// heads by source and by target, and relId, give the first relations
// after the cursor in order, and no more than a page's (one more than the
// page, of each index, for each entity), without reading the entity's
// other heads (no expansion of its heads, no scan of them), in the list's
// and the level's statements, in every direction. What is sorted then is
// these few rows.
func TestEntityRelationPagesReadTheHeadIndexes(t *testing.T) {
	s := openTestStore(t)
	for _, g := range storetest.Ukraine() {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	entities := []string{"actor:Q159", "actor:Q212"}
	if rows := cypher(t, s, "MATCH (n:Entity {id: $id}) RETURN COUNT { (n)-[:RELATION]-() }", map[string]any{"id": entities[0]}); integer(rows[0][0]) < 5 {
		t.Fatalf("%s has %d relations: a page of 1 reads them all", entities[0], integer(rows[0][0]))
	}
	for _, q := range []store.RelationQuery{
		{NoEvidence: true},
		{Direction: store.Out, NoEvidence: true},
		{Direction: store.In, ArticleOnlyEvidence: true, EvidenceLimit: 5},
		{Direction: store.Both, ArticleOnlyEvidence: true, EvidenceLimit: 5, After: store.EncodeCursor("a", "a")},
		{Direction: store.Both, NoEvidence: true, Order: store.Order{Desc: true}, After: store.EncodeCursor("z", "z")},
		{Direction: store.Out, NoEvidence: true, Types: []ontology.RelationType{ontology.Rejected}},
	} {
		q.First = 1
		list, err := entityRelationsStatement(q, entities)
		if err != nil {
			t.Fatal(err)
		}
		level, err := entityLevelStatement(q, entities, store.LevelQuery{Ends: true, Articles: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []*statement{list, level} {
			ops := operators(t, s, st)
			if hasOperator(ops, "Expand", "RelationshipTypeScan", "DirectedRelationshipTypeScan", "AllRelationshipsScan", "UndirectedRelationshipTypeScan") {
				t.Errorf("%+v: plan %v expands or scans heads:\n%s", q, ops, st.cypher)
			}
			if !hasOperator(ops, "DirectedRelationshipIndexSeek") {
				t.Errorf("%+v: plan %v reads no index of heads:\n%s", q, ops, st.cypher)
			}
			if n, most := seekRows(t, s, st), int64(2*len(entities)*(q.First+1)); len(q.Types) == 0 && n > most {
				t.Errorf("%+v: the index seeks read %d heads, more than %d:\n%s", q, n, most, st.cypher)
			}
		}
	}
}

// TestEvidencePagesReadTheirPage checks the plan of pages of a relation's
// evidence: the index of its type's evidence by relId and article gives
// the pieces from the cursor's article on, in order, and a page reads its
// own pieces and those of the articles at its ends, not the relation's
// other pieces, at its start, in its middle and at its end.
func TestEvidencePagesReadTheirPage(t *testing.T) {
	s := openTestStore(t)
	const articles = 40
	gs := []*store.ArticleGraph{}
	for i := range articles {
		text := fmt.Sprintf("Russia rejected the ceasefire, day %d.", i)
		gs = append(gs, storetest.NewArticle(fmt.Sprintf("day-%02d", i), "Russia rejects a ceasefire", "AP", "2025-06-10", text).
			Entity(storetest.Actor("Q159", "Russia", "country"), "Russia").
			Entity(storetest.Agreement("full-ceasefire", "Full ceasefire", "ceasefire", "rejected"), "ceasefire").
			Relate(ontology.Rejected, store.EntityID(ontology.Actor, "Q159"), store.EntityID(ontology.Agreement, "full-ceasefire"),
				store.Qualifiers{}, "Russia rejected the ceasefire").
			Build())
	}
	for _, g := range gs {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	rels, err := s.ListRelations(t.Context(), store.RelationQuery{Types: []ontology.RelationType{ontology.Rejected}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rels.Items) != 1 || len(rels.Items[0].Evidence) != articles {
		t.Fatalf("%d relations, want one of %d pieces", len(rels.Items), articles)
	}
	r := rels.Items[0]
	const first = 2
	for _, at := range []int{-1, articles / 2, articles - 2} {
		q := store.EvidenceQuery{Relation: r.ID, First: first}
		if at >= 0 {
			q.After = store.EvidenceCursor(r.Evidence[at])
		}
		pages, err := s.EvidencePages(t.Context(), []store.EvidenceQuery{q})
		if err != nil {
			t.Fatal(err)
		}
		want := r.Evidence[at+1 : min(at+1+first, articles)]
		if d := cmp.Diff(want, pages[0].Items); d != "" {
			t.Errorf("the page after piece %d (-want +got):\n%s", at, d)
		}
		st := &statement{cypher: evidencePagesCypher, params: map[string]any{"limit": int64(first + 1), "qs": []any{map[string]any{
			"i": int64(0), "id": r.ID, "after": nil, "lo": ""}}}}
		if at >= 0 {
			e := r.Evidence[at]
			st.params["qs"] = []any{map[string]any{"i": int64(0), "id": r.ID, "lo": e.Article,
				"after": []any{e.Article, int64(e.Start), int64(e.End), e.CAMEO, e.PLOVER, e.Mode, e.Label}}}
		}
		// The relation's existence (1), the articles up to the page's end
		// (the cursor's piece and first+1 after it), the pieces up to that
		// article (as many): one piece per article here.
		if n, most := indexSeekRows(t, s, st, relType(ontology.Rejected)), int64(1+2*(first+2)); n > most {
			t.Errorf("the page after piece %d: the index seeks read %d pieces of %d, more than %d:\n%s", at, n, articles, most, st.cypher)
		}
	}
}

// typedHubArticle is an article of a hub actor with many relations of two
// types, out and in, and few of a third: hubAccused ACCUSED and hubAided
// AIDED relations with as many other actors, and hubAttacked ATTACKED
// ones, outgoing and incoming, of which one is to itself.
func typedHubArticle() (*store.ArticleGraph, string) {
	const others = 40
	var text strings.Builder
	text.WriteString("Hub.")
	for i := range others {
		fmt.Fprintf(&text, " Other%02d.", i)
	}
	b := storetest.NewArticle("article:typed-hub", "The hub", "Wire", "2025-06-01", text.String())
	hub := storetest.Actor("hub", "Hub", "country")
	b.Entity(hub, "Hub")
	ids := make([]string, others)
	for i := range others {
		e := storetest.Actor(fmt.Sprintf("other%02d", i), fmt.Sprintf("Other%02d", i), "country")
		ids[i] = e.ID
		b.Entity(e, e.Name)
	}
	for i, id := range ids {
		quote := fmt.Sprintf("Other%02d.", i)
		b.Relate(ontology.Accused, hub.ID, id, store.Qualifiers{}, quote)
		b.Relate(ontology.Aided, id, hub.ID, store.Qualifiers{}, quote)
		if i%10 == 0 {
			b.Relate(ontology.Attacked, hub.ID, id, store.Qualifiers{}, quote)
			b.Relate(ontology.Attacked, id, hub.ID, store.Qualifiers{}, quote)
		}
	}
	b.Relate(ontology.Attacked, hub.ID, hub.ID, store.Qualifiers{}, "Hub.")
	return b.Build(), hub.ID
}

// TestTypedEntityRelationPagesReadTheirOwnHeads checks the plans of pages
// of an entity's relations of given types, read from heads: a hub with 80
// relations of two types and 9 of a third (ATTACKED). A page of ATTACKED
// relations seeks the indexes of heads by end, type and relId, and reads
// no more than a page of each (one more than the page, for each end and
// type asked), not the hub's heads of other types, without an expansion
// or a scan of heads; their count reads the hub's heads of the type only;
// a list in another order reads those of its types only. The pages are
// those of the hub's relations filtered by type in Go.
func TestTypedEntityRelationPagesReadTheirOwnHeads(t *testing.T) {
	s := openTestStore(t)
	g, hub := typedHubArticle()
	if _, err := s.PutArticle(t.Context(), g); err != nil {
		t.Fatal(err)
	}
	entities := []string{hub}
	if rows := cypher(t, s, "MATCH (n:Entity {id: $id}) RETURN COUNT { (n)-[:RELATION]-() }", map[string]any{"id": hub}); integer(rows[0][0]) != 89 {
		t.Fatalf("the hub has %d relations, want 89", integer(rows[0][0]))
	}
	all, err := s.ListRelations(t.Context(), store.RelationQuery{Entity: hub, Direction: store.Both, First: 100, NoEvidence: true})
	if err != nil {
		t.Fatal(err)
	}
	attacked := map[store.Direction]int{store.Out: 5, store.In: 5, store.Both: 9}
	rare := []ontology.RelationType{ontology.Attacked}
	for _, q := range []store.RelationQuery{
		{Direction: store.Out, Types: rare, NoEvidence: true},
		{Direction: store.In, Types: rare, ArticleOnlyEvidence: true, EvidenceLimit: 5},
		{Direction: store.Both, Types: rare, NoEvidence: true},
		{Direction: store.Both, Types: rare, NoEvidence: true, After: store.EncodeCursor("a", "a")},
		{Direction: store.Both, Types: rare, NoEvidence: true, Order: store.Order{Desc: true}, After: store.EncodeCursor("z", "z")},
		{Direction: store.Out, Types: []ontology.RelationType{ontology.Attacked, ontology.Aided}, NoEvidence: true},
	} {
		q.First, q.Entity = 2, hub
		list, err := entityRelationsStatement(q, entities)
		if err != nil {
			t.Fatal(err)
		}
		level, err := entityLevelStatement(q, entities, store.LevelQuery{Ends: true, Articles: true, Counts: true})
		if err != nil {
			t.Fatal(err)
		}
		count, err := entityCountsStatement(q, entities)
		if err != nil {
			t.Fatal(err)
		}
		ends := 1
		if q.Direction == store.Both {
			ends = 2
		}
		for _, c := range []struct {
			name string
			st   *statement
			most int64
		}{
			{"page", list, int64(ends * len(q.Types) * (q.First + 1))},
			// The level counts the cut page's relations of the type.
			{"level", level, int64(ends*len(q.Types)*(q.First+1) + 2*attacked[store.Both])},
			{"count", count, int64(2 * attacked[store.Both])},
		} {
			if len(q.Types) > 1 {
				c.most += 40 // the AIDED heads, of which there are no outgoing ones
			}
			ops := operators(t, s, c.st)
			if hasOperator(ops, "Expand", "RelationshipTypeScan", "DirectedRelationshipTypeScan", "AllRelationshipsScan", "UndirectedRelationshipTypeScan") {
				t.Errorf("%+v: the %s's plan %v expands or scans heads:\n%s", q, c.name, ops, c.st.cypher)
			}
			if scans := headIndexScans(t, s, c.st); len(scans) > 0 {
				t.Errorf("%+v: the %s's plan scans an index of heads: %v\n%s", q, c.name, scans, c.st.cypher)
			}
			if !hasOperator(ops, "DirectedRelationshipIndexSeek") {
				t.Errorf("%+v: the %s's plan %v reads no index of heads:\n%s", q, c.name, ops, c.st.cypher)
			}
			if n := seekRows(t, s, c.st); n > c.most {
				t.Errorf("%+v: the %s's index seeks read %d heads, more than %d:\n%s", q, c.name, n, c.most, c.st.cypher)
			}
		}
		got, err := s.ListRelations(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(typedPage(t, all.Items, q), relationIDs(got.Items)); diff != "" {
			t.Errorf("%+v: page (-want +got):\n%s", q, diff)
		}
		n, err := s.CountRelationsOf(t.Context(), []store.RelationQuery{q})
		if err != nil {
			t.Fatal(err)
		}
		if want := len(typedPage(t, all.Items, store.RelationQuery{Entity: hub, Direction: q.Direction, Types: q.Types, First: 100})); n[0] != want {
			t.Errorf("%+v: count %d, want %d", q, n[0], want)
		}
	}
	// In type order, a typed list reads its types' heads, and no others.
	q := store.RelationQuery{Entity: hub, Direction: store.Both, Types: rare, First: 2, NoEvidence: true, Order: store.Order{Field: store.OrderByName}}
	st, err := entityRelationsStatement(q, entities)
	if err != nil {
		t.Fatal(err)
	}
	if ops := operators(t, s, st); hasOperator(ops, "Expand", "DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan") {
		t.Errorf("%+v: plan %v expands or scans heads:\n%s", q, ops, st.cypher)
	}
	if n := seekRows(t, s, st); n > int64(2*attacked[store.Both]) {
		t.Errorf("%+v: the index seeks read %d heads, more than the %d of the type:\n%s", q, n, 2*attacked[store.Both], st.cypher)
	}
}

// typedPage is the ids of the page that q asks for, cut from all, the
// relations of q's entity in relId order: those of q's types, in q's
// direction, after q's cursor, in q's order, the first q.First.
func typedPage(t *testing.T, all []*store.Relation, q store.RelationQuery) []string {
	t.Helper()
	var ids []string
	for _, r := range all {
		out, in := r.Source == q.Entity, r.Target == q.Entity
		if !slices.Contains(q.Types, r.Type) || (q.Direction == store.Out && !out) || (q.Direction == store.In && !in) {
			continue
		}
		ids = append(ids, r.ID)
	}
	if q.Order.Desc {
		slices.Reverse(ids)
	}
	if q.After != "" {
		k, _, err := store.DecodeCursor(q.After)
		if err != nil {
			t.Fatal(err)
		}
		ids = slices.DeleteFunc(ids, func(id string) bool { return (id <= k) != q.Order.Desc })
	}
	return ids[:min(len(ids), q.First)]
}

// relationIDs are the ids of relations, in their order.
func relationIDs(rs []*store.Relation) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// TestAnchoredRelationListsReadHeads checks the plans of relation lists
// without an entity, anchored on an end's name, whose filter holds of
// heads (the README's "demanded" query: a type, the source's name, the
// target's): the anchor's heads of the type are read from the index of
// heads by end, type and relId, one per relation, and no evidence but the
// page's (no expansion of the anchor's relationships); their counts read
// the same heads. Their pages and counts are those of the same filter
// with an article condition that every relation meets, which reads the
// evidence.
func TestAnchoredRelationListsReadHeads(t *testing.T) {
	s := openTestStore(t)
	g, _ := typedHubArticle()
	if _, err := s.PutArticle(t.Context(), g); err != nil {
		t.Fatal(err)
	}
	rare := []ontology.RelationType{ontology.Attacked}
	hubName := &store.EntityFilter{Name: &store.StringFilter{Eq: ptr("Hub")}}
	others := &store.EntityFilter{Name: &store.StringFilter{Contains: ptr("Other")}}
	for _, q := range []store.RelationQuery{
		{Types: rare, Where: &store.RelationFilter{Source: hubName, Target: others}},
		{Types: rare, Where: &store.RelationFilter{Target: hubName}, After: store.EncodeCursor("a", "a")},
		{Types: rare, Where: &store.RelationFilter{Target: hubName, Not: &store.RelationFilter{Source: hubName}}, Order: store.Order{Desc: true}},
		{Types: rare, Where: &store.RelationFilter{Source: hubName, Type: &store.StringFilter{Eq: ptr("ATTACKED")}}, Order: store.Order{Field: store.OrderByName}},
		{Types: []ontology.RelationType{ontology.Attacked, ontology.Accused}, Where: &store.RelationFilter{Target: hubName}},
	} {
		q.First = 2
		// The page and the count read the anchor's heads of the types.
		for _, count := range []bool{false, true} {
			st, err := relationStatement(q, count)
			if err != nil {
				t.Fatal(err)
			}
			ops := operators(t, s, st)
			if hasOperator(ops, "Expand", "DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan") {
				t.Errorf("%+v (count %v): plan %v expands the anchor's relationships or scans:\n%s", q, count, ops, st.cypher)
			}
			if scans := headIndexScans(t, s, st); len(scans) > 0 {
				t.Errorf("%+v (count %v): plan scans an index of heads: %v\n%s", q, count, scans, st.cypher)
			}
			if n := seekRows(t, s, st); n == 0 || n > 9 {
				t.Errorf("%+v (count %v): the index seeks read %d heads, not the anchor's of the types, 1 to 9:\n%s", q, count, n, st.cypher)
			}
		}
		got, err := s.ListRelations(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		byEvidence := q
		byEvidence.Where = &store.RelationFilter{And: []*store.RelationFilter{q.Where, {Article: &store.StringFilter{Eq: ptr(g.Article.ID)}}}}
		want, err := s.ListRelations(t.Context(), byEvidence)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Items) == 0 {
			t.Fatalf("%+v: no relation", byEvidence)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%+v: page (-evidence +heads):\n%s", q, diff)
		}
		n, err := s.CountRelations(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		wantN, err := s.CountRelations(t.Context(), byEvidence)
		if err != nil {
			t.Fatal(err)
		}
		if n != wantN {
			t.Errorf("%+v: counted %d from heads, %d from evidence", q, n, wantN)
		}
	}
}

// TestRelationLookupsReadHeads checks the plans of lookups of relations by
// id (the relations of a neighbourhood or a path) that show no more of
// their evidence than heads keep: none, or the articles of the first
// pieces. They read the relations' heads (a hinted seek each of the index
// of heads by relId), no piece of evidence: a lookup costs the same
// whether the relations have 3 pieces of evidence or 9.
func TestRelationLookupsReadHeads(t *testing.T) {
	for _, q := range []store.RelationQuery{
		{NoEvidence: true},
		{ArticleOnlyEvidence: true, EvidenceLimit: 2},
	} {
		var hits []int64
		for _, said := range []int{3, 9} {
			s := openTestStore(t)
			for _, g := range restatedChain(said - 1) {
				if _, err := s.PutArticle(t.Context(), g); err != nil {
					t.Fatal(err)
				}
			}
			ids := []string{"relation:none"}
			for i := range 3 {
				ids = append(ids, store.RelationID(ontology.Cooperated, storetest.ChainID(i), storetest.ChainID(i+1),
					store.Qualifiers{Date: fmt.Sprintf("2025-01-0%d", i+1)}))
			}
			lq := q
			lq.Where, lq.First, lq.Order = &store.RelationFilter{ID: &store.StringFilter{In: ids}}, len(ids), store.Order{Field: store.OrderByID}
			var ops []string
			p := &profiler{plan: func(_ string, plan neo4j.ProfiledPlan) { ops = append(ops, operatorsOf(plan)...) }}
			profiling.Store(p)
			pages, err := s.RelationsOf(t.Context(), []store.RelationQuery{lq})
			profiling.Store(nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(pages[0].Items); got != 3 {
				t.Fatalf("%+v, said %d times: %d relations, want 3", q, said, got)
			}
			for _, r := range pages[0].Items {
				if q.ArticleOnlyEvidence && (r.EvidenceCount() != said || len(r.Evidence) != 2) {
					t.Errorf("%+v, said %d times: %s has %d pieces of evidence, %d shown; want %d, 2", q, said, r.ID,
						r.EvidenceCount(), len(r.Evidence), said)
				}
			}
			if !hasOperator(ops, "DirectedRelationshipIndexSeek") ||
				hasOperator(ops, "DirectedRelationshipIndexScan", "UndirectedRelationshipIndexScan", "DirectedRelationshipTypeScan",
					"UndirectedRelationshipTypeScan", "AllNodesScan", "NodeByLabelScan", "Expand") {
				t.Errorf("%+v, said %d times: plan %v does not seek the heads only", q, said, ops)
			}
			hits = append(hits, p.hits.Load())
		}
		if hits[0] != hits[1] {
			t.Errorf("%+v: %d db hits for relations said 3 times, %d for 9 times; want the same", q, hits[0], hits[1])
		}
	}
}
