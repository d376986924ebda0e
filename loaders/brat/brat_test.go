package brat

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"newsgraph/article"
	"newsgraph/loaders"
	"newsgraph/loaders/mapping"
	"newsgraph/loaders/mapping/mappingtest"
)

// newsFiles are the five tutorial examples TestNews asserts on, of all of
// brat's tutorial news examples in testdata/news.
var newsFiles = []string{
	"000-introduction.ann", "060-relation_annotation.ann", "070-editing_relation_annotations.ann",
	"100-attribute_annotation.ann", "110-note_annotation.ann",
}

// importPath imports the document at path (an .ann or a .txt file).
func importPath(t *testing.T, imp *Importer, path string) loaders.Result {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var results []loaders.Result
	if err := imp.Import(path, f, func(r loaders.Result) error {
		results = append(results, r)
		return nil
	}); err != nil {
		t.Fatalf("Import(%s): %v", path, err)
	}
	if len(results) != 1 {
		t.Fatalf("Import(%s) emitted %d results, want 1", path, len(results))
	}
	return results[0]
}

// TestPolitics checks every rule on the politics sample.
func TestPolitics(t *testing.T) {
	res := importPath(t, New(nil), "testdata/politics/talks.ann")
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	doc := res.Doc
	mappingtest.Valid(t, res.Loc, doc)
	if doc.ID != "talks" || doc.Title != "Peace talks in İstanbul" {
		t.Errorf("id, title = %q, %q", doc.ID, doc.Title)
	}
	wantEntities := []string{
		"actor/organisation Ukrainian delegations",
		"actor/organisation Russian delegations",
		"actor/country İstanbul",
		"actor/country Україна",
		"agreement/ a full ceasefire",
		"actor/country Russia",
		"actor/person Rustem Umerov",
		"actor/country Kyiv",
		"meeting/ Meeting of Ukrainian delegations and Russian delegations",
		"place/country İstanbul",
	}
	if diff := cmp.Diff(wantEntities, mappingtest.Entities(doc)); diff != "" {
		t.Errorf("entities (-want +got):\n%s", diff)
	}
	wantRelations := []string{
		"ATTENDED Ukrainian delegations -> Meeting of Ukrainian delegations and Russian delegations",
		"ATTENDED Russian delegations -> Meeting of Ukrainian delegations and Russian delegations",
		"HELD_IN Meeting of Ukrainian delegations and Russian delegations -> İstanbul",
		"DEMANDED Україна -> a full ceasefire",
		"REJECTED Russia -> a full ceasefire",
		"MEMBER_OF Rustem Umerov -> Україна",
	}
	if diff := cmp.Diff(wantRelations, mappingtest.Relations(doc)); diff != "" {
		t.Errorf("relations (-want +got):\n%s", diff)
	}
	wantOmitted := map[string]int{"annotation dropped by attribute Negation": 1, "annotator note (not imported)": 1}
	if diff := cmp.Diff(wantOmitted, res.Omitted); diff != "" {
		t.Errorf("omitted (-want +got):\n%s", diff)
	}

	entity := func(name string) article.Entity {
		for _, e := range doc.Entities {
			if e.Name == name {
				return e
			}
		}
		t.Fatalf("no entity %q", name)
		return article.Entity{}
	}
	// A discontinuous span is one mention per fragment.
	if diff := cmp.Diff([]article.Span{{Start: 25, End: 34, Text: "Ukrainian"}, {Start: 47, End: 58, Text: "delegations"}}, entity("Ukrainian delegations").Mentions); diff != "" {
		t.Errorf("discontinuous mentions (-want +got):\n%s", diff)
	}
	// A Wikidata normalization and an equivalence.
	if u := entity("Україна"); u.Wikidata != "Q212" || !slices.Equal(u.Aliases, []string{"Ukraine"}) || len(u.Mentions) != 2 {
		t.Errorf("Україна = %+v, want Q212 with the alias Ukraine and two mentions", u)
	}
	// Two annotations with the same text are one entity.
	if r := entity("Russia"); r.Wikidata != "Q159" || len(r.Mentions) != 2 {
		t.Errorf("Russia = %+v, want Q159 with two mentions", r)
	}
	if m := entity("Meeting of Ukrainian delegations and Russian delegations"); m.Key != "talks-e1-meeting" || m.Mentions[0].Text != "met" {
		t.Errorf("meeting = %+v", m)
	}
	// The evidence is the sentence of the trigger and arguments.
	for _, r := range doc.Relations {
		if r.Type == "DEMANDED" && r.Evidence.Text != "Україна demanded a full ceasefire; Russia rejected it." {
			t.Errorf("DEMANDED evidence = %q", r.Evidence.Text)
		}
	}
}

