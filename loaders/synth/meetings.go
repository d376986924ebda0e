package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"newsgraph/ontology"
)

// Meetings are planned once for the whole date range, with the claims
// (facts) that every report of them draws on: where they were held, who
// attended, hosted, mediated and led the delegations, and what was
// proposed, demanded, rejected and agreed. Reports of the same meeting in
// different articles therefore state the same relations, and the graph
// gathers their evidence.

// planMeetings plans talks in rounds, summits, phone calls and
// consultations over the date range, in proportion to its length.
func (w *world) planMeetings(r *rand.Rand) {
	for range max(1, w.days/60) {
		w.planTalks(r)
	}
	for range max(1, w.days/45) {
		w.planSummit(r)
	}
	for range max(1, w.days/20) {
		w.planCall(r)
	}
	for range max(1, w.days/60) {
		w.planConsultations(r)
	}
	slices.SortStableFunc(w.meetings, func(a, b *meeting) int {
		if a.day != b.day {
			return a.day - b.day
		}
		return strings.Compare(a.ent.name(), b.ent.name())
	})
	slices.SortStableFunc(w.deals, func(a, b *deal) int { return a.day - b.day })
}

// newMeeting adds a meeting on day (or the first later day on which no
// meeting of the same name is held; nil past the range).
func (w *world) newMeeting(r *rand.Rand, name, format string, round, day int, where *place) *meeting {
	for ; day < w.days; day++ {
		e := &entity{typ: ontology.Meeting, labels: []label{{name, true}}, round: round,
			format: format, date: w.date(day)}
		if chance(r, 0.3) && day+1 < w.days {
			e.endDate = w.date(min(day+between(r, 1, 2), w.days-1))
		}
		if w.claim(e) {
			m := &meeting{ent: e, day: day, place: where}
			w.meetings = append(w.meetings, m)
			return m
		}
	}
	return nil
}

// newDeal adds an agreement made on day. Agreements are keyed: names such
// as "30-day ceasefire" recur for different agreements.
func (w *world) newDeal(kind, status, name string, day int) *entity {
	base := "synth-" + w.date(day) + "-" + slug(name)
	e := &entity{typ: ontology.Agreement, kind: kind, status: status, labels: []label{{name, true}}, key: base}
	for n := 2; !w.claim(e); n++ {
		e.key = fmt.Sprintf("%s-%d", base, n)
	}
	w.deals = append(w.deals, &deal{ent: e, day: day})
	return e
}

// planTalks plans the rounds of talks between two countries, held in one
// city, hosted by its country and perhaps mediated.
func (w *world) planTalks(r *rand.Rand) {
	a := w.drawCountry(r)
	b := w.drawCountry(r, a)
	// Talks are mostly held in a third country, popular ones more often.
	city := pick(r, w.cities)
	if third := w.drawCountry(r, a, b); third != nil && len(third.cities) > 0 && chance(r, 0.8) {
		city = pick(r, third.cities)
	}
	var venue *place
	if v := venuesIn(w.venues, city); len(v) > 0 && chance(r, 0.6) {
		venue = pick(r, v)
	}
	var mediator *entity
	switch x := r.Float64(); {
	case x < 0.45:
		mediator = w.drawInternational(r).ent
	case x < 0.7 && len(w.countries) > 2:
		mediator = w.drawCountry(r, a, b).actor
	}
	host := city.country.actor
	if city.country.gov != nil && chance(r, 0.5) {
		host = city.country.gov
	}
	format := "bilateral"
	if mediator != nil {
		format = "mediated"
	}
	sides := []*side{newSide(r, a), newSide(r, b)}
	var prev *meeting
	day := r.IntN(w.days)
	rounds := between(r, 1, 5)
	for round := 1; round <= rounds && day < w.days; round++ {
		name := fmt.Sprintf("%s round of the %s talks", ordinal(round), city.ent.latin())
		m := w.newMeeting(r, name, format, round, day, city)
		if m == nil {
			break
		}
		m.prev = prev
		w.talkFacts(r, m, city, venue, host, mediator, sides)
		prev = m
		day = m.day + between(r, 14, 70)
	}
}

