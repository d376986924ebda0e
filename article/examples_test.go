package article

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
	"newsgraph/store"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

const (
	examplesDir = "../examples/articles"
	seedFile    = "istanbul-talks-2025-06-03.json"
)

// TestExamples checks every example article: it parses, converts to a
// graph, and every span quotes the text verbatim.
func TestExamples(t *testing.T) {
	var files []string
	for _, ext := range []string{"json", "yaml", "yml"} {
		more, err := filepath.Glob(filepath.Join(examplesDir, "*."+ext))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, more...)
	}
	if len(files) == 0 {
		t.Fatalf("no example articles in %s", examplesDir)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			d, err := ParseFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := d.Graph(); err != nil {
				t.Fatal(err)
			}
			text := []rune(d.Text)
			quotes := func(what string, s Span) {
				if got := string(text[s.Start:s.End]); got != s.Text {
					t.Errorf("%s: [%d,%d) is %q, not %q", what, s.Start, s.End, got, s.Text)
				}
			}
			for _, r := range d.Relations {
				quotes(r.Type+" "+r.Source+" -> "+r.Target, r.Evidence.Span)
				if !strings.Contains(d.Text, r.Evidence.Text) {
					t.Errorf("%s %s -> %s: evidence %q is not in the text", r.Type, r.Source, r.Target, r.Evidence.Text)
				}
			}
			for _, e := range d.Entities {
				for _, m := range e.Mentions {
					quotes(e.ID, m)
				}
			}
		})
	}
}

// TestSeedClaims checks that the seed article holds the claims the graph
// must be able to answer for.
func TestSeedClaims(t *testing.T) {
	d, err := ParseFile(filepath.Join(examplesDir, seedFile))
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Russia rejects ceasefire while agreeing to prisoner exchange with Ukraine" ||
		!strings.HasPrefix(d.Text, d.Title+"\n") || d.Published != "2025-06-03" {
		t.Errorf("title %q, published %q, or the text does not start with the title", d.Title, d.Published)
	}
	g, err := d.Graph()
	if err != nil {
		t.Fatal(err)
	}

	const (
		ukraine    = "actor:Q212"
		russia     = "actor:Q159"
		umerov     = "actor:rustem-umerov"
		delegation = "actor:ukrainian-delegation"
		istanbul   = "place:Q406"
		meeting    = "meeting:2025-06-03-second-round-of-russia-ukraine-peace-talks-in-istanbul"
		ceasefire  = "agreement:full-and-unconditional-ceasefire-of-at-least-30-days"
	)
	remains := store.Qualifiers{Quantity: ptr(6000), Item: "soldiers' remains"}
	claims := []struct {
		typ            ontology.RelationType
		source, target string
		qualifiers     store.Qualifiers
		quote          string // a stretch of one piece of evidence
	}{
		{ontology.LED, umerov, delegation, store.Qualifiers{}, "led by Defence Minister Rustem Umerov"},
		{ontology.Demanded, ukraine, ceasefire, store.Qualifiers{Duration: "at least 30 days", Conditions: "full and unconditional"}, "full and unconditional ceasefire lasting at least 30 days"},
		{ontology.Rejected, russia, ceasefire, store.Qualifiers{}, "but Russia refused"},
		{ontology.Exchanged, ukraine, russia, remains, "Ukraine set to return 6,000 Russian soldiers' remains"},
		{ontology.Exchanged, russia, ukraine, remains, "Russia promised to hand over 6,000 Ukrainian soldiers' remains"},
		{ontology.HeldIn, meeting, istanbul, store.Qualifiers{}, "In Istanbul, Turkey, on June 3, 2025"},
	}
	for _, c := range claims {
		id := store.RelationID(c.typ, c.source, c.target, c.qualifiers)
		rel := findRelation(g, id)
		if rel == nil {
			t.Errorf("no %s %s -> %s %+v", c.typ, c.source, c.target, c.qualifiers)
			continue
		}
		if !evidenceContains(rel.Evidence, c.quote) {
			t.Errorf("%s %s -> %s: no evidence contains %q", c.typ, c.source, c.target, c.quote)
		}
	}

	var found bool
	for _, e := range g.Entities {
		if e.Entity.ID == meeting {
			found = true
			if e.Entity.Date != "2025-06-03" || e.Entity.Round != 2 || e.Entity.Format != "bilateral" {
				t.Errorf("meeting is %+v, want date 2025-06-03, round 2, bilateral", e.Entity)
			}
		}
	}
	if !found {
		t.Errorf("no entity %s", meeting)
	}
}

func findRelation(g *store.ArticleGraph, id string) *store.Relation {
	for i := range g.Relations {
		if g.Relations[i].Relation.ID == id {
			return &g.Relations[i].Relation
		}
	}
	return nil
}

func evidenceContains(ev []store.Evidence, quote string) bool {
	for _, e := range ev {
		if strings.Contains(e.Quote, quote) {
			return true
		}
	}
	return false
}

// TestSeedGraphGolden pins the graph of the seed article: ids, hash,
// merged claims and evidence. Run go test ./article -update after a
// deliberate change to the article or to id derivation.
func TestSeedGraphGolden(t *testing.T) {
	d, err := ParseFile(filepath.Join(examplesDir, seedFile))
	if err != nil {
		t.Fatal(err)
	}
	g, err := d.Graph()
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "istanbul-talks-2025-06-03.graph.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./article -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("graph differs from %s (-want +got); if the change is deliberate, run go test ./article -update:\n%s", golden, diff)
	}
}
