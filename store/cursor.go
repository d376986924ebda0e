package store

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
)

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
