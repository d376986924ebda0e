package synth

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"newsgraph/article"
	"newsgraph/ontology"
)

// An article is a report of a recent meeting (what the planned meeting's
// facts say, a random selection of them in each report) or a round-up of
// events between countries (attacks, accusations, threats, sanctions, aid,
// stances on recent agreements), each relation stated by one sentence
// written from a template.

// story writes one article.
type story struct {
	w     *world
	r     *rand.Rand
	b     *docBuilder
	day   int
	title string
}

// writeArticle writes the article with the given id published on day.
func (w *world) writeArticle(r *rand.Rand, id string, day int) *article.Document {
	s := &story{w: w, r: r, b: newDocBuilder(r), day: day}
	if m := w.recentMeeting(r, day); m != nil && chance(r, 0.6) {
		s.meetingReport(m)
	} else {
		s.events()
	}
	source := pick(r, outlets)
	published := w.start.AddDate(0, 0, day)
	return &article.Document{
		ID:        id,
		Title:     s.title,
		Text:      s.b.text.String(),
		Source:    source,
		URL:       fmt.Sprintf("https://%s.example.org/%s/%s", slugOr(source, "news"), published.Format("2006/01/02"), id),
		Published: isoDate(published),
		Entities:  s.b.entities,
		Relations: s.b.relations,
	}
}

// slugOr is slug(s), or fallback when s has no Latin letters.
func slugOr(s, fallback string) string {
	if out := slug(s); out != "" {
		return out
	}
	return fallback
}

// recentMeeting picks a meeting held in the ten days up to day, or failing
// that sometimes the last one before it; nil if there is none.
func (w *world) recentMeeting(r *rand.Rand, day int) *meeting {
	n := sort.Search(len(w.meetings), func(i int) bool { return w.meetings[i].day > day })
	first := n
	for first > 0 && w.meetings[first-1].day >= day-10 {
		first--
	}
	switch {
	case first < n:
		return w.meetings[first+r.IntN(n-first)]
	case n > 0 && chance(r, 0.4):
		return w.meetings[n-1]
	}
	return nil
}

// say states a fact in a sentence, unless the article states it already.
func (s *story) say(f fact) bool {
	if s.b.has(f) {
		return false
	}
	s.b.claim(f, s.template(f)...)
	return true
}

// meetingReport reports a meeting: its core facts and some of the others,
// perhaps the previous round and an event or two.
func (s *story) meetingReport(m *meeting) {
	s.title = s.meetingTitle(m)
	for _, f := range m.facts {
		if f.core || chance(s.r, 0.55) {
			s.say(f)
		}
	}
	if m.prev != nil && chance(s.r, 0.5) {
		s.say(pick(s.r, m.prev.facts[:1])) // where the previous round was held
	}
	if chance(s.r, 0.4) {
		s.filler()
	}
	for range s.r.IntN(3) {
		s.event(s.w.drawCountry(s.r), nil)
	}
}

func (s *story) meetingTitle(m *meeting) string {
	name := upperFirst(m.ent.latin())
	switch {
	case m.outcome != nil && chance(s.r, 0.7):
		return fmt.Sprintf("%s %s %s", name, pick(s.r, []string{"ends with", "yields", "produces"}), headlineName(m.outcome))
	case m.ent.format == "call":
		return name
	}
	return fmt.Sprintf("%s: %s", name, pick(s.r, []string{"no breakthrough", "talks continue", "what was said", "sides far apart"}))
}

// events reports what happened between two countries, with a third party.
func (s *story) events() {
	w, r := s.w, s.r
	a := w.drawCountry(r)
	b := w.drawCountry(r, a)
	for tries := between(r, 3, 7); tries > 0 || len(s.b.relations) == 0; tries-- {
		if f, ok := s.event(a, b); ok && s.title == "" {
			s.title = eventTitle(f)
		}
	}
	if chance(r, 0.3) {
		s.filler()
	}
}

