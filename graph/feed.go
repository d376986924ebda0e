package graph

import (
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"newsgraph/graph/apierr"
	"newsgraph/graph/model"
	"newsgraph/internal/metrics"
	"newsgraph/store"
	"newsgraph/store/follow"
)

// This file holds the subscriptions, all fed by the store's change feed
// (Resolver.Feed, a follow.Follower), live or resumed alike: each event
// carries a cursor, its place in the feed, and a subscription given a
// cursor replays what came after it before going on live. A subscription
// runs until the client leaves, the subscriber is dropped for falling
// behind, its cursor expires, or the server shuts down.

// Feed is what subscriptions follow: the store's change feed
// (follow.Follower is one).
type Feed interface {
	// Subscribe starts a subscription to the changes after position
	// after, or from now on when after is nil.
	Subscribe(ctx context.Context, after *store.Position) (*follow.Subscription, error)
}

// LastEventIDHeader is the header with which a server-sent events client
// resumes: the id of the last event it received, a cursor.
const LastEventIDHeader = "Last-Event-ID"

// feedCursor is a place in the feed: after the change at pos, or, when rel
// is more than 0, after the first rel relations of that change (a cursor
// of relationAdded).
type feedCursor struct {
	pos store.Position
	rel int
}

// cursorPrefix starts every cursor, so that another kind of cursor is told
// apart.
const cursorPrefix = "feed:"

