package loaders_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"newsgraph/article"
	"newsgraph/loaders"
	"newsgraph/ontology"
	"newsgraph/store"
	"newsgraph/store/embedded"
	"newsgraph/store/storetest"
)

// docBuilder writes native documents for the entity resolution tests: each
// entity is mentioned where its name first occurs in the text, and each
// relation's evidence is a piece of the text.
type docBuilder struct{ d article.Document }

func newDoc(id, text string) *docBuilder {
	return &docBuilder{d: article.Document{ID: id, Title: id, Text: text, Published: "2025-06-04"}}
}

func (b *docBuilder) span(text string) article.Span {
	i := strings.Index(b.d.Text, text)
	if i < 0 {
		panic(fmt.Sprintf("%q is not in the text of %s", text, b.d.ID))
	}
	start := utf8.RuneCountInString(b.d.Text[:i])
	return article.Span{Start: start, End: start + utf8.RuneCountInString(text), Text: text}
}

func (b *docBuilder) entity(e article.Entity) *docBuilder {
	if strings.Contains(b.d.Text, e.Name) {
		e.Mentions = []article.Span{b.span(e.Name)}
	}
	b.d.Entities = append(b.d.Entities, e)
	return b
}

func (b *docBuilder) relate(t ontology.RelationType, source, target, evidence string) *docBuilder {
	b.d.Relations = append(b.d.Relations, article.Relation{
		Type: string(t), Source: source, Target: target, Evidence: article.Evidence{Span: b.span(evidence)},
	})
	return b
}

func actor(id, name, kind string, aliases ...string) article.Entity {
	return article.Entity{ID: id, Type: "actor", Kind: kind, Name: name, Aliases: aliases}
}

func withWikidata(e article.Entity, q string) article.Entity { e.Wikidata = q; return e }
func withKey(e article.Entity, k string) article.Entity      { e.Key = k; return e }

var ceasefire = article.Entity{ID: "ceasefire", Type: "agreement", Kind: "ceasefire", Name: "full ceasefire"}

// writeDocs writes each document to its own file, "01-id.json", ... so that
// a directory load reads them in the order given, and returns the paths.
func writeDocs(t *testing.T, dir string, docs ...*docBuilder) []string {
	t.Helper()
	var paths []string
	for i, b := range docs {
		data, err := json.Marshal(b.d)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("%02d-%s.json", i+1, b.d.ID))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}

// zelensky is an article naming Zelensky with his Wikidata id and the alias
// Zelenskyy, and Ukraine's government with the alias Kyiv.
func zelensky() *docBuilder {
	text := "Volodymyr Zelensky said the Government of Ukraine demanded a full ceasefire."
	return newDoc("zelensky", text).
		entity(withWikidata(actor("z", "Volodymyr Zelensky", "person", "Zelenskyy"), "Q3881739")).
		entity(withKey(actor("gov", "Government of Ukraine", "government", "Kyiv"), "ukraine-government")).
		entity(ceasefire).
		relate(ontology.Demanded, "gov", "ceasefire", "the Government of Ukraine demanded a full ceasefire")
}

// kyivCity is an article about an actor that also goes by "Kyiv".
func kyivCity() *docBuilder {
	text := "The Kyiv City Administration opened shelters."
	return newDoc("kyiv-city", text).
		entity(withKey(actor("city", "Kyiv City Administration", "government", "Kyiv"), "kyiv-city-administration"))
}

var (
	zelenskyID = store.EntityID(ontology.Actor, "Q3881739")
	govID      = store.EntityID(ontology.Actor, "ukraine-government")
	cityID     = store.EntityID(ontology.Actor, "kyiv-city-administration")
	kyivID     = store.EntityID(ontology.Actor, "kyiv")
	ceasefireA = store.EntityID(ontology.Agreement, "full-ceasefire")
)

// resolution is what a load did and left in the store, for comparison.
type resolution struct {
	Resolved  int
	Warnings  []string
	Entities  []string // ids, sorted
	Relations []string // "TYPE source→target (evidence count)", sorted by id
}

func resolveLoad(t *testing.T, st store.Store, l *loaders.Loader, paths ...string) resolution {
	t.Helper()
	if l.Sink == nil {
		l.Sink = &loaders.StoreSink{Store: st}
	}
	l.Importers = native()
	rep, err := l.Load(t.Context(), paths)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed > 0 {
		t.Fatalf("load failed: %v", rep.Failures)
	}
	res := resolution{Resolved: rep.Resolved}
	for _, w := range rep.Warnings {
		res.Warnings = append(res.Warnings, w.String())
	}
	snap := storetest.TakeSnapshot(t, st)
	for _, e := range snap.Entities {
		res.Entities = append(res.Entities, e.ID)
	}
	for _, r := range snap.Relations {
		res.Relations = append(res.Relations, fmt.Sprintf("%s %s→%s (%d)", r.Type, r.Source, r.Target, len(r.Evidence)))
	}
	return res
}

