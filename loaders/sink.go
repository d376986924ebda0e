package loaders

import (
	"context"
	"errors"
	"fmt"

	"newsgraph/article"
	"newsgraph/ontology"
	"newsgraph/store"
)

// Sink receives the valid articles of a load, a batch at a time, in file
// order: StoreSink writes them to a store (resolving entities by name
// first), DryRun only counts them, and a remote sink (load --server) sends
// them to a server's API. The pipeline is the same whatever the sink.
type Sink interface {
	// Put handles a batch of articles, setting each one's Result, or its
	// Err when it failed alone (the store refused its graph, the server its
	// document); it may rewrite their Graph (entity resolution), count the
	// entities it resolved in Resolved and add Warnings.
	//
	// A non-nil error stops the whole load (an unavailable store, a
	// refused credential, a cancelled context). When it struck one article
	// it is also that article's Err, and the articles before it are done;
	// otherwise none of the batch is.
	Put(ctx context.Context, batch []*Article) error
}

// Article is one valid document on its way to a Sink.
type Article struct {
	// Loc says where the document is ("file.jsonl:12").
	Loc string
	// Document is the validated document, as its source gave it.
	Document *article.Document
	// Graph is the document's graph; entity resolution may rewrite it.
	Graph *store.ArticleGraph
	// byName holds the ids of the graph's entities whose identity comes
	// from their name alone (no key, no Wikidata id): those entity
	// resolution may match with an entity already in the graph.
	byName map[string]bool

	// Set by the Sink.
	Result   store.PutResult
	Err      error
	Resolved int      // entities matched by name with one of the graph
	Warnings []string // what loaded but may need a look
}

// Validated is the outcome DryRun gives every article: valid, not written.
const Validated store.PutOutcome = "VALIDATED"

// DryRun is the Sink that writes nothing: each article is Validated, with
// the number of entities and relations of its graph.
type DryRun struct{}

// Put marks every article Validated.
func (DryRun) Put(_ context.Context, batch []*Article) error {
	for _, a := range batch {
		a.Result = store.PutResult{Outcome: Validated, Entities: len(a.Graph.Entities), Relations: len(a.Graph.Relations)}
	}
	return nil
}

// Writer is what a StoreSink needs of a store: batched writes, and the
// reads of entity resolution. Both engines (and the store decorators)
// implement it.
type Writer interface {
	PutArticles(ctx context.Context, gs []*store.ArticleGraph) ([]store.PutResult, error)
	ResolveNames(ctx context.Context, t ontology.NodeType, keys []string) (map[string][]string, error)
	ResolveCodes(ctx context.Context, t ontology.NodeType, keys []string) (map[string][]string, error)
	// ProjectedEntities, with a projection that leaves out the entities'
	// articles, which resolution never reads (a store may have to read
	// every mention of an entity to give them).
	ProjectedEntities(ctx context.Context, ids []string, p store.Projection) ([]*store.Entity, error)
}

// resolutionView is the projection of the entities that resolution reads:
// their names and their kinds, not their articles.
var resolutionView = store.Projection{NoArticles: true, NoText: true}

// StoreSink writes articles into a store, a batch per PutArticles, after
// resolving the entities named without a key or Wikidata id against the
// graph (see the package documentation).
type StoreSink struct {
	Store Writer
	// NoResolution turns entity resolution off: every entity keeps the id
	// its own key, Wikidata id or name gives.
	NoResolution bool
}

// Put resolves the batch's entities and writes its articles. An article
// the store refuses fails alone; an unavailable store or a cancelled
// context stops the load.
func (s *StoreSink) Put(ctx context.Context, batch []*Article) error {
	if len(batch) == 0 {
		return nil
	}
	if !s.NoResolution {
		if err := resolveBatch(ctx, s.Store, batch); err != nil {
			return fmt.Errorf("entity resolution: %w", err)
		}
	}
	gs := make([]*store.ArticleGraph, len(batch))
	for i, a := range batch {
		gs[i] = a.Graph
	}
	results, err := s.Store.PutArticles(ctx, gs)
	var be *store.BatchError
	for i, a := range batch {
		switch {
		case err == nil:
			a.Result = results[i]
		case errors.As(err, &be) && len(be.Errs) == len(batch):
			if a.Err = be.Errs[i]; a.Err == nil && i < len(results) {
				a.Result = results[i]
			}
		default:
			a.Err = err
		}
		if a.Err != nil && (errors.Is(a.Err, store.ErrUnavailable) || ctx.Err() != nil) {
			return a.Err
		}
	}
	return nil
}
