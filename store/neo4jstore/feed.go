package neo4jstore

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
)

// The change feed (store.ChangeFeed) lives next to the data: every write
// transaction that changes an article ends by creating one node
//
//	(:Change {seq, at, kind, article, payload})
//
// per change, seq being its position, at Neo4j's timestamp() at the write,
// kind a store.ChangeKind, article the article id and payload the JSON of
// what a subscriber is told (changePayload) but the article's text and the
// quotes of its evidence, which the Article node holds already: Changes
// reads them from there while the article is still the version the change
// put (store.Change). Positions come from one
// counter node, (:FeedHead {id: "changes", seq}): the transaction locks it
// last, adds the number of its changes and numbers them from the old
// value. The lock is held until the commit, so transactions get their
// positions in the order they commit, with no gap (a transaction that
// rolls back rolls the counter back too) and no race between writers of
// any number of servers; a uniqueness constraint on Change.seq guards it
// all the same. Taking the lock last keeps writers serialized only for the
// end of their transactions, and no deadlock can involve it: a writer
// holding it asks for no other lock.
//
// The counter node also keeps the time of the latest change (at), and a
// change is never given a time before it: times follow positions even when
// a transaction that started later took the lock first.
//
// Retention: the same statement deletes the oldest changes (at most
// pruneBatch a write) that are more than MaxChanges behind the head or
// older than MaxAge; readers ignore what is past either bound but not yet
// deleted.

// feedHeadID is the id of the counter node.
const feedHeadID = "changes"

// pruneBatch is the most changes one write deletes for the retention: more
// than one write makes, so that the feed shrinks back to its bounds.
const pruneBatch = 64

// feedSchemaStatements are the feed's constraints.
func feedSchemaStatements() []string {
	return []string{
		"CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (c:Change) REQUIRE c.seq IS UNIQUE",
		"CREATE CONSTRAINT feed_head_id IF NOT EXISTS FOR (h:FeedHead) REQUIRE h.id IS UNIQUE",
	}
}

var _ store.ChangeFeed = (*Store)(nil)

// changeRow is one change as recordChanges writes it.
type changeRow struct {
	kind    store.ChangeKind
	article string
	payload string // JSON of a changePayload; "" for a delete
}

func (r changeRow) params() map[string]any {
	return map[string]any{"kind": string(r.kind), "article": r.article, "payload": r.payload}
}

// putChange is the change row of a put of g, but for its kind (set once
// the transaction knows it).
func putChange(g *store.ArticleGraph) changeRow {
	c := store.ChangeOf(g, "")
	return changeRow{article: g.Article.ID, payload: encodePayload(&c)}
}

// batchChanges are the change rows of a batch's chunk (see PutArticles),
// in order, given their outcomes.
func batchChanges(gs []*store.ArticleGraph, chunk []int, outcomes []store.PutOutcome) []changeRow {
	var rows []changeRow
	for k, i := range chunk {
		if outcomes[k] != store.Unchanged {
			row := putChange(gs[i])
			row.kind = store.ChangeKind(outcomes[k])
			rows = append(rows, row)
		}
	}
	return rows
}

// recordChangesCypher numbers and creates the changes of a transaction and
// applies the retention (see the comment at the top of the file).
const recordChangesCypher = `MERGE (h:FeedHead {id: $head})
SET h:FeedHead
WITH h
SET h.seq = coalesce(h.seq, 0) + size($rows),
    h.at = CASE WHEN timestamp() > coalesce(h.at, 0) THEN timestamp() ELSE h.at END
WITH h, h.seq - size($rows) AS base, h.at AS now
UNWIND range(0, size($rows) - 1) AS i
CREATE (:Change {seq: base + i + 1, at: now, kind: $rows[i].kind, article: $rows[i].article, payload: $rows[i].payload})
WITH DISTINCT h, now
CALL (h, now) {
  MATCH (c:Change) WHERE c.seq > 0
  WITH c ORDER BY c.seq LIMIT $prune
  WITH c WHERE c.seq <= h.seq - $keep OR c.at < now - $maxAge
  DELETE c
}
RETURN h.seq`

// recordChanges records rows, in order, in the write transaction tx.
func (s *Store) recordChanges(ctx context.Context, tx neo4j.ManagedTransaction, rows ...changeRow) error {
	if len(rows) == 0 {
		return nil
	}
	ps := make([]map[string]any, len(rows))
	for i, r := range rows {
		ps[i] = r.params()
	}
	r := s.feedRetention()
	_, err := run(ctx, tx, recordChangesCypher, map[string]any{
		"head": feedHeadID, "rows": ps, "prune": int64(pruneBatch),
		"keep": int64(r.MaxChanges), "maxAge": r.MaxAge.Milliseconds(),
	})
	return err
}

// feedRetention is the configured retention with its defaults.
func (s *Store) feedRetention() store.Retention { return s.retention.WithDefaults() }

