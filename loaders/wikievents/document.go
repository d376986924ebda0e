package wikievents

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"newsgraph/article"
	"newsgraph/loaders/mapping"
	"newsgraph/store"
)

// document is one WikiEvents line, the fields newsgraph reads.
type document struct {
	DocID          string          `json:"doc_id"`
	Text           *string         `json:"text"`
	Tokens         []string        `json:"tokens"`
	Sentences      []sentence      `json:"sentences"`
	EntityMentions []entityMention `json:"entity_mentions"`
	EventMentions  []eventMention  `json:"event_mentions"`
}

// sentence is [[[token, charStart, charEnd], ...], "sentence text"].
type sentence struct {
	Tokens []token
	Text   string
}

type token struct {
	Text       string
	Start, End int
}

func (s *sentence) UnmarshalJSON(b []byte) error {
	var pair []json.RawMessage
	if err := json.Unmarshal(b, &pair); err != nil || len(pair) != 2 {
		return fmt.Errorf("want [tokens, text]")
	}
	var toks [][]json.RawMessage
	if err := json.Unmarshal(pair[0], &toks); err != nil {
		return fmt.Errorf("tokens: want a list of [token, charStart, charEnd]")
	}
	if err := json.Unmarshal(pair[1], &s.Text); err != nil {
		return fmt.Errorf("text: want a string")
	}
	s.Tokens = make([]token, len(toks))
	for i, t := range toks {
		if len(t) != 3 || json.Unmarshal(t[0], &s.Tokens[i].Text) != nil ||
			json.Unmarshal(t[1], &s.Tokens[i].Start) != nil || json.Unmarshal(t[2], &s.Tokens[i].End) != nil {
			return fmt.Errorf("token %d: want [token, charStart, charEnd]", i)
		}
	}
	return nil
}

