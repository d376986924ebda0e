package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode/utf8"

	"newsgraph/article"
	"newsgraph/ontology"
)

// docBuilder writes an article's text sentence by sentence and records, as
// it writes, where each entity is mentioned and which sentence states each
// relation. Offsets are counted in code points as the text grows, so every
// span quotes the text exactly.
type docBuilder struct {
	r    *rand.Rand
	text strings.Builder
	pos  int // code points written

	entities  []article.Entity
	order     []*entity       // the entities of entities, in the same order
	local     map[*entity]int // entity → index in entities
	relations []article.Relation
	stated    map[relationKey]bool

	// Sentences are grouped in paragraphs of paraLen sentences.
	inPara, paraLen int
	// Where the current sentence starts, in bytes and code points, and
	// whether nothing has been written in it yet.
	sentByte, sentPos int
	atStart           bool
}

// relationKey is the identity of a relation within one article.
type relationKey struct {
	t        ontology.RelationType
	src, dst *entity
	q        qualifiers
}

func newDocBuilder(r *rand.Rand) *docBuilder {
	return &docBuilder{r: r, local: map[*entity]int{}, stated: map[relationKey]bool{}, paraLen: between(r, 2, 4)}
}

// part is a piece of a sentence: a string is literal text, an *entity a
// mention of it by a name chosen at random.
type part = any

// has reports whether the article already states the relation.
func (b *docBuilder) has(f fact) bool { return b.stated[keyOf(f)] }

func keyOf(f fact) relationKey {
	k := relationKey{t: f.t, src: f.src, dst: f.dst}
	if f.q != nil {
		k.q = *f.q
	}
	return k
}

// claim writes a sentence stating fact f and records the relation with the
// sentence as its evidence.
func (b *docBuilder) claim(f fact, parts ...part) {
	ev := b.sentence(parts...)
	b.stated[keyOf(f)] = true
	b.relations = append(b.relations, article.Relation{
		Type:       string(f.t),
		Source:     b.entities[b.local[f.src]].ID,
		Target:     b.entities[b.local[f.dst]].ID,
		Qualifiers: f.q.doc(),
		Evidence:   article.Evidence{Span: ev},
	})
}

// sentence writes one sentence and returns its span.
func (b *docBuilder) sentence(parts ...part) article.Span {
	if b.pos > 0 {
		if b.inPara >= b.paraLen {
			b.write("\n\n")
			b.inPara, b.paraLen = 0, between(b.r, 2, 4)
		} else {
			b.write(" ")
		}
	}
	b.inPara++
	b.sentByte, b.sentPos, b.atStart = b.text.Len(), b.pos, true
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			b.lit(p)
		case *entity:
			b.mention(p, b.label(p))
		default:
			panic("synth: unknown sentence part")
		}
	}
	return article.Span{Start: b.sentPos, End: b.pos, Text: b.text.String()[b.sentByte:]}
}

// lit writes literal text, capitalised at the start of a sentence.
func (b *docBuilder) lit(s string) {
	if s == "" {
		return
	}
	if b.atStart {
		s = upperFirst(s)
		b.atStart = false
	}
	b.write(s)
}

func (b *docBuilder) write(s string) {
	b.text.WriteString(s)
	b.pos += utf8.RuneCountInString(s)
}

// label chooses the name to mention an entity by: mostly its name,
// sometimes an alias.
func (b *docBuilder) label(e *entity) label {
	if len(e.labels) > 1 && chance(b.r, 0.3) {
		return pick(b.r, e.labels[1:])
	}
	return e.labels[0]
}

// mention writes a mention of e (preceded by "the", or by a person's title
// the first time) and records its span.
func (b *docBuilder) mention(e *entity, l label) {
	i, seen := b.local[e]
	if !seen {
		i = len(b.entities)
		b.local[e] = i
		b.entities = append(b.entities, e.doc("e"+strconv.Itoa(i+1)))
		b.order = append(b.order, e)
		if e.title != "" {
			b.lit(e.title + " ")
		}
	}
	if l.the {
		b.lit("the ")
	}
	start := b.pos
	b.atStart = false
	b.write(l.text)
	ent := &b.entities[i]
	ent.Mentions = append(ent.Mentions, article.Span{Start: start, End: b.pos, Text: l.text})
}

// doc converts qualifiers to the document's form.
func (q *qualifiers) doc() *article.Qualifiers {
	if q == nil {
		return nil
	}
	out := &article.Qualifiers{Item: q.item, Date: q.date, Duration: q.duration, Conditions: q.conditions}
	if q.quantity != 0 {
		n := q.quantity
		out.Quantity = &n
	}
	return out
}