// side is one party to talks: its country and delegation.
type side struct {
	c       *country
	head    *entity
	members []*entity
}

func newSide(r *rand.Rand, c *country) *side {
	s := &side{c: c, head: c.people[min(len(c.people)-1, between(r, 1, 4))]}
	for range r.IntN(3) {
		if p := c.person(r); p != s.head && p != c.leader() && !slices.Contains(s.members, p) {
			s.members = append(s.members, p)
		}
	}
	return s
}

func venuesIn(venues []*place, city *place) []*place {
	var out []*place
	for _, v := range venues {
		if v.city == city {
			out = append(out, v)
		}
	}
	return out
}

// talkFacts plans what a round of talks did.
func (w *world) talkFacts(r *rand.Rand, m *meeting, city, venue *place, host, mediator *entity, sides []*side) {
	me := m.ent
	add := func(t ontology.RelationType, src, dst *entity, q *qualifiers, core bool) {
		m.facts = append(m.facts, fact{t: t, src: src, dst: dst, q: q, core: core})
	}
	add(ontology.HeldIn, me, city.ent, nil, true)
	if p := city.country.place; p != nil && chance(r, 0.5) {
		add(ontology.HeldIn, me, p, nil, false)
	}
	if venue != nil {
		add(ontology.HeldIn, me, venue.ent, nil, false)
	}
	add(ontology.Hosted, host, me, nil, false)
	if mediator != nil {
		add(ontology.Mediated, mediator, me, nil, false)
	}
	for _, s := range sides {
		add(ontology.Attended, s.c.delegation, me, nil, true)
		add(ontology.LED, s.head, s.c.delegation, nil, false)
		for _, p := range s.members {
			add(ontology.MemberOf, p, s.c.delegation, nil, false)
		}
	}
	if g := groupOf(w.internationals, mediator); g != nil && g.head != nil {
		add(ontology.LED, g.head, me, nil, false)
	}
	a, b := sides[0], sides[1]
	if r.IntN(2) == 0 {
		a, b = b, a
	}
	voice := func(s *side) *entity {
		if chance(r, 0.3) {
			return s.c.delegation
		}
		return s.c.voice(r)
	}
	if chance(r, 0.7) { // a proposal, rejected or welcomed
		kind, name, q := w.proposal(r, m, m.place.ent.latin())
		// Rejected, welcomed by the mediator, or left open.
		status := "unknown"
		switch {
		case chance(r, 0.5):
			status = "rejected"
		case mediator != nil:
			status = "proposed"
		}
		d := w.newDeal(kind, status, name, m.day)
		add(ontology.Proposed, voice(a), d, q, false)
		switch status {
		case "rejected":
			add(ontology.Rejected, voice(b), d, nil, false)
		case "proposed":
			add(ontology.Supported, mediator, d, nil, false)
		}
	}
	if chance(r, 0.5) { // a demand, rejected
		d := w.newDeal("demand", "demanded", w.demand(r, a.c, b.c), m.day)
		add(ontology.Demanded, voice(b), d, w.maybeConditions(r, 0.25), false)
		add(ontology.Rejected, voice(a), d, nil, false)
	}
	if chance(r, 0.55) { // an agreement, perhaps an exchange carried out
		w.outcome(r, m, a, b, mediator, add)
	}
	if chance(r, 0.25) {
		add(ontology.Proposed, voice(a), b.c.actor, nil, false)
	}
	if chance(r, 0.2) {
		add(ontology.Demanded, voice(b), a.c.actor, w.maybeConditions(r, 0.5), false)
	}
	if mediator != nil && mediator.kind == "country" && chance(r, 0.15) {
		add(ontology.Rejected, voice(b), mediator, nil, false)
	}
}

