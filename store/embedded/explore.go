package embedded

import (
	"cmp"
	"context"
	"iter"
	"slices"

	"newsgraph/ontology"
	"newsgraph/store"
)

// The store.Explorer primitives. Expand and Between read the adjacency
// maps of the nodes asked about; Timeline reads one entity's adjacency, or
// every relation and meeting when no entity is given; Stats reads the type
// indexes and the articles.

var _ store.Explorer = (*Store)(nil)

// adjacency ranges over the ids of the relations touching an entity in a
// direction (Both when empty), in id order.
func (n *entityNode) adjacency(dir store.Direction) iter.Seq[string] {
	ids := &n.sorted[dirIndex(dir)][0].items
	return func(yield func(string) bool) {
		ids.walk(0, ids.len(), func(r rankedID) bool { return yield(r.id) })
	}
}

// matchQuantifier evaluates the relation quantifiers of an entity filter
// over the entity's relations.
func (g *graph) matchQuantifier(q *store.RelationQuantifier, id string) bool {
	if q == nil {
		return true
	}
	n := g.entities[id]
	if n == nil {
		return false
	}
	count := func(f *store.RelationFilter, enough int) int {
		k := 0
		for rid := range n.adjacency(q.Direction) {
			if g.matchRelation(f, g.relations[rid].merged) {
				if k++; k >= enough {
					break
				}
			}
		}
		return k
	}
	notAll := &store.RelationFilter{Not: q.All}
	return (q.Some == nil || count(q.Some, 1) == 1) &&
		(q.None == nil || count(q.None, 1) == 0) &&
		(q.All == nil || count(notAll, 1) == 0) &&
		(q.Single == nil || count(q.Single, 2) == 1)
}

// Expand returns the relations touching each id.
func (s *Store) Expand(ctx context.Context, ids []string, dir store.Direction, types []ontology.RelationType, limit int) (*store.Expansion, error) {
	dir, types, err := store.CheckExpand(dir, types, limit)
	if err != nil {
		return nil, err
	}
	from := sortedUnique(ids)
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	x := &store.Expansion{}
	for _, id := range from {
		n := s.g.entities[id]
		if n == nil {
			continue
		}
		// The adjacency in id order, read up to one step past the room
		// left: a hub's relations are not all read when few are kept.
		room := limit - len(x.Steps)
		var steps []store.Step
		n.sorted[dirIndex(dir)][orderIndex(store.OrderByID)].each(false, nil, func(_, rid string) bool {
			s.g.pageVisits.Add(1)
			r := s.g.relations[rid].merged
			if len(types) > 0 && !slices.Contains(types, r.Type) {
				return true
			}
			step := store.Step{From: id, Relation: rid, Type: r.Type, To: r.Target, Outgoing: r.Source == id}
			if !step.Outgoing {
				step.To = r.Source
			}
			steps = append(steps, step)
			return len(steps) <= room
		})
		if len(steps) > room {
			x.Steps = append(x.Steps, steps[:room]...)
			x.Truncated = true
			break
		}
		x.Steps = append(x.Steps, steps...)
	}
	return x, nil
}

// relationDate is a relation's timeline date.
func (g *graph) relationDate(r *store.Relation) string {
	return store.RelationDate(r, g.meetingDate, g.publishedDate)
}

func (g *graph) meetingDate(id string) string {
	if n := g.entities[id]; n != nil && n.merged.Type == ontology.Meeting {
		return n.merged.Date
	}
	return ""
}

func (g *graph) publishedDate(article string) string {
	if a := g.articles[article]; a != nil {
		return a.article.Published
	}
	return ""
}

// timelineQuery is a TimelineQuery checked and decoded.
type timelineQuery struct {
	store.TimelineQuery
	first int
	after *[2]string // decoded cursor: date, id
}

func prepareTimeline(q store.TimelineQuery) (timelineQuery, error) {
	types, err := store.CheckRelationTypes(q.Types)
	if err != nil {
		return timelineQuery{}, err
	}
	if err := store.CheckRelationFilter(q.Where); err != nil {
		return timelineQuery{}, err
	}
	q.Types = types
	tq := timelineQuery{TimelineQuery: q, first: store.ClampFirst(q.First)}
	if q.After != "" {
		date, id, err := store.DecodeCursor(q.After)
		if err != nil {
			return tq, err
		}
		tq.after = &[2]string{date, id}
	}
	return tq, nil
}

