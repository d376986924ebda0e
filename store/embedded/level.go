package embedded

import (
	"context"

	"newsgraph/store"
)

// ReadLevel reads a relation level from one view of the graph: the pages
// as RelationsOf reads them, the counts as CountRelationsOf counts them
// (from the page when it is the first and the last), and the entities and
// articles the pages refer to, each looked up and copied, with the level's
// projection, once. It gives what store.ReadLevelByParts gives, without
// the lists of ids that one sorts to call Entities and Articles, nor the
// copies of what the projection leaves out.
func (s *Store) ReadLevel(ctx context.Context, q store.LevelQuery) (*store.Level, error) {
	prepared := make([]relationQuery, len(q.Queries))
	for i, rq := range q.Queries {
		var err error
		if prepared[i], err = prepareRelationQuery(rq); err != nil {
			return nil, err
		}
	}
	var counted []relationQuery
	if q.Counts {
		var err error
		if counted, err = prepareCounts(q.Queries); err != nil {
			return nil, err
		}
	}
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	lv := &store.Level{Pages: make([]*store.Page[*store.Relation], len(prepared))}
	if q.Counts {
		lv.Counts = make([]int, len(prepared))
	}
	relations, evidence := 0, 0
	for i, rq := range prepared {
		p := s.g.listRelations(rq)
		lv.Pages[i] = p
		if q.Counts {
			if q.Queries[i].After == "" && !p.HasNextPage {
				lv.Counts[i] = len(p.Items)
			} else {
				s.g.eachRelation(counted[i], func(*store.Relation) { lv.Counts[i]++ })
			}
		}
		relations += len(p.Items)
		for _, r := range p.Items {
			evidence += len(r.Evidence)
		}
	}
	// The maps sized for the most they may hold, not grown step by step.
	if !q.Ends {
		relations = 0
	}
	if !q.Articles {
		evidence = 0
	}
	lv.Entities = make(map[string]*store.Entity, min(2*relations, len(s.g.entities)))
	lv.Articles = make(map[string]*store.Article, min(evidence, len(s.g.articles)))
	for _, p := range lv.Pages {
		for _, r := range p.Items {
			if q.Ends {
				s.g.levelEntity(lv, r.Source, q.Projection)
				s.g.levelEntity(lv, r.Target, q.Projection)
			}
			if q.Articles {
				for _, ev := range r.Evidence {
					s.g.levelArticle(lv, ev.Article, q.Projection)
				}
			}
		}
	}
	return lv, nil
}

// levelEntity adds the entity id, if there is one, to the level, once;
// the caller holds the read lock.
func (g *graph) levelEntity(lv *store.Level, id string, p store.Projection) {
	if _, ok := lv.Entities[id]; ok {
		return
	}
	if n := g.entities[id]; n != nil {
		lv.Entities[id] = projectedClone(n.merged, p)
	}
}

// levelArticle adds the article id, if it is stored, to the level, once;
// the caller holds the read lock.
func (g *graph) levelArticle(lv *store.Level, id string, p store.Projection) {
	if _, ok := lv.Articles[id]; ok {
		return
	}
	if k := g.articles[id]; k != nil {
		a := k.article
		lv.Articles[id] = p.Article(&a)
	}
}
