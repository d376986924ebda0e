package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"newsgraph/ontology"
)

// Ids are derived from the data, so an entity keeps its id across reloads
// and has the same id in every store. Clients treat them as opaque; they are
// readable for people: "actor:Q212", "actor:rustem-umerov",
// "meeting:2025-06-03-second-round-of-peace-talks", "article:seed-1",
// "relation:9f2c...".

// RelationPrefix starts the id of every relation.
const RelationPrefix = "relation:"

// EntityID is the id of an entity of type t whose identity key is key (a
// Wikidata id, an explicit key, or NormalizeName of its name).
func EntityID(t ontology.NodeType, key string) string {
	return t.Lower() + ":" + key
}

// ArticleID is the node id of the article whose own id is id.
func ArticleID(id string) string { return "article:" + id }

// KindOfID tells what an id names: a node type, or "Relation".
func KindOfID(id string) (string, bool) {
	prefix, _, ok := strings.Cut(id, ":")
	if !ok {
		return "", false
	}
	if prefix+":" == RelationPrefix {
		return "Relation", true
	}
	t, ok := ontology.ParseNodeType(prefix)
	if !ok || t.Lower() != prefix {
		return "", false
	}
	return string(t), true
}

// NormalizeName is the identity key of a name: lower case, accents removed,
// punctuation and spaces folded to single hyphens, a leading "the" dropped.
// "The Ukrainian Delegation" and "ukrainian delegation" give the same key.
func NormalizeName(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’':
			// "Soldiers'" and "soldiers" fold together.
			continue
		default:
			hyphen = true
		}
	}
	s := b.String()
	if rest, ok := strings.CutPrefix(s, "the-"); ok && rest != "" {
		s = rest
	}
	return s
}

// RelationID is the id of a relation: a hash of its type, ends and
// qualifiers, which together are its identity. It is the one place that
// derives relation ids: the article format, the stores and the loaders all
// call it. A place and a relative time join the hash only when there is
// one, so that the ids of relations without them are those of earlier
// versions.
func RelationID(t ontology.RelationType, source, target string, q Qualifiers) string {
	b := make([]byte, 0, 128)
	b = append(append(append(append(append(append(b, t...), 0), source...), 0), target...), 0)
	if q.Quantity != nil {
		b = strconv.AppendInt(append(b, "q="...), int64(*q.Quantity), 10)
	}
	for _, s := range []string{q.Item, q.Date, q.Duration, q.Conditions} {
		b = append(append(b, 0), s...)
	}
	if q.Place != "" {
		b = append(append(b, "\x00place="...), q.Place...)
	}
	if q.When != "" {
		b = append(append(b, "\x00when="...), q.When...)
	}
	sum := sha256.Sum256(b)
	return RelationPrefix + hex.EncodeToString(sum[:12])
}
