package article

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Patterns of the identifiers of the format. The JSON Schema uses the same
// expressions.
const (
	articleIDPattern = `^[A-Za-z0-9][A-Za-z0-9._:-]*$`
	keyPattern       = `^[a-z0-9][a-z0-9-]*$`
	wikidataPattern  = `^Q[1-9][0-9]*$`
	datePattern      = `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`

	// maxIDLength bounds article ids, keys and the ids of entities in a
	// document.
	maxIDLength = 200
	// maxWikidataLength bounds Wikidata ids (Q and a number).
	maxWikidataLength = 20
)

// Limits of the format, so that one article costs bounded work and memory in
// every store and an index can hold every value. Lengths count Unicode code
// points, as the JSON Schema's maxLength does. The longest values of real
// corpora (PLOVER, WikiEvents, brat's examples, the generated corpus) are
// far below them: names of 97 characters, titles of 120, quotes of 711,
// texts of 10,369, 147 entities and 22 relations in one article.
const (
	MaxTitleLength = 1_000   // the article's title
	MaxTextLength  = 200_000 // the article's text
	MaxNameLength  = 500     // an entity's name, and each alias
	MaxQuoteLength = 5_000   // the text of a span: a mention or a relation's evidence
	MaxValueLength = 500     // the source, and the item, duration, conditions and when of a relation
	MaxURLLength   = 2_000   // the article's URL

	MaxEntities  = 2_000 // entities of one article
	MaxRelations = 2_000 // relations of one article
	MaxMentions  = 1_000 // mentions of one entity
	MaxAliases   = 50    // aliases of one entity
	MaxCodes     = 20    // codes of one entity

	MaxQuantity = 1_000_000_000 // a relation's quantity (a GraphQL Int holds it)
	MaxRound    = 1_000         // a meeting's round

	// MaxIdentityKeyBytes bounds the identity key an entity's id is made
	// of, in bytes of UTF-8, when it is derived from the name: a name of
	// MaxNameLength characters may normalise to more (an accented or
	// composed character becomes several). Neo4j cannot index a property
	// of more than about 8 KB, so ids stay far below that.
	MaxIdentityKeyBytes = 1_000
)

var (
	articleIDRE = regexp.MustCompile(articleIDPattern)
	keyRE       = regexp.MustCompile(keyPattern)
	wikidataRE  = regexp.MustCompile(wikidataPattern)
	dateRE      = regexp.MustCompile(datePattern)
)

// Validate checks a Document against the rules of the format and the
// ontology: required values, vocabularies, identifiers, dates, spans
// against the text, references between relations and entities, and the
// node types each relation may connect. It returns a *ValidationError
// listing every problem, or nil. Parse calls it; importers that build a
// Document in Go call it (or Graph, which does) themselves.
func (d *Document) Validate() error {
	c := &checker{}
	c.validate(d)
	return c.err("")
}

// docContext is what the checks of one entity or relation need of the rest of
// the document. Spans are checked only against a text that could be read,
// references only against entities that could be read, so that one broken
// field does not cascade into a problem per span.
type docContext struct {
	text         []rune
	textRead     bool
	entities     []Entity
	entitiesRead bool
	index        map[string]int // entity id -> index of the entity
	// unreadIDs is set when some entity's id could not be read: a
	// reference to no known entity may then be to that one.
	unreadIDs bool
}

// validate checks the values of a document, skipping paths already reported
// as malformed.
func (c *checker) validate(d *Document) {
	c.articleID("$.id", d.ID)
	if c.nonEmpty("$.title", d.Title) {
		c.maxLength("$.title", d.Title, MaxTitleLength)
	}
	if c.nonEmpty("$.text", d.Text) {
		c.maxLength("$.text", d.Text, MaxTextLength)
	}
	c.maxLength("$.source", d.Source, MaxValueLength)
	if c.maxLength("$.url", d.URL, MaxURLLength) {
		c.url("$.url", d.URL)
	}
	c.date("$.published", d.Published)
	c.maxItems("$.entities", len(d.Entities), MaxEntities, "entities", "an article")
	c.maxItems("$.relations", len(d.Relations), MaxRelations, "relations", "an article")

	ctx := &docContext{
		text:         []rune(d.Text),
		textRead:     !c.skip("$.text"),
		entities:     d.Entities,
		entitiesRead: !c.skip("$.entities"),
		index:        map[string]int{},
	}
	for i := range d.Entities {
		path := indexPath("$.entities", i)
		if c.skip(path) {
			ctx.unreadIDs = true
			continue
		}
		e := &d.Entities[i]
		c.entity(path, e, ctx)
		if e.ID == "" || c.skip(path+".id") {
			ctx.unreadIDs = true
			continue
		}
		if j, dup := ctx.index[e.ID]; dup {
			c.add(path+".id", "duplicate entity id %q (also at $.entities[%d])", e.ID, j)
			continue
		}
		ctx.index[e.ID] = i
	}
	for i := range d.Relations {
		path := indexPath("$.relations", i)
		if !c.skip(path) {
			c.relation(path, &d.Relations[i], ctx)
		}
	}
	if len(c.problems) == 0 {
		c.identities(d)
	}
}

