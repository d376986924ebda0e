package graph

import "newsgraph/graph/generated"

// resolverRoot is the root of the resolvers that the executable schema
// calls: the resolver of each object made once. The executor asks the root
// for an object's resolver every time it resolves one of its fields, and
// the methods of Resolver (generated with the resolvers) make a new one
// for every call.
type resolverRoot struct {
	*Resolver
	actor               generated.ActorResolver
	actorConnection     generated.ActorConnectionResolver
	agreement           generated.AgreementResolver
	agreementConnection generated.AgreementConnectionResolver
	article             generated.ArticleResolver
	articleConnection   generated.ArticleConnectionResolver
	entityConnection    generated.EntityConnectionResolver
	evidence            generated.EvidenceResolver
	meeting             generated.MeetingResolver
	meetingConnection   generated.MeetingConnectionResolver
	mutation            generated.MutationResolver
	pageInfo            generated.PageInfoResolver
	path                generated.PathResolver
	place               generated.PlaceResolver
	placeConnection     generated.PlaceConnectionResolver
	query               generated.QueryResolver
	relation            generated.RelationResolver
	relationConnection  generated.RelationConnectionResolver
	subgraph            generated.SubgraphResolver
	subscription        generated.SubscriptionResolver
	timelineConnection  generated.TimelineConnectionResolver
	timelineItem        generated.TimelineItemResolver
}

// newResolverRoot returns the root of the resolvers of r.
func newResolverRoot(r *Resolver) *resolverRoot {
	return &resolverRoot{
		Resolver:            r,
		actor:               r.Actor(),
		actorConnection:     r.ActorConnection(),
		agreement:           r.Agreement(),
		agreementConnection: r.AgreementConnection(),
		article:             r.Article(),
		articleConnection:   r.ArticleConnection(),
		entityConnection:    r.EntityConnection(),
		evidence:            r.Evidence(),
		meeting:             r.Meeting(),
		meetingConnection:   r.MeetingConnection(),
		mutation:            r.Mutation(),
		pageInfo:            r.PageInfo(),
		path:                r.Path(),
		place:               r.Place(),
		placeConnection:     r.PlaceConnection(),
		query:               r.Query(),
		relation:            r.Relation(),
		relationConnection:  r.RelationConnection(),
		subgraph:            r.Subgraph(),
		subscription:        r.Subscription(),
		timelineConnection:  r.TimelineConnection(),
		timelineItem:        r.TimelineItem(),
	}
}

func (r *resolverRoot) Actor() generated.ActorResolver                     { return r.actor }
func (r *resolverRoot) ActorConnection() generated.ActorConnectionResolver { return r.actorConnection }
func (r *resolverRoot) Agreement() generated.AgreementResolver             { return r.agreement }
func (r *resolverRoot) AgreementConnection() generated.AgreementConnectionResolver {
	return r.agreementConnection
}
func (r *resolverRoot) Article() generated.ArticleResolver { return r.article }
func (r *resolverRoot) ArticleConnection() generated.ArticleConnectionResolver {
	return r.articleConnection
}
func (r *resolverRoot) EntityConnection() generated.EntityConnectionResolver {
	return r.entityConnection
}
func (r *resolverRoot) Evidence() generated.EvidenceResolver { return r.evidence }
func (r *resolverRoot) Meeting() generated.MeetingResolver   { return r.meeting }
func (r *resolverRoot) MeetingConnection() generated.MeetingConnectionResolver {
	return r.meetingConnection
}
func (r *resolverRoot) Mutation() generated.MutationResolver               { return r.mutation }
func (r *resolverRoot) PageInfo() generated.PageInfoResolver               { return r.pageInfo }
func (r *resolverRoot) Path() generated.PathResolver                       { return r.path }
func (r *resolverRoot) Place() generated.PlaceResolver                     { return r.place }
func (r *resolverRoot) PlaceConnection() generated.PlaceConnectionResolver { return r.placeConnection }
func (r *resolverRoot) Query() generated.QueryResolver                     { return r.query }
func (r *resolverRoot) Relation() generated.RelationResolver               { return r.relation }
func (r *resolverRoot) RelationConnection() generated.RelationConnectionResolver {
	return r.relationConnection
}
func (r *resolverRoot) Subgraph() generated.SubgraphResolver         { return r.subgraph }
func (r *resolverRoot) Subscription() generated.SubscriptionResolver { return r.subscription }
func (r *resolverRoot) TimelineConnection() generated.TimelineConnectionResolver {
	return r.timelineConnection
}
func (r *resolverRoot) TimelineItem() generated.TimelineItemResolver { return r.timelineItem }