// event states one event between a and b (b drawn when nil); it reports
// the fact it stated.
func (s *story) event(a, b *country) (fact, bool) {
	w, r := s.w, s.r
	if b == nil {
		b = w.drawCountry(r, a)
	}
	c := w.drawCountry(r, a, b) // a third party; nil with two countries
	if c == nil {
		c = b
	}
	date := &qualifiers{date: w.date(max(0, s.day-r.IntN(3)))}
	var f fact
	switch x := r.IntN(100); {
	case x < 4 && a.opposition != nil:
		f = fact{t: ontology.Accused, src: a.opposition, dst: a.voice(r)}
		if a.gov != nil {
			f.dst = a.gov
		}
	case x < 12:
		f = fact{t: ontology.Attacked, src: a.force(r), dst: b.target(r, w), q: date}
	case x < 20:
		f = fact{t: ontology.Attacked, src: a.force(r), dst: b.force(r), q: date}
		if len(b.regions) > 0 && chance(r, 0.5) {
			f.extra = pick(r, b.regions).ent
		}
	case x < 32:
		f = fact{t: ontology.Accused, src: b.voice(r), dst: a.force(r)}
		if d := s.recentDeal(); d != nil && chance(r, 0.3) {
			f.extra = d
		}
	case x < 40:
		f = fact{t: ontology.Threatened, src: a.voice(r), dst: b.actor, q: w.maybeConditions(r, 0.4)}
	case x < 48:
		src := c.actor
		if chance(r, 0.4) {
			src = w.drawInternational(r).ent
		}
		f = fact{t: ontology.Sanctioned, src: src, dst: a.actor, q: s.sanctionQualifiers()}
	case x < 56:
		f = fact{t: ontology.Aided, src: c.voice(r), dst: b.actor}
		if b.military != nil && chance(r, 0.3) {
			f.dst = b.military
		}
		if chance(r, 0.7) {
			f.q = &qualifiers{quantity: between(r, 1, 300) * 5, item: pick(r, aidItems)}
		}
	case x < 62:
		f = fact{t: ontology.Cooperated, src: c.force(r), dst: b.force(r)}
		if chance(r, 0.3) {
			f.src, f.dst = pick(r, w.organisations).ent, w.drawInternational(r).ent
		}
	case x < 67:
		f = fact{t: ontology.Demanded, src: w.drawInternational(r).ent, dst: a.actor, q: w.maybeConditions(r, 0.3)}
	case x < 72:
		f = fact{t: ontology.Proposed, src: c.voice(r), dst: pick(r, []*entity{a.actor, b.actor})}
	case x < 77:
		f = fact{t: ontology.Rejected, src: a.voice(r), dst: c.actor}
	case x < 82:
		f = fact{t: ontology.Supported, src: c.voice(r), dst: b.actor}
	case x < 88:
		d := s.recentDeal()
		if d == nil {
			return fact{}, false
		}
		switch f = (fact{t: ontology.Supported, src: c.voice(r), dst: d}); {
		case chance(r, 0.3):
			f.t, f.src = ontology.Rejected, a.voice(r)
		case chance(r, 0.3):
			f.t, f.src = ontology.Demanded, b.voice(r)
		}
	case x < 92:
		f = fact{t: ontology.Exchanged, src: a.actor, dst: b.actor,
			q:     &qualifiers{quantity: between(r, 1, 100) * 10, item: pick(r, exchangeItems), date: date.date},
			extra: pick(r, w.organisations).ent}
	case x < 96:
		if len(a.memberOf) == 0 {
			return fact{}, false
		}
		f = fact{t: ontology.MemberOf, src: a.actor, dst: pick(r, a.memberOf).ent}
	default:
		g := pick(r, append(append([]*group{}, w.internationals...), a.armedGroups...))
		if g.head == nil {
			return fact{}, false
		}
		f = fact{t: ontology.LED, src: g.head, dst: g.ent}
	}
	if f.src == f.dst {
		return fact{}, false
	}
	return f, s.say(f)
}

// recentDeal is an agreement of the last 90 days, or nil.
func (s *story) recentDeal() *entity {
	deals := s.w.deals
	n := sort.Search(len(deals), func(i int) bool { return deals[i].day > s.day })
	first := n
	for first > 0 && deals[first-1].day >= s.day-90 {
		first--
	}
	if first == n {
		return nil
	}
	return deals[first+s.r.IntN(n-first)].ent
}

