package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"newsgraph/graph/marshal"
	"newsgraph/store"
)

// Loaders batch the store calls of one GraphQL operation: every nested
// field that looks nodes up by id (Relation.source, Evidence.article, ...)
// or lists an entity's relations (Entity.relations, Meeting.participants,
// ...) goes through them, so a level of the response costs one store call
// however many parents it has. They also cache within the operation. The
// handler puts fresh Loaders in the context of each operation.
type Loaders struct {
	Entities  *loader[string, *store.Entity]
	Articles  *loader[string, *store.Article]
	Relations *loader[string, *store.Relation]
	// RelationsOf answers relation queries (typically one per entity)
	// with one store.ReadLevel call, which also reads what the next level
	// asks of their relations (see Want).
	RelationsOf *loader[RelationsKey, *store.Page[*store.Relation]]
	// CountRelations counts for relation queries with one
	// store.CountRelationsOf call.
	CountRelations *loader[RelationsKey, int]
	// EvidencePages reads pages of relations' evidence past their first
	// pieces (Relation.evidence with after) with one store.EvidencePages
	// call.
	EvidencePages *loader[store.EvidenceQuery, *store.Page[store.Evidence]]

	store store.Store
	// known holds the ids of the entities and articles the loaders hold or
	// are loading, so that a prefetch asks only for the others.
	knownEntities, knownArticles idSet
	// knownQueries holds the relation queries answered or being answered
	// (through the RelationsOf loader, PrimeRelationsOf or
	// LoadRelationsOf).
	knownQueries keySet[RelationsKey]
	// knownRelations and knownCounts hold the keys the Relations and
	// CountRelations loaders hold or are loading.
	knownRelations idSet
	knownCounts    keySet[RelationsKey]
	knownEvidence  keySet[store.EvidenceQuery]
	mu             sync.Mutex
	// wants says, for a relation query on its way to the store, what the
	// next level of the response asks of its relations.
	wants map[RelationsKey]Wants
	// projection is what the operation leaves out of the entities,
	// articles and evidence it reads (see operationProjection); set by
	// WithLoaders.
	projection projection
}

// Wants is what the next level of a response asks of a level's relations:
// the entities at their ends, the articles of their evidence, their count.
// A level that knows reads them with its relations (store.ReadLevel), or
// fetches them right after (see Loaders.Prefetch), so that the next level
// finds them loaded instead of waiting for its loaders to gather keys.
type Wants uint8

const (
	// WantSources asks for the relations' source entities.
	WantSources Wants = 1 << iota
	// WantTargets asks for the relations' target entities.
	WantTargets
	// WantArticles asks for the articles of the relations' evidence.
	WantArticles
	// WantDatelessArticles asks for the articles of the evidence of the
	// relations without a date of their own (Relation.effectiveDate).
	WantDatelessArticles
	// WantPlaces asks for the places of the relations that have one.
	WantPlaces
	// WantTotal asks for the count of the query's relations
	// (RelationConnection.totalCount), when its page does not tell it.
	WantTotal
)

// idSet is a set of ids (or other keys) safe for concurrent use.
type idSet = keySet[string]

// keySet is a set of keys safe for concurrent use.
type keySet[K comparable] struct {
	mu  sync.Mutex
	ids map[K]bool
}

// add adds ids to the set.
func (s *keySet[K]) add(ids []K) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids == nil {
		s.ids = map[K]bool{}
	}
	for _, id := range ids {
		s.ids[id] = true
	}
}

// remove removes ids from the set.
func (s *keySet[K]) remove(ids []K) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		delete(s.ids, id)
	}
}

// has reports whether the set holds every one of ids.
func (s *keySet[K]) has(ids ...K) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if !s.ids[id] {
			return false
		}
	}
	return true
}

// missing returns the ids, each once, that the set does not hold, and adds
// them to it.
func (s *keySet[K]) missing(ids []K) []K {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids == nil {
		s.ids = make(map[K]bool, len(ids))
	}
	var out []K
	for _, id := range ids {
		if !s.ids[id] {
			s.ids[id] = true
			out = append(out, id)
		}
	}
	return out
}

