package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"newsgraph/ontology"
)

// The world is everything the corpus reports on: countries with their
// governments, delegations, armed forces and people; organisations and
// armed groups; places; and the meetings of the date range with the
// agreements they discuss. It is built once per corpus from the seed and
// does not depend on the number of articles.

// world is the synthetic world.
type world struct {
	start time.Time
	days  int // number of days in the date range

	countries   []*country // most popular first
	countryZipf zipf

	internationals    []*group // international organisations
	internationalZipf zipf
	organisations     []*group
	armedGroups       []*group
	persons           []*entity

	actors []*entity // every actor
	places []*entity // every place

	cities, venues, regions, otherPlaces []*place

	meetings []*meeting // by date
	deals    []*deal    // by date

	// taken holds the identities given out, so that two entities of the
	// world never merge into one node.
	taken map[string]bool
}

// country is a country with the actors that speak and act for it.
type country struct {
	actor   *entity
	demonym string
	style   style

	gov, delegation, military *entity // nil when the world has none
	opposition                *entity // an actor of kind "other", or nil
	place                     *entity // the country as a place, or nil
	capital                   *place
	regions, cities           []*place
	armedGroups               []*group
	memberOf                  []*group // international organisations

	people     []*entity // persons, most prominent first
	peopleZipf zipf

	// centre is where its cities cluster on the map.
	lat, lon float64
}

// group is an organisation or armed group and who leads it.
type group struct {
	ent  *entity
	head *entity // a person, or nil
}

// place is a place and where it is.
type place struct {
	ent     *entity
	country *country
	city    *place // venues: the city they are in
}

// meeting is a meeting and the claims every report of it draws on.
type meeting struct {
	ent   *entity
	day   int
	place *place // nil for calls
	// facts are told in this order; core facts are in every report.
	facts []fact
	// prev is the previous round of the same talks.
	prev *meeting
	// outcome is the agreement the meeting produced, if any.
	outcome *entity
}

// deal is an agreement, proposal or demand and the day it was made.
type deal struct {
	ent *entity
	day int
}

// fact is one relation of the world, as articles state it.
type fact struct {
	t        ontology.RelationType
	src, dst *entity
	q        *qualifiers
	// extra is an entity the sentence may name without a relation (the
	// region near which an attack happened, the agreement a side is accused
	// of breaking).
	extra *entity
	core  bool
}

// qualifiers are a fact's qualifiers; see article.Qualifiers.
type qualifiers struct {
	quantity   int // 0 for none
	item       string
	date       string
	duration   string
	conditions string
}

// plan is the sizes of the parts of the world, from the numbers of actors
// and places. Every country has a delegation; the most popular have a
// government and armed forces too.
type plan struct {
	countries, internationals, organisations, armedGroups, others int
	governments, militaries, persons                              int
	countryPlaces, venues, regions, otherPlaces, cities           int
}

func clamp(x, lo, hi int) int { return max(lo, min(x, hi)) }

func newPlan(actors, places int) plan {
	var p plan
	p.countries = clamp(actors/10, 3, maxCountries)
	p.internationals = clamp(actors/40, 1, len(internationalOrgNames))
	p.organisations = clamp(actors/40, 1, len(organisationNames))
	p.armedGroups = clamp(actors/50, 1, 40)
	p.others = clamp(actors/150, 1, min(10, p.countries))
	p.governments = (p.countries*2 + 2) / 3
	p.militaries = (p.countries + 1) / 2
	p.persons = actors - p.countries*2 - p.internationals - p.organisations -
		p.armedGroups - p.others - p.governments - p.militaries

	p.countryPlaces = clamp(places/8, 1, p.countries)
	p.venues = max(1, places/7)
	p.regions = max(1, places/7)
	p.otherPlaces = max(1, places/15)
	p.cities = places - p.countryPlaces - p.venues - p.regions - p.otherPlaces
	return p
}

// maxCountries bounds the number of countries, whatever the number of
// actors.
const maxCountries = 80

// worldStream is the PCG stream of the world; article i uses stream i+1.
const worldStream = 0