// maxLength checks that s has at most limit code points, and reports
// whether it has.
func (c *checker) maxLength(path, s string, limit int) bool {
	if len(s) <= limit || c.skip(path) {
		return true // a string of n bytes has at most n code points
	}
	if n := utf8.RuneCountInString(s); n > limit {
		c.add(path, "too long: %d characters, at most %d", n, limit)
		return false
	}
	return true
}

// maxItems checks that a list has at most limit items.
func (c *checker) maxItems(path string, n, limit int, what, per string) {
	if n > limit && !c.skip(path) {
		c.add(path, "too many %s: %d, at most %d in %s", what, n, limit, per)
	}
}

func (c *checker) nonEmpty(path, s string) bool {
	if c.skip(path) {
		return false
	}
	if strings.TrimSpace(s) == "" {
		c.add(path, "must not be empty")
		return false
	}
	return true
}

func (c *checker) articleID(path, id string) {
	if !c.nonEmpty(path, id) {
		return
	}
	if !articleIDRE.MatchString(id) || len(id) > maxIDLength {
		c.add(path, "invalid article id %q: use at most %d letters, digits and . _ : -, starting with a letter or digit", truncate(id, 60), maxIDLength)
	}
}

func (c *checker) url(path, u string) {
	if u == "" || c.skip(path) {
		return
	}
	parsed, err := url.Parse(u)
	if err != nil || (parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host == "" {
		c.add(path, "invalid URL %q: must be an absolute http or https URL", truncate(u, 80))
	}
}

// isDate reports whether s is a real date written YYYY-MM-DD.
func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil && dateRE.MatchString(s)
}

// date checks an optional YYYY-MM-DD date.
func (c *checker) date(path, s string) {
	if s == "" || c.skip(path) {
		return
	}
	if !dateRE.MatchString(s) {
		c.add(path, "invalid date %q: must be YYYY-MM-DD", truncate(s, 40))
		return
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		c.add(path, "invalid date %q: not a real date", s)
	}
}

// entityTypes are the entity types in the format's spelling.
var entityTypes = func() []string {
	out := make([]string, len(ontology.EntityTypes))
	for i, t := range ontology.EntityTypes {
		out[i] = t.Lower()
	}
	return out
}()

// entityType returns the node type of an entity type in the format's
// spelling ("actor").
func entityType(s string) (ontology.NodeType, bool) {
	t, ok := ontology.ParseNodeType(s)
	if !ok || !t.IsEntity() || t.Lower() != s {
		return "", false
	}
	return t, true
}

func (c *checker) entity(path string, e *Entity, ctx *docContext) {
	if c.nonEmpty(path+".id", e.ID) {
		c.maxLength(path+".id", e.ID, maxIDLength)
	}
	t, typeOK := c.entityTypeOf(path+".type", e.Type)
	nameOK := c.nonEmpty(path+".name", e.Name) && c.maxLength(path+".name", e.Name, MaxNameLength)
	c.maxItems(path+".aliases", len(e.Aliases), MaxAliases, "aliases", "an entity")
	for i, a := range e.Aliases {
		if p := indexPath(path+".aliases", i); c.nonEmpty(p, a) {
			c.maxLength(p, a, MaxNameLength)
		}
	}
	if e.Wikidata != "" && !c.skip(path+".wikidata") && (!wikidataRE.MatchString(e.Wikidata) || len(e.Wikidata) > maxWikidataLength) {
		c.add(path+".wikidata", "invalid Wikidata id %q: must be Q followed by digits without a leading zero, like \"Q212\"", truncate(e.Wikidata, 40))
	}
	if e.Key != "" && !c.skip(path+".key") && (!keyRE.MatchString(e.Key) || len(e.Key) > maxIDLength) {
		c.add(path+".key", "invalid key %q: use lower-case letters, digits and hyphens, starting with a letter or digit (like %q)", truncate(e.Key, 60), store.NormalizeName(e.Key))
	}
	c.codes(path+".codes", e.Codes)
	if nameOK && e.Key == "" && e.Wikidata == "" {
		switch key := e.IdentityKey(); {
		case store.NormalizeName(e.Name) == "":
			c.add(path+".name", "name %q has no letters or digits to derive an identity from: give a key or a wikidata id", e.Name)
		case len(key) > MaxIdentityKeyBytes:
			c.add(path+".name", "name %q gives an identity key of %d bytes, at most %d: give a shorter key or a wikidata id",
				truncate(e.Name, 60), len(key), MaxIdentityKeyBytes)
		}
	}
	c.maxItems(path+".mentions", len(e.Mentions), MaxMentions, "mentions", "an entity")
	if ctx.textRead {
		for i, m := range e.Mentions {
			c.span(indexPath(path+".mentions", i), m, ctx.text)
		}
	}
	if typeOK {
		c.kind(path, t, e.Kind)
		c.typeFields(path, t, e)
	}
}

