package mapping

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"newsgraph/article"
	"newsgraph/loaders/gazetteer"
	"newsgraph/ontology"
	"newsgraph/store"
)

// Builder assembles one native document from another format's labelled
// mentions and events, applying a Mapping. Importers give it entities
// (Entity) and events (Event) in document order; Document returns the
// result and Omitted what the mapping left out, by reason.
//
// Within a document, entities of the same node type and identity (Wikidata
// id, else normalised name) are one entity with every mention; an actor or
// place that names a country (package gazetteer), or a country whose code
// is a country's, takes the country's Wikidata id, name and codes; events that
// become meetings or agreements create a new entity each, with a key made
// from the article and event ids so that it stays one entity across
// reloads and never merges with another article's.
type Builder struct {
	m       *Mapping
	text    *Text
	doc     *article.Document
	omitted map[string]int
	// byIdentity maps "type\x00identity key" to an index in doc.Entities.
	byIdentity map[string]int
	// placeKind is, per entity index, the kind of place the entity also
	// is (see EntityRule.PlaceKind).
	placeKind map[int]string
	relations map[string]bool
}

// Ref is an entity of the document being built; NoRef is none.
type Ref int

// NoRef is the Ref of an entity that was left out.
const NoRef Ref = -1

// NewBuilder starts a document with the given metadata (ID, Title,
// Published...) and text.
func NewBuilder(m *Mapping, meta article.Document, text *Text) *Builder {
	doc := meta
	doc.Text = text.String()
	doc.Entities = []article.Entity{}
	doc.Relations = nil
	return &Builder{
		m: m, text: text, doc: &doc,
		omitted:    map[string]int{},
		byIdentity: map[string]int{},
		placeKind:  map[int]string{},
		relations:  map[string]bool{},
	}
}

// Omit counts one thing left out for reason.
func (b *Builder) Omit(reason string) { b.omitted[reason]++ }

// Document returns the document built so far.
func (b *Builder) Document() *article.Document { return b.doc }

// Omitted returns the counts of what was left out, by reason (nil when
// nothing was).
func (b *Builder) Omitted() map[string]int {
	if len(b.omitted) == 0 {
		return nil
	}
	return b.omitted
}

// Mention is an entity as the source format annotates it.
type Mention struct {
	// Labels name the entity rule; the first that the mapping has wins
	// (a PLOVER actor's sector, then its code).
	Labels []string
	// Name is the entity's name; Aliases other names of it.
	Name    string
	Aliases []string
	// Spans are where the text mentions it (may be empty).
	Spans    []article.Span
	Wikidata string
	// Local says the mention is a common noun ("police", "the gunmen"):
	// its entity belongs to this article alone (a key made from the
	// article id and the name), so it never merges with another
	// article's.
	Local bool
	// Kind, when set, is the kind the text gives the entity ("President
	// Obama" is a person) and wins over the mapping's kind for the label.
	Kind string
	// Codes are the entity's external codes as the source gives them
	// (a PLOVER actor's CAMEO code).
	Codes []article.Code
}

// Entity adds an entity, or merges it into the document's entity of the
// same type and identity. It returns NoRef when the mapping leaves the
// entity out (counted).
func (b *Builder) Entity(m Mention) Ref {
	label := strings.Join(m.Labels, "/")
	rule, ok := b.m.Entity(m.Labels...)
	switch {
	case !ok:
		b.Omit("unmapped entity type " + label)
		return NoRef
	case rule.Omit:
		b.Omit("entity type " + label + " omitted by the mapping")
		return NoRef
	case b.m.Ignored(m.Name):
		b.Omit("mention on the mapping's ignore list")
		return NoRef
	}
	kind := rule.Kind
	if m.Kind != "" && slices.Contains(ontology.KindsOf(rule.Type), ontology.Kind(m.Kind)) {
		kind = m.Kind
	} else {
		m.Kind = ""
	}
	return b.add(rule.Type, kind, rule.PlaceKind, m)
}