type entityMention struct {
	ID         string `json:"id"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	EntityType string `json:"entity_type"`
	// MentionType is NAM, NOM, PRO or UNK.
	MentionType string `json:"mention_type"`
	Text        string `json:"text"`
}

type eventMention struct {
	ID        string `json:"id"`
	EventType string `json:"event_type"`
	Trigger   struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Text  string `json:"text"`
	} `json:"trigger"`
	Arguments []struct {
		EntityID string `json:"entity_id"`
		Role     string `json:"role"`
		Text     string `json:"text"`
	} `json:"arguments"`
}

// decode reads one line.
func decode(line []byte) (*document, error) {
	if err := mapping.CheckUTF8(line); err != nil {
		return nil, err
	}
	var d document
	if err := json.Unmarshal(line, &d); err != nil {
		return nil, jsonError(err)
	}
	switch {
	case strings.TrimSpace(d.DocID) == "":
		return nil, fmt.Errorf("doc_id: missing or empty")
	case d.Text == nil:
		return nil, fmt.Errorf("text: missing")
	case strings.TrimSpace(*d.Text) == "":
		return nil, fmt.Errorf("text: empty")
	}
	return &d, nil
}

// jsonError names the field of a JSON type error.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return fmt.Errorf("%s: want %s, got a JSON %s", typeErr.Field, typeErr.Type, typeErr.Value)
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

// tokenSpan is a token's place in the document text, in code points, and
// its sentence.
type tokenSpan struct {
	start, end int
	sentence   int
}

// converter turns one document into a native document.
type converter struct {
	d         *document
	text      *mapping.Text
	tokens    []tokenSpan
	sentences []article.Span
	b         *mapping.Builder
	// refs maps an entity mention id to its entity, mentions to the
	// mention.
	refs     map[string]mapping.Ref
	mentions map[string]entityMention
}

// convert turns a document into a native document with its omitted counts.
func convert(m *mapping.Mapping, d *document) (*article.Document, map[string]int, error) {
	c := &converter{d: d, text: mapping.NewText(*d.Text), refs: map[string]mapping.Ref{}, mentions: map[string]entityMention{}}
	if err := c.locateTokens(); err != nil {
		return nil, nil, err
	}
	meta := article.Document{ID: mapping.ArticleID("wikievents-" + d.DocID)}
	for _, s := range c.sentences {
		if meta.Title = mapping.Title(s.Text); meta.Title != "" {
			break
		}
	}
	if meta.Title == "" {
		meta.Title = mapping.Title(c.text.String())
	}
	c.b = mapping.NewBuilder(m, meta, c.text)
	if err := c.entities(); err != nil {
		return nil, nil, err
	}
	if err := c.events(); err != nil {
		return nil, nil, err
	}
	return c.b.Document(), c.b.Omitted(), nil
}

// locateTokens finds every sentence in the text, in order, and every token
// in its sentence. The tokens' character offsets count from the start of
// the original document, whose sentences the text joins with different
// spacing, so they are taken relative to the sentence's first token, and
// checked; a token they do not locate is searched for after the previous
// one.
func (c *converter) locateTokens() error {
	at := 0 // code point where the next sentence may start
	for i, s := range c.d.Sentences {
		start, ok := c.findSentence(s.Text, at)
		if !ok {
			return fmt.Errorf("sentences[%d]: the sentence %q is not in the text (after character %d)", i, mapping.Truncate(s.Text, 60), at)
		}
		sent := mapping.NewText(s.Text)
		if span, ok := trimmed(c.text, start, start+sent.Len()); ok {
			c.sentences = append(c.sentences, span)
		} else {
			c.sentences = append(c.sentences, article.Span{Start: start, End: start})
		}
		cursor := 0
		for j, tok := range s.Tokens {
			rel, ok := locate(sent, tok, s.Tokens[0].Start, cursor)
			if !ok {
				return fmt.Errorf("sentences[%d] token %d %q: not found in the sentence", i, j, mapping.Truncate(tok.Text, 40))
			}
			c.tokens = append(c.tokens, tokenSpan{start: start + rel.Start, end: start + rel.End, sentence: i})
			cursor = rel.End
		}
		at = start + sent.Len()
	}
	if c.d.Tokens != nil && len(c.d.Tokens) != len(c.tokens) {
		return fmt.Errorf("tokens: %d tokens, but the sentences hold %d", len(c.d.Tokens), len(c.tokens))
	}
	return nil
}

// findSentence returns where sentence s starts in the text at or after
// code point from.
func (c *converter) findSentence(s string, from int) (int, bool) {
	if strings.TrimSpace(s) == "" {
		return from, true
	}
	rest := c.text.Slice(from, c.text.Len())
	i := strings.Index(rest, s)
	if i < 0 {
		return 0, false
	}
	return from + len([]rune(rest[:i])), true
}

// locate finds a token in its sentence: at its offsets relative to the
// sentence's first token, else at its first occurrence from cursor.
func locate(sent *mapping.Text, tok token, base, cursor int) (article.Span, bool) {
	if span, ok := sent.Span(tok.Start-base, tok.End-base); ok && span.Text == tok.Text {
		return span, true
	}
	return sent.Find(tok.Text, cursor)
}

// trimmed returns [start, end) without white space at either end.
func trimmed(t *mapping.Text, start, end int) (article.Span, bool) {
	runes := []rune(t.Slice(start, end))
	for len(runes) > 0 && unicode.IsSpace(runes[0]) {
		runes, start = runes[1:], start+1
	}
	for len(runes) > 0 && unicode.IsSpace(runes[len(runes)-1]) {
		runes, end = runes[:len(runes)-1], end-1
	}
	return t.Span(start, end)
}

// span returns the text of the tokens [start, end) and the sentences they
// lie in.
func (c *converter) span(start, end int) (article.Span, int, int, bool) {
	if start < 0 || end <= start || end > len(c.tokens) {
		return article.Span{}, 0, 0, false
	}
	first, last := c.tokens[start], c.tokens[end-1]
	span, ok := c.text.Span(first.start, last.end)
	return span, first.sentence, last.sentence, ok
}

// entities adds an entity per mention; the builder makes mentions of one
// type with the same normalised text one entity. Names are entities of the
// whole graph, common nouns entities of this article only, pronouns are
// left out (see mentions.go).
func (c *converter) entities() error {
	type mention struct {
		em    entityMention
		span  article.Span
		class mentionClass
	}
	lower := mapping.LowerWords(c.text.String())
	list := make([]mention, 0, len(c.d.EntityMentions))
	var names []string
	for i, em := range c.d.EntityMentions {
		span, _, _, ok := c.span(em.Start, em.End)
		if !ok {
			return fmt.Errorf("entity_mentions[%d] (%s): tokens [%d,%d) are not in the document's %d tokens", i, em.ID, em.Start, em.End, len(c.tokens))
		}
		if em.Text != "" && squash(em.Text) != squash(span.Text) {
			return fmt.Errorf("entity_mentions[%d] (%s): tokens [%d,%d) read %q but the mention says %q", i, em.ID, em.Start, em.End, mapping.Truncate(span.Text, 60), mapping.Truncate(em.Text, 60))
		}
		starts := em.Start == 0 || c.tokens[em.Start-1].sentence != c.tokens[em.Start].sentence
		m := mention{em: em, span: span, class: classify(em.MentionType, span.Text, starts, lower)}
		if m.class == named {
			names = append(names, squash(span.Text))
		}
		list = append(list, m)
	}
	acronyms := acronymNames(names)
	for _, m := range list {
		c.mentions[m.em.ID] = m.em
		if m.class == pronoun {
			c.b.Omit("pronoun (not an entity)")
			c.refs[m.em.ID] = mapping.NoRef
			continue
		}
		name := squash(m.span.Text)
		em := mapping.Mention{Labels: []string{m.em.EntityType}, Name: name, Spans: []article.Span{m.span}}
		switch {
		case m.class == nominal:
			em.Local = true
			if m.em.EntityType == "PER" && groupOfPersons(name) {
				em.Kind = "other"
			}
		case acronyms[name] != "":
			em.Name, em.Aliases = acronyms[name], []string{name}
		default:
			if bare, ok := mapping.PersonTitle(name); ok {
				em.Name, em.Aliases, em.Kind = bare, []string{name}, "person"
			}
		}
		c.refs[m.em.ID] = c.b.Entity(em)
	}
	return nil
}

// squash folds runs of white space, for comparing a mention's text with the
// text of its tokens.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// events adds what each event mention becomes; its evidence is the
// sentence (or sentences) of its trigger and arguments.
func (c *converter) events() error {
	for i, ev := range c.d.EventMentions {
		trigger, lo, hi, ok := c.span(ev.Trigger.Start, ev.Trigger.End)
		if !ok {
			return fmt.Errorf("event_mentions[%d] (%s): trigger tokens [%d,%d) are not in the document's %d tokens", i, ev.ID, ev.Trigger.Start, ev.Trigger.End, len(c.tokens))
		}
		e := mapping.Event{Label: ev.EventType, ID: ev.ID, Trigger: &trigger, Name: trigger.Text,
			Coding: store.EventCoding{Label: ev.EventType}}
		for j, arg := range ev.Arguments {
			ref, known := c.refs[arg.EntityID]
			if !known {
				return fmt.Errorf("event_mentions[%d] (%s).arguments[%d]: entity_id %q is not an entity mention of the document", i, ev.ID, j, arg.EntityID)
			}
			e.Args = append(e.Args, mapping.Arg{Role: arg.Role, Entity: ref, Text: arg.Text})
			m := c.mentions[arg.EntityID]
			_, s, t, _ := c.span(m.Start, m.End)
			lo, hi = min(lo, s), max(hi, t)
		}
		e.Evidence, _ = trimmed(c.text, c.sentences[lo].Start, c.sentences[hi].End)
		c.b.Event(e)
	}
	return nil
}