// TestTxtWithAnn imports a document named by its .txt file.
func TestTxtWithAnn(t *testing.T) {
	fromTxt := importPath(t, New(nil), "testdata/politics/talks.txt")
	fromAnn := importPath(t, New(nil), "testdata/politics/talks.ann")
	if fromTxt.Err != nil {
		t.Fatal(fromTxt.Err)
	}
	if diff := cmp.Diff(fromAnn.Doc, fromTxt.Doc); diff != "" {
		t.Errorf("document from the .txt differs from the .ann's (-ann +txt):\n%s", diff)
	}
}

// TestNews loads brat's tutorial examples.
func TestNews(t *testing.T) {
	var files []string
	for _, name := range newsFiles {
		files = append(files, filepath.Join("testdata", "news", name))
	}
	var docs []*article.Document
	var results []loaders.Result
	for _, f := range files {
		res := importPath(t, New(nil), f)
		if res.Err != nil {
			t.Errorf("%s: %v", f, res.Err)
			continue
		}
		mappingtest.Valid(t, f, res.Doc)
		docs = append(docs, res.Doc)
		results = append(results, res)
	}
	if diff := cmp.Diff(map[string]int{"AIDED": 2, "MEMBER_OF": 1}, mappingtest.Count(docs...)); diff != "" {
		t.Errorf("relations (-want +got):\n%s", diff)
	}
	wantOmitted := map[string]int{
		"annotator note (not imported)":                  4,
		"attribute Confidence ignored by the mapping":    5,
		"attribute Individual ignored by the mapping":    3,
		"attribute Mention ignored by the mapping":       2,
		"annotation dropped by attribute Confidence=Low": 1,
		"entity type Money omitted by the mapping":       1,
		"event type Merge-org omitted by the mapping":    7,
		"event type Report omitted by the mapping":       4,
		"normalization to Wikipedia (not Wikidata)":      1,
		"relation type Family omitted by the mapping":    3,
		"relation type Located omitted by the mapping":   3,
		"relation type Origin omitted by the mapping":    1,
	}
	if diff := cmp.Diff(wantOmitted, mappingtest.Omitted(results)); diff != "" {
		t.Errorf("omitted (-want +got):\n%s", diff)
	}
	// 000-introduction: money moved from Citibank to Raul Salinas.
	intro := docs[0]
	want := []string{"AIDED Citibank -> Raul Salinas de Gortari", "AIDED Citibank -> banks"}
	if diff := cmp.Diff(want, mappingtest.Relations(intro)); diff != "" {
		t.Errorf("000-introduction relations (-want +got):\n%s", diff)
	}
	if q := intro.Relations[0].Qualifiers; q == nil || q.Item != "$100 million" {
		t.Errorf("item = %+v, want the Money-Arg", q)
	}
	// 060: the equivalence of three names, and their later mentions.
	var rowling article.Entity
	for _, e := range docs[1].Entities {
		if e.Name == "Joanne Rowling" {
			rowling = e
		}
	}
	if !slices.Equal(rowling.Aliases, []string{"Jo Rowling", "J. K. Rowling"}) || len(rowling.Mentions) != 6 {
		t.Errorf("Joanne Rowling = %+v, want two aliases and six mentions", rowling)
	}
}

// TestAllNews loads every tutorial example, including those whose
// annotations are empty.
func TestAllNews(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "news", "*.ann"))
	if err != nil || len(files) != 13 {
		t.Fatalf("testdata/news: %d files, want 13 (%v)", len(files), err)
	}
	for _, f := range files {
		res := importPath(t, New(nil), f)
		if res.Err != nil {
			t.Errorf("%s: %v", f, res.Err)
			continue
		}
		mappingtest.Valid(t, f, res.Doc)
	}
}

// convert runs the importer on a text and annotations given as strings.
func convert(t *testing.T, imp *Importer, text, ann string, conf *Config) (*article.Document, map[string]int, error) {
	t.Helper()
	doc, omitted, err := imp.Convert("doc", "", []byte(text), strings.NewReader(ann), conf)
	if err == nil {
		mappingtest.Valid(t, "doc", doc)
	}
	return doc, omitted, err
}