// add adds or merges an entity of a given type and kind.
func (b *Builder) add(t ontology.NodeType, kind, placeKind string, m Mention) Ref {
	name := strings.Join(strings.Fields(m.Name), " ")
	var key string
	own := false // a person or organisation of its own: its codes describe it
	if t == ontology.Actor && m.Wikidata == "" && len(m.Codes) > 0 {
		// A mention that names a person ("Russian President Boris
		// Yeltsin") or an organisation of its own ("Palestine Liberation
		// Organization (PLO)") that its source codes as a state
		// institution stays that person or organisation: its codes
		// describe it (ontology.CodeSchemeSpec.IdentifiesKind).
		if person, ok := PersonName(name); ok {
			kind, m.Kind, placeKind, own = "person", "person", "", true
			name = canonical(name, person, &m)
		} else if kind == "person" {
			own = true
		} else if org, acronym, ok := OrganisationName(name, isCountryName); ok && institutionCoded(m.Codes) {
			kind, m.Kind, placeKind, own = "organisation", "organisation", "", true
			if acronym != "" {
				m.Aliases = append(m.Aliases, acronym)
			}
			name = canonical(name, org, &m)
		}
	}
	if own {
		// Named by its mention, with its codes as they are.
	} else if c, ok := countryByName(t, kind, name, m.Wikidata); ok {
		// A country's every name ("US", "U.S.", "United States") is one
		// entity, named as the gazetteer names it, with its codes.
		var dropped int
		if m.Codes, dropped = withoutStateRoles(m.Codes); dropped > 0 {
			b.Omit("CAMEO state role code of a mention that names a country")
		}
		m.Wikidata = c.Wikidata
		m.Codes = append(m.Codes, countryCodes(t, c)...)
		name = canonical(name, c.Name, &m)
	} else if c, ok := countryByCode(m.Codes); ok && m.Wikidata == "" && (t == ontology.Actor || t == ontology.Place) {
		// So is a country whatever a mention calls it, when its code
		// says so ("Tokyo" coded JPN is Japan): Japan's one actor
		// whichever article comes first.
		if t == ontology.Actor {
			kind, m.Kind = "country", ""
		}
		m.Wikidata = c.Wikidata
		m.Codes = append(m.Codes, countryCodes(t, c)...)
		name = canonical(name, c.Name, &m)
	} else if inst, ok := institutionByCode(t, m.Wikidata, m.Codes); ok {
		// And a country's institution whatever a mention calls it
		// ("U.S. negotiator" coded USAGOV is the Government of the
		// United States; see institution).
		key, kind, m.Kind, placeKind = inst.key, inst.kind, "", ""
		if !slices.Contains(m.Codes, inst.code) {
			m.Codes = append(m.Codes, inst.code)
		}
		name = canonical(name, inst.name, &m)
	}
	if o, ok := organisation(t, kind, name, m.Wikidata); ok && key == "" {
		// So is an organisation's ("ISIS", "Islamic State").
		m.Wikidata = o.Wikidata
		name = canonical(name, o.Name, &m)
	}
	identity := m.Wikidata
	if identity == "" {
		identity = store.NormalizeName(name)
	}
	if identity == "" {
		b.Omit("entity name without letters or digits")
		return NoRef
	}
	if m.Local && m.Wikidata == "" && key == "" {
		key = entityKey(b.doc.ID, identity, "local")
	}
	if key != "" {
		identity = "key:" + key
	}
	id := string(t) + "\x00" + identity
	if i, ok := b.byIdentity[id]; ok {
		b.merge(i, kind, name, m)
		return Ref(i)
	}
	i := len(b.doc.Entities)
	b.byIdentity[id] = i
	e := article.Entity{
		ID: fmt.Sprintf("e%d", i+1), Type: t.Lower(), Kind: kind, Name: name,
		Wikidata: m.Wikidata, Key: key,
	}
	b.doc.Entities = append(b.doc.Entities, e)
	b.merge(i, kind, name, m)
	if placeKind != "" {
		b.placeKind[i] = placeKind
	}
	return Ref(i)
}