func (c *checker) entityTypeOf(path, s string) (ontology.NodeType, bool) {
	if c.skip(path) {
		return "", false
	}
	if s == "" {
		c.add(path, "must not be empty")
		return "", false
	}
	t, ok := entityType(s)
	if !ok {
		c.add(path, "unknown entity type %q: must be one of %s", truncate(s, 40), strings.Join(entityTypes, ", "))
	}
	return t, ok
}

func (c *checker) kind(path string, t ontology.NodeType, kind string) {
	path += ".kind"
	if kind == "" || c.skip(path) {
		return
	}
	kinds := ontology.KindsOf(t)
	if kinds == nil {
		c.add(path, "a %s has no kind (meetings have a format instead)", t.Lower())
		return
	}
	if !slices.Contains(kinds, kind) {
		c.add(path, "kind %q is not a kind of %s: must be one of %s", truncate(kind, 40), t.Lower(), strings.Join(kinds, ", "))
	}
}

// typeFields checks the fields that belong to one entity type: the meeting
// date, round and format, the place coordinates and the agreement status.
func (c *checker) typeFields(path string, t ontology.NodeType, e *Entity) {
	only := func(field string, set bool, owner ontology.NodeType, what string) {
		if set && t != owner && !c.skip(path+"."+field) {
			c.add(path+"."+field, "only %ss have %s, not %s %s", owner.Lower(), what, article(t), t.Lower())
		}
	}
	only("date", e.Date != "", ontology.Meeting, "a date")
	only("endDate", e.EndDate != "", ontology.Meeting, "an end date")
	only("round", e.Round != 0, ontology.Meeting, "a round")
	only("format", e.Format != "", ontology.Meeting, "a format")
	only("latitude", e.Latitude != nil, ontology.Place, "coordinates")
	only("longitude", e.Longitude != nil, ontology.Place, "coordinates")
	only("status", e.Status != "", ontology.Agreement, "a status")

	switch t {
	case ontology.Meeting:
		c.meeting(path, e)
	case ontology.Place:
		c.coordinates(path, e.Latitude, e.Longitude)
	case ontology.Agreement:
		c.oneOf(path+".status", e.Status, "agreement status", ontology.AgreementStatuses)
	}
}

func (c *checker) meeting(path string, e *Entity) {
	c.date(path+".date", e.Date)
	c.date(path+".endDate", e.EndDate)
	if e.EndDate != "" && !c.skip(path+".endDate") {
		if e.Date == "" {
			c.add(path+".endDate", "an end date needs a date")
		} else if isDate(e.Date) && isDate(e.EndDate) && e.EndDate < e.Date {
			c.add(path+".endDate", "end date %s is before the date %s", e.EndDate, e.Date)
		}
	}
	if e.Round < 0 && !c.skip(path+".round") {
		c.add(path+".round", "must be a positive integer, got %d", e.Round)
	}
	if e.Round > MaxRound && !c.skip(path+".round") {
		c.add(path+".round", "round %d is out of range: at most %d", e.Round, MaxRound)
	}
	c.oneOf(path+".format", e.Format, "meeting format", ontology.MeetingFormats)
}

// oneOf checks an optional value from a vocabulary.
func (c *checker) oneOf(path, v, what string, allowed []string) {
	if v == "" || c.skip(path) || slices.Contains(allowed, v) {
		return
	}
	c.add(path, "unknown %s %q: must be one of %s", what, truncate(v, 40), strings.Join(allowed, ", "))
}