func (s *story) sanctionQualifiers() *qualifiers {
	r := s.r
	q := &qualifiers{}
	if chance(r, 0.5) {
		q.date = s.w.date(s.day)
	}
	if chance(r, 0.4) {
		q.quantity, q.item = between(r, 5, 300), pick(r, sanctionItems)
	}
	if chance(r, 0.3) {
		q.duration = pick(r, durations[2:])
	}
	if *q == (qualifiers{}) {
		return nil
	}
	return q
}

// filler writes a sentence that states no relation, sometimes naming an
// actor the article has named.
func (s *story) filler() {
	var actors []*entity
	for _, e := range s.b.order {
		if e.typ == ontology.Actor {
			actors = append(actors, e)
		}
	}
	if len(actors) > 0 && chance(s.r, 0.4) {
		s.b.sentence(pick(s.r, actors), pick(s.r, []string{" did not comment.", " declined to give details."}))
		return
	}
	s.b.sentence(pick(s.r, []string{
		"Officials described the atmosphere as " + pick(s.r, moods) + ".",
		"Further talks are expected in the coming weeks.",
		"Independent observers could not verify the claims.",
		"Neither side gave further details.",
	}))
}

var eventVerbs = map[ontology.RelationType]string{
	ontology.Attacked:   "strikes",
	ontology.Accused:    "accuses",
	ontology.Threatened: "threatens",
	ontology.Sanctioned: "sanctions",
	ontology.Aided:      "sends aid to",
	ontology.Cooperated: "steps up cooperation with",
	ontology.Demanded:   "presses",
	ontology.Proposed:   "makes offer to",
	ontology.Rejected:   "rebuffs",
	ontology.Supported:  "backs",
	ontology.Exchanged:  "hands over captives to",
	ontology.MemberOf:   "reaffirms ties with",
	ontology.LED:        "at the helm of",
}

func eventTitle(f fact) string {
	return upperFirst(fmt.Sprintf("%s %s %s", headlineName(f.src), eventVerbs[f.t], headlineName(f.dst)))
}

// headlineName is an entity's name in Latin letters as a headline writes it.
func headlineName(e *entity) string {
	if e.labels[0].the {
		return "the " + e.latin()
	}
	return e.latin()
}

// template chooses the words of the sentence that states f. In the
// templates, S and T are the source and target, X the extra entity, and
// the qualifiers are written as N (quantity and item), D (" on 3 June
// 2025"), F (" for 30 days") and C (", if the shelling continues").
func (s *story) template(f fact) []part {
	t := pick(s.r, templates(f))
	var parts []part
	for t != "" {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			parts = append(parts, t)
			break
		}
		parts = append(parts, t[:i])
		code := t[i+1]
		t = t[i+3:]
		parts = append(parts, s.fill(code, f))
	}
	return parts
}

func (s *story) fill(code byte, f fact) part {
	q := f.q
	if q == nil {
		q = &qualifiers{}
	}
	switch code {
	case 'S':
		return f.src
	case 'T':
		return f.dst
	case 'X':
		return f.extra
	case 'N':
		if q.quantity == 0 {
			return q.item
		}
		return thousands(q.quantity) + " " + q.item
	case 'D':
		if q.date == "" {
			return ""
		}
		d, _ := time.Parse(time.DateOnly, q.date)
		return " on " + longDate(d)
	case 'F':
		if q.duration == "" {
			return ""
		}
		return " for " + q.duration
	case 'C':
		if q.conditions == "" {
			return ""
		}
		return ", " + q.conditions
	case 'W':
		switch f.t {
		case ontology.Accused:
			return pick(s.r, charges)
		case ontology.Threatened:
			return pick(s.r, threats)
		}
		return pick(s.r, meetingTopics)
	}
	panic("synth: unknown template code " + string(code))
}