// canonical returns the name an entity goes by, making the mention's
// wording an alias of it when they differ.
func canonical(name, canonical string, m *Mention) string {
	if name != canonical {
		m.Aliases = append([]string{name}, m.Aliases...)
	}
	return canonical
}

// countryByName finds the country an actor or place without a Wikidata id
// names, unless it is a person ("Jordan").
func countryByName(t ontology.NodeType, kind, name, wikidata string) (gazetteer.Country, bool) {
	if wikidata != "" || kind == "person" || (t != ontology.Actor && t != ontology.Place) {
		return gazetteer.Country{}, false
	}
	return gazetteer.ByName(name)
}

// merge adds a mention's names and spans to entity i.
func (b *Builder) merge(i int, kind, name string, m Mention) {
	e := &b.doc.Entities[i]
	if kind != e.Kind {
		if e.Kind == "" || m.Kind != "" {
			// The text's evidence ("President ...") wins over a label.
			e.Kind = kind
		} else if kind != "" {
			b.Omit("conflicting kinds of one entity (the first is kept)")
		}
	}
	for _, a := range append([]string{name}, m.Aliases...) {
		a = strings.Join(strings.Fields(a), " ")
		if a != "" && a != e.Name && !slices.Contains(e.Aliases, a) {
			e.Aliases = append(e.Aliases, a)
		}
	}
	for _, c := range m.Codes {
		if !slices.Contains(e.Codes, c) {
			e.Codes = append(e.Codes, c)
		}
	}
	for _, s := range m.Spans {
		if !slices.Contains(e.Mentions, s) {
			e.Mentions = append(e.Mentions, s)
		}
	}
}

// nodeType returns the node type of an entity.
func (b *Builder) nodeType(r Ref) ontology.NodeType {
	t, _ := ontology.ParseNodeType(b.doc.Entities[r].Type)
	return t
}

// asPlace returns the place an entity is: itself when it is a place, its
// place twin when its rule gives actors of its label a place kind.
func (b *Builder) asPlace(r Ref) (Ref, bool) {
	if b.nodeType(r) == ontology.Place {
		return r, true
	}
	kind, ok := b.placeKind[int(r)]
	if !ok {
		return NoRef, false
	}
	e := b.doc.Entities[r]
	twin := b.add(ontology.Place, kind, "", Mention{Name: e.Name, Aliases: e.Aliases, Spans: e.Mentions, Wikidata: e.Wikidata,
		Local: e.Key != "", Codes: placeCodes(e.Codes)})
	return twin, twin != NoRef
}

// Arg is one argument of an event.
type Arg struct {
	// Role is the role as the format labels it ("Attacker", "Arg1").
	Role string
	// Entity is the argument's entity, NoRef when it was left out.
	Entity Ref
	// Text is the argument's text, for the item qualifier.
	Text string
	// Omitted is why Entity is NoRef, when the importer knows better than
	// "argument left out with its entity" (an argument that is an event).
	Omitted string
}

// Event is a claim with role-labelled arguments: a brat event or
// relation, a PLOVER record, a WikiEvents event mention.
type Event struct {
	// Relation says the label is a binary relation's (brat's R
	// annotations, looked up in Mapping.Relations) rather than an
	// event's.
	Relation bool
	Label    string
	// ID is the event's id in the document ("E1"), for the key of the
	// meeting or agreement it may create.
	ID   string
	Args []Arg
	// Evidence is the span that states the claim.
	Evidence article.Span
	// Trigger, when set, is where the text names the event: a mention of
	// the meeting or agreement it may create.
	Trigger *article.Span
	// Name names an agreement the event creates, and a meeting without
	// participants' names.
	Name string
	// Date is when the event happened (YYYY-MM-DD or ""): the date
	// qualifier of every relation the event becomes and the date of a
	// meeting it creates.
	Date string
	// Coding is the source's own coding of the event (a PLOVER record's
	// event and mode, a WikiEvents event type as Label), which the
	// evidence of every relation the event becomes keeps; the rule's
	// CAMEO and PLOVER codes fill in what it leaves empty.
	Coding store.EventCoding
}

