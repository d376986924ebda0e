package mapping

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
)

// TestDefaults checks that every shipped mapping parses (Parse checks
// every type, kind, relation type and role against the ontology).
func TestDefaults(t *testing.T) {
	for _, f := range Formats {
		m, err := Default(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(m.Entities) == 0 || len(m.Events) == 0 || len(m.Roles) == 0 {
			t.Errorf("%s: empty sections: %d entities, %d events, %d roles", f, len(m.Entities), len(m.Events), len(m.Roles))
		}
		data, err := DefaultFile(f)
		if err != nil || !strings.HasPrefix(string(data), "# Default label mapping") {
			t.Errorf("%s: DefaultFile = %.40q, %v", f, data, err)
		}
	}
	if _, err := Default("label-studio"); err == nil {
		t.Error("Default of an unknown format: no error")
	}
}

// TestDefaultRules spot-checks the rules the importers rely on.
func TestDefaultRules(t *testing.T) {
	plover := MustDefault("plover")
	for event, want := range map[string]ontology.RelationType{
		"REJECT": ontology.Rejected, "DEMAND": ontology.Demanded, "REQUEST": ontology.Demanded,
		"RETREAT/release": ontology.Exchanged, "AGREE": ontology.AgreedTo, "THREATEN": ontology.Threatened,
	} {
		if r, ok := plover.Event(event); !ok || r.Relation != want {
			t.Errorf("plover %s = %+v, want %s", event, r, want)
		}
	}
	if r, _ := plover.Event("CONSULT"); !r.Meeting {
		t.Errorf("plover CONSULT = %+v, want a meeting", r)
	}
	wiki := MustDefault("wikievents")
	if r, ok := wiki.Event("Contact.RequestCommand.Broadcast"); !ok || r.Relation != ontology.Demanded {
		t.Errorf("wikievents Contact.RequestCommand.* = %+v", r)
	}
	if r, ok := wiki.Entity("GPE"); !ok || r.Type != ontology.Actor || r.Kind != "country" || r.PlaceKind != "country" {
		t.Errorf("wikievents GPE = %+v", r)
	}
}

// TestParseErrors checks that each mistake is reported with the file, the
// line and the key.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string
	}{
		{"unknown top-level key", "entity:\n  PER: actor/person\n", `m.yaml:1: entity: unknown key (known: entities, events, relations, roles, attributes, ignore)`},
		{"unknown node type", "entities:\n  PER: person\n", `m.yaml:2: entities.PER: unknown entity type "person": must be one of actor, meeting, place, agreement`},
		{"unknown kind", "entities:\n  PER: actor/human\n", `m.yaml:2: entities.PER: kind "human" is not a kind of actor: must be one of person, country`},
		{"kind of a meeting", "entities:\n  MEET: meeting/summit\n", `m.yaml:2: entities.MEET: a meeting has no kind`},
		{"unknown kind in a mapping", "entities:\n  PER:\n    type: actor\n    kind: armed-group\n", `m.yaml:4: entities.PER: kind "armed-group" is not a kind of actor`},
		{"place kind of a place", "entities:\n  LOC: {type: place, place: city}\n", `m.yaml:2: entities.LOC: only actors have a place kind`},
		{"unknown place kind", "entities:\n  GPE: {type: actor, kind: country, place: continent}\n", `m.yaml:2: entities.GPE: place kind "continent" is not a kind of place`},
		{"unknown entity key", "entities:\n  GPE: {type: actor, sort: country}\n", `m.yaml:2: entities.GPE.sort: unknown key (known: type, kind, place)`},
		{"unknown relation type", "events:\n  REJECT: REJECTD\n", `m.yaml:2: events.REJECT: unknown relation type "REJECTD": must be "meeting" or one of LED, MEMBER_OF`},
		{"relation without type", "events:\n  X: {format: call}\n", `m.yaml:2: events.X: only a meeting has a format`},
		{"unknown format", "events:\n  X: {relation: meeting, format: chat}\n", `m.yaml:2: events.X.format: unknown meeting format "chat"`},
		{"agreement of a meeting", "events:\n  X: {relation: meeting, agreement: other}\n", `m.yaml:2: events.X: a meeting has no agreement`},
		{"agreement kind", "events:\n  X: {relation: AGREED_TO, agreement: pact}\n", `m.yaml:2: events.X.agreement: kind "pact" is not a kind of agreement`},
		{"agreement of a relation that cannot take one", "events:\n  X: {relation: ATTACKED, agreement: other}\n", `m.yaml:2: events.X: ATTACKED cannot go to an agreement: only DEMANDED, PROPOSED, REJECTED, AGREED_TO, SUPPORTED can`},
		{"CAMEO code of letters", "events:\n  X: {relation: SANCTIONED, cameo: arrest}\n", `m.yaml:2: events.X.cameo: invalid CAMEO code "arrest": must be two to four digits, like "173"`},
		{"unknown PLOVER event", "events:\n  X:\n    relation: SANCTIONED\n    plover: ARREST\n", `m.yaml:4: events.X.plover: unknown PLOVER event "ARREST": must be one of ACCUSE, AGREE`},
		{"unknown role", "roles:\n  Attacker: attacker\n", `m.yaml:2: roles.Attacker: unknown role "attacker": must be one of source, target, participant, host, mediator, place, item, ignore`},
		{"unknown event role", "events:\n  X:\n    relation: ATTACKED\n    roles: {Who: agent}\n", `m.yaml:4: events.X.roles.Who: unknown role "agent"`},
		{"unknown attribute action", "attributes:\n  Negation: skip\n", `m.yaml:2: attributes.Negation: unknown attribute action "skip": must be drop or ignore`},
		{"duplicate key", "events:\n  X: ATTACKED\n  X: meeting\n", `m.yaml:3: events.X: duplicate key`},
		{"section that is not a mapping", "events: [ATTACKED]\n", `m.yaml:1: events: must be a mapping`},
		{"ignore that is not a list", "ignore: he\n", `m.yaml:1: ignore: must be a list`},
		{"YAML syntax", "events:\n  X: [\n", `m.yaml: yaml: line 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("m.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q\nwant it to start with %q", err, tt.want)
			}
		})
	}
}

// TestParseAllProblems reports every problem of a file at once.
func TestParseAllProblems(t *testing.T) {
	_, err := Parse("m.yaml", []byte("entities:\n  A: actor/human\n  B: thing\nevents:\n  X: NOPE\n"))
	var merr *Error
	if !errors.As(err, &merr) {
		t.Fatalf("error %v is not a *Error", err)
	}
	var got []string
	for _, p := range merr.Problems {
		got = append(got, p.Key)
	}
	if diff := cmp.Diff([]string{"entities.A", "entities.B", "events.X"}, got); diff != "" {
		t.Errorf("problem keys (-want +got):\n%s", diff)
	}
}

// TestParse reads every form of every rule.
func TestParse(t *testing.T) {
	m, err := Parse("m.yaml", []byte(`
entities:
  PER: actor/person
  LOC: place
  GPE: {type: actor, kind: country, place: city}
  WEA: omit
events:
  Meet: meeting
  Call: {relation: meeting, format: call}
  Attack: attacked
  Agree: {relation: AGREED_TO, agreement: ceasefire, roles: {Signer: participant}}
  Die: omit
relations:
  Employment: MEMBER_OF
roles:
  Attacker: source
attributes:
  Negation: drop
  Confidence=Low: drop
  Confidence: ignore
ignore: [he, she]
`))
	if err != nil {
		t.Fatal(err)
	}
	want := &Mapping{
		Name: "m.yaml",
		Entities: map[string]EntityRule{
			"PER": {Type: ontology.Actor, Kind: "person"},
			"LOC": {Type: ontology.Place},
			"GPE": {Type: ontology.Actor, Kind: "country", PlaceKind: "city"},
			"WEA": {Omit: true},
		},
		Events: map[string]EventRule{
			"Meet":   {Meeting: true},
			"Call":   {Meeting: true, Format: "call"},
			"Attack": {Relation: ontology.Attacked},
			"Agree":  {Relation: ontology.AgreedTo, Agreement: "ceasefire", Roles: map[string]Role{"Signer": Participant}},
			"Die":    {Omit: true},
		},
		Relations:  map[string]EventRule{"Employment": {Relation: ontology.MemberOf}},
		Roles:      map[string]Role{"Attacker": Source},
		Attributes: map[string]string{"Negation": AttrDrop, "Confidence=Low": AttrDrop, "Confidence": AttrIgnore},
		Ignore:     []string{"he", "she"},
	}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("mapping (-want +got):\n%s", diff)
	}
}

// TestLoad names the file in its errors.
func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "corpus.yaml")
	if err := os.WriteFile(path, []byte("events:\n  X: NOPE\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err == nil || !strings.HasPrefix(err.Error(), path+":2: events.X: unknown relation type") {
		t.Errorf("Load = %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("Load of a missing file = %v", err)
	}
}

// TestLookup checks exact keys, prefixes and fallbacks.
func TestLookup(t *testing.T) {
	m, err := Parse("m.yaml", []byte(`
entities:
  "*": actor/other
  GOV: actor/government
  "code:IGO": actor/international_organisation
events:
  "*": omit
  Conflict.*: ATTACKED
  Conflict.Attack.*: THREATENED
  Conflict.Attack.Bomb: SANCTIONED
roles:
  Org-Arg: participant
  Arg1: source
attributes:
  Confidence: ignore
  Confidence=Low: drop
ignore: [He]
`))
	if err != nil {
		t.Fatal(err)
	}
	events := map[string]ontology.RelationType{
		"Conflict.Attack.Bomb":  ontology.Sanctioned, // exact
		"Conflict.Attack.Shoot": ontology.Threatened, // longest prefix
		"Conflict.Demonstrate":  ontology.Attacked,
	}
	for label, want := range events {
		if r, ok := m.Event(label); !ok || r.Relation != want {
			t.Errorf("Event(%q) = %+v, want %s", label, r, want)
		}
	}
	if r, ok := m.Event("Life.Die"); !ok || !r.Omit {
		t.Errorf(`Event("Life.Die") = %+v, want the "*" rule`, r)
	}
	entities := []struct {
		labels []string
		kind   string
	}{
		{[]string{"code:IGO", "GOV"}, "international_organisation"},
		{[]string{"code:USA", "GOV"}, "government"},
		{[]string{"code:USA", ""}, "other"},
	}
	for _, e := range entities {
		if r, _ := m.Entity(e.labels...); r.Kind != e.kind {
			t.Errorf("Entity(%q) kind = %q, want %q", e.labels, r.Kind, e.kind)
		}
	}
	roles := map[string]Role{"Org-Arg": Participant, "Org-Arg3": Participant, "Arg1": Source}
	for role, want := range roles {
		if got, ok := m.Role(EventRule{}, role); !ok || got != want {
			t.Errorf("Role(%q) = %q, want %q", role, got, want)
		}
	}
	if _, ok := m.Role(EventRule{}, "Arg"); ok {
		t.Error(`Role("Arg") found a rule; "Arg1" must not match it`)
	}
	if got, _ := m.Role(EventRule{Roles: map[string]Role{"Arg1": Target}}, "Arg1"); got != Target {
		t.Errorf("an event's own role = %q, want target", got)
	}
	if a, _ := m.Attribute("Confidence", "Low"); a != AttrDrop {
		t.Errorf("Confidence=Low = %q, want drop", a)
	}
	if a, _ := m.Attribute("Confidence", "High"); a != AttrIgnore {
		t.Errorf("Confidence=High = %q, want ignore", a)
	}
	if !m.Ignored(" he ") || m.Ignored("Hezbollah") {
		t.Error("Ignored compares whole texts, ignoring case and surrounding space")
	}
}
