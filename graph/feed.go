package graph

import (
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"newsgraph/graph/apierr"
	"newsgraph/graph/model"
	"newsgraph/internal/metrics"
	"newsgraph/store"
	"newsgraph/store/follow"
)

// This file holds the subscriptions fed by the store's change feed
// (Resolver.Feed, a follow.Follower): each event carries a cursor, its
// place in the feed, and a subscription given a cursor replays what came
// after it before going on live.

// Feed is what subscriptions follow when it is set: the store's change
// feed (follow.Follower is one).
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
			r.subscriptionEnded(ctx, kind, feedError(err))
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
	if r.Feed == nil {
		if after != nil {
			return nil, noFeed()
		}
		return subscribe(ctx, r, "articleIngested", articleEvents)
	}
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
	if r.Feed == nil {
		if after != nil {
			return nil, noFeed()
		}
		return subscribe(ctx, r, "relationAdded", relationEvents(types, id))
	}
	from, err := resumeFrom(ctx, after)
	if err != nil {
		return nil, err
	}
	return subscribeFeed(ctx, r, "relationAdded", from, relationChangeEvents(types, id))
}

func noFeed() error {
	return apierr.New(apierr.Unavailable, "this server does not follow a change feed: subscriptions cannot resume from a cursor")
}

// operationHeader is a header of the request of ctx's operation, "" when
// there is none.
func operationHeader(ctx context.Context, name string) string {
	if !graphql.HasOperationContext(ctx) {
		return ""
	}
	return graphql.GetOperationContext(ctx).Headers.Get(name)
}
