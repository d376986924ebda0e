package graph

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/graph/apierr"
	"newsgraph/graph/model"
	"newsgraph/ontology"
	"newsgraph/store"
)

func ptr[T any](v T) *T { return &v }

func TestPageArgs(t *testing.T) {
	good := store.EncodeCursor("k", "actor:x")
	for _, tc := range []struct {
		name      string
		first     *int
		after     *string
		wantN     int
		wantAfter string
		wantErr   string // a substring of the message; "" for none
	}{
		{name: "defaults", wantN: store.DefaultPageSize},
		{name: "zero", first: ptr(0), wantN: 0},
		{name: "max", first: ptr(100), wantN: 100},
		{name: "over max", first: ptr(101), wantErr: "first: must be between 0 and 100, got 101"},
		{name: "1000", first: ptr(1000), wantErr: "first:"},
		{name: "negative", first: ptr(-1), wantErr: "first:"},
		{name: "cursor", first: ptr(5), after: &good, wantN: 5, wantAfter: good},
		{name: "empty cursor", after: ptr(""), wantN: store.DefaultPageSize},
		{name: "bad cursor", after: ptr("not a cursor"), wantErr: `after: malformed cursor "not a cursor"`},
		{name: "base64 but not a cursor", after: ptr("aGVsbG8"), wantErr: "after:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, after, err := pageArgs(tc.first, tc.after)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				if code := apierr.Code(err); code != apierr.BadUserInput {
					t.Errorf("code = %q, want BAD_USER_INPUT", code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n != tc.wantN || after != tc.wantAfter {
				t.Errorf("pageArgs = %d, %q; want %d, %q", n, after, tc.wantN, tc.wantAfter)
			}
		})
	}
}