func (c *checker) coordinates(path string, lat, lon *float64) {
	if c.skip(path+".latitude") || c.skip(path+".longitude") {
		return
	}
	switch {
	case lat != nil && lon == nil:
		c.add(path+".longitude", "latitude is given without longitude: give both or neither")
	case lat == nil && lon != nil:
		c.add(path+".latitude", "longitude is given without latitude: give both or neither")
	}
	if lat != nil && !(*lat >= -90 && *lat <= 90) {
		c.add(path+".latitude", "latitude %v is out of range: must be between -90 and 90", *lat)
	}
	if lon != nil && !(*lon >= -180 && *lon <= 180) {
		c.add(path+".longitude", "longitude %v is out of range: must be between -180 and 180", *lon)
	}
}

// span checks that a span lies in the text and quotes it exactly.
func (c *checker) span(path string, s Span, text []rune) {
	if c.skip(path) || c.skip(path+".start") || c.skip(path+".end") || c.skip(path+".text") {
		return
	}
	if !c.maxLength(path+".text", s.Text, MaxQuoteLength) {
		return
	}
	switch {
	case s.Start < 0:
		c.add(path+".start", "start %d is negative", s.Start)
	case s.End < s.Start:
		c.add(path+".end", "end %d is before start %d", s.End, s.Start)
	case s.End == s.Start:
		c.add(path, "span [%d,%d) is empty", s.Start, s.End)
	case s.End > len(text):
		c.add(path+".end", "end %d is past the end of the text (%d code points)", s.End, len(text))
	default:
		if got := string(text[s.Start:s.End]); got != s.Text {
			c.add(path+".text", "%s", c.mismatch(s, got, text))
		}
	}
}

// maxHints bounds how many mismatched spans get a search of the text for
// where their text really is.
const maxHints = 20

// mismatch explains a span whose text differs from the article's and, for
// the first few, says where the annotated text does occur.
func (c *checker) mismatch(s Span, got string, text []rune) string {
	msg := fmt.Sprintf("span [%d,%d) reads %q but the annotation says %q", s.Start, s.End, truncate(got, 80), truncate(s.Text, 80))
	if c.hints++; s.Text != "" && c.hints <= maxHints {
		if at := strings.Index(string(text), s.Text); at >= 0 {
			start := len([]rune(string(text)[:at]))
			msg += fmt.Sprintf(" (that text occurs at [%d,%d))", start, start+len([]rune(s.Text)))
		}
	}
	return msg
}

// relation checks one relation: its type, that its ends are entities of the
// document of types the relation may connect, its qualifiers and its
// evidence.
func (c *checker) relation(path string, r *Relation, ctx *docContext) {
	spec, typeOK := c.relationType(path+".type", r.Type)
	var src, dst ontology.NodeType
	var srcOK, dstOK bool
	if ctx.entitiesRead {
		src, srcOK = c.endpoint(path+".source", r.Source, ctx)
		dst, dstOK = c.endpoint(path+".target", r.Target, ctx)
	}
	if typeOK && srcOK && dstOK && !spec.Allows(src, dst) {
		c.add(path, "%s cannot go from %s %q to %s %q: %s goes from %s to %s",
			spec.Type, src.Lower(), r.Source, dst.Lower(), r.Target,
			spec.Type, lowerTypes(spec.Sources), lowerTypes(spec.Targets))
	}
	if q := r.Qualifiers; q != nil {
		qp := path + ".qualifiers"
		if q.Quantity != nil && *q.Quantity < 0 && !c.skip(qp+".quantity") {
			c.add(qp+".quantity", "must be a non-negative integer, got %d", *q.Quantity)
		}
		if q.Quantity != nil && *q.Quantity > MaxQuantity && !c.skip(qp+".quantity") {
			c.add(qp+".quantity", "quantity %d is out of range: at most %d", *q.Quantity, MaxQuantity)
		}
		c.date(qp+".date", q.Date)
		c.maxLength(qp+".item", q.Item, MaxValueLength)
		c.maxLength(qp+".duration", q.Duration, MaxValueLength)
		c.maxLength(qp+".conditions", q.Conditions, MaxValueLength)
		c.maxLength(qp+".when", q.When, MaxValueLength)
		if q.Place != "" && ctx.entitiesRead {
			if t, ok := c.endpoint(qp+".place", q.Place, ctx); ok && t != ontology.Place {
				c.add(qp+".place", "%q is %s %s, not a place", truncate(q.Place, 60), article(t), t.Lower())
			}
		}
	}
	if ctx.textRead {
		c.span(path+".evidence", r.Evidence.Span, ctx.text)
	}
	c.coding(path+".evidence", &r.Evidence)
}

