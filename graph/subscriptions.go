package graph

import (
	"context"
	"errors"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"newsgraph/graph/apierr"
	"newsgraph/graph/model"
	"newsgraph/internal/metrics"
	"newsgraph/store/notify"
)

// This file holds the subscriptions: each one subscribes to the event bus
// (Resolver.Events) and turns its events into values of the
// subscription's type until the client leaves, the subscriber is dropped
// for falling behind, or the server shuts down.

// subscribe runs a subscription named kind (for the metrics), converting
// each event into zero or more values.
func subscribe[T any](ctx context.Context, r *Resolver, kind string, convert func(notify.Event) []T) (<-chan T, error) {
	if r.Events == nil {
		return nil, apierr.New(apierr.Unavailable, "subscriptions are not enabled on this server")
	}
	sub, err := r.Events.Subscribe()
	if err != nil {
		return nil, apierr.New(apierr.Unavailable, "%v", err)
	}
	gauge := metrics.Subscriptions.WithLabelValues(kind)
	gauge.Inc()
	out := make(chan T)
	go func() {
		defer gauge.Dec()
		defer close(out)
		defer sub.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-sub.Events():
				if !ok {
					r.subscriptionEnded(ctx, kind, sub.Err())
					return
				}
				for _, v := range convert(ev) {
					select {
					case out <- v:
					case <-ctx.Done():
						return
					case <-sub.Done():
						r.subscriptionEnded(ctx, kind, sub.Err())
						return
					}
				}
			}
		}
	}()
	return out, nil
}

// subscriptionEnded tells a WebSocket client why the server ended its
// subscription (over SSE the stream just ends) and logs it. An error that
// is not a GraphQL error already is sent as UNAVAILABLE.
func (r *Resolver) subscriptionEnded(ctx context.Context, kind string, err error) {
	if err == nil {
		return
	}
	if errors.Is(err, notify.ErrSlowSubscriber) {
		r.Logger.WarnContext(ctx, "subscriber dropped for falling behind", "subscription", kind)
	} else {
		r.Logger.InfoContext(ctx, "subscription ended by the server", "subscription", kind, "error", err)
	}
	var gerr *gqlerror.Error
	if !errors.As(err, &gerr) {
		gerr = apierr.New(apierr.Unavailable, "%v", err)
	}
	// gqlgen reads the subscription's errors once the channel is closed,
	// or once the operation's context is done; only in the first case
	// does it wait for this goroutine. When the context is done (the
	// client stopped the operation or left, the server is shutting
	// down) there is no one to tell, and writing would race with gqlgen.
	if overWebsocket(ctx) && ctx.Err() == nil {
		transport.AddSubscriptionError(ctx, gerr)
	}
}

// articleEvents is articleIngested's conversion.
func articleEvents(ev notify.Event) []*model.ArticleEvent {
	return []*model.ArticleEvent{{
		Article:   model.ArticleOf(&ev.Graph.Article),
		Outcome:   model.IngestOutcome(ev.Result.Outcome),
		Entities:  ev.Result.Entities,
		Relations: ev.Result.Relations,
	}}
}

// relationEvents is relationAdded's conversion: the relations of the
// article of the types asked for (all if none) that touch entity (any if
// empty), each with the evidence the article gives.
func relationEvents(types []model.RelationType, entity string) func(notify.Event) []*model.Relation {
	keep := relationTypes(types)
	return func(ev notify.Event) []*model.Relation {
		var out []*model.Relation
		for i := range ev.Graph.Relations {
			rel := &ev.Graph.Relations[i].Relation
			if len(keep) > 0 && !slices.Contains(keep, rel.Type) {
				continue
			}
			if entity != "" && rel.Source != entity && rel.Target != entity {
				continue
			}
			out = append(out, model.RelationOf(rel))
		}
		return out
	}
}

// overWebsocket reports whether the operation of ctx came over a WebSocket
// connection: gqlgen gives its operations the headers of the connection's
// upgrade request.
func overWebsocket(ctx context.Context) bool {
	return graphql.HasOperationContext(ctx) && graphql.GetOperationContext(ctx).Headers.Get("Upgrade") != ""
}
