package difftest

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDiff(t *testing.T) {
	numbers := func(from, to int, change map[int]string) string {
		var b strings.Builder
		for i := from; i <= to; i++ {
			if s, ok := change[i]; ok {
				if s != "" {
					b.WriteString(s + "\n")
				}
				continue
			}
			b.WriteString(strings.Repeat("x", i%3+1) + strconv.Itoa(i) + "\n")
		}
		return b.String()
	}
	tests := []struct {
		name string
		a, b string
		want string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"one line changed", "a\nb\nc\n", "a\nB\nc\n", `--- a
+++ b
@@ -1,3 +1,3 @@
 a
-b
+B
 c
`},
		{"added at the end", "a\n", "a\nb\n", `--- a
+++ b
@@ -1 +1,2 @@
 a
+b
`},
		{"removed from empty", "a\n", "", `--- a
+++ b
@@ -1 +0,0 @@
-a
`},
		{"two hunks far apart", numbers(1, 20, nil), numbers(1, 20, map[int]string{2: "two", 18: ""}), `--- a
+++ b
@@ -1,5 +1,5 @@
 xx1
-xxx2
+two
 x3
 xx4
 xxx5
@@ -15,6 +15,5 @@
 x15
 xx16
 xxx17
-x18
 xx19
 xxx20
`},
		{"near changes share a hunk", numbers(1, 10, nil), numbers(1, 10, map[int]string{3: "three", 7: "seven"}), `--- a
+++ b
@@ -1,10 +1,10 @@
 xx1
 xxx2
-x3
+three
 xx4
 xxx5
 x6
-xx7
+seven
 xxx8
 x9
 xx10
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Diff("a", tt.a, "b", tt.b)); diff != "" {
				t.Errorf("Diff (-want +got):\n%s", diff)
			}
		})
	}
}