func TestEntityResolution(t *testing.T) {
	tests := []struct {
		name   string
		before []*docBuilder // loaded first, in a load of their own
		docs   []*docBuilder
		want   resolution
	}{
		{
			name:   "an alias without a Wikidata id resolves to the entity that has it",
			before: []*docBuilder{zelensky()},
			docs: []*docBuilder{newDoc("zelenskyy", "Zelenskyy demanded a full ceasefire.").
				entity(actor("z", "Zelenskyy", "person")).entity(ceasefire).
				relate(ontology.Demanded, "z", "ceasefire", "Zelenskyy demanded a full ceasefire.")},
			want: resolution{
				Resolved: 1,
				Entities: []string{zelenskyID, govID, ceasefireA},
				Relations: []string{
					"DEMANDED " + govID + "→" + ceasefireA + " (1)",
					"DEMANDED " + zelenskyID + "→" + ceasefireA + " (1)",
				},
			},
		},
		{
			name:   "case, accents and punctuation do not matter",
			before: []*docBuilder{zelensky()},
			docs: []*docBuilder{newDoc("kyiv", "KYÏV. demanded a full ceasefire.").
				entity(actor("k", "KYÏV.", "government")).entity(ceasefire).
				relate(ontology.Demanded, "k", "ceasefire", "KYÏV. demanded a full ceasefire.")},
			want: resolution{
				Resolved:  1,
				Entities:  []string{zelenskyID, govID, ceasefireA},
				Relations: []string{"DEMANDED " + govID + "→" + ceasefireA + " (2)"},
			},
		},
		{
			name:   "two candidates: a warning, and the entity keeps its own id",
			before: []*docBuilder{zelensky(), kyivCity()},
			docs: []*docBuilder{newDoc("kyiv", "Kyiv demanded a full ceasefire.").
				entity(actor("k", "Kyiv", "government")).entity(ceasefire).
				relate(ontology.Demanded, "k", "ceasefire", "Kyiv demanded a full ceasefire.")},
			want: resolution{
				Warnings: []string{`01-kyiv.json: entity "Kyiv" could be ` + cityID + ` ("Kyiv City Administration") or ` +
					govID + ` ("Government of Ukraine"): kept as ` + kyivID + ` (give the entity a key or a Wikidata id to choose)`},
				Entities: []string{cityID, kyivID, govID, zelenskyID, ceasefireA},
				Relations: []string{
					"DEMANDED " + govID + "→" + ceasefireA + " (1)",
					"DEMANDED " + kyivID + "→" + ceasefireA + " (1)",
				},
			},
		},
		{
			name:   "an explicit key wins",
			before: []*docBuilder{zelensky()},
			docs: []*docBuilder{newDoc("other", "Zelenskyy spoke.").
				entity(withKey(actor("z", "Zelenskyy", "person"), "another-zelenskyy"))},
			want: resolution{Entities: []string{store.EntityID(ontology.Actor, "another-zelenskyy"), zelenskyID, govID, ceasefireA},
				Relations: []string{"DEMANDED " + govID + "→" + ceasefireA + " (1)"}},
		},
		{
			name:   "an entity whose own id is in the graph stays itself",
			before: []*docBuilder{newDoc("kyiv-first", "Kyiv spoke.").entity(actor("k", "Kyiv", "government")), zelensky()},
			docs:   []*docBuilder{newDoc("kyiv-again", "Kyiv spoke again.").entity(actor("k", "Kyiv", "government"))},
			want:   resolution{Entities: []string{kyivID, govID, zelenskyID, ceasefireA}, Relations: []string{"DEMANDED " + govID + "→" + ceasefireA + " (1)"}},
		},
		{
			name:   "only entities of the same type",
			before: []*docBuilder{zelensky()},
			docs: []*docBuilder{newDoc("kyiv-place", "In Kyiv, talks went on.").
				entity(article.Entity{ID: "k", Type: "place", Kind: "city", Name: "Kyiv"})},
			want: resolution{Entities: []string{govID, zelenskyID, ceasefireA, store.EntityID(ontology.Place, "kyiv")},
				Relations: []string{"DEMANDED " + govID + "→" + ceasefireA + " (1)"}},
		},
		{
			name: "an earlier article of the same load",
			docs: []*docBuilder{zelensky(), newDoc("zelenskyy", "Zelenskyy demanded a full ceasefire.").
				entity(actor("z", "Zelenskyy", "person")).entity(ceasefire).
				relate(ontology.Demanded, "z", "ceasefire", "Zelenskyy demanded a full ceasefire.")},
			want: resolution{
				Resolved: 1,
				Entities: []string{zelenskyID, govID, ceasefireA},
				Relations: []string{
					"DEMANDED " + govID + "→" + ceasefireA + " (1)",
					"DEMANDED " + zelenskyID + "→" + ceasefireA + " (1)",
				},
			},
		},
		{
			name: "an entity with a Wikidata id in the same article",
			docs: []*docBuilder{newDoc("both", "Volodymyr Zelensky demanded a full ceasefire. Zelenskyy insisted on a full ceasefire.").
				entity(withWikidata(actor("z", "Volodymyr Zelensky", "person", "Zelenskyy"), "Q3881739")).
				entity(actor("zz", "Zelenskyy", "person")).entity(ceasefire).
				relate(ontology.Demanded, "z", "ceasefire", "Volodymyr Zelensky demanded a full ceasefire.").
				relate(ontology.Demanded, "zz", "ceasefire", "Zelenskyy insisted on a full ceasefire.")},
			want: resolution{
				Resolved:  1,
				Entities:  []string{zelenskyID, ceasefireA},
				Relations: []string{"DEMANDED " + zelenskyID + "→" + ceasefireA + " (2)"},
			},
		},
	}
	for _, tt := range tests {
		checkResolution(t, tt.name, tt.before, tt.docs, tt.want)
	}
}