// outcome plans the agreement a round of talks produced.
func (w *world) outcome(r *rand.Rand, m *meeting, a, b *side, mediator *entity,
	add func(ontology.RelationType, *entity, *entity, *qualifiers, bool)) {
	kind := pick(r, []string{"prisoner_exchange", "prisoner_exchange", "repatriation_of_remains", "memorandum", "other"})
	city := m.place.ent.latin()
	var name string
	switch kind {
	case "prisoner_exchange":
		name = pick(r, []string{"prisoner exchange agreement", city + " exchange deal", "all-for-all prisoner exchange"})
	case "repatriation_of_remains":
		name = pick(r, []string{"agreement on the return of remains", city + " repatriation deal"})
	case "memorandum":
		name = fmt.Sprintf("%s memorandum on %s", city, pick(r, meetingTopics))
	default:
		name = pick(r, []string{"grain corridor arrangement", "humanitarian corridor for " + city, "monitoring mission"})
	}
	exchange := kind == "prisoner_exchange" || kind == "repatriation_of_remains"
	status := "agreed"
	if exchange {
		status = "implemented"
	}
	d := w.newDeal(kind, status, name, m.day)
	m.outcome = d
	date := &qualifiers{date: m.ent.date}
	add(ontology.Produced, m.ent, d, nil, false)
	add(ontology.AgreedTo, a.c.actor, d, date, false)
	add(ontology.AgreedTo, b.c.actor, d, date, false)
	if mediator != nil && chance(r, 0.6) {
		add(ontology.Supported, mediator, d, nil, false)
	}
	if !exchange {
		return
	}
	item := exchangeItems[0]
	if kind == "repatriation_of_remains" {
		item = exchangeItems[1]
	} else if chance(r, 0.4) {
		item = pick(r, exchangeItems[2:])
	}
	when := m.ent.date
	if m.ent.endDate != "" {
		when = m.ent.endDate
	}
	n := between(r, 2, 120) * 10
	add(ontology.Exchanged, a.c.actor, b.c.actor, &qualifiers{quantity: n, item: item, date: when}, false)
	if chance(r, 0.5) {
		n = between(r, 2, 120) * 10 // not always as many each way
	}
	add(ontology.Exchanged, b.c.actor, a.c.actor, &qualifiers{quantity: n, item: item, date: when}, false)
}

// proposal names a proposal made at a meeting, with its qualifiers; where
// names peace plans.
func (w *world) proposal(r *rand.Rand, m *meeting, where string) (kind, name string, q *qualifiers) {
	kind = pick(r, []string{"ceasefire", "ceasefire", "truce", "peace_deal", "memorandum"})
	q = w.maybeConditions(r, 0.3)
	switch kind {
	case "ceasefire":
		switch r.IntN(3) {
		case 0:
			n := pick(r, []int{30, 60, 90})
			name = fmt.Sprintf("%d-day ceasefire", n)
			q = withDuration(q, fmt.Sprintf("%d days", n))
		case 1:
			name = "full ceasefire"
		default:
			name = "ceasefire proposal of " + w.start.AddDate(0, 0, m.day).Format("2 January")
		}
	case "truce":
		name = pick(r, []string{"energy truce", "harvest truce", "maritime truce", "72-hour truce"})
		if name == "72-hour truce" {
			q = withDuration(q, "72 hours")
		} else if chance(r, 0.5) {
			q = withDuration(q, pick(r, durations))
		}
	case "peace_deal":
		name = pick(r, []string{where + " peace framework", fmt.Sprintf("%d-point peace plan", between(r, 5, 20))})
	default:
		name = "memorandum on " + pick(r, meetingTopics)
	}
	return kind, name, q
}

