package neo4jstore

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/storetest"
)

// head is a relation's head as the tests compare it: read from the head
// relationship, or computed from the relation's evidence (wantHeads).
type head struct {
	Type, Source, Target string
	Qualifiers           map[string]any
	Evidence             int64
	Articles, Titles     []string
	// Published is the earliest published date of the articles of its
	// pieces.
	Published string
	// TimelineDate is its timeline date (store.RelationDate).
	TimelineDate string
}

// storedHeads reads every head, by relId; a relation with two heads
// fails t.
func storedHeads(t *testing.T, s *Store) map[string]head {
	t.Helper()
	out := map[string]head{}
	rows := cypher(t, s, fmt.Sprintf(`MATCH (s)-[h:%s]->(t)
RETURN h.relId, h.type, s.id, t.id, %s, h.evidence, h.articles, h.titles, h.published, h.timelineDate`, headType, qualifierMap("h")), nil)
	for _, row := range rows {
		id := str(row[0])
		if _, dup := out[id]; dup {
			t.Errorf("relation %s has two heads", id)
		}
		// Every head has a timeline date, empty when undated: the
		// timeline's count takes an entity's heads for its dated ones
		// and empty ones.
		date, ok := row[9].(string)
		if !ok {
			date = "(absent)"
		}
		out[id] = head{Type: str(row[1]), Source: str(row[2]), Target: str(row[3]), Qualifiers: nonNull(row[4]),
			Evidence: integer(row[5]), Articles: strs(row[6]), Titles: strs(row[7]), Published: str(row[8]), TimelineDate: date}
	}
	return out
}

// wantHeads computes the head of every relation from its evidence, by
// relId, and its timeline date from its date, its ends' if meetings, and
// its articles' (store.RelationDate).
func wantHeads(t *testing.T, s *Store) map[string]head {
	t.Helper()
	type piece struct{ article, title string }
	pieces := map[string][]piece{}
	out := map[string]head{}
	meetings := map[string]string{} // the date of each relation's meeting end
	rows := cypher(t, s, fmt.Sprintf(`MATCH (s)-[r:%s]->(t)
OPTIONAL MATCH (a:Article {id: r.article})
RETURN r.relId, type(r), s.id, t.id, %s, r.article, coalesce(r.articleTitle, a.title, ''), a.published,
  CASE WHEN s:Meeting THEN s.date END, CASE WHEN t:Meeting THEN t.date END`, allRelTypes, qualifierMap("r")), nil)
	for _, row := range rows {
		id := str(row[0])
		h := out[id]
		h.Type, h.Source, h.Target, h.Qualifiers = str(row[1]), str(row[2]), str(row[3]), nonNull(row[4])
		h.Evidence++
		if p := str(row[7]); p != "" && (h.Published == "" || p < h.Published) {
			h.Published = p
		}
		out[id] = h
		pieces[id] = append(pieces[id], piece{str(row[5]), str(row[6])})
		meetings[id] = cmp.Or(str(row[8]), str(row[9]))
	}
	for id, ps := range pieces {
		slices.SortFunc(ps, func(a, b piece) int { return strings.Compare(a.article, b.article) })
		h := out[id]
		h.Articles, h.Titles = []string{}, []string{}
		for _, p := range ps[:min(len(ps), headArticles)] {
			h.Articles = append(h.Articles, p.article)
			h.Titles = append(h.Titles, p.title)
		}
		date, _ := h.Qualifiers[string(ontology.Date)].(string)
		h.TimelineDate = cmp.Or(date, meetings[id], h.Published)
		out[id] = h
	}
	return out
}

// nonNull is the map v without its null values.
func nonNull(v any) map[string]any {
	out := map[string]any{}
	for k, x := range v.(map[string]any) {
		if x != nil {
			out[k] = x
		}
	}
	return out
}

// checkHeads checks every head against its relation's evidence: one head
// per relation, none without evidence, each with the ids of its ends.
func checkHeads(t *testing.T, s *Store, when string) {
	t.Helper()
	if d := gocmp.Diff(wantHeads(t, s), storedHeads(t, s)); d != "" {
		t.Fatalf("%s: heads (-from evidence +stored):\n%s", when, d)
	}
	checkHeadEnds(t, s, when)
}

