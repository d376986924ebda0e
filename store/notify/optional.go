package notify

import (
	"context"
	"errors"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storewrap"
)

// The optional interfaces of a store (store.BatchWriter, store.Explorer,
// store.NameResolver), which callers find by type assertion, pass through
// the decorator: both engines implement them. Against a store that does
// not, PutArticles puts the articles one by one, ResolveNames resolves
// nothing and the Explorer methods fail with store.ErrInvalid.

var (
	_ store.BatchWriter  = (*Store)(nil)
	_ store.Explorer     = (*Store)(nil)
	_ store.NameResolver = (*Store)(nil)
)

// PutArticles writes a batch and publishes, once the batch is committed,
// every article it created or replaced.
func (s *Store) PutArticles(ctx context.Context, gs []*store.ArticleGraph) ([]store.PutResult, error) {
	s.barrier.RLock()
	defer s.barrier.RUnlock()
	var results []store.PutResult
	var err error
	if bw, ok := s.Store.(store.BatchWriter); ok {
		results, err = bw.PutArticles(ctx, gs)
	} else {
		results, err = storewrap.PutOneByOne(ctx, s.Store, gs)
	}
	var failed []error
	var be *store.BatchError
	if errors.As(err, &be) {
		failed = be.Errs
	} else if err != nil {
		return results, err
	}
	for i, g := range gs {
		if i >= len(results) || (i < len(failed) && failed[i] != nil) || results[i].Outcome == store.Unchanged {
			continue
		}
		s.publish(Event{Graph: snapshot(g), Result: results[i]})
	}
	return results, err
}

// ResolveNames is the wrapped store's.
func (s *Store) ResolveNames(ctx context.Context, t ontology.NodeType, keys []string) (map[string][]string, error) {
	if nr, ok := s.Store.(store.NameResolver); ok {
		return nr.ResolveNames(ctx, t, keys)
	}
	return map[string][]string{}, nil
}

// explorer is the wrapped store's Explorer.
func (s *Store) explorer() (store.Explorer, error) {
	return storewrap.Explorer(s.Store)
}

// Search is the wrapped store's.
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]store.SearchHit, error) {
	x, err := s.explorer()
	if err != nil {
		return nil, err
	}
	return x.Search(ctx, q)
}

// Expand is the wrapped store's.
func (s *Store) Expand(ctx context.Context, ids []string, dir store.Direction, types []ontology.RelationType, limit int) (*store.Expansion, error) {
	x, err := s.explorer()
	if err != nil {
		return nil, err
	}
	return x.Expand(ctx, ids, dir, types, limit)
}

// Timeline is the wrapped store's.
func (s *Store) Timeline(ctx context.Context, q store.TimelineQuery) (*store.Page[*store.TimelineItem], error) {
	x, err := s.explorer()
	if err != nil {
		return nil, err
	}
	return x.Timeline(ctx, q)
}

// CountTimeline is the wrapped store's.
func (s *Store) CountTimeline(ctx context.Context, q store.TimelineQuery) (int, error) {
	x, err := s.explorer()
	if err != nil {
		return 0, err
	}
	return x.CountTimeline(ctx, q)
}

// Between is the wrapped store's.
func (s *Store) Between(ctx context.Context, a, b string, limit int) ([]store.DatedRelation, bool, error) {
	x, err := s.explorer()
	if err != nil {
		return nil, false, err
	}
	return x.Between(ctx, a, b, limit)
}

// Stats is the wrapped store's.
func (s *Store) Stats(ctx context.Context) (*store.GraphStats, error) {
	x, err := s.explorer()
	if err != nil {
		return nil, err
	}
	return x.Stats(ctx)
}
