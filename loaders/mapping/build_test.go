package mapping

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/article"
)

const buildText = "Kyiv and Moscow met in Geneva. Kyiv demanded a truce."

var testMapping = func() *Mapping {
	m, err := Parse("test.yaml", []byte(`
entities:
  GPE: {type: actor, kind: country, place: city}
  PER: actor/person
  LOC: place/region
  AGR: agreement/ceasefire
  WEA: omit
events:
  Meet: meeting
  Demand: DEMANDED
  Agree: {relation: AGREED_TO, agreement: truce}
  Attack: ATTACKED
  Die: omit
relations:
  Employment: MEMBER_OF
roles:
  Agent: source
  Target: target
  Who: participant
  Host: host
  Where: place
  What: item
  With: ignore
ignore: [he]
`))
	if err != nil {
		panic(err)
	}
	return m
}()

// builder starts a test document over buildText.
func builder() (*Builder, *Text) {
	text := NewText(buildText)
	return NewBuilder(testMapping, article.Document{ID: "doc-1", Title: "Talks"}, text), text
}

func span(t *Text, s string, n int) article.Span {
	from := 0
	for {
		sp, ok := t.Find(s, from)
		if !ok {
			panic("no " + s)
		}
		if n == 0 {
			return sp
		}
		n, from = n-1, sp.End
	}
}

// describe prints a document's entities and relations compactly.
func describe(d *article.Document) []string {
	names := map[string]string{}
	var out []string
	for _, e := range d.Entities {
		names[e.ID] = e.Name
		s := fmt.Sprintf("%s/%s %s", e.Type, e.Kind, e.Name)
		if len(e.Aliases) > 0 {
			s += " aka " + strings.Join(e.Aliases, ", ")
		}
		if e.Key != "" {
			s += " key " + e.Key
		}
		out = append(out, s+fmt.Sprintf(" (%d mentions)", len(e.Mentions)))
	}
	for _, r := range d.Relations {
		s := fmt.Sprintf("%s %s -> %s", r.Type, names[r.Source], names[r.Target])
		if q := r.Qualifiers; q != nil && q.Item != "" {
			s += " item=" + q.Item
		}
		if q := r.Qualifiers; q != nil && q.Date != "" {
			s += " date=" + q.Date
		}
		out = append(out, s)
	}
	return out
}

// valid checks the document with the native format's rules.
func valid(t *testing.T, d *article.Document) {
	t.Helper()
	if err := article.Check("doc", d); err != nil {
		t.Errorf("invalid document:\n%v", err)
	}
}

