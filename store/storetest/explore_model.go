package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/traverse"
)

// This file holds what the exploration areas (search.go, traverse.go,
// timeline.go, between.go, stats.go) share: one more fixture with several
// shortest paths, and reference answers computed naively from the model —
// every simple path enumerated, every relation dated by hand — never with
// the code under test.

// DiamondID is the id of an actor of the Diamond fixture ("a" to "e").
func DiamondID(name string) string { return store.EntityID(ontology.Actor, "diamond-"+name) }

// Diamond is one article whose actors a, b, c, d, e are linked by
// COOPERATED_WITH relations a→b, a→c, b→d, c→d (twice: on two dates),
// d→e, and a→e by ACCUSED: from a to d there are four shortest paths.
func Diamond() *store.ArticleGraph {
	text := "A diamond of cooperation."
	b := NewArticle("diamond", "A diamond", "Generated", "2025-03-01", text)
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		b.Entity(Actor("diamond-"+n, "Diamond actor "+n, "organisation"))
	}
	coop := func(from, to string, date string) {
		b.Relate(ontology.Cooperated, DiamondID(from), DiamondID(to), store.Qualifiers{Date: date}, "cooperation")
	}
	coop("a", "b", "")
	coop("a", "c", "")
	coop("b", "d", "")
	coop("c", "d", "2025-03-02")
	coop("c", "d", "2025-03-03")
	coop("d", "e", "")
	b.Relate(ontology.Accused, DiamondID("a"), DiamondID("e"), store.Qualifiers{}, "diamond")
	return b.Build()
}

// follows reports whether a relation may be followed from node at in a
// direction, and to which node.
func follows(r *store.Relation, at string, dir store.Direction) (string, bool) {
	switch {
	case r.Source == at && dir != store.In:
		return r.Target, true
	case r.Target == at && dir != store.Out:
		return r.Source, true
	}
	return "", false
}

// refShortestPaths enumerates every simple path of at most maxHops
// relations of the given types from one entity to another, and returns the
// shortest, sorted by their relation ids.
func refShortestPaths(rels []*store.Relation, from, to string, dir store.Direction, types []ontology.RelationType, maxHops int) []traverse.Path {
	if from == to {
		return []traverse.Path{{Nodes: []string{from}}}
	}
	var found []traverse.Path
	var walk func(nodes, path []string, pathTypes []ontology.RelationType)
	walk = func(nodes, path []string, pathTypes []ontology.RelationType) {
		at := nodes[len(nodes)-1]
		if at == to {
			found = append(found, traverse.Path{Nodes: slices.Clone(nodes), Relations: slices.Clone(path), Types: slices.Clone(pathTypes)})
			return
		}
		if len(path) == maxHops {
			return
		}
		for _, r := range rels {
			if len(types) > 0 && !slices.Contains(types, r.Type) {
				continue
			}
			if next, ok := follows(r, at, dir); ok && !slices.Contains(nodes, next) {
				walk(append(nodes, next), append(path, r.ID), append(pathTypes, r.Type))
			}
		}
	}
	walk([]string{from}, nil, nil)
	if len(found) == 0 {
		return nil
	}
	shortest := slices.MinFunc(found, func(a, b traverse.Path) int { return cmp.Compare(a.Len(), b.Len()) }).Len()
	found = slices.DeleteFunc(found, func(p traverse.Path) bool { return p.Len() != shortest })
	slices.SortFunc(found, func(a, b traverse.Path) int { return slices.Compare(a.Relations, b.Relations) })
	return found
}

// refNeighborhood computes a neighbourhood from its definition: the
// entities within depth hops sorted by distance then id, the first limit of
// them; the layers expanded are those before the first layer with an entity
// left out (all when none is), and the relations are those leaving an
// expanded node (in the direction followed) towards a kept one.
func refNeighborhood(rels []*store.Relation, id string, dir store.Direction, depth, limit int) *traverse.Subgraph {
	dist := map[string]int{id: 0}
	layer := []string{id}
	for d := 1; d <= depth; d++ {
		var next []string
		for _, at := range layer {
			for _, r := range rels {
				if to, ok := follows(r, at, dir); ok {
					if _, seen := dist[to]; !seen {
						dist[to] = d
						next = append(next, to)
					}
				}
			}
		}
		layer = next
	}
	all := make([]string, 0, len(dist))
	for n := range dist {
		all = append(all, n)
	}
	slices.SortFunc(all, func(a, b string) int { return cmp.Or(cmp.Compare(dist[a], dist[b]), cmp.Compare(a, b)) })
	out := &traverse.Subgraph{Nodes: all[:min(len(all), limit)]}
	expanded := depth - 1
	if len(all) > limit {
		out.Truncated = true
		expanded = dist[all[limit]] - 1
	}
	kept := map[string]bool{}
	for _, n := range out.Nodes {
		kept[n] = true
	}
	for _, r := range rels {
		ok := false
		for _, end := range []string{r.Source, r.Target} {
			if d, in := dist[end]; in && kept[end] && d <= expanded {
				if to, f := follows(r, end, dir); f && kept[to] {
					ok = true
				}
			}
		}
		if ok {
			out.Relations = append(out.Relations, r.ID)
		}
	}
	slices.Sort(out.Relations)
	return out
}

