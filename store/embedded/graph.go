package embedded

import (
	"cmp"
	"iter"
	"slices"
	"sync/atomic"

	"newsgraph/ontology"
	"newsgraph/store"
)

// graph is the in-memory state: the articles as they were put, and the
// entities and relations derived from them, with the indexes queries use.
//
// Every article's claims are kept (an entity's claims by article, a
// relation's evidence by article), so that putting a new version of an
// article or deleting it takes away exactly what it said, and the entities
// it touched are merged again from the claims that remain.
//
// graph is not safe for concurrent use: Store guards it.
type graph struct {
	articles   map[string]*keptArticle // by article id
	articleIDs sortedSet
	// arts holds the articles in place by handle (keptArticle.h), for
	// the entities' claims, which name articles by handle; freeArts the
	// handles of deleted articles, given to new ones.
	arts     []*keptArticle
	freeArts []artHandle
	// claims holds the entity claims of the articles, each once.
	claims claimPool

	entities  map[string]*entityNode
	relations map[string]*relationNode
	// rels holds the relations by handle (relationNode.h), for the
	// entities' indexes, which hold handles (see ranked.go); freeRels
	// the handles of removed relations, given to new ones.
	rels     []*relationNode
	freeRels []relHandle
	// timeline holds every dated relation, keyed and sorted by its
	// timeline date (relationNode.date), as each entity's timeline holds
	// its own: a page of the whole graph's timeline is read from its
	// cursor on, not sorted.
	timeline rankedSet
	// entityIDs and relationIDs index ids by type, sorted.
	entityIDs   map[ontology.NodeType]*sortedSet
	relationIDs map[ontology.RelationType]*sortedSet
	// search indexes the words of entity names and aliases, titles those
	// of article titles: apart, so that a search of entities never looks
	// at the titles, whose number grows with the archive.
	search, titles *searchIndex
	// names indexes the name keys of entities, for ResolveNames; codes
	// their identifying codes (store.CodeKeys), for ResolveCodes.
	names *nameIndex
	codes *nameIndex

	// pageVisits counts the relations that pages of an entity's
	// relations, pages of relations in id order and expansions have looked
	// at, for tests to check that a page costs its size, not the entity's
	// degree or the number of relations.
	pageVisits atomic.Int64
	// deferred, when not nil, holds the relations linked to each entity
	// and not yet in its sorted adjacency: while the log is replayed, the
	// adjacency is built at the end, each list sorted once (see link and
	// linkDeferred).
	deferred map[*entityNode][]deferredLink
	// mergeWork counts the claims and pieces of evidence writes have
	// merged, for tests to check that a write that only adds costs what it
	// adds, not what its entities and relations already hold.
	mergeWork atomic.Int64
}

// entityNode is an entity with every article's claim of it and its
// adjacency.
type entityNode struct {
	merged  *store.Entity      // store.MergeClaims of claims
	sources store.ClaimSources // of merged, for store.FoldClaims
	// claims holds the handles of the articles in place that claim the
	// entity (its claim is the article's, claimOf): a set of numbers,
	// which the collector does not scan, where a map of article ids to
	// claims held two pointers for each of the millions of mentions.
	claims map[artHandle]struct{}
	// sorted holds the relations (their handles: ranked.go) from the
	// entity, to it, and both (dirIndex; a relation from the entity to
	// itself is in each), in each list order (orderIndex), sorted as lists
	// return them, so that a page of an entity's relations is read from
	// its cursor on, not sorted. Those in id order are its adjacency
	// (adjacency, degree).
	sorted [3][3]rankedSet
	// near holds its relations, both ways, keyed and sorted by the id of
	// the entity at their other end (its own for a relation to itself),
	// so that a neighbourhood reads the relations to the neighbours it
	// keeps, not all of a hub's (expandLayer).
	near rankedSet
	// timeline holds its dated relations, both ways, keyed and sorted by
	// their timeline dates (relationNode.date), so that a page of its
	// timeline is read from its cursor on, not sorted.
	timeline rankedSet
}