// DefaultLoaderWait is how long a loader collects keys before it calls the
// store. The items of a list whose fields wait for a loader are resolved on
// goroutines of their own (package graph/marshal), which ask their loaders
// within microseconds of each other, so a level is collected in well under
// a millisecond on an idle machine. Every level of
// a response waits this long once: 16 ms made three levels cost 48 ms of
// idle time. BenchmarkQueries (graph/bench_test.go) measured, on the
// embedded store, query d at 55 ms with 16 ms, 25 ms with 4 ms and 11 ms
// with 1 ms; at 1 ms a level is sometimes read in two or three calls
// rather than one (query b: 7 store calls instead of 4), each still a
// batch, and the batches run at the same time. Levels whose keys are known
// without waiting do not wait: root lookups by id and relation lists that
// no list encloses call the store at once, a root entity list fetches the
// relations its entities' selection asks for (see PrimeRelationsOf), and a
// level of relations fetches the ends, evidence articles and count its
// selection asks for (see Want), so that neither query b
// nor query d waits for a loader.
const DefaultLoaderWait = time.Millisecond

// NewLoaders makes the loaders of one operation. wait is how long each
// loader collects keys before calling the store (DefaultLoaderWait if 0).
func NewLoaders(s store.Store, wait time.Duration) *Loaders {
	if wait <= 0 {
		wait = DefaultLoaderWait
	}
	opt := dataloadgen.WithWait(wait)
	l := &Loaders{store: s, wants: map[RelationsKey]Wants{}}
	l.Entities = newLoader(byID(l.entities), &l.knownEntities, opt)
	l.Articles = newLoader(byID(l.articles), &l.knownArticles, opt)
	l.Relations = newLoader(byID(s.Relations), &l.knownRelations, opt)
	l.RelationsOf = newLoader(l.relationsOf, &l.knownQueries, opt)
	l.CountRelations = newLoader(batchOf(s.CountRelationsOf), &l.knownCounts, opt)
	l.EvidencePages = newLoader(func(ctx context.Context, qs []store.EvidenceQuery) ([]*store.Page[store.Evidence], []error) {
		ps, err := s.EvidencePages(ctx, qs)
		if err != nil {
			return nil, []error{err}
		}
		return ps, nil
	}, &l.knownEvidence, opt)
	return l
}

// entities looks entities up by id in the store, with the operation's
// projection.
func (l *Loaders) entities(ctx context.Context, ids []string) ([]*store.Entity, error) {
	return l.store.ProjectedEntities(ctx, ids, l.projection.nodes)
}

// articles looks articles up by id in the store, with the operation's
// projection.
func (l *Loaders) articles(ctx context.Context, ids []string) ([]*store.Article, error) {
	return l.store.ProjectedArticles(ctx, ids, l.projection.nodes)
}

// loader is a dataloadgen loader that knows which keys it holds or is
// loading (known: those it was primed with or has sent to the store), and
// so when a load may wait for the loader to gather the keys of a level:
// when a key is new. Then it lets the items of the list being marshalled
// after the caller's start (marshal.Release), so that they ask for their
// keys in the same batch instead of one after another.
type loader[K comparable, V any] struct {
	*dataloadgen.Loader[K, V]
	known *keySet[K]
}

// newLoader makes a loader that fetches with fetch and records the keys
// it fetches or is primed with in known.
func newLoader[K comparable, V any](fetch func(context.Context, []K) ([]V, []error), known *keySet[K],
	opts ...dataloadgen.Option) *loader[K, V] {
	return &loader[K, V]{
		Loader: dataloadgen.NewLoader(func(ctx context.Context, keys []K) ([]V, []error) {
			known.add(keys)
			return fetch(ctx, keys)
		}, opts...),
		known: known,
	}
}

// Load returns the value of key, releasing the items after the caller's
// (marshal.Release) when the loader neither holds nor is loading it.
func (l *loader[K, V]) Load(ctx context.Context, key K) (V, error) {
	if !l.known.has(key) {
		marshal.Release(ctx)
	}
	return l.Loader.Load(ctx, key)
}

// LoadAll returns the values of keys, releasing the items after the
// caller's (marshal.Release) when the loader neither holds nor is loading
// one of them.
func (l *loader[K, V]) LoadAll(ctx context.Context, keys []K) ([]V, error) {
	if !l.known.has(keys...) {
		marshal.Release(ctx)
	}
	return l.Loader.LoadAll(ctx, keys)
}

// Prime gives the loader the value of key, if it does not hold one.
func (l *loader[K, V]) Prime(key K, value V) bool {
	l.known.add([]K{key})
	return l.Loader.Prime(key, value)
}