// Event adds the relations an event becomes under the mapping, counting
// what it leaves out.
func (b *Builder) Event(ev Event) {
	what, rule, ok := "event", EventRule{}, false
	if ev.Relation {
		what = "relation"
		rule, ok = b.m.Relation(ev.Label)
	} else {
		rule, ok = b.m.Event(ev.Label)
	}
	switch {
	case !ok:
		b.Omit("unmapped " + what + " type " + ev.Label)
		return
	case rule.Omit:
		b.Omit(what + " type " + ev.Label + " omitted by the mapping")
		return
	}
	args := b.roles(ev, rule)
	ev.Coding = b.coding(ev.Coding, rule)
	switch {
	case rule.Meeting:
		b.meeting(ev, rule, args)
	case rule.Agreement != "":
		b.agreement(ev, rule, args)
	default:
		b.relation(ev, rule, args)
	}
}

// roles sorts an event's arguments by role.
func (b *Builder) roles(ev Event, rule EventRule) map[Role][]Arg {
	out := map[Role][]Arg{}
	for _, a := range ev.Args {
		role, ok := b.m.Role(rule, a.Role)
		switch {
		case !ok:
			b.Omit("unmapped role " + a.Role)
		case role == Ignore:
			b.Omit("role " + a.Role + " ignored by the mapping")
		case role == Item:
			out[role] = append(out[role], a)
		case a.Entity == NoRef && a.Omitted != "":
			b.Omit(a.Omitted)
		case a.Entity == NoRef:
			b.Omit("argument left out with its entity")
		default:
			out[role] = append(out[role], a)
		}
	}
	return out
}

// meeting makes the event a Meeting entity.
func (b *Builder) meeting(ev Event, rule EventRule, args map[Role][]Arg) {
	attends := []struct {
		role Role
		rel  ontology.RelationType
	}{
		{Host, ontology.Hosted}, {Mediator, ontology.Mediated}, {Source, ontology.Attended},
		{Participant, ontology.Attended}, {Target, ontology.Attended},
	}
	var names []string
	for _, a := range attends {
		for _, arg := range args[a.role] {
			if b.nodeType(arg.Entity) == ontology.Actor {
				names = appendNew(names, b.doc.Entities[arg.Entity].Name)
			}
		}
	}
	if len(names) == 0 {
		b.Omit("event type " + ev.Label + ": meeting without participants")
		return
	}
	e := article.Entity{Type: ontology.Meeting.Lower(), Name: meetingName(names), Date: ev.Date, Format: rule.Format}
	meeting := b.created(ev, e)
	q := b.qualifiers(ev, nil, NoRef)
	for _, a := range attends {
		for _, arg := range args[a.role] {
			b.link(ev, a.rel, arg.Entity, meeting, q)
		}
	}
	for _, arg := range args[Place] {
		place, ok := b.asPlace(arg.Entity)
		if !ok {
			b.Omit("place argument that is not a place")
			continue
		}
		b.link(ev, ontology.HeldIn, meeting, place, q)
	}
	if len(args[Item]) > 0 {
		b.Omit("meeting: item not stored")
	}
}

// agreement makes the event a new Agreement that its sources and
// participants stand in the rule's relation to.
func (b *Builder) agreement(ev Event, rule EventRule, args map[Role][]Arg) {
	parties := append(slices.Clone(args[Source]), args[Participant]...)
	if len(parties) == 0 {
		b.Omit("event type " + ev.Label + ": agreement without a party")
		return
	}
	name := strings.TrimSpace(ev.Name)
	if store.NormalizeName(name) == "" {
		name = ev.Label
	}
	e := article.Entity{Type: ontology.Agreement.Lower(), Kind: rule.Agreement, Name: name}
	agreement := b.created(ev, e)
	q := b.qualifiers(ev, args[Item], b.place(rule.Relation, args[Place]))
	for _, p := range parties {
		b.link(ev, rule.Relation, p.Entity, agreement, q)
	}
	if n := len(args[Target]); n > 0 {
		b.OmitN(fmt.Sprintf("%s: target not stored (an agreement has parties only)", rule.Relation), n)
	}
}

