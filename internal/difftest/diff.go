package difftest

import (
	"fmt"
	"strings"
)

// Diff returns a unified diff (as diff -u prints it, with three lines of
// context) that turns a into b, under the names nameA and nameB; the empty
// string when they are equal.
func Diff(nameA, a, nameB, b string) string {
	if a == b {
		return ""
	}
	x, y := lines(a), lines(b)
	ops := editScript(x, y)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", nameA, nameB)
	for _, h := range hunks(ops, 3) {
		writeHunk(&out, h)
	}
	return out.String()
}

// lines splits s into lines, each without its newline.
func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// op is one line of an edit script: kept (' '), removed ('-') or added
// ('+'), with its line numbers (from 1) in a and b: for a removed line,
// bLine is where it would be in b, and the other way round.
type op struct {
	kind         byte
	text         string
	aLine, bLine int
}

// maxCells bounds the table of the longest-common-subsequence search; past
// it the differing middle is shown as removed then added as a whole.
const maxCells = 4 << 20

// editScript returns the edit script from x to y: the common prefix and
// suffix, and between them a longest common subsequence of lines.
func editScript(x, y []string) []op {
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var ops []op
	for i := range pre {
		ops = append(ops, op{' ', x[i], i + 1, i + 1})
	}
	mx, my := x[pre:len(x)-suf], y[pre:len(y)-suf]
	ops = append(ops, middle(mx, my, pre)...)
	for k := suf; k > 0; k-- {
		i, j := len(x)-k, len(y)-k
		ops = append(ops, op{' ', x[i], i + 1, j + 1})
	}
	return ops
}

// middle diffs the parts of x and y between their common prefix (of length
// off) and suffix.
func middle(x, y []string, off int) []op {
	var ops []op
	if (len(x)+1)*(len(y)+1) > maxCells {
		for i, s := range x {
			ops = append(ops, op{'-', s, off + i + 1, off + 1})
		}
		for j, s := range y {
			ops = append(ops, op{'+', s, off + len(x) + 1, off + j + 1})
		}
		return ops
	}
	// lcs[i][j] is the length of a longest common subsequence of x[i:]
	// and y[j:].
	w := len(y) + 1
	lcs := make([]int32, (len(x)+1)*w)
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			ops = append(ops, op{' ', x[i], off + i + 1, off + j + 1})
			i, j = i+1, j+1
		case j == len(y) || (i < len(x) && lcs[(i+1)*w+j] >= lcs[i*w+j+1]):
			ops = append(ops, op{'-', x[i], off + i + 1, off + j + 1})
			i++
		default:
			ops = append(ops, op{'+', y[j], off + i + 1, off + j + 1})
			j++
		}
	}
	return ops
}

// hunks groups the changes of ops with ctx lines of context around them.
func hunks(ops []op, ctx int) [][]op {
	var out [][]op
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(0, i-ctx)
		end := i
		// Extend over changes closer together than twice the context.
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*ctx {
				end = min(end+ctx, len(ops))
				break
			}
			end = run
		}
		out = append(out, ops[start:end])
		i = end
	}
	return out
}

// writeHunk writes a hunk with its @@ header.
func writeHunk(out *strings.Builder, h []op) {
	aStart, bStart := h[0].aLine, h[0].bLine
	aLen, bLen := 0, 0
	for _, o := range h {
		if o.kind != '+' {
			aLen++
		}
		if o.kind != '-' {
			bLen++
		}
	}
	// An empty side starts, as diff -u writes it, at the line before.
	if aLen == 0 {
		aStart--
	}
	if bLen == 0 {
		bStart--
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", span(aStart, aLen), span(bStart, bLen))
	for _, o := range h {
		out.WriteByte(o.kind)
		out.WriteString(o.text)
		out.WriteByte('\n')
	}
}

// span writes a hunk's range: "3,4", or "3" for one line.
func span(start, n int) string {
	if n == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}
