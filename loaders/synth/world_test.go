package synth

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"newsgraph/ontology"
)

// buildWorld builds the world of a Config.
func buildWorld(t *testing.T, cfg Config) *world {
	t.Helper()
	cfg, start, days, err := cfg.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	return newWorld(cfg, start, days)
}

func TestWorldShape(t *testing.T) {
	configs := []Config{
		{Seed: 1},
		{Seed: 2, Actors: MinActors, Places: MinPlaces},
		{Seed: 3, Actors: MaxActors, Places: MaxPlaces},
		{Seed: 4, StartDate: "2025-01-01", EndDate: "2025-01-01"},
	}
	for _, cfg := range configs {
		t.Run(fmt.Sprintf("seed%d", cfg.Seed), func(t *testing.T) {
			if testing.Short() && cfg.Actors == MaxActors {
				t.Skip("large world")
			}
			w := buildWorld(t, cfg)
			cfg, _, _, _ = cfg.withDefaults()
			if len(w.actors) != cfg.Actors || len(w.places) != cfg.Places {
				t.Errorf("%d actors and %d places; want %d and %d", len(w.actors), len(w.places), cfg.Actors, cfg.Places)
			}
			checkKinds(t, "actor", w.actors, ontology.ActorKinds)
			checkKinds(t, "place", w.places, ontology.PlaceKinds)
			checkIdentities(t, w)
			for _, c := range w.countries {
				if len(c.people) == 0 {
					t.Errorf("%s has no people", c.actor.name())
				}
			}
			checkMeetings(t, w)
		})
	}
}

func checkKinds(t *testing.T, what string, es []*entity, kinds []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, e := range es {
		seen[e.kind] = true
	}
	for _, k := range kinds {
		if !seen[k] {
			t.Errorf("no %s of kind %q", what, k)
		}
	}
}

// checkIdentities checks that no two entities of the world share a node id,
// and that exactly one pair of people shares a name (told apart by key).
func checkIdentities(t *testing.T, w *world) {
	t.Helper()
	all := append(append([]*entity{}, w.actors...), w.places...)
	for _, m := range w.meetings {
		all = append(all, m.ent)
	}
	for _, d := range w.deals {
		all = append(all, d.ent)
	}
	ids := map[string]string{}
	for _, e := range all {
		id := e.identity()
		if other, dup := ids[id]; dup {
			t.Errorf("%q and %q are both %s", other, e.name(), id)
		}
		ids[id] = e.name()
		if (e.key != "") != (e.kind == "person" || e.typ == ontology.Agreement) {
			t.Errorf("%s %q has key %q: only people and agreements have keys", e.typ, e.name(), e.key)
		}
	}
	names := map[string]int{}
	namesakes := 0
	for _, p := range w.persons {
		if names[p.name()]++; names[p.name()] == 2 {
			namesakes++
		}
	}
	if namesakes != 1 {
		t.Errorf("%d names are shared by several people; want 1", namesakes)
	}
}

// checkMeetings checks that meetings are in date order within the range and
// that their facts connect what the ontology allows.
func checkMeetings(t *testing.T, w *world) {
	t.Helper()
	if len(w.meetings) == 0 {
		t.Fatal("no meetings")
	}
	last := w.date(w.days - 1)
	for i, m := range w.meetings {
		if i > 0 && m.day < w.meetings[i-1].day {
			t.Errorf("meeting %q is out of date order", m.ent.name())
		}
		if m.ent.date != w.date(m.day) || m.ent.endDate > last || m.day < 0 || m.day >= w.days {
			t.Errorf("meeting %q on %s (end %q) is outside the range", m.ent.name(), m.ent.date, m.ent.endDate)
		}
		core := 0
		for _, f := range m.facts {
			spec, _ := ontology.Relation(f.t)
			if !spec.Allows(f.src.typ, f.dst.typ) || f.src == f.dst {
				t.Errorf("meeting %q: %s from %q to %q", m.ent.name(), f.t, f.src.name(), f.dst.name())
			}
			if f.core {
				core++
			}
		}
		if core == 0 {
			t.Errorf("meeting %q has no core fact", m.ent.name())
		}
	}
}

func TestZipfDraws(t *testing.T) {
	z := newZipf(50, 1.0)
	rng := rand.New(rand.NewPCG(1, 2))
	counts := make([]int, 50)
	for range 100000 {
		counts[z.draw(rng)]++
	}
	// P(rank 0) = 1/H(50) ≈ 0.222, P(rank 49) ≈ 0.0044.
	if counts[0] < 20000 || counts[0] > 24500 || counts[49] > 800 || counts[49] == 0 {
		t.Errorf("draws of rank 0: %d, of rank 49: %d; want about 22200 and 440", counts[0], counts[49])
	}
}