func newWorld(cfg Config, start time.Time, days int) *world {
	r := rand.New(rand.NewPCG(uint64(cfg.Seed), worldStream))
	w := &world{start: start, days: days, taken: map[string]bool{}}
	p := newPlan(cfg.Actors, cfg.Places)
	w.addCountries(r, p)
	w.addPlaces(r, p)
	w.addGroups(r, p)
	w.addPersons(r, p)
	w.addMemberships(r)
	w.planMeetings(r)
	return w
}

// claim reserves the node identity of e; it reports false when another
// entity has it.
func (w *world) claim(e *entity, extra ...string) bool {
	ids := append([]string{e.identity()}, extra...)
	for _, id := range ids {
		if w.taken[id] {
			return false
		}
	}
	for _, id := range ids {
		w.taken[id] = true
	}
	return true
}

// unique calls gen until it makes an entity whose identity is free, asking
// for longer names after a few tries, and numbering them as a last resort.
func (w *world) unique(gen func(long bool, suffix string) *entity) *entity {
	for try := 0; ; try++ {
		suffix := ""
		if try >= 100 {
			suffix = " " + strconv.Itoa(try)
		}
		if e := gen(try >= 10, suffix); w.claim(e) {
			return e
		}
	}
}

func (w *world) addActor(e *entity) *entity {
	w.actors = append(w.actors, e)
	return e
}

func (w *world) addCountries(r *rand.Rand, p plan) {
	for i := range p.countries {
		var cn countryName
		if i < len(countryNames) {
			cn = countryNames[i]
		}
		c := &country{lat: 38 + r.Float64()*24, lon: -5 + r.Float64()*50}
		actor := w.unique(func(long bool, suffix string) *entity {
			if i >= len(countryNames) {
				cn = inventCountry(r, long, suffix)
			}
			return &entity{typ: ontology.Actor, kind: "country", labels: []label{{cn.name, false}}}
		})
		c.actor, c.demonym, c.style = w.addActor(actor), cn.demonym, cn.style
		c.delegation = w.newActor("delegation", c.demonym+" delegation", true)
		if i < p.governments {
			c.gov = w.newActor("government", c.demonym+" government", true)
		}
		if i < p.militaries {
			c.military = w.newActor("military", c.demonym+" Armed Forces", true)
		}
		w.countries = append(w.countries, c)
	}
	w.countryZipf = newZipf(len(w.countries), 1.2)
	for i := range p.others {
		c := w.countries[i]
		c.opposition = w.newActor("other", c.demonym+" opposition", true)
	}
}

// countryEndings end invented country names, with their adjectives.
var countryEndings = [][2]string{{"ria", "rian"}, {"nia", "nian"}, {"via", "vian"}, {"land", "lander"}, {"stan", "stani"}}

// inventCountry makes up a country name from syllables ("Valenria").
func inventCountry(r *rand.Rand, long bool, suffix string) countryName {
	st := style(r.IntN(2)) // plain or accented
	p := placePools[st]
	stem := pick(r, p.prefix).text + pick(r, p.middle).text
	if long {
		stem += pick(r, p.middle).text
	}
	end := pick(r, countryEndings)
	return countryName{stem + end[0] + suffix, stem + end[1] + suffix, st}
}

// newActor adds an actor whose name is unique by construction.
func (w *world) newActor(kind, name string, the bool) *entity {
	e := &entity{typ: ontology.Actor, kind: kind, labels: []label{{name, the}}}
	if !w.claim(e) {
		panic(fmt.Sprintf("synth: two actors named %q", name))
	}
	return w.addActor(e)
}