func TestBuilder(t *testing.T) {
	type mention struct {
		label, text string
		n           int
	}
	tests := []struct {
		name     string
		mentions []mention
		events   func(refs []Ref, t *Text) []Event
		want     []string
		omitted  map[string]int
	}{
		{
			name:     "mentions with the same type and name are one entity",
			mentions: []mention{{"GPE", "Kyiv", 0}, {"GPE", "Kyiv", 1}, {"PER", "Kyiv", 1}, {"LOC", "Kyiv", 0}},
			want:     []string{"actor/country Kyiv (2 mentions)", "place/region Kyiv (1 mentions)"},
			omitted:  map[string]int{"conflicting kinds of one entity (the first is kept)": 1},
		},
		{
			name:     "unmapped, omitted and ignored mentions",
			mentions: []mention{{"XYZ", "Kyiv", 0}, {"WEA", "Moscow", 0}, {"PER", "he", 0}},
			want:     nil,
			omitted:  map[string]int{"unmapped entity type XYZ": 1, "entity type WEA omitted by the mapping": 1, "mention on the mapping's ignore list": 1},
		},
		{
			name:     "a meeting with a place twin",
			mentions: []mention{{"GPE", "Kyiv", 0}, {"GPE", "Moscow", 0}, {"GPE", "Geneva", 0}},
			events: func(r []Ref, t *Text) []Event {
				trigger := span(t, "met", 0)
				return []Event{{Label: "Meet", ID: "E1", Trigger: &trigger, Date: "2025-06-02", Args: []Arg{
					{Role: "Host", Entity: r[0]}, {Role: "Who", Entity: r[1]}, {Role: "Where", Entity: r[2]},
				}}}
			},
			want: []string{
				"actor/country Kyiv (1 mentions)", "actor/country Moscow (1 mentions)", "actor/country Geneva (1 mentions)",
				"meeting/ Meeting of Kyiv and Moscow key doc-1-e1-meeting (1 mentions)", "place/city Geneva (1 mentions)",
				"HOSTED Kyiv -> Meeting of Kyiv and Moscow date=2025-06-02", "ATTENDED Moscow -> Meeting of Kyiv and Moscow date=2025-06-02",
				"HELD_IN Meeting of Kyiv and Moscow -> Geneva date=2025-06-02",
			},
		},
		{
			name:     "a meeting without participants",
			mentions: []mention{{"GPE", "Geneva", 0}},
			events: func(r []Ref, t *Text) []Event {
				return []Event{{Label: "Meet", Args: []Arg{{Role: "Where", Entity: r[0]}}}}
			},
			want:    []string{"actor/country Geneva (1 mentions)"},
			omitted: map[string]int{"event type Meet: meeting without participants": 1},
		},
		{
			name:     "every source with every target, with an item",
			mentions: []mention{{"GPE", "Kyiv", 0}, {"PER", "Moscow", 0}, {"LOC", "Geneva", 0}},
			events: func(r []Ref, t *Text) []Event {
				return []Event{{Label: "Demand", Args: []Arg{
					{Role: "Agent", Entity: r[0]}, {Role: "Target", Entity: r[1]}, {Role: "Target", Entity: r[2]},
					{Role: "What", Entity: NoRef, Text: "a  truce"},
				}}}
			},
			want: []string{
				"actor/country Kyiv (1 mentions)", "actor/person Moscow (1 mentions)", "place/region Geneva (1 mentions)",
				"DEMANDED Kyiv -> Moscow item=a truce",
			},
			omitted: map[string]int{"DEMANDED cannot go from actor to place": 1},
		},
		{
			name:     "the event's date is every relation's date",
			mentions: []mention{{"GPE", "Kyiv", 0}, {"GPE", "Moscow", 0}},
			events: func(r []Ref, t *Text) []Event {
				return []Event{{Label: "Demand", Date: "2025-06-01", Args: []Arg{
					{Role: "Agent", Entity: r[0]}, {Role: "Target", Entity: r[1]}, {Role: "What", Entity: NoRef, Text: "a truce"},
				}}}
			},
			want: []string{
				"actor/country Kyiv (1 mentions)", "actor/country Moscow (1 mentions)",
				"DEMANDED Kyiv -> Moscow item=a truce date=2025-06-01",
			},
		},
		{
			name:     "participants without sources stand in the relation with one another",
			mentions: []mention{{"GPE", "Kyiv", 0}, {"GPE", "Moscow", 0}},
			events: func(r []Ref, t *Text) []Event {
				return []Event{{Label: "Attack", Args: []Arg{{Role: "Who", Entity: r[0]}, {Role: "Who", Entity: r[1]}}}}
			},
			want: []string{"actor/country Kyiv (1 mentions)", "actor/country Moscow (1 mentions)", "ATTACKED Kyiv -> Moscow", "ATTACKED Moscow -> Kyiv"},
		},
		{
			name:     "an agreement event",
			mentions: []mention{{"GPE", "Kyiv", 0}, {"GPE", "Moscow", 0}},
			events: func(r []Ref, t *Text) []Event {
				return []Event{{Label: "Agree", ID: "E7", Name: "a truce", Args: []Arg{{Role: "Agent", Entity: r[0]}, {Role: "Target", Entity: r[1]}}}}
			},
			want: []string{
				"actor/country Kyiv (1 mentions)", "actor/country Moscow (1 mentions)", "agreement/truce a truce key doc-1-e7-agreement (0 mentions)",
				"AGREED_TO Kyiv -> a truce",
			},
			omitted: map[string]int{"AGREED_TO: target not stored (an agreement has parties only)": 1},
		},
		{
			name:     "no source, no target, self relations, unmapped and ignored roles",
			mentions: []mention{{"GPE", "Kyiv", 0}, {"GPE", "Kyiv", 1}},
			events: func(r []Ref, t *Text) []Event {
				return []Event{
					{Label: "Demand", Args: []Arg{{Role: "Target", Entity: r[0]}}},
					{Label: "Demand", Args: []Arg{{Role: "Agent", Entity: r[0]}}},
					{Label: "Demand", Args: []Arg{{Role: "Agent", Entity: r[0]}, {Role: "Target", Entity: r[1]}, {Role: "Whom", Entity: r[0]}, {Role: "With", Entity: r[0]}}},
					{Label: "Demand", Args: []Arg{{Role: "Agent", Entity: NoRef}, {Role: "Agent", Entity: NoRef, Omitted: "argument that is an event"}}},
				}
			},
			want: []string{"actor/country Kyiv (2 mentions)"},
			omitted: map[string]int{
				"event type Demand: no source": 2, "event type Demand: no target": 1, "DEMANDED from an entity to itself": 1,
				"unmapped role Whom": 1, "role With ignored by the mapping": 1,
				"argument left out with its entity": 1, "argument that is an event": 1,
			},
		},
		{
			name:     "unmapped and omitted events",
			mentions: []mention{{"GPE", "Kyiv", 0}},
			events: func(r []Ref, t *Text) []Event {
				return []Event{{Label: "Sing"}, {Label: "Die"}, {Relation: true, Label: "Near"}, {Relation: true, Label: "Demand"}}
			},
			want: []string{"actor/country Kyiv (1 mentions)"},
			omitted: map[string]int{
				"unmapped event type Sing": 1, "event type Die omitted by the mapping": 1,
				"unmapped relation type Near": 1, "unmapped relation type Demand": 1,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, text := builder()
			var refs []Ref
			for _, m := range tt.mentions {
				var spans []article.Span
				if strings.Contains(buildText, m.text) {
					spans = append(spans, span(text, m.text, m.n))
				}
				refs = append(refs, b.Entity(Mention{Labels: []string{m.label}, Name: m.text, Spans: spans}))
			}
			if tt.events != nil {
				for _, ev := range tt.events(refs, text) {
					if ev.Evidence == (article.Span{}) {
						ev.Evidence, _ = text.Cover(span(text, "Kyiv", 0))
					}
					b.Event(ev)
				}
			}
			doc := b.Document()
			valid(t, doc)
			if diff := cmp.Diff(tt.want, describe(doc)); diff != "" {
				t.Errorf("document (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.omitted, b.Omitted()); diff != "" {
				t.Errorf("omitted (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBuilderEdges covers names without letters, relations without
// evidence, duplicate relations and Wikidata identity.
func TestBuilderEdges(t *testing.T) {
	b, text := builder()
	if r := b.Entity(Mention{Labels: []string{"GPE"}, Name: "—"}); r != NoRef {
		t.Errorf("an entity named %q was kept", "—")
	}
	k1 := b.Entity(Mention{Labels: []string{"GPE"}, Name: "Kyiv", Wikidata: "Q1899"})
	k2 := b.Entity(Mention{Labels: []string{"GPE"}, Name: "Kiev", Wikidata: "Q1899"})
	m := b.Entity(Mention{Labels: []string{"GPE"}, Name: "Moscow"})
	if k1 != k2 {
		t.Error("two names with one Wikidata id are two entities")
	}
	if got := b.Document().Entities[k1].Aliases; !cmp.Equal(got, []string{"Kiev"}) {
		t.Errorf("aliases = %q", got)
	}
	b.Event(Event{Label: "Demand", Args: []Arg{{Role: "Agent", Entity: k1}, {Role: "Target", Entity: m}}})
	ev, _ := text.Cover(span(text, "demanded", 0))
	for range 2 {
		b.Event(Event{Label: "Demand", Evidence: ev, Args: []Arg{{Role: "Agent", Entity: k1}, {Role: "Target", Entity: m}}})
	}
	if n := len(b.Document().Relations); n != 1 {
		t.Errorf("got %d relations, want 1 (one without evidence, one duplicate)", n)
	}
	want := map[string]int{"entity name without letters or digits": 1, "DEMANDED without evidence": 1}
	if diff := cmp.Diff(want, b.Omitted()); diff != "" {
		t.Errorf("omitted (-want +got):\n%s", diff)
	}
	valid(t, b.Document())
}

// TestRepeatedEventID gives the meetings of two events with one id
// different keys.
func TestRepeatedEventID(t *testing.T) {
	b, text := builder()
	k := b.Entity(Mention{Labels: []string{"GPE"}, Name: "Kyiv"})
	ev, _ := text.Cover(span(text, "met", 0))
	for range 2 {
		b.Event(Event{Label: "Meet", ID: "E1", Evidence: ev, Args: []Arg{{Role: "Who", Entity: k}}})
	}
	var keys []string
	for _, e := range b.Document().Entities {
		keys = append(keys, e.Key)
	}
	if diff := cmp.Diff([]string{"", "doc-1-e1-meeting", "doc-1-e1-2-meeting"}, keys); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
	valid(t, b.Document())
}

func TestMeetingName(t *testing.T) {
	tests := map[string][]string{
		"Meeting of A":                    {"A"},
		"Meeting of A and B":              {"A", "B"},
		"Meeting of A, B, C and D":        {"A", "B", "C", "D"},
		"Meeting of A, B, C and 2 others": {"A", "B", "C", "D", "E"},
	}
	for want, names := range tests {
		if got := meetingName(names); got != want {
			t.Errorf("meetingName(%q) = %q, want %q", names, got, want)
		}
	}
}

func TestEntityKey(t *testing.T) {
	if got := entityKey("plover-PLOVER-GSR01-CONSULT-0001", "", "meeting"); got != "plover-plover-gsr01-consult-0001-meeting" {
		t.Errorf("key = %q", got)
	}
	long := entityKey(strings.Repeat("a", 300), "E1", "meeting")
	if len(long) != maxKey || long == entityKey(strings.Repeat("a", 300), "E2", "meeting") {
		t.Errorf("long key %q (%d bytes) is not cut to %d bytes with a hash of the whole", long, len(long), maxKey)
	}
}

// TestCountries: every name of a country is the one country entity, with
// the gazetteer's Wikidata id and name; a person named like a country
// stays a person.
func TestCountries(t *testing.T) {
	b := NewBuilder(testMapping, article.Document{ID: "doc-1", Title: "Talks"}, NewText("US, U.S. and the United States; Jordan."))
	us := b.Entity(Mention{Labels: []string{"GPE"}, Name: "US"})
	for _, name := range []string{"U.S.", "the United States"} {
		if r := b.Entity(Mention{Labels: []string{"GPE"}, Name: name}); r != us {
			t.Errorf("%s is entity %d, US is %d", name, r, us)
		}
	}
	b.Entity(Mention{Labels: []string{"PER"}, Name: "Jordan"})
	type entity struct{ Name, Kind, Wikidata string }
	var got []entity
	for _, e := range b.Document().Entities {
		got = append(got, entity{e.Name, e.Kind, e.Wikidata})
	}
	want := []entity{{"United States", "country", "Q30"}, {"Jordan", "person", ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entities (-want +got):\n%s", diff)
	}
	if aliases := b.Document().Entities[0].Aliases; !cmp.Equal(aliases, []string{"US", "U.S.", "the United States"}) {
		t.Errorf("aliases = %q", aliases)
	}
}
