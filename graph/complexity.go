package graph

import (
	"newsgraph/graph/generated"
	"newsgraph/graph/model"
	"newsgraph/store"
)

// The cost of an operation (Limits.MaxComplexity) is the sum of its fields'
// costs. A field costs 1 plus the cost of what it selects, except lists,
// which are paid for each item they may return:
//
//   - a connection (actors, relations, ...) costs 1 + first × its
//     selection, first being the argument or its default (20);
//   - nodes(ids) costs 1 + len(ids) × its selection;
//   - a list without a page size (Meeting.participants, Relation.evidence,
//     Agreement.demandedBy, ...) costs 1 + assumedListSize × its selection.
//
// So `{ actors(first: 100) { edges { node { name } } } }` costs
// 1 + 100 × (1 + (1 + 1)) = 301, and a second level of 100 relations under
// each actor multiplies by another 100.
//
// The exploration fields of explore.graphqls (search, neighborhood,
// allShortestPaths, timeline, dyad) are paid the same way, per the number of
// items their caps allow: see exploreComplexity in explore.go.

// assumedListSize is the number of items assumed of the lists that have no
// page size: the neighbours of an entity in one role, the evidence of a
// relation. Most have one to a handful; NeighbourLimit bounds them.
const assumedListSize = 5

// pageCost is the cost of a connection field returning up to first items.
func pageCost(child int, first *int) int {
	n := store.DefaultPageSize
	if first != nil {
		n = max(*first, 0)
	}
	return 1 + n*child
}

func listCost(child int) int { return 1 + assumedListSize*child }

// complexityRoot returns the cost functions of the schema's list fields.
func complexityRoot() generated.ComplexityRoot {
	var c generated.ComplexityRoot

	articles := func(child int, first *int, _ *string) int { return pageCost(child, first) }
	relations := func(child int, _ *model.Direction, _ []model.RelationType, _ *model.RelationWhere,
		_ *model.RelationOrder, first *int, _ *string) int {
		return pageCost(child, first)
	}

	c.Actor.Articles, c.Actor.Relations = articles, relations
	c.Meeting.Articles, c.Meeting.Relations = articles, relations
	c.Place.Articles, c.Place.Relations = articles, relations
	c.Agreement.Articles, c.Agreement.Relations = articles, relations

	c.Article.Entities = func(child int, _ []model.EntityType, _ *model.EntityWhere, _ *model.EntityOrder, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Article.Relations = func(child int, _ []model.RelationType, _ *model.RelationWhere, _ *model.RelationOrder, first *int, _ *string) int {
		return pageCost(child, first)
	}

	c.Query.Actors = func(child int, _ *model.ActorWhere, _ *model.EntityOrder, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Query.Meetings = func(child int, _ *model.MeetingWhere, _ *model.EntityOrder, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Query.Places = func(child int, _ *model.PlaceWhere, _ *model.EntityOrder, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Query.Agreements = func(child int, _ *model.AgreementWhere, _ *model.EntityOrder, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Query.Entities = func(child int, _ []model.EntityType, _ *model.EntityWhere, _ *model.EntityOrder, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Query.Articles = func(child int, _ *model.ArticleWhere, _ *model.ArticleOrder, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Query.Relations = func(child int, _ []model.RelationType, _ *model.RelationWhere, _ *model.RelationOrder, first *int, _ *string) int {
		return pageCost(child, first)
	}
	c.Query.Nodes = func(child int, ids []string) int { return 1 + len(ids)*child }

	c.Meeting.Participants, c.Meeting.Agreements = listCost, listCost
	c.Place.Meetings = listCost
	c.Agreement.DemandedBy, c.Agreement.ProposedBy, c.Agreement.RejectedBy = listCost, listCost, listCost
	c.Agreement.AgreedBy, c.Agreement.SupportedBy, c.Agreement.ProducedAt = listCost, listCost, listCost
	c.Relation.Evidence = listCost
	exploreComplexity(&c)
	return c
}
