package textmatch

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWords(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"Volodymyr Zelensky", []string{"volodymyr", "zelensky"}},
		{"  ZOË   Kovač ", []string{"zoe", "kovac"}},
		{"Russia–Ukraine talks", []string{"russia", "ukraine", "talks"}},
		{"soldiers’ remains", []string{"soldiers", "remains"}},
		{"O'Brien", []string{"obrien"}},
		{"30-day ceasefire", []string{"30", "day", "ceasefire"}},
		{"Олена Коваленко", []string{"олена", "коваленко"}},
		{"!!!", nil},
		{"", nil},
	}
	for _, c := range cases {
		if d := cmp.Diff(c.want, Words(c.text)); d != "" {
			t.Errorf("Words(%q) (-want +got):\n%s", c.text, d)
		}
	}
}

func TestMatchWord(t *testing.T) {
	cases := []struct {
		q, w string
		want Quality
	}{
		{"zelensky", "zelensky", Exact},
		{"zel", "zelensky", Prefix},
		{"zelenskiy", "zelensky", Fuzzy},    // a letter added
		{"zelenskyy", "zelensky", Fuzzy},    // a letter added
		{"zelensk", "zelensky", Prefix},     // a prefix, not a typo
		{"zelemsky", "zelensky", Fuzzy},     // a letter replaced
		{"zelesnky", "zelensky", Fuzzy},     // neighbours swapped
		{"zlensky", "zelensky", Fuzzy},      // a letter removed
		{"zelenskiyy", "zelensky", NoMatch}, // two edits
		{"putn", "putin", NoMatch},          // too short for a typo
		{"russa", "russia", Fuzzy},          // five letters: a typo is fine
		{"zelensky", "zel", NoMatch},        // the name word is shorter
		{"kyiv", "kiev", NoMatch},
		// The longest words that tolerate a typo, and one letter more.
		{"llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch", "llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoh", Fuzzy},
		{strings.Repeat("a", MaxFuzzyLen), strings.Repeat("a", MaxFuzzyLen-1) + "b", Fuzzy},
		{strings.Repeat("a", MaxFuzzyLen), strings.Repeat("a", MaxFuzzyLen+1), Prefix},
		{strings.Repeat("a", MaxFuzzyLen) + "b", strings.Repeat("a", MaxFuzzyLen+1), NoMatch},
	}
	for _, c := range cases {
		if got := MatchWord(c.q, c.w); got != c.want {
			t.Errorf("MatchWord(%q, %q) = %v, want %v", c.q, c.w, got, c.want)
		}
	}
}

// osa is the optimal string alignment distance, computed the slow way.
func osa(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// randomWord is a short word over a small alphabet, so that random pairs
// are often close.
func randomWord(r *rand.Rand) string {
	letters := []rune("abcé")
	n := r.IntN(6)
	w := make([]rune, n)
	for i := range w {
		w[i] = letters[r.IntN(len(letters))]
	}
	return string(w)
}

func TestWithinOneEditAgreesWithOSA(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		a, b := randomWord(r), randomWord(r)
		if got, want := WithinOneEdit(a, b), osa(a, b) <= 1; got != want {
			t.Fatalf("WithinOneEdit(%q, %q) = %v, but the distance is %d", a, b, got, osa(a, b))
		}
	}
}

// TestDeletionsFindEveryNeighbour checks what an index of deletions relies
// on: two words within one edit are equal, or one is a deletion of the
// other, or they share a deletion.
func TestDeletionsFindEveryNeighbour(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		a, b := randomWord(r), randomWord(r)
		if !WithinOneEdit(a, b) {
			continue
		}
		da, db := Deletions(a), Deletions(b)
		shared := slices.ContainsFunc(da, func(d string) bool { return slices.Contains(db, d) })
		if a != b && !slices.Contains(da, b) && !slices.Contains(db, a) && !shared {
			t.Fatalf("%q and %q are one edit apart, but their deletions do not meet: %q, %q", a, b, da, db)
		}
	}
}