func (w *world) addPlaces(r *rand.Rand, p plan) {
	for i := range p.countryPlaces {
		c := w.countries[i]
		e := &entity{typ: ontology.Place, kind: "country", labels: []label{{c.actor.name(), false}}}
		if !w.claim(e) {
			panic("synth: two places named " + e.name())
		}
		c.place = w.addPlace(e, c, nil).ent
	}
	for i := range p.cities {
		c := w.countries[i%len(w.countries)]
		if i >= len(w.countries) {
			c = w.countries[w.countryZipf.draw(r)]
		}
		city := w.addPlace(w.unique(func(long bool, suffix string) *entity {
			name, lat := assemble(r, placePools[c.style], long)
			e := &entity{typ: ontology.Place, kind: "city", labels: []label{{name + suffix, false}},
				lat: coordinate(c.lat + r.Float64()*3 - 1.5), lon: coordinate(c.lon + r.Float64()*3 - 1.5)}
			if name != lat {
				e.labels = append(e.labels, label{lat + suffix, false})
			}
			return e
		}), c, nil)
		c.cities = append(c.cities, city)
		if c.capital == nil {
			c.capital = city
			if c.gov != nil {
				c.gov.labels = append(c.gov.labels, label{city.ent.name(), false})
			}
		}
		w.cities = append(w.cities, city)
	}
	for range p.venues {
		// Venues are where talks are held: in the cities of popular
		// countries.
		city := pick(r, w.cities)
		if c := w.countries[w.countryZipf.draw(r)]; len(c.cities) > 0 {
			city = pick(r, c.cities)
		}
		v := w.addPlace(w.namedPlace(r, "venue", venuePatterns, plain), city.country, city)
		v.ent.lat = coordinate(*city.ent.lat + r.Float64()*0.04 - 0.02)
		v.ent.lon = coordinate(*city.ent.lon + r.Float64()*0.04 - 0.02)
		w.venues = append(w.venues, v)
	}
	for i := range p.regions {
		c := w.countries[i%len(w.countries)]
		reg := w.addPlace(w.namedPlace(r, "region", regionPatterns, c.style), c, nil)
		c.regions = append(c.regions, reg)
		w.regions = append(w.regions, reg)
	}
	for range p.otherPlaces {
		c := w.countries[w.countryZipf.draw(r)]
		o := w.addPlace(w.namedPlace(r, "other", otherPatterns, c.style), c, nil)
		o.ent.lat = coordinate(c.lat + r.Float64()*3 - 1.5)
		o.ent.lon = coordinate(c.lon + r.Float64()*3 - 1.5)
		w.otherPlaces = append(w.otherPlaces, o)
	}
}

// namedPlace makes a place named by a pattern around a generated name in
// Latin letters.
func (w *world) namedPlace(r *rand.Rand, kind string, patterns []string, st style) *entity {
	return w.unique(func(long bool, suffix string) *entity {
		_, name := assemble(r, placePools[st], long)
		pattern := pick(r, patterns)
		full := fmt.Sprintf(pattern, name) + suffix
		// "Velmora Valley" reads with "the", "Upper Velmora" without.
		the := strings.HasPrefix(pattern, "%s ")
		return &entity{typ: ontology.Place, kind: kind, labels: []label{{full, the}}}
	})
}

// addPlace adds a place whose identity is claimed.
func (w *world) addPlace(e *entity, c *country, city *place) *place {
	w.places = append(w.places, e)
	return &place{ent: e, country: c, city: city}
}

func (w *world) addGroups(r *rand.Rand, p plan) {
	for _, n := range internationalOrgNames[:p.internationals] {
		e := w.newActor("international_organisation", n.name, true)
		if n.acronym != "" {
			e.labels = append(e.labels, label{n.acronym, true})
		}
		w.internationals = append(w.internationals, &group{ent: e})
	}
	w.internationalZipf = newZipf(len(w.internationals), 1.1)
	for _, n := range organisationNames[:p.organisations] {
		e := w.newActor("organisation", n.name, true)
		if n.acronym != "" {
			e.labels = append(e.labels, label{n.acronym, true})
		}
		w.organisations = append(w.organisations, &group{ent: e})
	}
	for i := range p.armedGroups {
		c := w.countries[w.countryZipf.draw(r)]
		if i < len(w.countries) && i < 3 {
			c = w.countries[i] // the most reported conflicts have armed groups
		}
		e := w.addActor(w.unique(func(long bool, suffix string) *entity {
			_, name := assemble(r, placePools[c.style], long)
			return &entity{typ: ontology.Actor, kind: "armed_group",
				labels: []label{{fmt.Sprintf(pick(r, armedGroupPatterns), name) + suffix, true}}}
		}))
		g := &group{ent: e}
		c.armedGroups = append(c.armedGroups, g)
		w.armedGroups = append(w.armedGroups, g)
	}
}

