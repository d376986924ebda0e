package mapping

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// maxArticleID is the longest article id the native format allows.
const maxArticleID = 200

// ArticleID makes a valid article id ([A-Za-z0-9][A-Za-z0-9._:-]*, at most
// 200 characters) from a name taken from another format (a file name, a
// record id): every other character becomes "-", a leading one that is
// not a letter or digit is dropped, and an id that would be too long is
// cut and ends with a hash of the whole. A name with nothing usable gives
// "doc-" and a hash of the name.
func ArticleID(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._:-", r)):
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	id := strings.TrimLeft(b.String(), "._:-")
	sum := sha256.Sum256([]byte(name))
	hash := hex.EncodeToString(sum[:8])
	switch {
	case id == "":
		return "doc-" + hash
	case len(id) > maxArticleID:
		return id[:maxArticleID-len(hash)-1] + "-" + hash
	}
	return id
}
