package neo4jstore

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

func ptr[T any](v T) *T { return &v }

func TestCompileEntityFilter(t *testing.T) {
	tests := []struct {
		name   string
		filter *store.EntityFilter
		want   string
		params map[string]any
	}{
		{name: "nil filter", filter: nil, want: "true", params: map[string]any{}},
		{name: "empty filter", filter: &store.EntityFilter{}, want: "true", params: map[string]any{}},
		{
			name:   "name eq",
			filter: &store.EntityFilter{Name: &store.StringFilter{Eq: ptr("Russia")}},
			want:   "coalesce(n.name, '') = $p1",
			params: map[string]any{"p1": "Russia"},
		},
		{
			name:   "every string operator",
			filter: &store.EntityFilter{ID: &store.StringFilter{In: []string{"a", "b"}, Contains: ptr("c"), StartsWith: ptr("d"), EndsWith: ptr("e")}},
			want:   "(n.id IN $p1 AND n.id CONTAINS $p2 AND n.id STARTS WITH $p3 AND n.id ENDS WITH $p4)",
			params: map[string]any{"p1": []string{"a", "b"}, "p2": "c", "p3": "d", "p4": "e"},
		},
		{
			name:   "type is applied to the ontology's labels",
			filter: &store.EntityFilter{Type: &store.StringFilter{In: []string{"Actor", "Place", "Article", "Actor) DETACH DELETE (n"}}},
			want:   "(n:Actor OR n:Place)",
			params: map[string]any{},
		},
		{
			name:   "type matching nothing",
			filter: &store.EntityFilter{Type: &store.StringFilter{Eq: ptr("actor")}},
			want:   "false",
			params: map[string]any{},
		},
		{
			name:   "date needs a value",
			filter: &store.EntityFilter{Date: &store.DateFilter{Gte: ptr("2025-01-01"), Lt: ptr("2026-01-01")}},
			want:   "(coalesce(n.date, '') <> '' AND n.date >= $p1 AND n.date < $p2)",
			params: map[string]any{"p1": "2025-01-01", "p2": "2026-01-01"},
		},
		{
			name:   "alias looks at the name and the aliases",
			filter: &store.EntityFilter{Alias: &store.StringFilter{Eq: ptr("Kyiv")}},
			want:   "(coalesce(n.name, '') = $p1 OR any(x2 IN coalesce(n.aliases, []) WHERE x2 = $p3))",
			params: map[string]any{"p1": "Kyiv", "p3": "Kyiv"},
		},
		{
			name:   "article",
			filter: &store.EntityFilter{Article: &store.StringFilter{StartsWith: ptr("article:")}},
			want:   "EXISTS { MATCH (x1:Article)-[:MENTIONS]->(n) WHERE x1.id STARTS WITH $p2 }",
			params: map[string]any{"p2": "article:"},
		},
		{
			name: "and, or, not nest",
			filter: &store.EntityFilter{
				Kind: &store.StringFilter{Eq: ptr("country")},
				Or: []*store.EntityFilter{
					{Name: &store.StringFilter{Eq: ptr("Russia")}},
					{Not: &store.EntityFilter{Wikidata: &store.StringFilter{Eq: ptr("Q212")}}},
				},
				And: []*store.EntityFilter{{Status: &store.StringFilter{Eq: ptr("agreed")}}},
			},
			want:   "(coalesce(n.kind, '') = $p1 AND coalesce(n.status, '') = $p2 AND (coalesce(n.name, '') = $p3 OR (NOT coalesce(n.wikidata, '') = $p4)))",
			params: map[string]any{"p1": "country", "p2": "agreed", "p3": "Russia", "p4": "Q212"},
		},
		{
			name:   "empty or does not filter",
			filter: &store.EntityFilter{Or: []*store.EntityFilter{}},
			want:   "true",
			params: map[string]any{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCompiler()
			got := c.entity("n", tt.filter)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("cypher (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.params, c.params); diff != "" {
				t.Errorf("params (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCompileRelationFilter(t *testing.T) {
	vars := relationVars{ID: "id", Rels: "rs", First: "q", Source: "s", Target: "t"}
	tests := []struct {
		name   string
		filter *store.RelationFilter
		want   string
		params map[string]any
	}{
		{
			name:   "type and quantity",
			filter: &store.RelationFilter{Type: &store.StringFilter{Eq: ptr("EXCHANGED")}, Quantity: &store.IntFilter{Gt: ptr(100)}},
			want:   "(type(q) = $p1 AND (q.quantity IS NOT NULL AND q.quantity > $p2))",
			params: map[string]any{"p1": "EXCHANGED", "p2": int64(100)},
		},
		{
			name: "source and target use the entity compiler",
			filter: &store.RelationFilter{
				Source: &store.EntityFilter{Name: &store.StringFilter{Eq: ptr("Russia")}},
				Target: &store.EntityFilter{Type: &store.StringFilter{Eq: ptr("Agreement")}},
			},
			want:   "(coalesce(s.name, '') = $p1 AND t:Agreement)",
			params: map[string]any{"p1": "Russia"},
		},
		{
			name:   "article looks at every piece of evidence",
			filter: &store.RelationFilter{Article: &store.StringFilter{Eq: ptr("article:a")}},
			want:   "any(x1 IN rs WHERE x1.article = $p2)",
			params: map[string]any{"p2": "article:a"},
		},
		{
			name:   "date, item and not",
			filter: &store.RelationFilter{Not: &store.RelationFilter{Date: &store.DateFilter{Eq: ptr("2025-06-03")}, Item: &store.StringFilter{Contains: ptr("remains")}}},
			want:   "(NOT ((coalesce(q.date, '') <> '' AND q.date = $p1) AND coalesce(q.item, '') CONTAINS $p2))",
			params: map[string]any{"p1": "2025-06-03", "p2": "remains"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCompiler()
			got := c.relation(vars, tt.filter)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("cypher (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.params, c.params); diff != "" {
				t.Errorf("params (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCompileArticleFilter(t *testing.T) {
	c := newCompiler()
	got := c.article("n", &store.ArticleFilter{
		Or: []*store.ArticleFilter{
			{Source: &store.StringFilter{Eq: ptr("Reuters")}},
			{Published: &store.DateFilter{Lte: ptr("2025-05-31")}, Title: &store.StringFilter{Contains: ptr("talks")}},
		},
	})
	want := "(coalesce(n.source, '') = $p1 OR (coalesce(n.title, '') CONTAINS $p2 AND (coalesce(n.published, '') <> '' AND n.published <= $p3)))"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cypher (-want +got):\n%s", diff)
	}
	wantParams := map[string]any{"p1": "Reuters", "p2": "talks", "p3": "2025-05-31"}
	if diff := cmp.Diff(wantParams, c.params); diff != "" {
		t.Errorf("params (-want +got):\n%s", diff)
	}
}

// TestUserStringsStayParameters checks that no value from a query reaches
// the Cypher text: every one of them is a parameter.
func TestUserStringsStayParameters(t *testing.T) {
	evil := `x' OR 1=1 }) DETACH DELETE n //`
	sf := &store.StringFilter{Eq: &evil, In: []string{evil}, Contains: &evil, StartsWith: &evil, EndsWith: &evil}
	q := store.RelationQuery{
		Entity: evil,
		Where: &store.RelationFilter{
			ID: sf, Type: sf, Item: sf, Article: sf,
			Source: &store.EntityFilter{Name: sf, Type: sf, Alias: sf, Article: sf, Kind: sf},
			Date:   &store.DateFilter{Eq: &evil},
		},
		First: 10,
		After: store.EncodeCursor(evil, evil),
	}
	byQuery, err := relationStatement(q, false)
	if err != nil {
		t.Fatal(err)
	}
	byEntities, err := entityRelationsStatement(q, []string{evil})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []*statement{byQuery, byEntities} {
		if strings.Contains(st.cypher, "1=1") {
			t.Errorf("a user string reached the Cypher text:\n%s", st.cypher)
		}
		if len(st.params) < 10 {
			t.Errorf("got %d parameters, want every value as one:\n%v", len(st.params), st.params)
		}
	}
}

func TestStatementErrors(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{"malformed cursor", func() error {
			_, err := entityStatement(newCompiler(), store.EntityQuery{First: 5, After: "not a cursor!"}, false)
			return err
		}()},
		{"unknown order", func() error {
			_, err := articleStatement(store.ArticleQuery{First: 5, Order: store.Order{Field: "COLOUR"}}, false)
			return err
		}()},
		{"entity type that is not an entity", func() error {
			_, err := entityStatement(newCompiler(), store.EntityQuery{Types: []ontology.NodeType{ontology.Article}, First: 5}, false)
			return err
		}()},
		{"unknown relation type", func() error {
			_, err := relationStatement(store.RelationQuery{Types: []ontology.RelationType{"LIKED"}, First: 5}, false)
			return err
		}()},
		{"unknown direction", func() error {
			_, err := relationStatement(store.RelationQuery{Entity: "actor:Q212", Direction: "UP", First: 5}, false)
			return err
		}()},
	}
	for _, tt := range tests {
		if !errors.Is(tt.err, store.ErrInvalid) {
			t.Errorf("%s: got %v, want an error wrapping store.ErrInvalid", tt.name, tt.err)
		}
	}
}

func TestPaginationCondition(t *testing.T) {
	tests := []struct {
		name  string
		order store.Order
		want  string
	}{
		{"ascending", store.Order{Field: store.OrderByName}, "(key > $p1 OR (key = $p1 AND n.id > $p2))"},
		{"descending keeps ids ascending", store.Order{Field: store.OrderByName, Desc: true}, "(key < $p1 OR (key = $p1 AND n.id > $p2))"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCompiler()
			where, order, err := pagination(c, "key", "n.id", tt.order, store.EncodeCursor("Russia", "actor:Q159"), 20)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, where); diff != "" {
				t.Errorf("condition (-want +got):\n%s", diff)
			}
			if !strings.HasPrefix(order, "ORDER BY key") || !strings.HasSuffix(order, "LIMIT $p3") {
				t.Errorf("order = %q", order)
			}
			wantParams := map[string]any{"p1": "Russia", "p2": "actor:Q159", "p3": int64(21)}
			if diff := cmp.Diff(wantParams, c.params); diff != "" {
				t.Errorf("params (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLabelHelpersRejectOtherValues(t *testing.T) {
	for _, bad := range []string{"", "Person", "actor", "ACTOR", "Entity", "MENTIONS", "Actor) DETACH DELETE (n", "Actor`"} {
		if !panics(func() { label(ontology.NodeType(bad)) }) {
			t.Errorf("label(%q) did not panic", bad)
		}
		if !panics(func() { relType(ontology.RelationType(bad)) }) {
			t.Errorf("relType(%q) did not panic", bad)
		}
	}
	for _, nt := range ontology.NodeTypes {
		if got := label(nt); got != string(nt) {
			t.Errorf("label(%q) = %q", nt, got)
		}
	}
	for _, rt := range ontology.RelationTypes {
		if got := relType(rt); got != string(rt) {
			t.Errorf("relType(%q) = %q", rt, got)
		}
	}
	if got, want := relTypes([]ontology.RelationType{ontology.LED, ontology.Rejected}), "LED|REJECTED"; got != want {
		t.Errorf("relTypes = %q, want %q", got, want)
	}
	if strings.Contains(allRelTypes, ontology.Mentions) {
		t.Errorf("allRelTypes includes %s: %q", ontology.Mentions, allRelTypes)
	}
}

func panics(f func()) (did bool) {
	defer func() { did = recover() != nil }()
	f()
	return false
}