func TestLimitPage(t *testing.T) {
	p := &store.Page[int]{Items: []int{1}, Cursors: []string{"c"}}
	if diff := cmp.Diff(&store.Page[int]{HasNextPage: true}, limitPage(p, 0)); diff != "" {
		t.Errorf("first 0 (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&store.Page[int]{}, limitPage(&store.Page[int]{}, 0)); diff != "" {
		t.Errorf("first 0 of nothing (-want +got):\n%s", diff)
	}
	if got := limitPage(p, 3); got != p {
		t.Errorf("first 3 changed the page: %+v", got)
	}
}

func TestActorWhere(t *testing.T) {
	for _, tc := range []struct {
		name  string
		where *model.ActorWhere
		want  *store.EntityFilter
	}{
		{name: "nil", where: nil, want: nil},
		{name: "empty", where: &model.ActorWhere{}, want: &store.EntityFilter{}},
		{
			name: "string operators",
			where: &model.ActorWhere{Name: &model.StringWhere{
				Eq: ptr("Ukraine"), In: []string{"a", "b"}, Contains: ptr("kr"), StartsWith: ptr("U"), EndsWith: ptr("e"),
			}},
			want: &store.EntityFilter{Name: &store.StringFilter{
				Eq: ptr("Ukraine"), In: []string{"a", "b"}, Contains: ptr("kr"), StartsWith: ptr("U"), EndsWith: ptr("e"),
			}},
		},
		{
			name: "ids, alias, wikidata and article",
			where: &model.ActorWhere{
				ID: &model.IDWhere{In: []string{"actor:Q212"}}, Alias: &model.StringWhere{Eq: ptr("Kyiv")},
				Wikidata: &model.StringWhere{Eq: ptr("Q212")}, Article: &model.IDWhere{Eq: ptr("article:a")},
			},
			want: &store.EntityFilter{
				ID: &store.StringFilter{In: []string{"actor:Q212"}}, Alias: &store.StringFilter{Eq: ptr("Kyiv")},
				Wikidata: &store.StringFilter{Eq: ptr("Q212")}, Article: &store.StringFilter{Eq: ptr("article:a")},
			},
		},
		{
			name: "kind enum values become the ontology's spelling",
			where: &model.ActorWhere{Kind: &model.ActorKindWhere{
				Eq: ptr(model.ActorKindArmedGroup), In: []model.ActorKind{model.ActorKindPerson, model.ActorKindInternationalOrganisation},
			}},
			want: &store.EntityFilter{Kind: &store.StringFilter{
				Eq: ptr("armed_group"), In: []string{"person", "international_organisation"},
			}},
		},
		{
			name:  "empty in stays empty, not absent",
			where: &model.ActorWhere{Kind: &model.ActorKindWhere{In: []model.ActorKind{}}},
			want:  &store.EntityFilter{Kind: &store.StringFilter{In: []string{}}},
		},
		{
			name: "AND, OR, NOT",
			where: &model.ActorWhere{
				And: []*model.ActorWhere{{Name: &model.StringWhere{Eq: ptr("a")}}, {Name: &model.StringWhere{Eq: ptr("b")}}},
				Or:  []*model.ActorWhere{{Wikidata: &model.StringWhere{Eq: ptr("Q1")}}},
				Not: &model.ActorWhere{Kind: &model.ActorKindWhere{Eq: ptr(model.ActorKindPerson)}},
			},
			want: &store.EntityFilter{
				And: []*store.EntityFilter{{Name: &store.StringFilter{Eq: ptr("a")}}, {Name: &store.StringFilter{Eq: ptr("b")}}},
				Or:  []*store.EntityFilter{{Wikidata: &store.StringFilter{Eq: ptr("Q1")}}},
				Not: &store.EntityFilter{Kind: &store.StringFilter{Eq: ptr("person")}},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := actorWhere(tc.where, 1)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestOtherWheres(t *testing.T) {
	date := &model.DateWhere{Gte: ptr("2025-06-01"), Lt: ptr("2025-07-01")}
	storeDate := &store.DateFilter{Gte: ptr("2025-06-01"), Lt: ptr("2025-07-01")}
	for _, tc := range []struct {
		name string
		got  func() (any, error)
		want any
	}{
		{
			name: "meeting date",
			got:  func() (any, error) { return meetingWhere(&model.MeetingWhere{Date: date}, 1) },
			want: &store.EntityFilter{Date: storeDate},
		},
		{
			name: "place kind",
			got: func() (any, error) {
				return placeWhere(&model.PlaceWhere{Kind: &model.PlaceKindWhere{Eq: ptr(model.PlaceKindCity)}}, 1)
			},
			want: &store.EntityFilter{Kind: &store.StringFilter{Eq: ptr("city")}},
		},
		{
			name: "agreement kind and status",
			got: func() (any, error) {
				return agreementWhere(&model.AgreementWhere{
					Kind:   &model.AgreementKindWhere{Eq: ptr(model.AgreementKindPrisonerExchange)},
					Status: &model.AgreementStatusWhere{In: []model.AgreementStatus{model.AgreementStatusRejected}},
				}, 1)
			},
			want: &store.EntityFilter{
				Kind:   &store.StringFilter{Eq: ptr("prisoner_exchange")},
				Status: &store.StringFilter{In: []string{"rejected"}},
			},
		},
		{
			name: "entity type enum values become node type names",
			got: func() (any, error) {
				return entityWhere(&model.EntityWhere{Type: &model.EntityTypeWhere{
					Eq: ptr(model.EntityTypeActor), In: []model.EntityType{model.EntityTypeMeeting, model.EntityTypeAgreement},
				}}, 1)
			},
			want: &store.EntityFilter{Type: &store.StringFilter{Eq: ptr("Actor"), In: []string{"Meeting", "Agreement"}}},
		},
		{
			name: "article",
			got: func() (any, error) {
				return articleWhere(&model.ArticleWhere{
					ID: &model.IDWhere{Eq: ptr("article:a")}, Title: &model.StringWhere{Contains: ptr("ceasefire")},
					Source: &model.StringWhere{Eq: ptr("AP")}, Published: date,
					Not: &model.ArticleWhere{Source: &model.StringWhere{Eq: ptr("X")}},
				}, 1)
			},
			want: &store.ArticleFilter{
				ID: &store.StringFilter{Eq: ptr("article:a")}, Title: &store.StringFilter{Contains: ptr("ceasefire")},
				Source: &store.StringFilter{Eq: ptr("AP")}, Published: storeDate,
				Not: &store.ArticleFilter{Source: &store.StringFilter{Eq: ptr("X")}},
			},
		},
		{
			name: "relation",
			got: func() (any, error) {
				return relationWhere(&model.RelationWhere{
					Type:     &model.RelationTypeWhere{Eq: ptr(model.RelationTypeAgreedTo)},
					Source:   &model.EntityWhere{Name: &model.StringWhere{Eq: ptr("Ukraine")}},
					Target:   &model.EntityWhere{Type: &model.EntityTypeWhere{Eq: ptr(model.EntityTypeAgreement)}},
					Article:  &model.IDWhere{Eq: ptr("article:a")},
					Date:     date,
					Quantity: &model.IntWhere{Gte: ptr(1000), Lt: ptr(10000)},
					Item:     &model.StringWhere{Contains: ptr("remains")},
					Or:       []*model.RelationWhere{{ID: &model.IDWhere{Eq: ptr("relation:1")}}},
				}, 1)
			},
			want: &store.RelationFilter{
				Type:     &store.StringFilter{Eq: ptr("AGREED_TO")},
				Source:   &store.EntityFilter{Name: &store.StringFilter{Eq: ptr("Ukraine")}},
				Target:   &store.EntityFilter{Type: &store.StringFilter{Eq: ptr("Agreement")}},
				Article:  &store.StringFilter{Eq: ptr("article:a")},
				Date:     storeDate,
				Quantity: &store.IntFilter{Gte: ptr(1000), Lt: ptr(10000)},
				Item:     &store.StringFilter{Contains: ptr("remains")},
				Or:       []*store.RelationFilter{{ID: &store.StringFilter{Eq: ptr("relation:1")}}},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.got()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// nestNot nests an actor filter n levels deep through NOT.
func nestNot(n int) *model.ActorWhere {
	w := &model.ActorWhere{Name: &model.StringWhere{Eq: ptr("x")}}
	for i := 1; i < n; i++ {
		w = &model.ActorWhere{Not: w}
	}
	return w
}

func TestWhereDepth(t *testing.T) {
	if _, err := actorWhere(nestNot(MaxWhereDepth), 1); err != nil {
		t.Errorf("depth %d: %v", MaxWhereDepth, err)
	}
	_, err := actorWhere(nestNot(MaxWhereDepth+1), 1)
	if apierr.Code(err) != apierr.BadUserInput || !strings.Contains(err.Error(), "where:") {
		t.Errorf("depth %d: err = %v, want BAD_USER_INPUT naming where", MaxWhereDepth+1, err)
	}

	// A relation's source and target count as a level.
	deep := &model.RelationWhere{Source: &model.EntityWhere{}}
	for i := 2; i < MaxWhereDepth; i++ {
		deep = &model.RelationWhere{And: []*model.RelationWhere{deep}}
	}
	if _, err := relationWhere(deep, 1); err != nil {
		t.Errorf("relation at depth %d: %v", MaxWhereDepth, err)
	}
	deeper := &model.RelationWhere{Or: []*model.RelationWhere{deep}}
	if _, err := relationWhere(deeper, 1); apierr.Code(err) != apierr.BadUserInput {
		t.Errorf("relation at depth %d: err = %v, want BAD_USER_INPUT", MaxWhereDepth+1, err)
	}
}

func TestOrders(t *testing.T) {
	desc := ptr(model.OrderDirectionDesc)
	for _, tc := range []struct {
		name string
		got  store.Order
		want store.Order
	}{
		{"entity default", entityOrder(nil), store.Order{Field: store.OrderByID}},
		{"entity name", entityOrder(&model.EntityOrder{Field: model.EntityOrderFieldName}), store.Order{Field: store.OrderByName}},
		{"entity degree desc", entityOrder(&model.EntityOrder{Field: model.EntityOrderFieldDegree, Direction: desc}), store.Order{Field: store.OrderByDegree, Desc: true}},
		{"entity date asc", entityOrder(&model.EntityOrder{Field: model.EntityOrderFieldDate, Direction: ptr(model.OrderDirectionAsc)}), store.Order{Field: store.OrderByDate}},
		{"article default", articleOrder(nil), store.Order{Field: store.OrderByID}},
		{"article title", articleOrder(&model.ArticleOrder{Field: model.ArticleOrderFieldTitle}), store.Order{Field: store.OrderByName}},
		{"article published desc", articleOrder(&model.ArticleOrder{Field: model.ArticleOrderFieldPublished, Direction: desc}), store.Order{Field: store.OrderByDate, Desc: true}},
		{"relation default", relationOrder(nil), store.Order{Field: store.OrderByID}},
		{"relation type", relationOrder(&model.RelationOrder{Field: model.RelationOrderFieldType}), store.Order{Field: store.OrderByName}},
		{"relation date desc", relationOrder(&model.RelationOrder{Field: model.RelationOrderFieldDate, Direction: desc}), store.Order{Field: store.OrderByDate, Desc: true}},
		{"relation id", relationOrder(&model.RelationOrder{Field: model.RelationOrderFieldID}), store.Order{Field: store.OrderByID}},
	} {
		if diff := cmp.Diff(tc.want, tc.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestTypesAndDirection(t *testing.T) {
	if got := nodeTypes(nil); got != nil {
		t.Errorf("nodeTypes(nil) = %v, want nil", got)
	}
	if diff := cmp.Diff([]ontology.NodeType{ontology.Place, ontology.Actor},
		nodeTypes([]model.EntityType{model.EntityTypePlace, model.EntityTypeActor})); diff != "" {
		t.Errorf("nodeTypes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]ontology.RelationType{ontology.HeldIn, ontology.Cooperated},
		relationTypes([]model.RelationType{model.RelationTypeHeldIn, model.RelationTypeCooperatedWith})); diff != "" {
		t.Errorf("relationTypes (-want +got):\n%s", diff)
	}
	for d, want := range map[*model.Direction]store.Direction{
		nil:                      store.Both,
		ptr(model.DirectionIn):   store.In,
		ptr(model.DirectionOut):  store.Out,
		ptr(model.DirectionBoth): store.Both,
	} {
		if got := direction(d); got != want {
			t.Errorf("direction(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestAndFilters(t *testing.T) {
	a := &store.EntityFilter{Name: &store.StringFilter{Eq: ptr("a")}}
	b := &store.EntityFilter{Name: &store.StringFilter{Eq: ptr("b")}}
	if andEntity(nil, b) != b || andEntity(a, nil) != a {
		t.Error("andEntity with a nil side should return the other")
	}
	if diff := cmp.Diff(&store.EntityFilter{And: []*store.EntityFilter{a, b}}, andEntity(a, b)); diff != "" {
		t.Errorf("andEntity (-want +got):\n%s", diff)
	}
	ra := &store.RelationFilter{ID: &store.StringFilter{Eq: ptr("a")}}
	if andRelation(nil, ra) != ra || andRelation(ra, nil) != ra {
		t.Error("andRelation with a nil side should return the other")
	}
}

func TestRelationsKeyRoundTrip(t *testing.T) {
	q := store.RelationQuery{
		Entity: "actor:Q212", Direction: store.In,
		Types: []ontology.RelationType{ontology.Demanded},
		Where: &store.RelationFilter{Quantity: &store.IntFilter{Gte: ptr(3)}, Source: &store.EntityFilter{Name: &store.StringFilter{In: []string{"x"}}}},
		Order: store.Order{Field: store.OrderByDate, Desc: true}, First: 7, After: store.EncodeCursor("k", "id"),
	}
	k := KeyOf(q)
	if k != KeyOf(q) {
		t.Error("KeyOf is not deterministic")
	}
	got, err := k.query()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(q, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	other := q
	other.Entity = "actor:Q159"
	if KeyOf(other) == k {
		t.Error("queries for different entities share a key")
	}
}
