package store

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
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
// qualifiers, which together are its identity.
func RelationID(t ontology.RelationType, source, target string, q Qualifiers) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", t, source, target)
	if q.Quantity != nil {
		fmt.Fprintf(h, "q=%d", *q.Quantity)
	}
	fmt.Fprintf(h, "\x00%s\x00%s\x00%s\x00%s", q.Item, q.Date, q.Duration, q.Conditions)
	return RelationPrefix + hex.EncodeToString(h.Sum(nil)[:12])
}

// Cursors are opaque to clients: the base64 of the JSON pair [sort key, id].
// Both engines build them with EncodeCursor so that they are identical.

// EncodeCursor makes the cursor of an item with the given sort key and id.
func EncodeCursor(key, id string) string {
	b, _ := json.Marshal([2]string{key, id})
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reads a cursor made by EncodeCursor.
func DecodeCursor(c string) (key, id string, err error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	var pair [2]string
	if err == nil {
		err = json.Unmarshal(b, &pair)
	}
	if err != nil {
		return "", "", fmt.Errorf("%w: malformed cursor %q", ErrInvalid, c)
	}
	return pair[0], pair[1], nil
}

// DegreeKey is the sort key of a degree: zero-padded so that keys sort as
// numbers.
func DegreeKey(n int) string { return fmt.Sprintf("%010d", n) }

// EntitySortKey is the sort key of an entity under an order; degree is its
// number of relations (used only by DEGREE).
func EntitySortKey(e *Entity, f OrderField, degree int) string {
	switch f {
	case OrderByName:
		return e.Name
	case OrderByDate:
		return e.Date
	case OrderByDegree:
		return DegreeKey(degree)
	}
	return e.ID
}

// ArticleSortKey is the sort key of an article under an order.
func ArticleSortKey(a *Article, f OrderField) string {
	switch f {
	case OrderByName:
		return a.Title
	case OrderByDate:
		return a.Published
	}
	return a.ID
}

// RelationSortKey is the sort key of a relation under an order.
func RelationSortKey(r *Relation, f OrderField) string {
	switch f {
	case OrderByDate:
		return r.Qualifiers.Date
	case OrderByName:
		return string(r.Type)
	}
	return r.ID
}

// After reports whether an item with sort key key and id id comes after the
// cursor position (ck, cid) in the given order. Ties on the key are broken by
// id, ascending, whatever the direction.
func After(key, id, ck, cid string, desc bool) bool {
	if key != ck {
		if desc {
			return key < ck
		}
		return key > ck
	}
	return id > cid
}

// Less orders two items (key, id) in the given order.
func Less(k1, id1, k2, id2 string, desc bool) bool {
	if k1 != k2 {
		if desc {
			return k1 > k2
		}
		return k1 < k2
	}
	return id1 < id2
}

// ClampFirst applies the default and maximum page size.
func ClampFirst(first int) int {
	if first <= 0 {
		return DefaultPageSize
	}
	return min(first, MaxPageSize)
}