// byID adapts a store lookup by ids to a loader's fetch function.
func byID[T any](lookup func(context.Context, []string) ([]*T, error)) func(context.Context, []string) ([]*T, []error) {
	return func(ctx context.Context, ids []string) ([]*T, []error) {
		out, err := lookup(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		return out, nil
	}
}

// fetchInto looks nodes up by id in the store, without a loader's wait,
// and primes the loader with what it found (nil for an unknown id), so
// that the next level of the response finds them loaded.
func fetchInto[T any](ctx context.Context, lookup func(context.Context, []string) ([]*T, error),
	ld *loader[string, *T], ids []string) ([]*T, error) {
	marshal.Release(ctx)
	out, err := lookup(ctx, ids)
	if err != nil {
		return nil, err
	}
	if len(out) != len(ids) {
		return nil, fmt.Errorf("graph: store returned %d nodes for %d ids", len(out), len(ids))
	}
	for i, v := range out {
		ld.Prime(ids[i], v)
	}
	return out, nil
}

// loadNow returns the nodes with ids without a loader's wait: it looks
// those the loader neither holds nor is loading (known) up in one store
// call, primes the loader with them (nil for an unknown id), and takes
// the others from it.
func loadNow[T any](ctx context.Context, lookup func(context.Context, []string) ([]*T, error),
	ld *loader[string, *T], known *idSet, ids []string) ([]*T, error) {
	if missing := known.missing(ids); len(missing) > 0 {
		if _, err := fetchInto(ctx, lookup, ld, missing); err != nil {
			known.remove(missing)
			return nil, err
		}
	}
	return ld.LoadAll(ctx, ids)
}

// LoadEntities returns entities by id without a loader's wait (loadNow).
func (l *Loaders) LoadEntities(ctx context.Context, ids []string) ([]*store.Entity, error) {
	return loadNow(ctx, l.entities, l.Entities, &l.knownEntities, ids)
}

// LoadArticles returns articles by id without a loader's wait (loadNow).
func (l *Loaders) LoadArticles(ctx context.Context, ids []string) ([]*store.Article, error) {
	return loadNow(ctx, l.articles, l.Articles, &l.knownArticles, ids)
}

// LoadRelations looks relations up by id in one store call, without a
// loader's wait, and primes the Relations loader with them.
func (l *Loaders) LoadRelations(ctx context.Context, ids []string) ([]*store.Relation, error) {
	return fetchInto(ctx, l.store.Relations, l.Relations, ids)
}

// Want records what the next level asks of the relations a relation query
// returns, before the query is loaded: the RelationsOf batch that answers
// it prefetches them.
func (l *Loaders) Want(k RelationsKey, w Wants) {
	if w == 0 {
		return
	}
	l.mu.Lock()
	l.wants[k] |= w
	l.mu.Unlock()
}

// relationsOf is the RelationsOf loader's fetch function: one
// store.ReadLevel call that reads the pages with what the next level of
// the batch's queries asks of them (see Want): the entities at their ends,
// the articles of their evidence, the counts their pages do not tell. It
// primes the Entities, Articles and CountRelations loaders with them, then
// prefetches what the level does not read (places, the articles of
// dateless relations when no article is asked for).
func (l *Loaders) relationsOf(ctx context.Context, keys []RelationsKey) ([]*store.Page[*store.Relation], []error) {
	qs, err := queriesOf(keys)
	if err != nil {
		return nil, []error{err}
	}
	ws := make([]Wants, len(keys))
	var all Wants
	l.mu.Lock()
	for i, k := range keys {
		ws[i] = l.wants[k]
		all |= ws[i]
	}
	l.mu.Unlock()
	lq := store.LevelQuery{Queries: qs, Ends: all&(WantSources|WantTargets) != 0, Articles: all&WantArticles != 0,
		Counts: all&WantTotal != 0, Projection: l.projection.nodes}
	for i := range qs {
		qs[i].ArticleOnlyEvidence = l.projection.articleOnlyEvidence
	}
	lv, err := l.store.ReadLevel(ctx, lq)
	if err != nil {
		return nil, []error{err}
	}
	pages := lv.Pages
	if len(pages) != len(keys) || (lq.Counts && len(lv.Counts) != len(keys)) {
		return nil, []error{fmt.Errorf("graph: store returned %d pages for %d relation queries", len(pages), len(keys))}
	}
	if lq.Ends || lq.Articles {
		// The ids with repeats and in no order: missing takes each once.
		var ends, articles []string
		for _, p := range pages {
			if p == nil {
				continue
			}
			for _, r := range p.Items {
				if lq.Ends {
					ends = append(ends, r.Source, r.Target)
				}
				if lq.Articles {
					for _, ev := range r.Evidence {
						articles = append(articles, ev.Article)
					}
				}
			}
		}
		// missing marks them known: the loaders are primed without
		// marking them again.
		for _, id := range l.knownEntities.missing(ends) {
			l.Entities.Loader.Prime(id, lv.Entities[id])
		}
		for _, id := range l.knownArticles.missing(articles) {
			l.Articles.Loader.Prime(id, lv.Articles[id])
		}
	}
	var want []wanted
	for i, k := range keys {
		if ws[i] == 0 || pages[i] == nil {
			continue
		}
		want = append(want, wanted{pages[i].Items, ws[i]})
		if ws[i]&WantTotal != 0 {
			if k, ok := countKey(k, pages[i]); ok {
				l.CountRelations.Prime(k, lv.Counts[i])
			}
		}
	}
	// What the level read is known now: this fetches only the rest.
	l.prefetch(ctx, want...)
	return pages, nil
}

// countKey is the key of the CountRelations loader that the totalCount of
// the relation query k asks for, given its page (see relationTotal): none
// when the page is the first and the last, whose length is the count.
func countKey(k RelationsKey, page *store.Page[*store.Relation]) (RelationsKey, bool) {
	q, err := k.query()
	if err != nil || (q.After == "" && !page.HasNextPage) {
		return RelationsKey{}, false
	}
	return KeyOf(countQuery(q)), true
}

// countQuery is a relation query without what a count ignores (page,
// order and evidence), so that counts of the same relations share a key.
func countQuery(q store.RelationQuery) store.RelationQuery {
	q.First, q.After, q.Order = 0, "", store.Order{}
	q.NoEvidence, q.EvidenceLimit = false, 0
	return q
}

// PrimeRelationsOf answers relation queries (whose wants are recorded, see
// Want) with one store call and its prefetch, without a loader's wait, and
// primes the RelationsOf loader with the pages, so that the fields that
// ask for them later find them loaded. Queries the loader holds or is
// loading already are left out. It is an optimisation only: if the store
// fails, the fields load the pages through the loader and meet the error
// there.
func (l *Loaders) PrimeRelationsOf(ctx context.Context, keys []RelationsKey) {
	keys = l.knownQueries.missing(keys)
	if len(keys) == 0 {
		return
	}
	pages, errs := l.relationsOf(ctx, keys)
	if len(errs) > 0 || len(pages) != len(keys) {
		l.knownQueries.remove(keys)
		return
	}
	for i, k := range keys {
		l.RelationsOf.Prime(k, pages[i])
	}
}

// LoadRelationsOf answers a relation query through the RelationsOf loader
// or, when alone (no other parent can ask at the same level, see
// aloneAtLevel), with a store call of its own at once: a batch of one is
// not worth a loader's wait. Either way the loader holds the page after.
func (l *Loaders) LoadRelationsOf(ctx context.Context, k RelationsKey, alone bool) (*store.Page[*store.Relation], error) {
	if !alone {
		return l.RelationsOf.Load(ctx, k)
	}
	marshal.Release(ctx)
	l.knownQueries.add([]RelationsKey{k})
	pages, errs := l.relationsOf(ctx, []RelationsKey{k})
	if len(errs) > 0 && errs[0] != nil {
		return nil, errs[0]
	}
	if len(pages) != 1 {
		return nil, fmt.Errorf("graph: store returned %d pages for 1 relation query", len(pages))
	}
	l.RelationsOf.Prime(k, pages[0])
	return pages[0], nil
}

// wanted is a list of relations and what the next level asks of them.
type wanted struct {
	rels []*store.Relation
	w    Wants
}

// Prefetch loads, in at most one store call per kind and without a
// loader's wait, the entities and articles that the next level asks of
// rels and that the loaders do not hold yet, and primes the loaders with
// them. It is an optimisation only: if it fails, the next level loads
// them through the loaders and meets the error there.
func (l *Loaders) Prefetch(ctx context.Context, rels []*store.Relation, w Wants) {
	l.prefetch(ctx, wanted{rels, w})
}

func (l *Loaders) prefetch(ctx context.Context, want ...wanted) {
	var entities, articles []string
	for _, x := range want {
		for _, rel := range x.rels {
			if x.w&WantSources != 0 {
				entities = append(entities, rel.Source)
			}
			if x.w&WantTargets != 0 {
				entities = append(entities, rel.Target)
			}
			if x.w&WantPlaces != 0 && rel.Qualifiers.Place != "" {
				entities = append(entities, rel.Qualifiers.Place)
			}
			if x.w&WantArticles != 0 || (x.w&WantDatelessArticles != 0 && rel.Qualifiers.Date == "") {
				for _, e := range rel.Evidence {
					articles = append(articles, e.Article)
				}
			}
		}
	}
	var wg sync.WaitGroup
	if ids := l.knownEntities.missing(entities); len(ids) > 0 {
		wg.Go(func() {
			if _, err := fetchInto(ctx, l.entities, l.Entities, ids); err != nil {
				l.knownEntities.remove(ids)
			}
		})
	}
	if ids := l.knownArticles.missing(articles); len(ids) > 0 {
		wg.Go(func() {
			if _, err := fetchInto(ctx, l.articles, l.Articles, ids); err != nil {
				l.knownArticles.remove(ids)
			}
		})
	}
	wg.Wait()
}

// RelationsKey is a relation query in a form a loader can key on: the
// query's entity, and the rest of it serialised.
type RelationsKey struct {
	Entity string
	Query  string
}

// KeyOf is the loader key of a relation query.
func KeyOf(q store.RelationQuery) RelationsKey {
	entity := q.Entity
	q.Entity = ""
	b, err := json.Marshal(q)
	if err != nil {
		// The query holds only strings, numbers, booleans and slices.
		panic(fmt.Sprintf("graph: relation query does not marshal: %v", err))
	}
	return RelationsKey{Entity: entity, Query: string(b)}
}

// query is the relation query a key stands for.
func (k RelationsKey) query() (store.RelationQuery, error) {
	var q store.RelationQuery
	if err := json.Unmarshal([]byte(k.Query), &q); err != nil {
		return q, fmt.Errorf("graph: bad relations key %q: %w", k.Query, err)
	}
	q.Entity = k.Entity
	return q, nil
}

// queriesOf is the relation queries the keys stand for. The keys of a
// level differ mostly by entity alone: each serialised query is decoded
// once, and the queries decoded from one share its slices and filter
// (stores only read them).
func queriesOf(keys []RelationsKey) ([]store.RelationQuery, error) {
	qs := make([]store.RelationQuery, len(keys))
	first := make(map[string]int, 1) // the index of each serialised query's first key
	for i, k := range keys {
		if j, ok := first[k.Query]; ok {
			qs[i] = qs[j]
			qs[i].Entity = k.Entity
			continue
		}
		q, err := k.query()
		if err != nil {
			return nil, err
		}
		qs[i] = q
		first[k.Query] = i
	}
	return qs, nil
}

// batchOf adapts a store call that answers relation queries at once
// (CountRelationsOf) to a loader's fetch function.
func batchOf[T any](call func(context.Context, []store.RelationQuery) ([]T, error)) func(context.Context, []RelationsKey) ([]T, []error) {
	return func(ctx context.Context, keys []RelationsKey) ([]T, []error) {
		qs, err := queriesOf(keys)
		if err != nil {
			return nil, []error{err}
		}
		out, err := call(ctx, qs)
		if err != nil {
			return nil, []error{err}
		}
		return out, nil
	}
}

type loadersKey struct{}

// WithLoaders returns a context carrying loaders for the operation of
// ctx: they hold nodes without what no field of the operation reads (see
// operationProjection).
func WithLoaders(ctx context.Context, l *Loaders) context.Context {
	l.projection = operationProjection(ctx)
	return context.WithValue(ctx, loadersKey{}, l)
}

// loadersFrom returns the loaders of the operation. Serving the schema
// without them (that is, not through NewHandler) is a programming error.
func loadersFrom(ctx context.Context) *Loaders {
	l, ok := ctx.Value(loadersKey{}).(*Loaders)
	if !ok {
		panic("graph: no loaders in the context; put them there with graph.WithLoaders, as package server does for each operation")
	}
	return l
}