// String encodes the cursor: opaque to clients.
func (c feedCursor) String() string {
	s := cursorPrefix + strconv.FormatUint(uint64(c.pos), 10)
	if c.rel > 0 {
		s += ":" + strconv.Itoa(c.rel)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

// parseFeedCursor reads a cursor made by feedCursor.String.
func parseFeedCursor(s string) (feedCursor, error) {
	bad := apierr.BadInput("malformed subscription cursor %q: pass a cursor an event of this API gave", s)
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return feedCursor{}, bad
	}
	rest, ok := strings.CutPrefix(string(b), cursorPrefix)
	if !ok {
		return feedCursor{}, bad
	}
	posText, relText, hasRel := strings.Cut(rest, ":")
	pos, err := strconv.ParseUint(posText, 10, 64)
	if err != nil {
		return feedCursor{}, bad
	}
	c := feedCursor{pos: store.Position(pos)}
	if hasRel {
		if c.rel, err = strconv.Atoi(relText); err != nil || c.rel <= 0 || c.pos == 0 {
			return feedCursor{}, bad
		}
	}
	return c, nil
}

// resumeFrom is where a subscription resumes: its after argument, else the
// Last-Event-ID header of its request (server-sent events), else nil (from
// now on).
func resumeFrom(ctx context.Context, after *string) (*feedCursor, error) {
	text := ""
	switch {
	case after != nil:
		text = *after
	case operationHeader(ctx, LastEventIDHeader) != "":
		text = operationHeader(ctx, LastEventIDHeader)
	default:
		return nil, nil
	}
	c, err := parseFeedCursor(text)
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// subscribeFeed runs a subscription named kind (for the metrics) on the
// feed from cursor from (nil: from now on), converting each change into
// zero or more values; skip is how many relations of the change to leave
// out (those before a relationAdded cursor).
func subscribeFeed[T any](ctx context.Context, r *Resolver, kind string, from *feedCursor, convert func(c store.Change, skip int) []T) (<-chan T, error) {
	var after *store.Position
	if from != nil {
		p := from.pos
		if from.rel > 0 {
			p-- // the change is replayed, without its first rel relations
		}
		after = &p
	}
	if r.Feed == nil {
		return nil, apierr.New(apierr.Unavailable, "subscriptions are not enabled on this server")
	}
	sub, err := r.Feed.Subscribe(ctx, after)
	if err != nil {
		return nil, feedError(err)
	}
	gauge := metrics.Subscriptions.WithLabelValues(kind)
	gauge.Inc()
	out := make(chan T)
	go func() {
		defer gauge.Dec()
		defer close(out)
		defer sub.Close()
		for c := range sub.Changes() {
			skip := 0
			if from != nil && from.rel > 0 && c.Position == from.pos {
				skip = from.rel
			}
			for _, v := range convert(c, skip) {
				select {
				case out <- v:
				case <-ctx.Done():
					return
				}
			}
		}
		if err := sub.Err(); err != nil {
			r.subscriptionEnded(ctx, kind, err)
		}
	}()
	return out, nil
}

// feedError is the API error of a feed error.
func feedError(err error) error {
	switch {
	case errors.Is(err, store.ErrFeedExpired):
		return apierr.New(apierr.CursorExpired, "%v: subscribe again without a cursor", err)
	case errors.Is(err, store.ErrInvalid):
		return apierr.BadInput("the cursor is not one of this graph's: %v", err)
	case errors.Is(err, follow.ErrClosed):
		return apierr.New(apierr.Unavailable, "%v", err)
	}
	return err
}

// articleChangeEvents is articleIngested's conversion: the puts.
func articleChangeEvents(c store.Change, _ int) []*model.ArticleEvent {
	if c.Kind == store.ChangeDeleted {
		return nil
	}
	return []*model.ArticleEvent{{
		Article:   model.ArticleOf(&c.Article),
		Outcome:   model.IngestOutcome(c.Kind),
		Entities:  c.Entities,
		Relations: len(c.Relations),
		Cursor:    feedCursor{pos: c.Position}.String(),
	}}
}

// relationChangeEvents is relationAdded's conversion: the relations of the
// change (from the skip-th on) of the types asked for (all if none) that
// touch entity (any if empty), each with its cursor.
func relationChangeEvents(types []model.RelationType, entity string) func(store.Change, int) []*model.Relation {
	keep := relationTypes(types)
	return func(c store.Change, skip int) []*model.Relation {
		var out []*model.Relation
		for i := skip; i < len(c.Relations); i++ {
			rel := &c.Relations[i]
			if len(keep) > 0 && !slices.Contains(keep, rel.Type) {
				continue
			}
			if entity != "" && rel.Source != entity && rel.Target != entity {
				continue
			}
			out = append(out, &model.Relation{Relation: rel, FeedCursor: feedCursor{pos: c.Position, rel: i + 1}.String()})
		}
		return out
	}
}

// articleIngested is the articleIngested subscription.
func (r *Resolver) articleIngested(ctx context.Context, after *string) (<-chan *model.ArticleEvent, error) {
	from, err := resumeFrom(ctx, after)
	if err != nil {
		return nil, err
	}
	return subscribeFeed(ctx, r, "articleIngested", from, articleChangeEvents)
}

// relationAdded is the relationAdded subscription.
func (r *Resolver) relationAdded(ctx context.Context, types []model.RelationType, entity, after *string) (<-chan *model.Relation, error) {
	var id string
	if entity != nil {
		id = *entity
	}
	from, err := resumeFrom(ctx, after)
	if err != nil {
		return nil, err
	}
	return subscribeFeed(ctx, r, "relationAdded", from, relationChangeEvents(types, id))
}

// operationHeader is a header of the request of ctx's operation, "" when
// there is none.
func operationHeader(ctx context.Context, name string) string {
	if !graphql.HasOperationContext(ctx) {
		return ""
	}
	return graphql.GetOperationContext(ctx).Headers.Get(name)
}

// subscriptionEnded tells a WebSocket client why the server ended its
// subscription (over SSE the stream just ends), as feedError says, and
// logs it. An error that is not a GraphQL error then is sent as
// UNAVAILABLE.
func (r *Resolver) subscriptionEnded(ctx context.Context, kind string, err error) {
	if err == nil {
		return
	}
	if errors.Is(err, store.ErrFeedExpired) {
		r.Logger.WarnContext(ctx, "subscriber dropped for falling behind the feed's retention", "subscription", kind)
	} else {
		r.Logger.InfoContext(ctx, "subscription ended by the server", "subscription", kind, "error", err)
	}
	var gerr *gqlerror.Error
	if !errors.As(feedError(err), &gerr) {
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

// overWebsocket reports whether the operation of ctx came over a WebSocket
// connection: gqlgen gives its operations the headers of the connection's
// upgrade request.
func overWebsocket(ctx context.Context) bool {
	return graphql.HasOperationContext(ctx) && graphql.GetOperationContext(ctx).Headers.Get("Upgrade") != ""
}