// eachTimelineItem calls fn with every dated item the query selects (in no
// particular order), with its date; fn takes the relation or the meeting.
func (g *graph) eachTimelineItem(q timelineQuery, fn func(date string, r *store.Relation, m *store.Entity)) {
	meeting := func(e *store.Entity) {
		if len(q.Types) == 0 && q.Where == nil && e.Type == ontology.Meeting && store.InDateRange(e.Date, q.From, q.To) {
			fn(e.Date, nil, e)
		}
	}
	if q.Entity != "" {
		n := g.entities[q.Entity]
		if n == nil {
			return
		}
		meeting(n.merged)
		g.eachDated(q, &n.timeline, nil, func(date string, r *store.Relation) bool {
			fn(date, r, nil)
			return true
		})
		return
	}
	for _, id := range g.entityIDs[ontology.Meeting].all() {
		meeting(g.entities[id].merged)
	}
	for _, ids := range g.relationIDs {
		for _, rid := range ids.all() {
			n := g.relations[rid]
			if g.timelineSelects(q, n.merged) && store.InDateRange(n.date, q.From, q.To) {
				fn(n.date, n.merged, nil)
			}
		}
	}
}

// timelineSelects reports whether a timeline query's types and filter
// select a relation.
func (g *graph) timelineSelects(q timelineQuery, r *store.Relation) bool {
	return (len(q.Types) == 0 || slices.Contains(q.Types, r.Type)) && (q.Where == nil || g.matchRelation(q.Where, r))
}

// eachDated calls fn with the dated relations of a timeline index (an
// entity's, or the graph's) that the query selects, in timeline order
// (date, then id), from the query's From date and the first after the
// cursor (nil: from the start) up to its To date, until fn returns false:
// what comes before the start is not visited.
func (g *graph) eachDated(q timelineQuery, set *rankedSet, after *[2]string, fn func(date string, r *store.Relation) bool) {
	items := &set.items
	i := 0
	if q.From != "" {
		i = items.search(func(a rankedID) bool { return a.key >= q.From })
	}
	if after != nil {
		i = max(i, items.search(func(a rankedID) bool { return compareRanked(a, after[0], after[1]) > 0 }))
	}
	visits := 0
	items.walk(i, items.len(), func(it rankedID) bool {
		if q.To != "" && it.key > q.To {
			return false
		}
		visits++
		r := g.relations[it.id].merged
		return !g.timelineSelects(q, r) || fn(it.key, r)
	})
	g.pageVisits.Add(int64(visits))
}

// Timeline pages through dated relations and meetings in date order.
func (s *Store) Timeline(ctx context.Context, q store.TimelineQuery) (*store.Page[*store.TimelineItem], error) {
	tq, err := prepareTimeline(q)
	if err != nil {
		return nil, err
	}
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	items := s.g.timelinePage(tq)
	n := min(len(items), tq.first)
	p := &store.Page[*store.TimelineItem]{
		Items:       make([]*store.TimelineItem, n),
		Cursors:     make([]string, n),
		HasNextPage: len(items) > n,
	}
	for i, it := range items[:n] {
		ti := &store.TimelineItem{Date: it.date}
		if it.r != nil {
			ti.Relation = it.r.CloneLimited(tq.EvidenceLimit)
			if tq.ArticleOnlyEvidence {
				ti.Relation.Evidence = store.ArticleOnly(ti.Relation.Evidence)
			}
		} else {
			ti.Meeting = it.m.Clone()
		}
		p.Items[i] = ti
		p.Cursors[i] = encodeCursor(it.date, it.id())
	}
	if q.WithTotal {
		total := s.g.countTimeline(tq)
		p.Total = &total
	}
	return p, nil
}

// timelineItem is a dated relation or meeting.
type timelineItem struct {
	date string
	r    *store.Relation
	m    *store.Entity
}

func (it timelineItem) id() string {
	if it.r != nil {
		return it.r.ID
	}
	return it.m.ID
}

// timelinePage returns the first items of a timeline after the query's
// cursor, and one more when there are more, in order: the relations read
// from the timeline index of the entity, or of the graph, so that a page
// costs its size (more when a filter leaves relations out), not the
// entity's degree or the number of relations, merged with the meetings
// the query keeps (the entity itself when it is one; of the graph, the
// dated meetings, which it sorts).
func (g *graph) timelinePage(q timelineQuery) []timelineItem {
	set := &g.timeline
	var candidates []*store.Entity
	if q.Entity != "" {
		n := g.entities[q.Entity]
		if n == nil {
			return nil
		}
		set, candidates = &n.timeline, []*store.Entity{n.merged}
	} else if len(q.Types) == 0 && q.Where == nil {
		for _, id := range g.entityIDs[ontology.Meeting].all() {
			candidates = append(candidates, g.entities[id].merged)
		}
	}
	var meetings []*store.Entity
	for _, e := range candidates {
		if len(q.Types) == 0 && q.Where == nil && e.Type == ontology.Meeting && store.InDateRange(e.Date, q.From, q.To) &&
			(q.after == nil || store.After(e.Date, e.ID, q.after[0], q.after[1], false)) {
			meetings = append(meetings, e)
		}
	}
	slices.SortFunc(meetings, func(a, b *store.Entity) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.ID, b.ID))
	})
	want := q.first + 1
	items := make([]timelineItem, 0, min(want, set.len()+len(meetings)))
	// The meetings go in their places among the relations.
	g.eachDated(q, set, q.after, func(date string, r *store.Relation) bool {
		for len(meetings) > 0 && len(items) < want && cmp.Or(cmp.Compare(meetings[0].Date, date), cmp.Compare(meetings[0].ID, r.ID)) < 0 {
			items = append(items, timelineItem{date: meetings[0].Date, m: meetings[0]})
			meetings = meetings[1:]
		}
		if len(items) < want {
			items = append(items, timelineItem{date: date, r: r})
		}
		return len(items) < want
	})
	for _, m := range meetings {
		if len(items) == want {
			break
		}
		items = append(items, timelineItem{date: m.Date, m: m})
	}
	return items
}