func TestDeletions(t *testing.T) {
	if d := cmp.Diff([]string{"bc", "ac", "ab"}, Deletions("abc")); d != "" {
		t.Errorf("Deletions(abc) (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"ab", "aa"}, Deletions("aab")); d != "" {
		t.Errorf("Deletions(aab) (-want +got):\n%s", d)
	}
}

func TestParse(t *testing.T) {
	if q, err := Parse("  Zelénsky, Volodymyr "); err != nil || !slices.Equal(q.Words, []string{"zelensky", "volodymyr"}) {
		t.Errorf("Parse = %v, %v", q, err)
	}
	long := string(make([]byte, MaxQueryLen+1))
	for _, text := range []string{"", "  ", "?!", long, "a b c d e f g h i j k"} {
		if _, err := Parse(text); err == nil {
			t.Errorf("Parse(%q) succeeded, want an error", text)
		}
	}
}

func TestScoreOrder(t *testing.T) {
	// Each case lists names from the best match to the worst; the scores
	// must fall strictly in that order.
	cases := []struct {
		query string
		names []string
	}{
		{"Zelensky", []string{"Zelensky", "Volodymyr Zelensky", "Zelenskyy Foundation"}},
		{"russia", []string{"Russia", "Russia Today", "Russian delegation", "Rusia Travel Agency"}},
		{"zelenskiy", []string{"Zelensky", "Volodymyr Zelensky"}},
		{"second round", []string{"Second round", "Second round of peace talks", "Second rounds of talks"}},
	}
	for _, c := range cases {
		q, err := Parse(c.query)
		if err != nil {
			t.Fatal(err)
		}
		prev := 5.0
		for _, n := range c.names {
			s := q.Score(n)
			if s <= 0 || s >= prev {
				t.Errorf("%q: score of %q is %v, want in (0, %v)", c.query, n, s, prev)
			}
			prev = s
		}
	}
}

func TestScoreNoMatch(t *testing.T) {
	for _, c := range []struct{ query, name string }{
		{"putin zelensky", "Vladimir Putin"}, // every word must match
		{"kyiv", "Kiev"},
		{"talks", ""},
	} {
		q, _ := Parse(c.query)
		if s := q.Score(c.name); s != 0 {
			t.Errorf("Score(%q, %q) = %v, want 0", c.query, c.name, s)
		}
	}
}

func TestBest(t *testing.T) {
	q, _ := Parse("zelenskiy")
	score, matched := q.Best("Volodymyr Zelensky", "Zelensky")
	if matched != "Zelensky" || score != q.Score("Zelensky") {
		t.Errorf("Best = %v, %q; want the alias Zelensky", score, matched)
	}
	// Equal scores: the first name wins.
	q, _ = Parse("istanbul")
	if _, matched := q.Best("Istanbul", "istanbul"); matched != "Istanbul" {
		t.Errorf("Best of equal names = %q, want the first", matched)
	}
	if score, matched := q.Best("Ankara"); score != 0 || matched != "" {
		t.Errorf("Best of no match = %v, %q", score, matched)
	}
}

func TestIndexText(t *testing.T) {
	if got := IndexText("Volodymyr Zelensky", "Zelénsky"); got != "volodymyr zelensky zelensky" {
		t.Errorf("IndexText = %q", got)
	}
}

// TestFuzzyReachable checks that the name words an index of deletions may
// leave out are those no query word reaches with a typo.
func TestFuzzyReachable(t *testing.T) {
	for n := 1; n <= MaxFuzzyLen+3; n++ {
		rest := strings.Repeat("é", n-1)
		w := "b" + rest
		reachable := false
		// A letter removed, replaced, added.
		for _, q := range []string{rest, "a" + rest, "ab" + rest} {
			if MatchWord(q, w) == Fuzzy {
				reachable = true
			}
		}
		if got := FuzzyReachable(w); got != reachable {
			t.Errorf("FuzzyReachable(%d letters) = %v, but a query word one edit away matches it: %v", n, got, reachable)
		}
	}
}
