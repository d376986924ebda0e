package wikievents

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/article"
	"newsgraph/loaders/mapping"
	"newsgraph/store"
)

func TestClassify(t *testing.T) {
	lower := mapping.LowerWords("the protesters marched; police came")
	tests := []struct {
		mentionType, text string
		start             bool
		want              mentionClass
	}{
		{"NAM", "police", false, named},
		{"NOM", "Obama", false, nominal},
		{"PRO", "he", false, pronoun},
		{"UNK", "Barack Obama", false, named},
		{"UNK", "the Taliban", false, named},
		{"UNK", "The Taliban", true, named},
		{"UNK", "police", false, nominal},
		{"UNK", "the gunmen", false, nominal},
		{"UNK", "Protesters", true, nominal}, // in lower case elsewhere
		{"UNK", "Terrorists", true, nominal}, // a plural at the start of a sentence
		{"UNK", "Tsarnaev", true, named},     // a name at the start of a sentence
		{"UNK", "IS", true, named},           // an acronym
		{"UNK", "Islamic State", false, named},
		{"UNK", "264", false, nominal},
		{"UNK", "more", false, nominal},
		{"", "a senior defense official", false, nominal},
	}
	for _, tt := range tests {
		if got := classify(tt.mentionType, tt.text, tt.start, lower); got != tt.want {
			t.Errorf("classify(%q, %q, start %v) = %d, want %d", tt.mentionType, tt.text, tt.start, got, tt.want)
		}
	}
}

func TestPersonTitleAndAcronyms(t *testing.T) {
	for in, want := range map[string]string{"President Barack Obama": "Barack Obama", "Prime Minister Modi": "Modi", "President": "", "Obama": ""} {
		got, ok := mapping.PersonTitle(in)
		if (want == "") == ok || (ok && got != want) {
			t.Errorf("personTitle(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	got := acronymNames([]string{"IS", "Islamic State", "ELN", "US", "United Nations", "UN"})
	if diff := cmp.Diff(map[string]string{"IS": "Islamic State", "UN": "United Nations"}, got); diff != "" {
		t.Errorf("acronymNames (-want +got):\n%s", diff)
	}
}

// TestNamedEntitiesOnly converts a document that names the Islamic State
// twice, and mentions police, the gunmen and a pronoun.
func TestNamedEntitiesOnly(t *testing.T) {
	line := newDoc("Protesters said IS gunmen attacked police .", "The Islamic State denied it .", "President Obama spoke .").
		mention("p", "PER", "Protesters", "Protesters").
		mention("is", "ORG", "IS", "IS").
		mention("g", "PER", "gunmen", "gunmen").
		mention("po", "PER", "police", "police").
		mention("s", "ORG", "The", "State").
		mention("it", "ORG", "it", "it").
		mention("o", "PER", "President", "Obama").
		json()
	res := convertOne(t, line)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	doc, omitted := res.Doc, res.Omitted
	type entity struct{ Name, Kind, Key string }
	var got []entity
	for _, e := range doc.Entities {
		got = append(got, entity{e.Name, e.Kind, e.Key})
	}
	local := func(name string) string { return "wikievents-doc-1-" + name + "-local" }
	want := []entity{
		{"Protesters", "other", local("protesters")},
		{"Islamic State", "organisation", ""},
		{"gunmen", "other", local("gunmen")},
		{"police", "other", local("police")},
		{"Obama", "person", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entities (-want +got):\n%s", diff)
	}
	var is article.Entity
	for _, e := range doc.Entities {
		if e.Name == "Islamic State" {
			is = e
		}
	}
	if len(is.Mentions) != 2 || !strings.Contains(strings.Join(is.Aliases, "|"), "IS") {
		t.Errorf("Islamic State = %+v, want the mentions of IS and The Islamic State", is)
	}
	if omitted["mention on the mapping's ignore list"] != 1 {
		t.Errorf("omitted = %v, want the pronoun counted", omitted)
	}
}

// TestCommonNounsStayLocal loads the whole test split: police, gunmen and
// people of different articles are different entities (keys scoped to
// their article), every entity that goes by its name alone is a name, and
// every Obama is a person.
func TestCommonNounsStayLocal(t *testing.T) {
	docs := validDocs(t, importFile(t, splitFile))
	keysOf := map[string]map[string]bool{} // common noun -> keys
	for _, d := range docs {
		for _, e := range d.Entities {
			if e.Type != "actor" && e.Type != "place" {
				continue
			}
			switch {
			case e.Key != "":
				if !strings.HasPrefix(e.Key, store.NormalizeName(d.ID)+"-") {
					t.Errorf("%s: %s has key %q, not scoped to the article", d.ID, e.Name, e.Key)
				}
				n := strings.ToLower(e.Name)
				if keysOf[n] == nil {
					keysOf[n] = map[string]bool{}
				}
				keysOf[n][e.Key] = true
			case e.Wikidata == "" && classify("", e.Name, false, nil) != named:
				t.Errorf("%s: %q goes by its name but is not a name", d.ID, e.Name)
			}
			if (e.Name == "Obama" || e.Name == "Barack Obama") && e.Kind != "person" {
				t.Errorf("%s: %s is a %s", d.ID, e.Name, e.Kind)
			}
		}
	}
	for _, n := range []string{"police", "people"} {
		if len(keysOf[n]) < 2 {
			t.Errorf("%q: %d local entities, want one in each of at least two articles", n, len(keysOf[n]))
		}
	}
}

// TestISISIsTheIslamicState checks the test split's article that names the
// Islamic State as "ISIS" and "Islamic State": one entity, the
// organisation the gazetteer knows (Q2429253), with both mentions.
func TestISISIsTheIslamicState(t *testing.T) {
	var found bool
	for _, d := range validDocs(t, importFile(t, splitFile)) {
		if d.ID != "wikievents-backpack_ied_13" {
			continue
		}
		found = true
		var ids []string
		for _, e := range d.Entities {
			if e.Name == "Islamic State" || slices.Contains(e.Aliases, "ISIS") || e.Name == "ISIS" {
				ids = append(ids, e.ID)
				if e.Wikidata != "Q2429253" || !slices.Contains(e.Aliases, "ISIS") {
					t.Errorf("entity %+v, want Q2429253 with the alias ISIS", e)
				}
			}
		}
		if len(ids) != 1 {
			t.Errorf("ISIS and Islamic State are entities %v, want one", ids)
		}
	}
	if !found {
		t.Fatal("no article wikievents-backpack_ied_13 in the test split")
	}
}