// templates lists the ways to state f.
func templates(f fact) []string {
	toMeeting := f.dst.typ == ontology.Meeting
	toAgreement := f.dst.typ == ontology.Agreement
	q := f.q
	if q == nil {
		q = &qualifiers{}
	}
	switch f.t {
	case ontology.LED:
		if toMeeting {
			return []string{"{S} chaired {T}.", "{T} was chaired by {S}."}
		}
		return []string{"{S} led {T}.", "{T} was led by {S}.", "{S} heads {T}."}
	case ontology.MemberOf:
		if f.src.kind == "person" {
			return []string{"{S} was part of {T}.", "{T} included {S}."}
		}
		return []string{"{S} is a member of {T}.", "{S} belongs to {T}."}
	case ontology.Demanded:
		if toAgreement {
			return []string{"{S} demanded {T}{F}{C}.", "{S} insisted on {T}{F}{C}."}
		}
		return []string{"{S} demanded guarantees from {T}{C}.", "{S} made demands of {T}{C}."}
	case ontology.Proposed:
		if toAgreement {
			return []string{"{S} proposed {T}{F}{C}.", "{S} put forward {T}{F}{C}."}
		}
		return []string{"{S} proposed talks to {T}{C}.", "{S} made an offer to {T}{C}."}
	case ontology.Rejected:
		if toAgreement {
			return []string{"{S} rejected {T}.", "{S} refused to accept {T}."}
		}
		return []string{"{S} rebuffed {T}.", "{S} turned down an overture from {T}."}
	case ontology.AgreedTo:
		return []string{"{S} agreed to {T}{D}.", "{S} signed {T}{D}."}
	case ontology.Supported:
		if toAgreement {
			return []string{"{S} welcomed {T}.", "{S} voiced support for {T}."}
		}
		return []string{"{S} expressed support for {T}.", "{S} stood by {T}."}
	case ontology.Exchanged:
		if f.extra != nil {
			return []string{"{S} handed over {N} to {T}{D}, with the help of {X}."}
		}
		return []string{"{S} handed over {N} to {T}{D}.", "{S} returned {N} to {T}{D}."}
	case ontology.Attended:
		return []string{"{S} attended {T}.", "{S} took part in {T}."}
	case ontology.Hosted:
		return []string{"{S} hosted {T}.", "{T} was hosted by {S}."}
	case ontology.Mediated:
		return []string{"{S} mediated {T}.", "{T} was mediated by {S}.", "{S} acted as mediator at {T}."}
	case ontology.HeldIn:
		if f.dst.kind == "venue" {
			return []string{"{S} was held at {T}.", "{S} took place at {T}."}
		}
		return []string{"{S} was held in {T}.", "{S} took place in {T}.", "{S} opened in {T}."}
	case ontology.Produced:
		return []string{"{S} produced {T}.", "{S} ended with {T}.", "{T} was agreed at {S}."}
	case ontology.Accused:
		if f.extra != nil {
			return []string{"{S} accused {T} of violating {X}."}
		}
		return []string{"{S} accused {T} of {W}.", "{S} blamed {T} for {W}."}
	case ontology.Threatened:
		return []string{"{S} threatened {T} with {W}{C}.", "{S} warned {T} of {W}{C}."}
	case ontology.Sanctioned:
		if q.item != "" {
			return []string{"{S} sanctioned {N} linked to {T}{D}{F}."}
		}
		return []string{"{S} imposed sanctions on {T}{D}{F}.", "{S} announced sanctions against {T}{D}{F}."}
	case ontology.Attacked:
		if f.dst.typ == ontology.Place {
			return []string{"{S} shelled {T}{D}.", "{S} launched drone strikes on {T}{D}.", "{S} attacked {T}{D}."}
		}
		if f.extra != nil {
			return []string{"{S} attacked {T} near {X}{D}."}
		}
		return []string{"{S} attacked {T}{D}.", "{S} attacked positions of {T}{D}."}
	case ontology.Aided:
		if q.item != "" {
			return []string{"{S} sent {N} to {T}.", "{S} delivered {N} to {T}."}
		}
		return []string{"{S} pledged aid to {T}."}
	case ontology.Cooperated:
		if f.src.kind == "military" && f.dst.kind == "military" {
			return []string{"{S} held joint exercises with {T}."}
		}
		return []string{"{S} worked with {T} on {W}.", "{S} cooperated with {T} on {W}."}
	}
	panic("synth: no template for " + string(f.t))
}