// demand names a demand side b makes of side a.
func (w *world) demand(r *rand.Rand, a, b *country) string {
	region := "the occupied territories"
	if len(b.regions) > 0 {
		l := pick(r, b.regions).ent.labels[0]
		region = l.text
		if l.the {
			region = "the " + region
		}
	}
	switch r.IntN(5) {
	case 0:
		return fmt.Sprintf("recognition of %s as %s territory", region, b.demonym)
	case 1:
		return "demobilisation of the " + a.demonym + " army"
	case 2:
		return "neutral status for " + a.actor.name()
	case 3:
		return "demilitarisation of " + region
	}
	return "withdrawal of troops from " + region
}

var conditions = []string{
	"provided that troops withdraw from the front line",
	"if the shelling continues",
	"subject to international monitoring",
	"on condition that prisoners are exchanged first",
	"once the front line is frozen",
}

// maybeConditions returns conditions with probability p, else nil.
func (w *world) maybeConditions(r *rand.Rand, p float64) *qualifiers {
	if !chance(r, p) {
		return nil
	}
	return &qualifiers{conditions: pick(r, conditions)}
}

func withDuration(q *qualifiers, d string) *qualifiers {
	if q == nil {
		q = &qualifiers{}
	}
	q.duration = d
	return q
}

func groupOf(gs []*group, e *entity) *group {
	for _, g := range gs {
		if g.ent == e {
			return g
		}
	}
	return nil
}

// planSummit plans a summit in a capital, chaired by the host's leader,
// that may produce a memorandum or a sanctions package.
func (w *world) planSummit(r *rand.Rand) {
	host := w.drawCountry(r)
	if host.capital == nil {
		return
	}
	topic := pick(r, meetingTopics)
	city := host.capital
	m := w.newMeeting(r, fmt.Sprintf("%s summit on %s", city.ent.latin(), topic), "summit", 0, r.IntN(w.days), city)
	if m == nil {
		return
	}
	me := m.ent
	add := func(t ontology.RelationType, src, dst *entity, q *qualifiers, core bool) {
		m.facts = append(m.facts, fact{t: t, src: src, dst: dst, q: q, core: core})
	}
	guests := []*country{host}
	for range between(r, 2, 4) {
		if c := w.drawCountry(r, guests...); c != nil {
			guests = append(guests, c)
		}
	}
	add(ontology.HeldIn, me, city.ent, nil, true)
	if host.place != nil {
		add(ontology.HeldIn, me, host.place, nil, false)
	}
	if v := venuesIn(w.venues, city); len(v) > 0 && chance(r, 0.5) {
		add(ontology.HeldIn, me, pick(r, v).ent, nil, false)
	}
	add(ontology.Hosted, host.voice(r), me, nil, false)
	add(ontology.LED, host.leader(), me, nil, false)
	for i, c := range guests {
		add(ontology.Attended, c.actor, me, nil, i < 2)
		if chance(r, 0.4) {
			add(ontology.Attended, c.leader(), me, nil, false)
		}
	}
	if chance(r, 0.5) {
		g := w.drawInternational(r)
		add(ontology.Attended, g.ent, me, nil, false)
		for _, c := range guests {
			if slices.Contains(c.memberOf, g) {
				add(ontology.MemberOf, c.actor, g.ent, nil, false)
			}
		}
	}
	if chance(r, 0.6) {
		d := w.newDeal("memorandum", "agreed", fmt.Sprintf("%s declaration on %s", city.ent.latin(), topic), m.day)
		m.outcome = d
		add(ontology.Proposed, host.voice(r), d, nil, false)
		add(ontology.Produced, me, d, nil, false)
		for _, c := range guests[1:] {
			add(ontology.AgreedTo, c.actor, d, &qualifiers{date: me.date}, false)
		}
	}
	if chance(r, 0.4) && len(w.countries) > len(guests) {
		w.sanctionsPackage(r, m, guests, add)
	}
}