// feedBoundsCypher reads the latest position and the oldest change within
// the retention.
const feedBoundsCypher = `OPTIONAL MATCH (h:FeedHead {id: $head})
WITH coalesce(h.seq, 0) AS latest
OPTIONAL MATCH (c:Change)
WHERE c.seq > latest - $keep AND c.at >= timestamp() - $maxAge
WITH latest, c ORDER BY c.seq LIMIT 1
RETURN latest, c.seq`

// bounds reads the feed's bounds in tx.
func (s *Store) bounds(ctx context.Context, tx neo4j.ManagedTransaction) (oldest, latest store.Position, err error) {
	r := s.feedRetention()
	recs, err := run(ctx, tx, feedBoundsCypher, map[string]any{
		"head": feedHeadID, "keep": int64(r.MaxChanges), "maxAge": r.MaxAge.Milliseconds(),
	})
	if err != nil {
		return 0, 0, err
	}
	latest = store.Position(integer(recs[0].Values[0]))
	oldest = latest + 1
	if recs[0].Values[1] != nil {
		oldest = store.Position(integer(recs[0].Values[1]))
	}
	return oldest, latest, nil
}

// FeedBounds implements store.ChangeFeed.
func (s *Store) FeedBounds(ctx context.Context) (oldest, latest store.Position, err error) {
	type pair struct{ oldest, latest store.Position }
	p, err := read(ctx, s, "read the feed's bounds", func(tx neo4j.ManagedTransaction) (pair, error) {
		o, l, err := s.bounds(ctx, tx)
		return pair{o, l}, err
	})
	return p.oldest, p.latest, err
}

// Changes implements store.ChangeFeed.
func (s *Store) Changes(ctx context.Context, after store.Position, limit int) ([]store.Change, error) {
	return read(ctx, s, "read the feed", func(tx neo4j.ManagedTransaction) ([]store.Change, error) {
		oldest, latest, err := s.bounds(ctx, tx)
		if err != nil {
			return nil, err
		}
		if err := store.CheckFeedPosition(after, oldest, latest); err != nil {
			return nil, err
		}
		recs, err := run(ctx, tx, `MATCH (c:Change)
WHERE c.seq > $after AND c.seq <= $latest
WITH c ORDER BY c.seq LIMIT $limit
OPTIONAL MATCH (a:Article {id: c.article})
RETURN c.seq, c.at, c.kind, c.article, c.payload, a.hash, a.text
ORDER BY c.seq`, map[string]any{
			"after": int64(after), "latest": int64(latest), "limit": int64(store.ClampChangesPage(limit)),
		})
		if err != nil {
			return nil, err
		}
		out := make([]store.Change, 0, len(recs))
		for i, rec := range recs {
			if integer(rec.Values[0]) != int64(after)+int64(i)+1 {
				// A change before this one is not visible yet: its
				// transaction took its position first but has not
				// finished committing. Stop before the hole, so that a
				// reader never skips a change.
				break
			}
			c := store.Change{
				Position: store.Position(integer(rec.Values[0])),
				At:       time.UnixMilli(integer(rec.Values[1])).UTC(),
				Kind:     store.ChangeKind(str(rec.Values[2])),
				Article:  store.Article{ID: str(rec.Values[3])},
			}
			if p := str(rec.Values[4]); p != "" {
				if err := decodePayload(p, &c); err != nil {
					return nil, fmt.Errorf("change %d: %w", c.Position, err)
				}
				if hash := str(rec.Values[5]); hash != "" && hash == c.Article.Hash {
					c.Article.Text = str(rec.Values[6])
					quoteFromText(&c)
				} else {
					c.Superseded()
				}
			}
			out = append(out, c)
		}
		return out, nil
	})
}

// FeedCommitted implements store.ChangeFeed: the channel is closed after
// the next write transaction of this store commits (writes by other
// servers are found by polling).
func (s *Store) FeedCommitted() <-chan struct{} { return s.committed.Wait() }

// changePayload is what a Change node keeps of a put, in JSON: what the
// events of subscriptions say, but the article's text and the quotes that
// are spans of it. Its field names are spelled out: changes outlive the
// code that wrote them (within the retention). A payload written with a
// text (before it was left out) is read all the same; its text is ignored.
type changePayload struct {
	Article   payloadArticle    `json:"article"`
	Entities  int               `json:"entities"`
	Relations []payloadRelation `json:"relations,omitempty"`
}

type payloadArticle struct {
	Title     string `json:"title,omitempty"`
	Source    string `json:"source,omitempty"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
	Hash      string `json:"hash"`
}

type payloadRelation struct {
	ID         string            `json:"id"`
	Type       string            `json:"type"`
	Source     string            `json:"source"`
	Target     string            `json:"target"`
	Quantity   *int              `json:"quantity,omitempty"`
	Item       string            `json:"item,omitempty"`
	Date       string            `json:"date,omitempty"`
	Duration   string            `json:"duration,omitempty"`
	Conditions string            `json:"conditions,omitempty"`
	Evidence   []payloadEvidence `json:"evidence"`
}

type payloadEvidence struct {
	Quote  string `json:"quote,omitempty"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	CAMEO  string `json:"cameo,omitempty"`
	PLOVER string `json:"plover,omitempty"`
	Mode   string `json:"mode,omitempty"`
	Label  string `json:"label,omitempty"`
}