// relationNode is a relation with every article's evidence for it.
type relationNode struct {
	// merged holds the evidence of every article that states the
	// relation, sorted (store.SortEvidence: by article first), so that an
	// article's evidence is a run of it (evidenceOf); an article states
	// the relation when it has evidence in it.
	merged *store.Relation
	// head is the relation without evidence, shared by the articles'
	// claims of it (keptRelation).
	head *store.Relation
	// date is its timeline date (store.RelationDate), "" when it has
	// none; settle keeps it, and the ends' timeline indexes, up to date.
	date string
	// h is its handle in graph.rels.
	h relHandle
}

// evidenceOf is the run of an article's evidence in a relation's merged
// evidence.
func (n *relationNode) evidenceOf(aid string) []store.Evidence {
	ev := n.merged.Evidence
	i, _ := slices.BinarySearchFunc(ev, aid, func(e store.Evidence, aid string) int { return cmp.Compare(e.Article, aid) })
	j := i
	for j < len(ev) && ev[j].Article == aid {
		j++
	}
	return ev[i:j:j]
}

func newGraph() *graph {
	g := &graph{
		articles:    map[string]*keptArticle{},
		claims:      claimPool{},
		entities:    map[string]*entityNode{},
		relations:   map[string]*relationNode{},
		entityIDs:   map[ontology.NodeType]*sortedSet{},
		relationIDs: map[ontology.RelationType]*sortedSet{},
		search:      newSearchIndex(),
		titles:      newSearchIndex(),
		names:       newNameIndex(),
		codes:       newNameIndex(),
	}
	g.timeline.items.owner, g.timeline.items.kind = &rankOwner{g: g}, rankTimeline
	return g
}

// touched collects the entities and relations a write changed, to settle
// them once the write's claims are all in; and, for settling without what
// prepare computed, the versions it claimed (in order) and the articles
// whose merged evidence it took away, by relation id.
type touched struct {
	entities, relations map[string]struct{}
	claimed             *[]*keptArticle
	dropped             map[string][]string
}

func newTouched() touched {
	return touched{entities: map[string]struct{}{}, relations: map[string]struct{}{},
		claimed: new([]*keptArticle), dropped: map[string][]string{}}
}

// apply applies records in order: puts of normalized article graphs, each
// replacing the article's earlier version, and deletes of articles with
// what only they supported. It settles the entities and relations they
// touched once, at the end, with what prepare computed of them (p; nil to
// compute it now), and returns how many it removed.
func (g *graph) apply(recs []logRecord, p *prepared) (entities, relations int) {
	t := newTouched()
	var terms *indexTerms
	if p != nil {
		terms = p.terms
	}
	for _, rec := range recs {
		g.step(rec, t, terms)
	}
	return g.settle(t, p)
}

// step applies one record's claims, leaving the settling of what it
// touched (t) to settle.
func (g *graph) step(rec logRecord, t touched, terms *indexTerms) {
	switch rec.Op {
	case opPut:
		a := rec.kept
		if a == nil {
			a = keepArticle(rec.Article)
		}
		oldTitle := ""
		if old := g.articles[a.article.ID]; old != nil {
			oldTitle = old.article.Title
			g.unclaim(old, t)
			a.h = old.h
		} else {
			a.h = g.addArticle()
		}
		g.arts[a.h] = a
		g.claim(a, t)
		g.articles[a.article.ID] = a
		g.articleIDs.add(a.article.ID)
		g.titles.setText(a.article.ID, terms, oldTitle, a.article.Title)
	case opDelete:
		old := g.articles[rec.ID]
		if old == nil {
			return
		}
		g.unclaim(old, t)
		g.dropArticle(old.h)
		delete(g.articles, rec.ID)
		g.articleIDs.remove(rec.ID)
		g.titles.setText(rec.ID, terms, old.article.Title, "")
	}
}