// checkResolution loads before in a load of their own, then docs in
// batches of one and of a hundred articles, and compares what the second
// load did and left with want.
func checkResolution(t *testing.T, name string, before, docs []*docBuilder, want resolution) {
	t.Helper()
	for _, batch := range []int{1, 100} {
		t.Run(fmt.Sprintf("%s/batch=%d", name, batch), func(t *testing.T) {
			st := embedded.New()
			if len(before) > 0 {
				resolveLoad(t, st, &loaders.Loader{}, writeDocs(t, t.TempDir(), before...)...)
			}
			dir := t.TempDir()
			writeDocs(t, dir, docs...)
			got := resolveLoad(t, st, &loaders.Loader{BatchArticles: batch}, dir)
			for i, w := range got.Warnings {
				got.Warnings[i] = strings.TrimPrefix(w, dir+string(filepath.Separator))
			}
			want := want
			want.Entities = sorted(want.Entities)
			if diff := cmp.Diff(want, got, cmpSortRelations); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

// cmpSortRelations compares the relation lines as sets: the store lists
// relations by id, a hash.
var cmpSortRelations = cmp.Transformer("sortRelations", func(r resolution) resolution {
	r.Relations = sorted(r.Relations)
	return r
})

func TestEntityResolutionReloadIsUnchanged(t *testing.T) {
	st := embedded.New()
	dir := t.TempDir()
	writeDocs(t, dir, zelensky(), newDoc("zelenskyy", "Zelenskyy spoke.").entity(actor("z", "Zelenskyy", "person")))
	first := resolveLoad(t, st, &loaders.Loader{}, dir)
	if first.Resolved != 1 {
		t.Fatalf("first load resolved %d entities, want 1", first.Resolved)
	}
	l := &loaders.Loader{Sink: &loaders.StoreSink{Store: st}, Importers: native()}
	rep, err := l.Load(t.Context(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != 2 || rep.Created+rep.Replaced+rep.Failed != 0 {
		t.Errorf("reload: %d unchanged, %d created, %d replaced, %d failed; want 2 unchanged", rep.Unchanged, rep.Created, rep.Replaced, rep.Failed)
	}
}

func TestNoResolution(t *testing.T) {
	st := embedded.New()
	dir := t.TempDir()
	writeDocs(t, dir, zelensky(), newDoc("zelenskyy", "Zelenskyy spoke.").entity(actor("z", "Zelenskyy", "person")))
	got := resolveLoad(t, st, &loaders.Loader{Sink: &loaders.StoreSink{Store: st, NoResolution: true}}, dir)
	want := sorted([]string{zelenskyID, govID, ceasefireA, store.EntityID(ontology.Actor, "zelenskyy")})
	if got.Resolved != 0 || cmp.Diff(want, got.Entities) != "" {
		t.Errorf("without resolution: resolved %d, entities %v; want 0, %v", got.Resolved, got.Entities, want)
	}
}