// coding checks the source's own coding of a relation's evidence: a CAMEO
// code of two to four digits, a PLOVER event and mode from the ontology's
// lists (a mode only with an event), a label of bounded length.
func (c *checker) coding(path string, ev *Evidence) {
	if ev.CAMEO != "" && !c.skip(path+".cameo") && !ontology.IsCAMEO(ev.CAMEO) {
		c.add(path+".cameo", "invalid CAMEO code %q: must be two to four digits, like \"173\"", truncate(ev.CAMEO, 40))
	}
	if ev.PLOVER != "" && !c.skip(path+".plover") && !ontology.IsPLOVEREvent(ev.PLOVER) {
		c.add(path+".plover", "unknown PLOVER event %q: must be one of %s", truncate(ev.PLOVER, 40), strings.Join(ontology.PLOVEREvents, ", "))
	}
	if ev.Mode != "" && !c.skip(path+".mode") {
		switch {
		case !ontology.IsPLOVERMode(ev.Mode):
			c.add(path+".mode", "unknown PLOVER mode %q: must be one of %s", truncate(ev.Mode, 40), strings.Join(ontology.PLOVERModes, ", "))
		case ev.PLOVER == "":
			c.add(path+".mode", "a PLOVER mode needs a PLOVER event (plover)")
		}
	}
	c.maxLength(path+".label", ev.Label, ontology.MaxCodingLabelLength)
}

func (c *checker) relationType(path, s string) (ontology.RelationSpec, bool) {
	if c.skip(path) {
		return ontology.RelationSpec{}, false
	}
	if s == "" {
		c.add(path, "must not be empty")
		return ontology.RelationSpec{}, false
	}
	spec, ok := ontology.Relation(ontology.RelationType(s))
	if ok {
		return spec, true
	}
	if t, ok := ontology.ParseRelationType(s); ok {
		c.add(path, "unknown relation type %q: relation types are upper case (did you mean %q?)", s, t)
	} else {
		c.add(path, "unknown relation type %q: must be one of %s", truncate(s, 40), strings.Join(ontology.Names(ontology.RelationTypes), ", "))
	}
	return ontology.RelationSpec{}, false
}

// endpoint resolves a relation's source or target to the type of the entity
// it names.
func (c *checker) endpoint(path, id string, ctx *docContext) (ontology.NodeType, bool) {
	if c.skip(path) {
		return "", false
	}
	if id == "" {
		c.add(path, "must not be empty")
		return "", false
	}
	i, ok := ctx.index[id]
	if !ok && ctx.unreadIDs {
		return "", false
	}
	if !ok {
		c.add(path, "%q is not the id of an entity of this article", truncate(id, 60))
		return "", false
	}
	return entityType(ctx.entities[i].Type)
}

// article is "a" or "an" before a node type, for messages.
func article(t ontology.NodeType) string {
	if strings.ContainsRune("AEIOU", rune(t[0])) {
		return "an"
	}
	return "a"
}

func lowerTypes(ts []ontology.NodeType) string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Lower()
	}
	return strings.Join(out, " or ")
}

// identities checks that entities of the document that are the same entity
// in the graph (same type and key, Wikidata id or name) do not contradict
// each other.
func (c *checker) identities(d *Document) {
	first := map[string]int{} // node id -> index of the first entity with it
	for i := range d.Entities {
		e := &d.Entities[i]
		id := e.NodeID()
		j, seen := first[id]
		if !seen {
			first[id] = i
			continue
		}
		if diff := conflict(&d.Entities[j], e); diff != "" {
			c.add(indexPath("$.entities", i), "%q is the same entity as $.entities[%d] %q (%s) but %s",
				e.Name, j, d.Entities[j].Name, id, diff)
		}
	}
}

// conflict describes the first single-valued field that two claims of the
// same entity give different non-empty values, or returns "".
func conflict(a, b *Entity) string {
	fields := []struct {
		name string
		a, b string
	}{
		{"kind", a.Kind, b.Kind},
		{"wikidata id", a.Wikidata, b.Wikidata},
		{"key", a.Key, b.Key},
		{"date", a.Date, b.Date},
		{"end date", a.EndDate, b.EndDate},
		{"round", roundString(a.Round), roundString(b.Round)},
		{"format", a.Format, b.Format},
		{"latitude", floatString(a.Latitude), floatString(b.Latitude)},
		{"longitude", floatString(a.Longitude), floatString(b.Longitude)},
		{"status", a.Status, b.Status},
	}
	for _, f := range fields {
		if f.a != "" && f.b != "" && f.a != f.b {
			return fmt.Sprintf("its %s %q differs from %q", f.name, f.b, f.a)
		}
	}
	return ""
}

func roundString(r int) string {
	if r == 0 {
		return ""
	}
	return fmt.Sprint(r)
}

func floatString(f *float64) string {
	if f == nil {
		return ""
	}
	return fmt.Sprint(*f)
}