// relationDates dates every relation of the model by the rule of
// store.TimelineQuery, written out again: the date qualifier, else a
// meeting end's date (source first), else the earliest published date of
// the stating articles.
func (m *Model) relationDates() map[string]string {
	meetings := map[string]string{}
	for _, e := range m.Entities() {
		if e.Type == ontology.Meeting {
			meetings[e.ID] = e.Date
		}
	}
	// The date qualifier, else a meeting's date, else the effective date
	// (which is then the earliest article's).
	effective := m.effectiveDates()
	out := map[string]string{}
	for _, r := range m.Relations() {
		out[r.ID] = cmp.Or(r.Qualifiers.Date, meetings[r.Source], meetings[r.Target], effective[r.ID])
	}
	return out
}

// timelineEntry is a dated item of the reference timeline.
type timelineEntry struct {
	Date, ID string
}

// refTimeline lists, in order, the items a timeline query selects.
func (m *Model) refTimeline(q store.TimelineQuery) []timelineEntry {
	in := func(d string) bool { return d != "" && (q.From == "" || d >= q.From) && (q.To == "" || d <= q.To) }
	var out []timelineEntry
	if len(q.Types) == 0 {
		for _, e := range m.Entities() {
			if e.Type == ontology.Meeting && in(e.Date) && (q.Entity == "" || q.Entity == e.ID) {
				out = append(out, timelineEntry{e.Date, e.ID})
			}
		}
	}
	dates := m.relationDates()
	for _, r := range m.Relations() {
		if (len(q.Types) == 0 || slices.Contains(q.Types, r.Type)) && in(dates[r.ID]) &&
			(q.Entity == "" || r.Source == q.Entity || r.Target == q.Entity) {
			out = append(out, timelineEntry{dates[r.ID], r.ID})
		}
	}
	slices.SortFunc(out, func(a, b timelineEntry) int { return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.ID, b.ID)) })
	return out
}

// refStats counts the model as store.GraphStats says.
func (m *Model) refStats() *store.GraphStats {
	st := &store.GraphStats{Entities: map[ontology.NodeType]int{}, Relations: map[ontology.RelationType]int{}}
	for _, t := range ontology.EntityTypes {
		st.Entities[t] = 0
	}
	for _, t := range ontology.RelationTypes {
		st.Relations[t] = 0
	}
	var dates []string
	for _, e := range m.Entities() {
		st.Entities[e.Type]++
		if e.Type == ontology.Meeting {
			dates = append(dates, e.Date)
		}
	}
	for _, r := range m.Relations() {
		st.Relations[r.Type]++
		st.Evidence += len(r.Evidence)
		dates = append(dates, r.Qualifiers.Date)
	}
	for _, a := range m.Articles() {
		st.Articles++
		dates = append(dates, a.Published)
	}
	dates = slices.DeleteFunc(dates, func(d string) bool { return d == "" })
	if len(dates) > 0 {
		st.EarliestDate, st.LatestDate = slices.Min(dates), slices.Max(dates)
	}
	return st
}

// checkPath fails the test unless p is a walk through the store: every
// relation exists and joins the nodes before and after it.
func checkPath(t *testing.T, s store.Store, p *traverse.Path) {
	t.Helper()
	if len(p.Nodes) != len(p.Relations)+1 {
		t.Fatalf("path has %d nodes and %d relations", len(p.Nodes), len(p.Relations))
	}
	rels, err := s.Relations(t.Context(), p.Relations)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rels {
		if r == nil {
			t.Fatalf("path relation %s does not exist", p.Relations[i])
		}
		a, b := p.Nodes[i], p.Nodes[i+1]
		if !(r.Source == a && r.Target == b) && !(r.Source == b && r.Target == a) {
			t.Errorf("path step %d: relation %s joins %s and %s, not %s and %s", i, r.ID, r.Source, r.Target, a, b)
		}
	}
}

// pathString is a readable form of a path for messages.
func pathString(p traverse.Path) string {
	s := p.Nodes[0]
	for i, r := range p.Relations {
		s += fmt.Sprintf(" -[%s]- %s", r, p.Nodes[i+1])
	}
	return s
}