// relation links every source to every target, or, without sources and
// targets, the participants with one another.
func (b *Builder) relation(ev Event, rule EventRule, args map[Role][]Arg) {
	sources := append(append(slices.Clone(args[Source]), args[Host]...), args[Mediator]...)
	targets := args[Target]
	var pairs [][2]Ref
	switch {
	case len(sources) > 0 && len(targets) > 0:
		for _, s := range sources {
			for _, t := range targets {
				pairs = append(pairs, [2]Ref{s.Entity, t.Entity})
			}
		}
	case len(sources) == 0 && len(targets) == 0 && len(args[Participant]) > 1:
		ps := args[Participant]
		for i, s := range ps {
			for j, t := range ps {
				if i != j {
					pairs = append(pairs, [2]Ref{s.Entity, t.Entity})
				}
			}
		}
	case len(sources) == 0:
		b.Omit("event type " + ev.Label + ": no source")
		return
	default:
		b.Omit("event type " + ev.Label + ": no target")
		return
	}
	q := b.qualifiers(ev, args[Item], b.place(rule.Relation, args[Place]))
	for _, p := range pairs {
		b.link(ev, rule.Relation, p[0], p[1], q)
	}
	if len(sources) > 0 && len(args[Participant]) > 0 {
		b.OmitN(fmt.Sprintf("%s: participant beside a source not stored", rule.Relation), len(args[Participant]))
	}
}

// OmitN counts n things left out for reason.
func (b *Builder) OmitN(reason string, n int) { b.omitted[reason] += n }

// qualifiers returns the qualifiers of the relations an event becomes: the
// event's date, the item from the item arguments' text, and the place
// (NoRef for none).
func (b *Builder) qualifiers(ev Event, items []Arg, place Ref) *article.Qualifiers {
	var texts []string
	for _, a := range items {
		if t := strings.Join(strings.Fields(a.Text), " "); t != "" {
			texts = appendNew(texts, t)
		}
	}
	q := &article.Qualifiers{Item: strings.Join(texts, "; "), Date: ev.Date}
	if place != NoRef {
		q.Place = b.doc.Entities[place].ID
	}
	if *q == (article.Qualifiers{}) {
		return nil
	}
	return q
}

// place is where the relations of an event of type t happened: its first
// place argument that is a place (an actor whose rule gives it a place
// kind is its place twin). A place argument that is no place, and places
// beyond the first, are counted: the place is part of a relation's
// identity, so one event at two places would be two relations.
func (b *Builder) place(t ontology.RelationType, args []Arg) Ref {
	found := NoRef
	for _, a := range args {
		p, ok := b.asPlace(a.Entity)
		switch {
		case !ok:
			b.Omit("place argument that is not a place")
		case found == NoRef:
			found = p
		case p != found:
			b.Omit(fmt.Sprintf("%s: place beyond the event's first not stored", t))
		}
	}
	return found
}

// created adds a meeting or agreement that an event creates.
func (b *Builder) created(ev Event, e article.Entity) Ref {
	i := len(b.doc.Entities)
	e.ID = fmt.Sprintf("e%d", i+1)
	e.Key = entityKey(b.doc.ID, ev.ID, e.Type)
	for n := 2; b.hasKey(e.Type, e.Key); n++ { // events with one id
		e.Key = entityKey(b.doc.ID, fmt.Sprintf("%s %d", ev.ID, n), e.Type)
	}
	if ev.Trigger != nil {
		e.Mentions = []article.Span{*ev.Trigger}
	}
	b.doc.Entities = append(b.doc.Entities, e)
	b.byIdentity[e.Type+"\x00key:"+e.Key] = i
	return Ref(i)
}

func (b *Builder) hasKey(typ, key string) bool {
	_, ok := b.byIdentity[typ+"\x00key:"+key]
	return ok
}

// maxKey is the longest key the native format allows.
const maxKey = 200

