package mapping

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/article"
)

func TestTextSpans(t *testing.T) {
	text := NewText("Україна і Київ")
	if text.Len() != 14 {
		t.Errorf("Len = %d, want 14 code points", text.Len())
	}
	if got, ok := text.Span(10, 14); !ok || got != (article.Span{Start: 10, End: 14, Text: "Київ"}) {
		t.Errorf("Span(10,14) = %+v, %v", got, ok)
	}
	for _, bad := range [][2]int{{-1, 2}, {3, 3}, {4, 2}, {10, 15}} {
		if _, ok := text.Span(bad[0], bad[1]); ok {
			t.Errorf("Span(%d,%d) is accepted", bad[0], bad[1])
		}
	}
	if got := text.RuneOffset(len("Україна ")); got != 8 {
		t.Errorf("RuneOffset = %d, want 8", got)
	}
}

func TestFind(t *testing.T) {
	text := NewText("Iranian officials met Iran's envoy. The  U.S.\nSecretary of State spoke.")
	tests := []struct {
		find string
		from int
		want string
		at   int
	}{
		{"Iran", 0, "Iran", 22},                               // a whole word wins over "Iranian"
		{"Iranian", 0, "Iranian", 0},                          // exact
		{"ranian", 0, "ranian", 1},                            // inside a word when nothing else
		{"the U.S. secretary", 0, "The  U.S.\nSecretary", 36}, // case and white space
		{"officials", 10, "", -1},                             // from
		{"Kyiv", 0, "", -1},
		{"  ", 0, "", -1},
	}
	for _, tt := range tests {
		got, ok := text.Find(tt.find, tt.from)
		if tt.at < 0 {
			if ok {
				t.Errorf("Find(%q, %d) = %+v, want nothing", tt.find, tt.from, got)
			}
			continue
		}
		if !ok || got.Text != tt.want || got.Start != tt.at {
			t.Errorf("Find(%q, %d) = %+v, %v, want %q at %d", tt.find, tt.from, got, ok, tt.want, tt.at)
		}
	}
}

func TestSentences(t *testing.T) {
	text := NewText("  Talks in İstanbul\n\nKyiv met Moscow. Then U.S. envoys left! Did they?\nEnd")
	var got []string
	for _, s := range text.Sentences() {
		if text.Slice(s.Start, s.End) != s.Text {
			t.Errorf("sentence %+v does not quote the text", s)
		}
		got = append(got, s.Text)
	}
	want := []string{"Talks in İstanbul", "Kyiv met Moscow.", "Then U.S.", "envoys left!", "Did they?", "End"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sentences (-want +got):\n%s", diff)
	}
	kyiv, _ := text.Find("Kyiv", 0)
	envoys, _ := text.Find("envoys", 0)
	if got, _ := text.Cover(kyiv); got.Text != "Kyiv met Moscow." {
		t.Errorf("Cover(Kyiv) = %q", got.Text)
	}
	if got, _ := text.Cover(envoys, kyiv); got.Text != "Kyiv met Moscow. Then U.S. envoys left!" {
		t.Errorf("Cover(envoys, Kyiv) = %q", got.Text)
	}
	if _, ok := text.Cover(); ok {
		t.Error("Cover() of nothing is a span")
	}
}

func TestCheckUTF8(t *testing.T) {
	tests := map[string]string{
		"Київ":                    "",
		"line\nK\xffiv":           "invalid UTF-8 at byte 6 (line 2): the text must be UTF-8",
		"\xff\xfeK\x00y\x00":      "the text is UTF-16 (it starts with a UTF-16 byte-order mark): convert it to UTF-8",
		"Latin-1 caf\xe9 au lait": "invalid UTF-8 at byte 11 (line 1): the text must be UTF-8",
	}
	for in, want := range tests {
		err := CheckUTF8([]byte(in))
		if got := ""; err != nil {
			got = err.Error()
			if got != want {
				t.Errorf("CheckUTF8(%q) = %q, want %q", in, got, want)
			}
		} else if want != "" {
			t.Errorf("CheckUTF8(%q) = nil, want %q", in, want)
		}
	}
}

func TestTitleAndTruncate(t *testing.T) {
	if got := Title("\n  Peace   talks \nbody"); got != "Peace talks" {
		t.Errorf("Title = %q", got)
	}
	long := strings.Repeat("word ", 40)
	if got := Title(long); len([]rune(got)) > 120 || !strings.HasSuffix(got, "…") {
		t.Errorf("Title of a long line = %q", got)
	}
	if got := Truncate("Україна", 4); got != "Укр…" {
		t.Errorf("Truncate = %q", got)
	}
}

func TestArticleID(t *testing.T) {
	tests := map[string]string{
		"000-introduction":                "000-introduction",
		"wiki_mass_car_bombings_1_news_8": "wiki_mass_car_bombings_1_news_8",
		"talks 2025/06 (Istanbul)":        "talks-2025-06--Istanbul-",
		"_hidden":                         "hidden",
		"Україна":                         "doc-",
	}
	for in, want := range tests {
		got := ArticleID(in)
		if !strings.HasPrefix(got, want) || (want != "doc-" && got != want) {
			t.Errorf("ArticleID(%q) = %q, want %q", in, got, want)
		}
	}
	long := ArticleID(strings.Repeat("x", 300))
	if len(long) != 200 || long == ArticleID(strings.Repeat("x", 301)) {
		t.Errorf("long id %q: want 200 characters ending in a hash of the whole", long)
	}
}

func TestLineReader(t *testing.T) {
	input := "one\r\ntwo\n\n" + strings.Repeat("x", 20) + "\nlast"
	lr := NewLineReader(strings.NewReader(input), 10)
	type line struct {
		n       int
		text    string
		newline bool
		err     string
	}
	var got []line
	for {
		b, nl, err := lr.Next()
		if err == io.EOF {
			break
		}
		l := line{n: lr.Line(), text: string(b), newline: nl}
		var tooLong *LineTooLongError
		if errors.As(err, &tooLong) {
			l.err = err.Error()
		}
		got = append(got, l)
	}
	want := []line{
		{1, "one", true, ""},
		{2, "two", true, ""},
		{3, "", true, ""},
		{4, "", true, "line 4 is longer than 10 bytes: not read (is this the right file and format?)"},
		{5, "last", false, ""},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(line{})); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

func TestLimitedReader(t *testing.T) {
	lr := &LimitedReader{R: strings.NewReader(strings.Repeat("x", 100)), Max: 10, What: "a record"}
	if _, err := io.ReadAll(lr); err == nil || err.Error() != "a record is longer than 10 bytes: not read (is this the right file and format?)" {
		t.Errorf("ReadAll = %v", err)
	}
	lr = &LimitedReader{R: strings.NewReader(strings.Repeat("x", 25)), Max: 10}
	buf := make([]byte, 8)
	for range 3 {
		lr.Reset()
		if _, err := io.ReadFull(lr, buf); err != nil {
			t.Fatalf("Read after Reset: %v", err)
		}
	}
}