// CountTimeline counts what Timeline would list.
func (s *Store) CountTimeline(ctx context.Context, q store.TimelineQuery) (int, error) {
	q.First, q.After = 1, ""
	tq, err := prepareTimeline(q)
	if err != nil {
		return 0, err
	}
	unlock, err := s.read(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	return s.g.countTimeline(tq), nil
}

// countTimeline counts the items of the timeline query q, whatever its
// cursor: an entity's from its date index when nothing but dates filters
// them, others by listing them.
func (g *graph) countTimeline(q timelineQuery) int {
	if e := g.entities[q.Entity]; e != nil && len(q.Types) == 0 && q.Where == nil {
		return e.countDated(q.From, q.To)
	}
	if q.Entity == "" && len(q.Types) == 0 && q.Where == nil {
		n := countDated(&g.timeline, q.From, q.To)
		for _, id := range g.entityIDs[ontology.Meeting].all() {
			if store.InDateRange(g.entities[id].merged.Date, q.From, q.To) {
				n++
			}
		}
		return n
	}
	n := 0
	g.eachTimelineItem(q, func(string, *store.Relation, *store.Entity) { n++ })
	return n
}

// countDated counts an entity's timeline from its index: its relations
// dated within [from, to] (empty bounds are open) and itself when it is a
// meeting so dated.
func (n *entityNode) countDated(from, to string) int {
	count := countDated(&n.timeline, from, to)
	if e := n.merged; e.Type == ontology.Meeting && store.InDateRange(e.Date, from, to) {
		count++
	}
	return count
}

// countDated counts the relations of a timeline index dated within
// [from, to] (empty bounds are open): two binary searches.
func countDated(set *rankedSet, from, to string) int {
	items := &set.items
	lo, hi := 0, items.len()
	if from != "" {
		lo = items.search(func(a rankedID) bool { return a.key >= from })
	}
	if to != "" {
		hi = items.search(func(a rankedID) bool { return a.key > to })
	}
	return max(hi-lo, 0)
}

// Between returns the relations between q.A and q.B, both ways.
func (s *Store) Between(ctx context.Context, q store.BetweenQuery) ([]store.DatedRelation, bool, error) {
	a, b, limit := q.A, q.B, q.Limit
	if err := store.CheckLimit("between", limit); err != nil {
		return nil, false, err
	}
	shape := relationQuery{noEvidence: q.NoEvidence, evidenceLimit: q.EvidenceLimit, articleOnly: q.ArticleOnlyEvidence}
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, false, err
	}
	defer unlock()
	na, nb := s.g.entities[a], s.g.entities[b]
	if na == nil || nb == nil {
		return []store.DatedRelation{}, false, nil
	}
	// Read the smaller adjacency.
	adj := na.adjacency(store.Both)
	if nb.degree() < na.degree() {
		adj = nb.adjacency(store.Both)
	}
	var ids []string
	for rid := range adj {
		r := s.g.relations[rid].merged
		if r.Source == a && r.Target == b || r.Source == b && r.Target == a {
			ids = append(ids, rid)
		}
	}
	slices.Sort(ids)
	truncated := len(ids) > limit
	ids = ids[:min(len(ids), limit)]
	out := make([]store.DatedRelation, len(ids))
	for i, rid := range ids {
		r := s.g.relations[rid].merged
		out[i] = store.DatedRelation{Relation: shape.clone(r), Date: s.g.relations[rid].date}
	}
	return out, truncated, nil
}

// Stats counts the graph.
func (s *Store) Stats(ctx context.Context) (*store.GraphStats, error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	st := store.NewGraphStats()
	for t, ids := range s.g.entityIDs {
		st.Entities[t] = ids.len()
	}
	for t, ids := range s.g.relationIDs {
		st.Relations[t] = ids.len()
	}
	st.Articles = len(s.g.articles)
	for _, a := range s.g.articles {
		st.AddDate(a.article.Published)
	}
	for _, id := range s.g.entityIDs[ontology.Meeting].all() {
		st.AddDate(s.g.entities[id].merged.Date)
	}
	for _, n := range s.g.relations {
		st.Evidence += len(n.merged.Evidence)
		st.AddDate(n.merged.Qualifiers.Date)
	}
	return st, nil
}

// sortedUnique returns the ids sorted, each once, leaving ids as they are.
func sortedUnique(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