// entityKey makes the key of an entity an event creates: the article id,
// the event id and the type, normalised; a key that would be too long is
// cut and ends with a hash of the whole.
func entityKey(articleID, eventID, typ string) string {
	k := store.NormalizeName(articleID + " " + eventID + " " + typ)
	if len(k) <= maxKey {
		return k
	}
	sum := sha256.Sum256([]byte(k))
	return strings.TrimRight(k[:maxKey-17], "-") + "-" + hex.EncodeToString(sum[:8])
}

// link adds one relation, unless it would go from an entity to itself, the
// ontology does not allow it between the two node types, or the document
// already has it.
func (b *Builder) link(ev Event, t ontology.RelationType, src, dst Ref, q *article.Qualifiers) {
	if src == dst {
		b.Omit(fmt.Sprintf("%s from an entity to itself", t))
		return
	}
	if ev.Evidence.End <= ev.Evidence.Start {
		b.Omit(fmt.Sprintf("%s without evidence", t))
		return
	}
	spec, _ := ontology.Relation(t)
	st, dt := b.nodeType(src), b.nodeType(dst)
	if !spec.Allows(st, dt) && dt == ontology.Actor && slices.Contains(spec.Targets, ontology.Place) {
		if place, ok := b.asPlace(dst); ok {
			dst, dt = place, ontology.Place
		}
	}
	if !spec.Allows(st, dt) {
		b.Omit(fmt.Sprintf("%s cannot go from %s to %s", t, st.Lower(), dt.Lower()))
		return
	}
	c := ev.Coding
	r := article.Relation{
		Type: string(t), Source: b.doc.Entities[src].ID, Target: b.doc.Entities[dst].ID,
		Qualifiers: q,
		Evidence:   article.Evidence{Span: ev.Evidence, CAMEO: c.CAMEO, PLOVER: c.PLOVER, Mode: c.Mode, Label: c.Label},
	}
	key := fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00%d\x00%v\x00%v", r.Type, r.Source, r.Target, r.Evidence.Start, r.Evidence.End, qualifierKey(q), c)
	if b.relations[key] {
		return
	}
	b.relations[key] = true
	b.doc.Relations = append(b.doc.Relations, r)
}

func qualifierKey(q *article.Qualifiers) string {
	if q == nil {
		return ""
	}
	return q.Item + "\x00" + q.Date + "\x00" + q.Place
}

// meetingName names a meeting after its participants: "Meeting of A and
// B", "Meeting of A, B, C and 2 others".
func meetingName(names []string) string {
	const shown = 3
	switch {
	case len(names) == 1:
		return "Meeting of " + names[0]
	case len(names) <= shown+1:
		return "Meeting of " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return fmt.Sprintf("Meeting of %s and %d others", strings.Join(names[:shown], ", "), len(names)-shown)
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// coding is the coding the evidence of an event's relations keeps: the
// source's own, with the rule's CAMEO and PLOVER codes where it gave none.
// A code outside the ontology's vocabularies is left out of the evidence
// (counted) rather than failing the article.
func (b *Builder) coding(c store.EventCoding, rule EventRule) store.EventCoding {
	if c.CAMEO == "" {
		c.CAMEO = rule.CAMEO
	}
	if c.PLOVER == "" {
		c.PLOVER = rule.PLOVER
	}
	if c.CAMEO != "" && !ontology.IsCAMEO(c.CAMEO) {
		b.Omit("event's CAMEO code that is not two to four digits")
		c.CAMEO = ""
	}
	if c.PLOVER != "" && !ontology.IsPLOVEREvent(c.PLOVER) {
		b.Omit("event's PLOVER event not in the ontology's list")
		c.PLOVER = ""
	}
	if c.Mode != "" && (!ontology.IsPLOVERMode(c.Mode) || c.PLOVER == "") {
		b.Omit("event's PLOVER mode not in the ontology's list")
		c.Mode = ""
	}
	if r := []rune(c.Label); len(r) > ontology.MaxCodingLabelLength {
		c.Label = string(r[:ontology.MaxCodingLabelLength])
	}
	return c
}

// isCountryName reports whether the gazetteer knows a country by name.
func isCountryName(name string) bool {
	_, ok := gazetteer.ByName(name)
	return ok
}