// claim adds an article's claims, creating the entities and relations it
// is the first to name.
func (g *graph) claim(a *keptArticle, t touched) {
	g.claims.take(a)
	for _, c := range a.claims {
		e := &c.entity
		n := g.entities[e.ID]
		if n == nil {
			n = &entityNode{
				// settle merges the claims; until then (a batch
				// may drop the entity again before) the node
				// knows its id and type.
				merged: &store.Entity{ID: e.ID, Type: e.Type},
				claims: map[artHandle]struct{}{},
			}
			n.initRanked(g, e.ID)
			g.entities[e.ID] = n
			index(g.entityIDs, e.Type).add(e.ID)
		}
		n.claims[a.h] = struct{}{}
		t.entities[e.ID] = struct{}{}
	}
	for i := range a.relations {
		kr := &a.relations[i]
		r := kr.head
		n := g.relations[r.ID]
		if n == nil {
			head := *r
			n = &relationNode{merged: &head, head: r}
			g.addRelation(n)
			g.relations[r.ID] = n
			index(g.relationIDs, r.Type).add(r.ID)
			g.link(g.entities[r.Source], n, dirOut)
			g.link(g.entities[r.Target], n, dirIn)
		}
		kr.head = n.head
		t.relations[r.ID] = struct{}{}
	}
	*t.claimed = append(*t.claimed, a)
}

// unclaim takes an article's claims away, leaving the settling to settle.
func (g *graph) unclaim(a *keptArticle, t touched) {
	aid := a.article.ID
	for _, c := range a.claims {
		delete(g.entities[c.entity.ID].claims, a.h)
		t.entities[c.entity.ID] = struct{}{}
	}
	for i := range a.relations {
		r := &a.relations[i]
		if r.evidence == nil {
			// The version's evidence is in the merged evidence, which
			// settling changes: it keeps its own from now on (the
			// change feed may still report it).
			r.evidence = slices.Clone(g.relations[r.head.ID].evidenceOf(aid))
			t.dropped[r.head.ID] = append(t.dropped[r.head.ID], aid)
		}
		t.relations[r.head.ID] = struct{}{}
	}
	g.claims.release(a)
}

// settle recomputes what a write touched: relations no article states any
// more are removed, then entities no article mentions; the others are
// merged again, or given the merges p computed beforehand (when p is not
// nil, it covers everything touched). It returns how many entities and
// relations it removed.
func (g *graph) settle(t touched, p *prepared) (entities, relations int) {
	var terms *indexTerms
	if p != nil {
		terms = p.terms
	}
	// current are the versions the write claimed that it leaves in place:
	// their evidence goes into the merged evidence.
	var current []*keptArticle
	for _, a := range *t.claimed {
		if g.articles[a.article.ID] == a {
			current = append(current, a)
		}
	}
	// added holds the claims of each relation whose evidence goes into its
	// merged evidence: once it is there, the claims let go of theirs, so
	// that a replay does not hold every piece of evidence twice.
	var added map[string][]*keptRelation
	if p == nil {
		added = map[string][]*keptRelation{}
		for _, a := range current {
			for i := range a.relations {
				r := &a.relations[i]
				added[r.head.ID] = append(added[r.head.ID], r)
			}
		}
	}
	for id := range t.relations {
		n := g.relations[id]
		var ev []store.Evidence
		if p != nil {
			ev = p.evidence[id]
		} else {
			claims := added[id]
			evs := make([][]store.Evidence, len(claims))
			for i, r := range claims {
				evs[i] = r.evidence
			}
			ev = mergeEvidence(n.merged.Evidence, t.dropped[id], evs)
			for _, r := range claims {
				r.evidence = nil
			}
			delete(added, id)
		}
		if len(ev) == 0 {
			g.removeRelation(n)
			relations++
			continue
		}
		head := *n.merged
		head.Evidence = ev
		n.merged = &head
	}
	for _, a := range current {
		for i := range a.relations {
			a.relations[i].evidence = nil
		}
	}
	// moved holds the relations of the meetings whose date the write
	// changed: their timeline dates may have changed with it.
	moved := map[string]struct{}{}
	for id := range t.entities {
		n := g.entities[id]
		wasDate := n.merged.Date
		if len(n.claims) == 0 {
			// Every relation of the entity was stated by an article
			// that also mentions it, so none is left.
			delete(g.entities, id)
			g.entityIDs[n.merged.Type].remove(id)
			g.search.remove(id)
			g.names.remove(n.merged.Type, id)
			g.codes.remove(n.merged.Type, id)
			entities++
			continue
		}
		if p != nil {
			n.merged, n.sources = p.entities[id], p.sources[id]
			g.names.setKeys(n.merged, p.nameKeys[id])
		} else {
			claims := make([]store.ArticleClaim, 0, len(n.claims))
			for h := range n.claims {
				a := g.arts[h]
				claims = append(claims, store.ArticleClaim{Article: a.article.ID, Entity: *a.claimOf(id)})
			}
			n.merged, n.sources = store.FoldClaims(nil, nil, claims)
			g.names.setKeys(n.merged, store.NameKeys(n.merged))
		}
		g.codes.setKeys(n.merged, store.CodeKeys(n.merged))
		g.search.set(id, terms, append([]string{n.merged.Name}, n.merged.Aliases...)...)
		if n.merged.Type == ontology.Meeting && n.merged.Date != wasDate {
			for rid := range n.adjacency(store.Both) {
				moved[rid] = struct{}{}
			}
		}
	}
	g.redate(t.relations)
	g.redate(moved)
	return entities, relations
}