func encodePayload(c *store.Change) string {
	a := c.Article
	p := changePayload{
		Article: payloadArticle{Title: a.Title, Source: a.Source, URL: a.URL,
			Published: a.Published, Hash: a.Hash},
		Entities: c.Entities,
	}
	text := []rune(a.Text)
	for _, r := range c.Relations {
		q := r.Qualifiers
		pr := payloadRelation{ID: r.ID, Type: string(r.Type), Source: r.Source, Target: r.Target,
			Quantity: q.Quantity, Item: q.Item, Date: q.Date, Duration: q.Duration, Conditions: q.Conditions}
		for _, ev := range r.Evidence {
			// The evidence of a change is its article's; a quote that
			// is its span of the text is read from the text.
			quote := ev.Quote
			if span(text, ev.Start, ev.End) == quote {
				quote = ""
			}
			pr.Evidence = append(pr.Evidence, payloadEvidence{Quote: quote, Start: ev.Start, End: ev.End,
				CAMEO: ev.CAMEO, PLOVER: ev.PLOVER, Mode: ev.Mode, Label: ev.Label})
		}
		p.Relations = append(p.Relations, pr)
	}
	b, err := json.Marshal(p)
	if err != nil {
		panic(fmt.Sprintf("neo4jstore: encoding a change: %v", err))
	}
	return string(b)
}

// decodePayload fills c (whose Article.ID is set) from a payload.
func decodePayload(text string, c *store.Change) error {
	var p changePayload
	if err := json.Unmarshal([]byte(text), &p); err != nil {
		return err
	}
	a := p.Article
	c.Article = store.Article{ID: c.Article.ID, Title: a.Title, Source: a.Source, URL: a.URL,
		Published: a.Published, Hash: a.Hash}
	c.Entities = p.Entities
	for _, pr := range p.Relations {
		r := store.Relation{ID: pr.ID, Type: ontology.RelationType(pr.Type), Source: pr.Source, Target: pr.Target,
			Qualifiers: store.Qualifiers{Quantity: pr.Quantity, Item: pr.Item, Date: pr.Date, Duration: pr.Duration, Conditions: pr.Conditions}}
		for _, ev := range pr.Evidence {
			r.Evidence = append(r.Evidence, store.Evidence{Article: c.Article.ID, Quote: ev.Quote, Start: ev.Start, End: ev.End,
				EventCoding: store.EventCoding{CAMEO: ev.CAMEO, PLOVER: ev.PLOVER, Mode: ev.Mode, Label: ev.Label}})
		}
		c.Relations = append(c.Relations, r)
	}
	return nil
}

// span is text's code points from start to end, "" when they are not a
// span of it.
func span(text []rune, start, end int) string {
	if start < 0 || end < start || end > len(text) {
		return ""
	}
	return string(text[start:end])
}

// quoteFromText gives the evidence of c that has no quote in its payload
// its span of c's article text.
func quoteFromText(c *store.Change) {
	text := []rune(c.Article.Text)
	for i := range c.Relations {
		for j := range c.Relations[i].Evidence {
			if ev := &c.Relations[i].Evidence[j]; ev.Quote == "" {
				ev.Quote = span(text, ev.Start, ev.End)
			}
		}
	}
}

// Consistency tokens (store.ConsistencyWait): the bookmarks of a write
// transaction, as base64url of "neo4j:" and their JSON. A read session
// given them waits, on the Neo4j server it reaches, until that
// transaction is applied there.

const tokenPrefix = "neo4j:"

// bookmarkToken is the consistency token of bookmarks, "" for none.
func bookmarkToken(b neo4j.Bookmarks) string {
	raw := neo4j.BookmarksToRawValues(b)
	if len(raw) == 0 {
		return ""
	}
	j, _ := json.Marshal(raw)
	return base64.RawURLEncoding.EncodeToString(append([]byte(tokenPrefix), j...))
}

// tokenBookmarks reads a consistency token made by bookmarkToken.
func tokenBookmarks(token string) (neo4j.Bookmarks, error) {
	bad := fmt.Errorf("%w: malformed consistency token %q: pass the token a write of this API returned", store.ErrInvalid, token)
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return nil, bad
	}
	j, ok := bytes.CutPrefix(b, []byte(tokenPrefix))
	var raw []string
	if !ok || json.Unmarshal(j, &raw) != nil || len(raw) == 0 {
		return nil, bad
	}
	return neo4j.BookmarksFromRawValues(raw...), nil
}

// notVisible reports whether err, of a read that waited for bookmarks,
// says that they were not reached in time.
func notVisible(err error) bool {
	var dbErr *neo4j.Neo4jError
	return errors.As(err, &dbErr) && dbErr.Code == "Neo.TransientError.Transaction.BookmarkTimeout"
}
