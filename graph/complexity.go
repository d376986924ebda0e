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
//     Agreement.demandedBy, ...) costs 1 + assumedListSize × its selection;
//     Relation.evidence given first, 1 + first × its selection.
//
// So `{ actors(first: 100) { edges { node { name } } } }` costs
// 1 + 100 × (1 + (1 + 1)) = 301, and a second level of 100 relations under
// each actor multiplies by another 100.
//
// A connection's totalCount is a count over everything the connection's
// filter matches: it costs countCost, and, being in the connection's
// selection, is paid for each item of the page (a simplification that errs
// on the dear side; nested under another list, it is then paid once per
// parent, as the counts are made).
//
// The exploration fields of explore.graphqls (search, neighborhood,
// shortestPath, allShortestPaths, timeline, dyad) are paid the same way,
// plus what they make the store look at before answering (a search of
// paths, a scan of a timeline): see exploreComplexity in explore.go.

// assumedListSize is the number of items assumed of the lists that have no
// page size: the neighbours of an entity in one role, the evidence of a
// relation. Most have one to a handful; NeighbourLimit bounds them.
const assumedListSize = 5

// pageCost is the cost of a connection field returning up to first items.
func pageCost(child int, first *int) int {
	return itemsCost(child, first, store.DefaultPageSize)
}

// itemsCost is the cost of a list of up to n items (n the argument, or
// def), each costing child.
func itemsCost(child int, n *int, def int) int {
	return 1 + max(orDefault(n, def), 0)*child
}

func listCost(child int) int { return 1 + assumedListSize*child }

// countCost is the cost of a connection's totalCount.
const countCost = 5

func totalCountCost(int) int { return countCost }

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
	c.Relation.Evidence = func(child int, first *int, _ *string) int {
		if first == nil {
			return listCost(child)
		}
		return itemsCost(child, first, MaxEvidence)
	}
	c.ActorConnection.TotalCount, c.MeetingConnection.TotalCount = totalCountCost, totalCountCost
	c.PlaceConnection.TotalCount, c.AgreementConnection.TotalCount = totalCountCost, totalCountCost
	c.EntityConnection.TotalCount, c.ArticleConnection.TotalCount = totalCountCost, totalCountCost
	c.RelationConnection.TotalCount = totalCountCost
	exploreComplexity(&c)
	return c
}