func (w *world) addPersons(r *rand.Rand, p plan) {
	n := 0
	newPerson := func(st style, title string) *entity {
		e := w.unique(func(long bool, suffix string) *entity {
			name, lat := personName(r, st, long)
			name, lat = name+suffix, lat+suffix
			e := &entity{typ: ontology.Actor, kind: "person", key: "synth-" + slug(lat),
				labels: []label{{name, false}}, title: title}
			if name != lat {
				e.labels = append(e.labels, label{lat, false})
			}
			return e
		})
		w.persons = append(w.persons, w.addActor(e))
		n++
		return e
	}
	heads := func(gs []*group, title string) {
		for _, g := range gs {
			if n < p.persons-len(w.countries) {
				g.head = newPerson(style(r.IntN(3)), title)
			}
		}
	}
	heads(w.internationals, "Secretary-General")
	heads(w.armedGroups, "commander")
	heads(w.organisations, "director")
	for i := 0; n < p.persons; i++ {
		c := w.countries[i%len(w.countries)]
		role := len(c.people)
		title := c.demonym + " " + countryRoles[min(role, len(countryRoles)-1)]
		st := c.style
		if chance(r, 0.1) {
			st = style(r.IntN(3))
		}
		if n == p.persons-1 && len(w.countries) > 1 {
			// The last person is a namesake of another: same name, other
			// key, so that the key and not the name tells them apart.
			first := w.countries[0].people
			c.people = append(c.people, w.namesake(first[len(first)-1], title))
			n++
			continue
		}
		c.people = append(c.people, newPerson(st, title))
	}
	for _, c := range w.countries {
		c.peopleZipf = newZipf(len(c.people), 1.0)
	}
}

// namesake adds a person with the same name as of, told apart by key.
func (w *world) namesake(of *entity, title string) *entity {
	e := &entity{typ: ontology.Actor, kind: "person", key: of.key + "-2",
		labels: slices.Clone(of.labels), title: title}
	if !w.claim(e) {
		panic("synth: namesake key taken: " + e.key)
	}
	w.persons = append(w.persons, w.addActor(e))
	return e
}

func (w *world) addMemberships(r *rand.Rand) {
	for _, c := range w.countries {
		for range between(r, 1, min(3, len(w.internationals))) {
			g := w.internationals[w.internationalZipf.draw(r)]
			if !slices.Contains(c.memberOf, g) {
				c.memberOf = append(c.memberOf, g)
			}
		}
	}
}

// date is the ISO date of a day of the range.
func (w *world) date(day int) string { return isoDate(w.start.AddDate(0, 0, day)) }

// drawCountry draws a country by popularity.
func (w *world) drawCountry(r *rand.Rand, not ...*country) *country {
	for range 50 {
		if c := w.countries[w.countryZipf.draw(r)]; !slices.Contains(not, c) {
			return c
		}
	}
	for _, c := range w.countries {
		if !slices.Contains(not, c) {
			return c
		}
	}
	return nil
}

// drawInternational draws an international organisation by popularity.
func (w *world) drawInternational(r *rand.Rand) *group {
	return w.internationals[w.internationalZipf.draw(r)]
}

// person draws one of the country's people by prominence.
func (c *country) person(r *rand.Rand) *entity {
	return c.people[c.peopleZipf.draw(r)]
}

// leader is the country's most prominent person.
func (c *country) leader() *entity { return c.people[0] }

// voice is who speaks for the country: the country, its government or one
// of its people, most often its leader.
func (c *country) voice(r *rand.Rand) *entity {
	switch x := r.Float64(); {
	case x < 0.25 && c.gov != nil:
		return c.gov
	case x < 0.4:
		return c.person(r)
	}
	return c.actor
}

// force is who fights for the country: its armed forces, an armed group,
// or the country itself.
func (c *country) force(r *rand.Rand) *entity {
	switch {
	case c.military != nil && chance(r, 0.7):
		return c.military
	case len(c.armedGroups) > 0:
		return pick(r, c.armedGroups).ent
	}
	return c.actor
}

// target is a place in the country that can be attacked.
// Dams, bridges and border crossings are named in a third of the attacks
// on the countries that have them.
func (c *country) target(r *rand.Rand, w *world) *entity {
	var others []*place
	for _, o := range w.otherPlaces {
		if o.country == c {
			others = append(others, o)
		}
	}
	if len(others) > 0 && chance(r, 0.33) {
		return pick(r, others).ent
	}
	options := append(append(others, c.regions...), c.cities...)
	if len(options) == 0 {
		options = append(append(options, w.regions...), w.otherPlaces...)
	}
	return pick(r, options).ent
}