// checkHeadEnds checks that every head holds the ids of its ends (source,
// target).
func checkHeadEnds(t *testing.T, s *Store, when string) {
	t.Helper()
	rows := cypher(t, s, fmt.Sprintf(`MATCH (s)-[h:%s]->(t)
WHERE h.source IS NULL OR h.target IS NULL OR h.source <> s.id OR h.target <> t.id
RETURN h.relId, h.source, h.target, s.id, t.id ORDER BY h.relId`, headType), nil)
	for _, row := range rows {
		t.Errorf("%s: head %s holds ends %v -> %v, joins %s -> %s", when, str(row[0]), row[1], row[2], str(row[3]), str(row[4]))
	}
}

// TestOpenGivesHeadsTheirEnds opens a database whose heads do not hold
// the ids of their ends, as the versions before them wrote it: Open adds
// them, once.
func TestOpenGivesHeadsTheirEnds(t *testing.T) {
	s := openTestStore(t)
	for _, g := range storetest.Ukraine() {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	change(t, s, fmt.Sprintf(`MATCH ()-[h:%s]->() REMOVE h.source, h.target`, headType))
	change(t, s, fmt.Sprintf(`MATCH (m:%s {id: '%s'}) DELETE m`, migrationLabel, headEndsMigration.marker))
	again, err := Open(t.Context(), testConfig(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	again.Close()
	checkHeads(t, s, "after Open")
	if rows := cypher(t, s, fmt.Sprintf("MATCH (m:%s {id: $id}) RETURN m.id", migrationLabel),
		map[string]any{"id": headEndsMigration.marker}); len(rows) != 1 {
		t.Errorf("Open left %d markers of the migration, want 1", len(rows))
	}
}

// headActors are the entities of the articles of headArticle.
var headActors = []string{"Alpha", "Beta", "Gamma", "Delta"}

// headArticle is version v of article id: the four actors, and pieces
// of evidence (n statements of its text) for relations among them chosen
// by rng from a few, sharing their relations with the other articles;
// sometimes a statement twice for one relation.
func headArticle(rng *rand.Rand, id string, v, n int) *store.ArticleGraph {
	var text strings.Builder
	text.WriteString(strings.Join(headActors, " ") + ".")
	for i := range n {
		fmt.Fprintf(&text, " Statement %d.", i)
	}
	b := storetest.NewArticle(id, fmt.Sprintf("%s, version %d", id, v), "Wire", "2025-06-0"+fmt.Sprint(1+v%9), text.String())
	ids := make([]string, len(headActors))
	for i, name := range headActors {
		e := storetest.Actor(strings.ToLower(name), name, "country")
		ids[i] = e.ID
		b.Entity(e, name)
	}
	types := []ontology.RelationType{ontology.Accused, ontology.Aided, ontology.Attacked}
	for i := range n {
		t := types[rng.IntN(len(types))]
		q := store.Qualifiers{}
		if rng.IntN(3) == 0 {
			q.Quantity = storetest.Qty(1 + rng.IntN(2))
		}
		src, dst := ids[rng.IntN(2)], ids[1+rng.IntN(3)]
		b.Relate(t, src, dst, q, fmt.Sprintf("Statement %d.", i))
		if rng.IntN(4) == 0 {
			b.Relate(t, src, dst, q, fmt.Sprintf("Statement %d.", i))
		}
	}
	return b.Build()
}

// TestHeadsFollowTheEvidence writes, replaces and deletes articles that
// share relations, one at a time and in batches, in a random order, and
// checks the heads against the evidence after each step.
func TestHeadsFollowTheEvidence(t *testing.T) {
	s := openTestStore(t)
	rng := rand.New(rand.NewPCG(1, 2))
	version := map[string]int{}
	next := func(id string) *store.ArticleGraph {
		version[id]++
		return headArticle(rng, id, version[id], 1+rng.IntN(5))
	}
	article := func() string { return fmt.Sprintf("heads-%d", rng.IntN(6)) }
	for step := range 60 {
		var what string
		switch op := rng.IntN(4); op {
		case 0, 1:
			id := article()
			what = "put " + id
			if _, err := s.PutArticle(t.Context(), next(id)); err != nil {
				t.Fatal(err)
			}
		case 2:
			// A batch may hold two versions of one article.
			var gs []*store.ArticleGraph
			for range 1 + rng.IntN(4) {
				gs = append(gs, next(article()))
			}
			what = fmt.Sprintf("put a batch of %d", len(gs))
			if _, err := s.PutArticles(t.Context(), gs); err != nil {
				t.Fatal(err)
			}
		default:
			id := article()
			what = "delete " + id
			if _, err := s.DeleteArticle(t.Context(), store.ArticleID(id)); err != nil {
				t.Fatal(err)
			}
		}
		checkHeads(t, s, fmt.Sprintf("step %d, %s", step, what))
	}
	if len(storedHeads(t, s)) == 0 {
		t.Fatal("no relation is left: the sequence tests nothing at its end")
	}
}

// TestHeadKeepsTheFirstArticles gives one relation more pieces of evidence
// than a head keeps, from articles written out of order: the head keeps
// the first by article, and the delete of one of them brings the next in.
func TestHeadKeepsTheFirstArticles(t *testing.T) {
	s := openTestStore(t)
	alpha, beta := storetest.Actor("alpha", "Alpha", "country"), storetest.Actor("beta", "Beta", "country")
	article := func(id string, n int) *store.ArticleGraph {
		var text strings.Builder
		text.WriteString("Alpha Beta.")
		for i := range n {
			fmt.Fprintf(&text, " Statement %d.", i)
		}
		b := storetest.NewArticle(id, "Title of "+id, "Wire", "2025-06-01", text.String()).
			Entity(alpha, "Alpha").Entity(beta, "Beta")
		for i := range n {
			b.Relate(ontology.Accused, alpha.ID, beta.ID, store.Qualifiers{}, fmt.Sprintf("Statement %d.", i))
		}
		return b.Build()
	}
	relID := store.RelationID(ontology.Accused, alpha.ID, beta.ID, store.Qualifiers{})
	repeat := func(parts ...any) []string {
		var out []string
		for i := 0; i < len(parts); i += 2 {
			for range parts[i+1].(int) {
				out = append(out, parts[i].(string))
			}
		}
		return out
	}
	a1, a2, a3 := store.ArticleID("cap-1"), store.ArticleID("cap-2"), store.ArticleID("cap-3")
	steps := []struct {
		what  string
		do    func() error
		count int64
		want  []string
	}{
		{"put cap-3", func() error { _, err := s.PutArticle(t.Context(), article("cap-3", 10)); return err },
			10, repeat(a3, 10)},
		{"put cap-2", func() error { _, err := s.PutArticle(t.Context(), article("cap-2", 500)); return err },
			510, repeat(a2, 500, a3, 10)},
		{"put cap-1", func() error {
			_, err := s.PutArticles(t.Context(), []*store.ArticleGraph{article("cap-1", 600)})
			return err
		}, 1110, repeat(a1, 600, a2, 400)},
		{"delete cap-2", func() error { _, err := s.DeleteArticle(t.Context(), a2); return err },
			610, repeat(a1, 600, a3, 10)},
		{"replace cap-1", func() error { _, err := s.PutArticle(t.Context(), article("cap-1", 995)); return err },
			1005, repeat(a1, 995, a3, 5)},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.what, err)
		}
		checkHeads(t, s, st.what)
		h := storedHeads(t, s)[relID]
		if h.Evidence != st.count || !slices.Equal(h.Articles, st.want) {
			t.Errorf("%s: head counts %d pieces and keeps %d articles, want %d and %d", st.what,
				h.Evidence, len(h.Articles), st.count, len(st.want))
		}
	}
}

// TestOpenBuildsMissingHeads opens a database whose relations have no
// heads, as the versions before them wrote it (and evidence without its
// article's title and published date, as older ones did): Open builds the
// heads, once.
func TestOpenBuildsMissingHeads(t *testing.T) {
	s := openTestStore(t)
	for _, g := range storetest.Ukraine() {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	want := storedHeads(t, s)
	if len(want) == 0 {
		t.Fatal("the articles have no relations")
	}
	change(t, s, fmt.Sprintf(`MATCH ()-[h:%s]->() DELETE h`, headType))
	change(t, s, fmt.Sprintf(`MATCH (m:%s) DELETE m`, migrationLabel))
	change(t, s, fmt.Sprintf(`MATCH ()-[r:%s]->() WITH r LIMIT 3 REMOVE r.articleTitle, r.articlePublished`, allRelTypes))
	openAndClose(t)
	checkHeads(t, s, "after Open")
	if d := gocmp.Diff(want, storedHeads(t, s)); d != "" {
		t.Errorf("heads built by Open (-written +built):\n%s", d)
	}
	// Done once: a head missing now is not looked for again.
	change(t, s, fmt.Sprintf(`MATCH ()-[h:%s]->() WITH h LIMIT 1 DELETE h`, headType))
	openAndClose(t)
	if got := len(storedHeads(t, s)); got != len(want)-1 {
		t.Errorf("the second Open left %d heads, want %d: it looked for missing heads again", got, len(want)-1)
	}
}

// TestOpenDatesHeads opens a database whose heads have no published date,
// as the versions before them wrote it (and evidence without its
// article's title and published date, as older ones did): Open dates
// them from their evidence, once.
func TestOpenDatesHeads(t *testing.T) {
	s := openTestStore(t)
	for _, g := range storetest.Ukraine() {
		if _, err := s.PutArticle(t.Context(), g); err != nil {
			t.Fatal(err)
		}
	}
	want := storedHeads(t, s)
	dated := 0
	for _, h := range want {
		if h.Published != "" {
			dated++
		}
	}
	if dated == 0 {
		t.Fatal("no head has a published date: the test checks nothing")
	}
	change(t, s, fmt.Sprintf(`MATCH ()-[h:%s]->() REMOVE h.published`, headType))
	change(t, s, fmt.Sprintf(`MATCH (m:%s {id: '%s'}) DELETE m`, migrationLabel, headsPublishedMigration.marker))
	change(t, s, fmt.Sprintf(`MATCH ()-[r:%s]->() WITH r LIMIT 3 REMOVE r.articleTitle, r.articlePublished`, allRelTypes))
	openAndClose(t)
	checkHeads(t, s, "after Open")
	if d := gocmp.Diff(want, storedHeads(t, s)); d != "" {
		t.Errorf("heads dated by Open (-written +dated):\n%s", d)
	}
	// Done once: a head without a date now is not dated again.
	change(t, s, fmt.Sprintf(`MATCH ()-[h:%s]->() WHERE h.published IS NOT NULL WITH h LIMIT 1 REMOVE h.published`, headType))
	openAndClose(t)
	undated := 0
	for _, h := range storedHeads(t, s) {
		if h.Published == "" {
			undated++
		}
	}
	if undated != len(want)-dated+1 {
		t.Errorf("the second Open left %d heads without a date, want %d: it dated heads again", undated, len(want)-dated+1)
	}
}

// openAndClose opens the test database, which runs its migrations, and
// closes it.
func openAndClose(t *testing.T) {
	t.Helper()
	again, err := Open(t.Context(), testConfig(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	again.Close()
}

// change runs the write statement cypher on the store s.
func change(t *testing.T, s *Store, cypher string) {
	t.Helper()
	if _, err := write(t.Context(), s, "change the graph", func(tx neo4j.ManagedTransaction) (any, error) {
		return run(t.Context(), tx, cypher, nil)
	}); err != nil {
		t.Fatal(err)
	}
}

// statementTypes and statementFilter are the relation types and the
// filter of the queries whose statements the tests of statements compile;
// readsEvidence matches a statement's pattern of evidence relationships.
var (
	statementTypes  = []ontology.RelationType{ontology.Rejected, ontology.Demanded}
	statementFilter = &store.RelationFilter{Article: &store.StringFilter{Eq: ptr("article:a")}}
	readsEvidence   = regexp.MustCompile(`\[\w*:(` + allRelTypes + `)[]|]`)
)

// TestHeadStatements checks which entity-anchored relation statements read
// the relations' heads: those without a filter whose evidence the heads
// keep; the others read the evidence.
func TestHeadStatements(t *testing.T) {
	entities := []string{"actor:a", "actor:b"}
	types, filter := statementTypes, statementFilter
	tests := []struct {
		name  string
		q     store.RelationQuery
		heads bool
	}{
		{"no evidence", store.RelationQuery{NoEvidence: true}, true},
		{"titles of the first pieces", store.RelationQuery{ArticleOnlyEvidence: true, EvidenceLimit: headArticles}, true},
		{"of types, in a direction, by date", store.RelationQuery{Types: types, Direction: store.In, NoEvidence: true,
			Order: store.Order{Field: store.OrderByDate}}, true},
		{"a filter", store.RelationQuery{Where: filter, NoEvidence: true}, false},
		{"whole evidence", store.RelationQuery{EvidenceLimit: 2}, false},
		{"every piece's article", store.RelationQuery{ArticleOnlyEvidence: true}, false},
		{"more pieces than heads keep", store.RelationQuery{ArticleOnlyEvidence: true, EvidenceLimit: headArticles + 1}, false},
	}
	for _, tt := range tests {
		tt.q.First = 10
		list, err := entityRelationsStatement(tt.q, entities)
		if err != nil {
			t.Fatal(err)
		}
		level, err := entityLevelStatement(tt.q, entities, store.LevelQuery{Ends: true, Articles: true, Counts: true})
		if err != nil {
			t.Fatal(err)
		}
		count, err := entityCountsStatement(tt.q, entities)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []*statement{list, level} {
			if got := strings.Contains(st.cypher, ":"+headType+"]"); got != tt.heads || readsEvidence.MatchString(st.cypher) == tt.heads {
				t.Errorf("%s: reads heads %v, want %v:\n%s", tt.name, got, tt.heads, st.cypher)
			}
		}
		// Counts read heads without a filter.
		if got := strings.Contains(count.cypher, ":"+headType+"]"); got != (tt.q.Where == nil) {
			t.Errorf("%s: counts heads %v, want %v:\n%s", tt.name, got, tt.q.Where == nil, count.cypher)
		}
	}
}

// TestTimelineStatements checks which timeline statements read the
// relations' heads: those without a filter, of an entity or of the whole
// graph, pages and counts; with a filter, they read the evidence.
func TestTimelineStatements(t *testing.T) {
	types, filter := statementTypes, statementFilter
	tests := []struct {
		name  string
		q     store.TimelineQuery
		heads bool
	}{
		{"of an entity", store.TimelineQuery{Entity: "actor:a", WithTotal: true}, true},
		{"of an entity, of types, in a period", store.TimelineQuery{Entity: "actor:a", Types: types, From: "2025-01-01"}, true},
		{"of the graph", store.TimelineQuery{}, true},
		{"of the graph, of types", store.TimelineQuery{Types: types}, true},
		{"of an entity, with a filter", store.TimelineQuery{Entity: "actor:a", Where: filter}, false},
		{"of the graph, with a filter", store.TimelineQuery{Where: filter, WithTotal: true}, false},
	}
	for _, tt := range tests {
		tt.q.First = 10
		for _, count := range []bool{false, true} {
			st, err := timelineStatement(tt.q, count)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(st.cypher, ":"+headType+"]"); got != tt.heads || readsEvidence.MatchString(st.cypher) == tt.heads {
				t.Errorf("%s (count %v): reads heads %v, want %v:\n%s", tt.name, count, got, tt.heads, st.cypher)
			}
		}
	}
}

// TestSelfRelationIsOneRelation checks that a relation from an entity to
// itself is one relation of that entity, read from its head, in a page and
// in the counts, in every direction, and in its degree.
func TestSelfRelationIsOneRelation(t *testing.T) {
	s := openTestStore(t)
	alpha := storetest.Actor("alpha", "Alpha", "country")
	g := storetest.NewArticle("self", "Alpha aids itself", "Wire", "2025-06-01", "Alpha aided Alpha.").
		Entity(alpha, "Alpha").
		Relate(ontology.Aided, alpha.ID, alpha.ID, store.Qualifiers{}, "Alpha aided Alpha.").Build()
	if _, err := s.PutArticle(t.Context(), g); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []store.Direction{store.Out, store.In, store.Both} {
		q := store.RelationQuery{Entity: alpha.ID, Direction: dir, First: 1, NoEvidence: true}
		lv, err := s.ReadLevel(t.Context(), store.LevelQuery{Queries: []store.RelationQuery{q}, Counts: true})
		if err != nil {
			t.Fatal(err)
		}
		counts, err := s.CountRelationsOf(t.Context(), []store.RelationQuery{q})
		if err != nil {
			t.Fatal(err)
		}
		p := lv.Pages[0]
		if len(p.Items) != 1 || p.HasNextPage || lv.Counts[0] != 1 || counts[0] != 1 {
			t.Errorf("%s: %d relations (next page %v), counted %d and %d; want 1", dir, len(p.Items), p.HasNextPage, lv.Counts[0], counts[0])
		}
	}
	// Its degree, as a list in degree order sorts on it, is one.
	p, err := s.ListEntities(t.Context(), store.EntityQuery{First: 1, Order: store.Order{Field: store.OrderByDegree}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Cursors) != 1 {
		t.Fatalf("%d entities, want 1", len(p.Cursors))
	}
	if key, _, err := store.DecodeCursor(p.Cursors[0]); err != nil || key != store.DegreeKey(1) {
		t.Errorf("degree key %q (%v), want %q", key, err, store.DegreeKey(1))
	}
}