// redate brings the timeline dates of relations (those that still exist)
// and their ends' timeline indexes up to date.
func (g *graph) redate(ids map[string]struct{}) {
	// added holds each end's relations of a new date, added at the end:
	// an index built from nothing (replay) is sorted once.
	added := map[*entityNode][]relHandle{}
	var dated []relHandle // to the graph's timeline
	for id := range ids {
		n := g.relations[id]
		if n == nil {
			continue
		}
		date := g.relationDate(n.merged)
		if date == n.date {
			continue
		}
		if n.date != "" {
			g.timeline.remove(n.h) // under its old date
		}
		if date != "" {
			dated = append(dated, n.h)
		}
		for _, e := range g.ends(n.merged) {
			if n.date != "" {
				e.timeline.remove(n.h)
			}
			if date != "" {
				added[e] = append(added[e], n.h)
			}
		}
		n.date = date
	}
	for e, items := range added {
		e.timeline.addAll(items)
	}
	g.timeline.addAll(dated)
}

// ends returns the nodes of a relation's ends, once each (a relation from
// an entity to itself has one).
func (g *graph) ends(r *store.Relation) []*entityNode {
	var out []*entityNode
	for _, id := range []string{r.Source, r.Target} {
		if n := g.entities[id]; n != nil && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// mergeEvidence returns the evidence of merged but that of the dropped
// articles, with the added evidence, sorted (store.SortEvidence).
func mergeEvidence(merged []store.Evidence, dropped []string, added [][]store.Evidence) []store.Evidence {
	size := len(merged)
	for _, ev := range added {
		size += len(ev)
	}
	out := make([]store.Evidence, 0, size)
	gone := make(map[string]bool, len(dropped))
	for _, aid := range dropped {
		gone[aid] = true
	}
	for _, e := range merged {
		if !gone[e.Article] {
			out = append(out, e)
		}
	}
	for _, ev := range added {
		out = append(out, ev...)
	}
	store.SortEvidence(out)
	return out
}

func (g *graph) removeRelation(n *relationNode) {
	r := n.merged
	delete(g.relations, r.ID)
	g.relationIDs[r.Type].remove(r.ID)
	for _, end := range []string{r.Source, r.Target} {
		if e := g.entities[end]; e != nil {
			e.unlink(n)
		}
	}
	if n.date != "" {
		g.timeline.remove(n.h)
		for _, e := range g.ends(r) {
			e.timeline.remove(n.h)
		}
	}
	g.dropRelation(n)
}

// degree is the number of relations touching an entity.
func (n *entityNode) degree() int { return n.sorted[dirAll][0].len() }

// The positions of the directions and list orders in entityNode.sorted.
const (
	dirOut = iota
	dirIn
	dirAll
)

// relationOrders are the relation list orders with a sort key of their
// own, in their orderIndex positions (OrderByDegree sorts relations by id,
// as OrderByID).
var relationOrders = [3]store.OrderField{store.OrderByID, store.OrderByName, store.OrderByDate}

func dirIndex(d store.Direction) int {
	switch d {
	case store.Out:
		return dirOut
	case store.In:
		return dirIn
	}
	return dirAll
}

func orderIndex(f store.OrderField) int {
	switch f {
	case store.OrderByName:
		return 1
	case store.OrderByDate:
		return 2
	}
	return 0
}

// link adds a relation to an entity's sorted adjacency of direction d
// (dirOut or dirIn) and of dirAll, or to what linkDeferred adds later. A
// relation's type and qualifiers, hence its sort keys, are those of its
// first claim for as long as it exists.
func (g *graph) link(n *entityNode, r *relationNode, d int) {
	if g.deferred != nil {
		g.deferred[n] = append(g.deferred[n], deferredLink{r.h, d})
		return
	}
	for _, d := range [2]int{d, dirAll} {
		for o := range relationOrders {
			n.sorted[d][o].add(r.h)
		}
	}
	n.near.add(r.h)
}

// otherEnd is the id of the end of r that is not id (id for a relation
// from id to itself).
func otherEnd(r *store.Relation, id string) string {
	if r.Source == id {
		return r.Target
	}
	return r.Source
}

// deferredLink is a relation linked to an entity while the log is
// replayed: the relation's handle and its direction from the entity.
type deferredLink struct {
	h relHandle
	d int
}

// linkDeferred adds the deferred relations to the sorted adjacency, one
// entity at a time, and links the relations of later writes at once.
func (g *graph) linkDeferred() {
	for n, links := range g.deferred {
		var lists [3][3][]relHandle
		var count [3]int
		for _, l := range links {
			count[l.d]++
		}
		count[dirAll] = len(links)
		for d := range lists {
			for o := range lists[d] {
				lists[d][o] = make([]relHandle, 0, count[d])
			}
		}
		for _, l := range links {
			for o := range relationOrders {
				lists[l.d][o] = append(lists[l.d][o], l.h)
				lists[dirAll][o] = append(lists[dirAll][o], l.h)
			}
		}
		for d := range lists {
			for o := range lists[d] {
				n.sorted[d][o].addAll(lists[d][o])
			}
		}
		near := make([]relHandle, len(links))
		for i, l := range links {
			near[i] = l.h
		}
		n.near.addAll(near)
		// addAll copied the lists: let the links go now, not at the end.
		delete(g.deferred, n)
	}
	g.deferred = nil
}

// unlink removes a relation from the sorted adjacency.
func (n *entityNode) unlink(r *relationNode) {
	for d := range n.sorted {
		for o := range relationOrders {
			n.sorted[d][o].remove(r.h)
		}
	}
	n.near.remove(r.h)
}

// index returns the sorted id set of one type, creating it.
func index[T comparable](m map[T]*sortedSet, t T) *sortedSet {
	s := m[t]
	if s == nil {
		s = &sortedSet{}
		m[t] = s
	}
	return s
}

// sortedSet is a set of ids kept sorted, so that lists in id order need no
// sorting and a cursor is found by binary search.
type sortedSet struct{ l sortedList[string] }

func (s *sortedSet) add(id string) {
	if i := s.l.search(func(x string) bool { return x >= id }); i == s.l.len() || s.l.at(i) != id {
		s.l.insert(i, id)
	}
}

func (s *sortedSet) remove(id string) {
	if i := s.l.search(func(x string) bool { return x >= id }); i < s.l.len() && s.l.at(i) == id {
		s.l.remove(i)
	}
}

func (s *sortedSet) len() int {
	if s == nil {
		return 0
	}
	return s.l.len()
}

// all ranges over the ids in order, with their indexes.
func (s *sortedSet) all() iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		if s == nil {
			return
		}
		i := 0
		s.l.walk(0, s.l.len(), func(id string) bool {
			i++
			return yield(i-1, id)
		})
	}
}