const text = "Kyiv met Moscow in Geneva. Kyiv rejected the plan.\nMoscow proposed a truce."

// TestRules checks one rule at a time.
func TestRules(t *testing.T) {
	tests := []struct {
		name      string
		ann       string
		entities  []string
		relations []string
		omitted   map[string]int
	}{
		{
			name:      "a binary relation",
			ann:       "T1\tPerson 0 4\tKyiv\nT2\tGPE 9 15\tMoscow\nR1\tEmployment Arg1:T1 Arg2:T2\n",
			relations: []string{"MEMBER_OF Kyiv -> Moscow"},
		},
		{
			name:      "an event with a place",
			ann:       "T1\tGPE 0 4\tKyiv\nT2\tGPE 9 15\tMoscow\nT3\tGPE 19 25\tGeneva\nT4\tMeet 5 8\tmet\nE1\tMeet:T4 Entity-Arg:T1 Entity-Arg2:T2 Place-Arg:T3\n",
			entities:  []string{"actor/country Kyiv", "actor/country Moscow", "actor/country Geneva", "meeting/ Meeting of Kyiv and Moscow", "place/country Geneva"},
			relations: []string{"ATTENDED Kyiv -> Meeting of Kyiv and Moscow", "ATTENDED Moscow -> Meeting of Kyiv and Moscow", "HELD_IN Meeting of Kyiv and Moscow -> Geneva"},
		},
		{
			name:      "a person is no place",
			ann:       "T1\tGPE 0 4\tKyiv\nT3\tPerson 19 25\tGeneva\nT4\tMeet 5 8\tmet\nE1\tMeet:T4 Entity-Arg:T1 Place-Arg:T3\n",
			relations: []string{"ATTENDED Kyiv -> Meeting of Kyiv"},
			omitted:   map[string]int{"place argument that is not a place": 1},
		},
		{
			name:     "same text and type is one entity, another type another",
			ann:      "T1\tGPE 0 4\tKyiv\nT2\tGPE 27 31\tKyiv\nT3\tLocation 9 15\tMoscow\nT4\tGPE 51 57\tMoscow\n",
			entities: []string{"actor/country Kyiv", "place/region Moscow", "actor/country Moscow"},
		},
		{
			name:     "same text, two labels of one type: the first kind is kept",
			ann:      "T1\tGPE 0 4\tKyiv\nT2\tPerson 27 31\tKyiv\n",
			entities: []string{"actor/country Kyiv"},
			omitted:  map[string]int{"conflicting kinds of one entity (the first is kept)": 1},
		},
		{
			name:     "a Wikidata normalization",
			ann:      "T1\tGPE 0 4\tKyiv\nN1\tReference T1 Wikidata:Q1899\tKyiv\nN2\tReference T1 GeoNames:703448\tKyiv\n",
			entities: []string{"actor/country Kyiv"},
			omitted:  map[string]int{"normalization to GeoNames (not Wikidata)": 1},
		},
		{
			name:     "an equivalence chain over two lines",
			ann:      "T1\tGPE 0 4\tKyiv\nT2\tGPE 9 15\tMoscow\nT3\tGPE 19 25\tGeneva\n*\tAlias T1 T2\n*\tAlias T2 T3\n",
			entities: []string{"actor/country Kyiv"},
		},
		{
			name:      "an event argument that is an event",
			ann:       "T1\tGPE 0 4\tKyiv\nT2\tReject 32 40\trejected\nT3\tMeet 5 8\tmet\nE1\tMeet:T3 Entity-Arg:T1\nE2\tReject:T2 Agent-Arg:T1 Target-Arg:E1\n",
			relations: []string{"ATTENDED Kyiv -> Meeting of Kyiv"},
			omitted:   map[string]int{"argument that is an event or relation (not imported)": 1, "event type Reject: no target": 1},
		},
		{
			name:      "numbered roles fall back to the role",
			ann:       "T1\tGPE 0 4\tKyiv\nT2\tGPE 9 15\tMoscow\nT3\tPropose 58 66\tproposed\nE1\tPropose:T3 Agent-Arg:T1 Target-Arg2:T2\n",
			relations: []string{"PROPOSED Kyiv -> Moscow"},
		},
		{
			name:    "unmapped labels",
			ann:     "T1\tCity 0 4\tKyiv\nT2\tGPE 9 15\tMoscow\nT3\tGPE 0 4\tKyiv\nR1\tNear Arg1:T2 Arg2:T3\nT4\tVisit 5 8\tmet\nE1\tVisit:T4 Guest-Arg:T2\nA1\tColour T2 Red\n",
			omitted: map[string]int{"unmapped entity type City": 1, "unmapped relation type Near": 1, "unmapped event type Visit": 1, "unmapped attribute Colour": 1},
		},
		{
			name:      "unmapped role",
			ann:       "T1\tGPE 0 4\tKyiv\nT2\tGPE 9 15\tMoscow\nT3\tAttack 5 8\tmet\nE1\tAttack:T3 Attacker-Arg:T1 Target-Arg:T2 Weapon-Arg:T2\n",
			relations: []string{"ATTACKED Kyiv -> Moscow"},
			omitted:   map[string]int{"unmapped role Weapon-Arg": 1},
		},
		{
			name:      "evidence across sentences",
			ann:       "T1\tGPE 0 4\tKyiv\nT2\tGPE 51 57\tMoscow\nR1\tEmployment Arg1:T1 Arg2:T2\n",
			relations: []string{"MEMBER_OF Kyiv -> Moscow"},
		},
		{
			name:     "blank lines and a last line without a newline",
			ann:      "\nT1\tGPE 0 4\tKyiv\n\n",
			entities: []string{"actor/country Kyiv"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, omitted, err := convert(t, New(nil), text, tt.ann, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.entities != nil {
				if diff := cmp.Diff(tt.entities, mappingtest.Entities(doc)); diff != "" {
					t.Errorf("entities (-want +got):\n%s", diff)
				}
			}
			if tt.relations == nil {
				tt.relations = []string{}
			}
			if diff := cmp.Diff(tt.relations, mappingtest.Relations(doc)); diff != "" {
				t.Errorf("relations (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.omitted, omitted, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("omitted (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("evidence across sentences spans them", func(t *testing.T) {
		doc, _, err := convert(t, New(nil), text, tests[len(tests)-2].ann, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := doc.Relations[0].Evidence.Text; got != text {
			t.Errorf("evidence = %q, want the whole text", got)
		}
	})
}

// TestErrors checks that each problem of a document is reported with its
// .ann line.
func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		ann  string
		want []string
	}{
		{"no tab", text, "T1 GPE 0 4 Kyiv\n", []string{`line 1: malformed line "T1 GPE 0 4 Kyiv"`}},
		{"unknown id", text, "X1\tGPE 0 4\tKyiv\n", []string{`line 1: unknown annotation id "X1"`}},
		{"no text field", text, "T1\tGPE 0 4\n", []string{"line 1: T1: malformed text-bound annotation"}},
		{"bad offsets", text, "T1\tGPE 0 four\tKyiv\n", []string{`line 1: T1: malformed offsets "0 four": not integers`}},
		{"empty span", text, "T1\tGPE 4 4\tKyiv\n", []string{"line 1: T1: offsets 4 4: the end must be after the start"}},
		{"offsets past the end", text, "\nT1\tGPE 70 90\tKyiv\n", []string{"line 2: T1: offsets 70 90 are past the end of the text (75 characters)"}},
		{"span text mismatch", text, "T1\tGPE 0 4\tKiev\n", []string{`line 1: T1: span text mismatch: the text at 0 4 reads "Kyiv" but the annotation says "Kiev"`}},
		{"byte offsets instead of code points", "Україна і Київ", "T1\tGPE 19 27\tКиїв\n", []string{`line 1: T1: offsets 19 27 are past the end of the text (14 characters)`}},
		{"duplicate id", text, "T1\tGPE 0 4\tKyiv\nT1\tGPE 9 15\tMoscow\n", []string{"line 2: duplicate annotation id T1"}},
		{"undefined reference", text, "T1\tGPE 0 4\tKyiv\nR1\tEmployment Arg1:T1 Arg2:T9\n", []string{"line 2: R1 refers to T9, which the file does not define"}},
		{"malformed relation", text, "R1\tEmployment Arg1:T1\n", []string{"line 1: R1: malformed relation"}},
		{"malformed event argument", text, "T1\tMeet 5 8\tmet\nE1\tMeet:T1 Entity-Arg\n", []string{`line 2: E1: malformed event argument "Entity-Arg"`}},
		{"trigger that is an event", text, "T1\tMeet 5 8\tmet\nE1\tMeet:T1\nE2\tMeet:E1\n", []string{"line 3: E2: trigger E1 is not a text-bound (T) annotation"}},
		{"equivalence naming an id twice", text, "T1\tGPE 0 4\tKyiv\n*\tAlias T1 T1\n", []string{"line 2: equivalence names T1 twice: an equivalence cannot be a cycle"}},
		{"equivalence cycle", text, "T1\tGPE 0 4\tKyiv\nT2\tGPE 9 15\tMoscow\nT3\tGPE 19 25\tGeneva\n*\tAlias T1 T2\n*\tAlias T2 T3\n*\tAlias T3 T1\n",
			[]string{"line 6: equivalence T3 T1 closes a cycle: these annotations are already equivalent through earlier lines"}},
		{"inconsistent equivalence", text, "T1\tGPE 0 4\tKyiv\nT2\tLocation 9 15\tMoscow\n*\tAlias T1 T2\n",
			[]string{"line 3: inconsistent equivalence: T1 (GPE, an actor) and T2 (Location, a place) cannot be the same entity"}},
		{"equivalence of an event", text, "T1\tGPE 0 4\tKyiv\nT2\tMeet 5 8\tmet\nE1\tMeet:T2\n*\tAlias T1 E1\n", []string{"line 4: equivalence names E1, which is not a text-bound (T) annotation"}},
		{"truncated last line", text, "T1\tGPE 0 4\tKyiv\nT2\tGPE 9 1", []string{`line 2: T2: malformed text-bound annotation: want "T2<TAB>Label START END<TAB>text" (the file ends in the middle of this line: is it truncated?)`}},
		{"invalid UTF-8 in the .ann", text, "T1\tGPE 0 4\tK\xffv\n", []string{"line 1: invalid UTF-8: the .ann file must be UTF-8"}},
		{"invalid UTF-8 in the .txt", "Kyiv \xff", "", []string{".txt: invalid UTF-8 at byte 5 (line 1): the text must be UTF-8"}},
		{"UTF-16 text", "\xff\xfeK\x00", "", []string{".txt: the text is UTF-16"}},
		{"several problems", text, "T1\tGPE 0 4\tKiev\nQ\tx\nR1\tEmployment Arg1:T7 Arg2:T8\n", []string{
			"line 1: T1: span text mismatch", `line 2: unknown annotation id "Q"`,
			"line 3: R1 refers to T7, which the file does not define", "line 3: R1 refers to T8, which the file does not define",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := convert(t, New(nil), tt.text, tt.ann, nil)
			if err == nil {
				t.Fatal("no error")
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("error has %d lines, want %d:\n%v", len(lines), len(tt.want), err)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(lines[i], w) {
					t.Errorf("error line %d = %q, want it to start with %q", i, lines[i], w)
				}
			}
		})
	}
}

// TestManyProblems caps the list of problems.
func TestManyProblems(t *testing.T) {
	ann := strings.Repeat("T1\tGPE 0 4\tKiev\n", 30)
	_, _, err := convert(t, New(nil), text, ann, nil)
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxProblems+1 || lines[maxProblems] != "... and 10 more problems" {
		t.Errorf("got %d lines ending %q", len(lines), lines[len(lines)-1])
	}
}

// longAnn produces a .ann whose first line is n bytes long, without holding
// it in memory.
type longAnn struct{ n, done int }

func (l *longAnn) Read(p []byte) (int, error) {
	if l.done >= l.n {
		return 0, io.EOF
	}
	k := min(len(p), l.n-l.done)
	for i := range k {
		p[i] = 'x'
	}
	l.done += k
	return k, nil
}

// TestHugeLine reads a .ann with a 100 MB line: a clear error in bounded
// memory.
func TestHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 100 MB")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, _, err := New(nil).Convert("doc", "", []byte(text), &longAnn{n: 100 << 20}, nil)
	runtime.ReadMemStats(&after)
	if err == nil || err.Error() != "line 1 is longer than 1 MiB: is this a brat .ann file?" {
		t.Errorf("error = %v", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("allocated %d MiB reading a 100 MiB line", alloc>>20)
	}
}

// TestConfig checks labels against an annotation.conf.
func TestConfig(t *testing.T) {
	conf, err := ParseConfig(strings.NewReader(`# comment
[entities]
GPE
!Abstract
	Person

[relations]
Employment Arg1:Person, Arg2:GPE
<OVERLAP> Arg1:GPE, Arg2:GPE, <OVL-TYPE>:contain

[events]
<POG>=Person|GPE
Meet Entity-Arg+:<POG>

[attributes]
Negation Arg:<EVENT>

[visual]
GPE bgColor:#ff0000
`))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Entities:   map[string]bool{"GPE": true, "Abstract": true, "Person": true},
		Relations:  map[string]bool{"Employment": true},
		Events:     map[string]bool{"Meet": true},
		Attributes: map[string]bool{"Negation": true},
	}
	if diff := cmp.Diff(want, conf); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
	ann := "T1\tGPE 0 4\tKyiv\nT2\tLocation 9 15\tMoscow\nR1\tNear Arg1:T1 Arg2:T2\nT3\tVisit 5 8\tmet\nE1\tVisit:T3\nA1\tColour T1 Red\n"
	_, omitted, err := convert(t, New(nil), text, ann, conf)
	if err != nil {
		t.Fatal(err)
	}
	for _, reason := range []string{
		"entity type Location not declared in annotation.conf",
		"relation type Near not declared in annotation.conf",
		"event type Visit not declared in annotation.conf",
		"attribute Colour not declared in annotation.conf",
	} {
		if omitted[reason] != 1 {
			t.Errorf("%q counted %d times, want 1; counts: %v", reason, omitted[reason], omitted)
		}
	}
}

// TestImportFiles checks how Import finds a document's files.
func TestImportFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	ann := write("a b.ann", "T1\tGPE 0 4\tKyiv\n")
	write("a b.txt", text)
	lonely := write("lonely.ann", "")
	write("annotation.conf", "[entities]\nPerson\n")

	res := importPath(t, New(nil), ann)
	if res.Err != nil || res.Doc.ID != "a-b" || res.Loc != ann {
		t.Errorf("a b.ann: id %q, loc %q, err %v", res.Doc.ID, res.Loc, res.Err)
	}
	if res.Omitted["entity type GPE not declared in annotation.conf"] != 1 {
		t.Errorf("the directory's annotation.conf was not used: %v", res.Omitted)
	}

	err := New(nil).Import(lonely, strings.NewReader(""), func(loaders.Result) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "the .txt file of lonely.ann") {
		t.Errorf("Import without a .txt = %v", err)
	}
	lonelyTxt := write("alone.txt", text)
	err = New(nil).Import(lonelyTxt, strings.NewReader(text), func(loaders.Result) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "the .ann file of alone.txt") {
		t.Errorf("Import of a .txt without a .ann = %v", err)
	}
	stop := errors.New("stop")
	f, _ := os.Open(ann)
	defer f.Close()
	if err := New(nil).Import(ann, f, func(loaders.Result) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("Import = %v, want the emit error", err)
	}
}

// TestDetect claims .ann files only: a directory of pairs loads each
// document once.
func TestDetect(t *testing.T) {
	for path, want := range map[string]bool{"a.ann": true, "B.ANN": true, "a.txt": false, "a.json": false, "annotation.conf": false} {
		if got := New(nil).Detect(path, nil); got != want {
			t.Errorf("Detect(%q) = %v, want %v", path, got, want)
		}
	}
}

// TestCustomMapping applies a user's mapping.
func TestCustomMapping(t *testing.T) {
	m, err := mapping.Parse("custom.yaml", []byte(`
entities:
  GPE: actor/government
relations:
  Near: COOPERATED_WITH
roles:
  Arg1: source
  Arg2: target
`))
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := convert(t, New(m), text, "T1\tGPE 0 4\tKyiv\nT2\tGPE 9 15\tMoscow\nR1\tNear Arg1:T1 Arg2:T2\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"COOPERATED_WITH Kyiv -> Moscow"}, mappingtest.Relations(doc)); diff != "" {
		t.Errorf("relations (-want +got):\n%s", diff)
	}
	if doc.Entities[0].Kind != "government" {
		t.Errorf("kind = %q", doc.Entities[0].Kind)
	}
}