// sanctionsPackage plans sanctions agreed at a summit against a country
// that was not there.
func (w *world) sanctionsPackage(r *rand.Rand, m *meeting, guests []*country,
	add func(ontology.RelationType, *entity, *entity, *qualifiers, bool)) {
	target := w.drawCountry(r, guests...)
	name := fmt.Sprintf("%s sanctions package against %s", ordinal(between(r, 2, 16)), target.actor.name())
	d := w.newDeal("sanctions", "agreed", name, m.day)
	add(ontology.Proposed, guests[1].actor, d, nil, false)
	add(ontology.Supported, guests[2%len(guests)].voice(r), d, nil, false)
	add(ontology.Produced, m.ent, d, nil, false)
	add(ontology.Rejected, target.voice(r), d, nil, false)
	for _, c := range guests[:2] {
		q := &qualifiers{date: m.ent.date}
		if chance(r, 0.4) {
			q.quantity, q.item = between(r, 5, 300), pick(r, sanctionItems)
		}
		if chance(r, 0.3) {
			q.duration = pick(r, durations[2:])
		}
		add(ontology.Sanctioned, c.actor, target.actor, q, false)
	}
}

// planCall plans a phone call between two countries' leaders or foreign
// ministers.
func (w *world) planCall(r *rand.Rand) {
	a := w.drawCountry(r)
	b := w.drawCountry(r, a)
	rank := 0
	if chance(r, 0.4) && len(a.people) > 1 && len(b.people) > 1 {
		rank = 1
	}
	pa, pb := a.people[rank], b.people[rank]
	name := fmt.Sprintf("phone call between %s and %s", pa.name(), pb.name())
	m := w.newMeeting(r, name, "call", 0, r.IntN(w.days), nil)
	if m == nil {
		return
	}
	m.facts = append(m.facts,
		fact{t: ontology.Attended, src: pa, dst: m.ent, core: true},
		fact{t: ontology.Attended, src: pb, dst: m.ent, core: true})
	if chance(r, 0.4) {
		m.facts = append(m.facts, fact{t: ontology.Proposed, src: pa, dst: b.actor, q: w.maybeConditions(r, 0.4)})
	}
	if chance(r, 0.3) { // a proposal whose fate the news does not tell
		kind, name, q := w.proposal(r, m, a.actor.name())
		d := w.newDeal(kind, "unknown", name, m.day)
		m.facts = append(m.facts, fact{t: ontology.Proposed, src: pa, dst: d, q: q})
	}
	if chance(r, 0.3) {
		m.facts = append(m.facts, fact{t: ontology.Supported, src: pb, dst: a.actor})
	}
}

// planConsultations plans consultations of organisations and governments in
// a city.
func (w *world) planConsultations(r *rand.Rand) {
	city := pick(r, w.cities)
	topic := pick(r, meetingTopics)
	var parties []*group
	parties = append(parties, pick(r, w.organisations), w.drawInternational(r))
	format := "other"
	if chance(r, 0.7) && len(w.organisations) > 1 {
		if g := pick(r, w.organisations); g != parties[0] {
			parties = append(parties, g)
			format = "multilateral"
		}
	}
	name := fmt.Sprintf("consultations on %s in %s", topic, city.ent.latin())
	m := w.newMeeting(r, name, format, 0, r.IntN(w.days), city)
	if m == nil {
		return
	}
	m.facts = append(m.facts, fact{t: ontology.HeldIn, src: m.ent, dst: city.ent, core: true})
	for _, g := range parties {
		m.facts = append(m.facts, fact{t: ontology.Attended, src: g.ent, dst: m.ent, core: true})
		if g.head != nil {
			m.facts = append(m.facts, fact{t: ontology.LED, src: g.head, dst: g.ent})
		}
	}
	m.facts = append(m.facts, fact{t: ontology.Cooperated, src: parties[0].ent, dst: parties[1].ent})
	if city.country.gov != nil {
		m.facts = append(m.facts, fact{t: ontology.Hosted, src: city.country.gov, dst: m.ent})
	}
}
