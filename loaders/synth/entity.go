package synth

import (
	"math"
	"math/rand/v2"
	"sort"

	"newsgraph/article"
	"newsgraph/ontology"
)

// entity is one actor, meeting, place or agreement of the synthetic world.
// Every article that names it describes it with the same fields, so that
// the claims of all articles merge into one node without conflict.
type entity struct {
	typ ontology.NodeType
	// kind is from ontology.KindsOf(typ); meetings have a format instead.
	kind string
	// key is the explicit identity of persons and agreements; other
	// entities are identified by their name (meetings by date and name).
	key string
	// labels[0] is the name, the others are aliases. Articles mention the
	// entity by any of them.
	labels []label
	// title is written before a person's first mention in an article
	// ("Ruritanian Foreign Minister"); it is not part of the mention.
	title string

	// Meeting fields.
	date, endDate string
	round         int
	format        string
	// Place fields.
	lat, lon *float64
	// Agreement fields.
	status string
}

// label is one name of an entity; the says whether running text puts "the"
// before it ("the Ruritanian delegation", but "Ruritania").
type label struct {
	text string
	the  bool
}

// name is the entity's name.
func (e *entity) name() string { return e.labels[0].text }

// latin is the entity's name in Latin letters: the name itself, or the
// transliteration kept as its first alias.
func (e *entity) latin() string {
	if len(e.labels) > 1 && e.labels[1].text != "" && isCyrillic(e.labels[0].text) {
		return e.labels[1].text
	}
	return e.name()
}

// isCyrillic reports whether s contains a Cyrillic letter.
func isCyrillic(s string) bool {
	for _, r := range s {
		if r >= 0x0400 && r <= 0x04FF {
			return true
		}
	}
	return false
}

// doc is the entity as an article's document carries it, with local id id.
func (e *entity) doc(id string) article.Entity {
	d := article.Entity{
		ID:      id,
		Type:    e.typ.Lower(),
		Kind:    e.kind,
		Name:    e.name(),
		Key:     e.key,
		Date:    e.date,
		EndDate: e.endDate,
		Round:   e.round,
		Format:  e.format,
		Status:  e.status,
	}
	for _, l := range e.labels[1:] {
		d.Aliases = append(d.Aliases, l.text)
	}
	if e.lat != nil && e.lon != nil {
		lat, lon := *e.lat, *e.lon
		d.Latitude, d.Longitude = &lat, &lon
	}
	return d
}

// identity is the entity's node id in the graph, as package article derives
// it from a document.
func (e *entity) identity() string {
	d := e.doc("x")
	return d.NodeID()
}

// coordinate rounds a coordinate to four decimals (about 11 m).
func coordinate(x float64) *float64 {
	v := math.Round(x*1e4) / 1e4
	return &v
}

// zipf draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s:
// a few ranks are drawn very often, most rarely.
type zipf []float64 // cumulative weights

func newZipf(n int, s float64) zipf {
	z := make(zipf, n)
	total := 0.0
	for i := range n {
		total += 1 / math.Pow(float64(i+1), s)
		z[i] = total
	}
	return z
}

// draw returns a rank.
func (z zipf) draw(r *rand.Rand) int {
	x := r.Float64() * z[len(z)-1]
	return min(sort.SearchFloat64s(z, x), len(z)-1)
}
