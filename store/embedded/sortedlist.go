package embedded

import (
	"slices"
	"sort"
)

// chunkMax is the most items a chunk of a sortedList holds.
const chunkMax = 512

// sortedList is a list kept in order, held in chunks of at most chunkMax
// items, so that adding or removing an item moves the items of one chunk
// and the chunks' start indexes, not the whole list: a list grown to n items
// one at a time costs about n·(chunkMax + n/chunkMax) moves rather than n².
// Items are found by position (at) or by a predicate that is false and then
// true along the list (search), as with sort.Search.
type sortedList[T any] struct {
	chunks [][]T // none empty
	starts []int // the index in the list of each chunk's first item
	n      int
}

func (l *sortedList[T]) len() int { return l.n }

// search returns the index of the first item for which f is true, or
// len() when there is none; f must be false and then true along the list.
func (l *sortedList[T]) search(f func(T) bool) int {
	c := sort.Search(len(l.chunks), func(c int) bool {
		ch := l.chunks[c]
		return f(ch[len(ch)-1])
	})
	if c == len(l.chunks) {
		return l.n
	}
	return l.starts[c] + sort.Search(len(l.chunks[c]), func(i int) bool { return f(l.chunks[c][i]) })
}

// locate returns the chunk holding index i and i's offset in it; i ==
// len() is the end of the last chunk. The list is not empty.
func (l *sortedList[T]) locate(i int) (c, off int) {
	c = sort.Search(len(l.starts), func(c int) bool { return l.starts[c] > i }) - 1
	return c, i - l.starts[c]
}

// at returns the item at index i (0 <= i < len()).
func (l *sortedList[T]) at(i int) T {
	c, off := l.locate(i)
	return l.chunks[c][off]
}

// insert puts x at index i (0 <= i <= len()), which must keep the order.
func (l *sortedList[T]) insert(i int, x T) {
	l.n++
	if len(l.chunks) == 0 {
		l.chunks, l.starts = [][]T{{x}}, []int{0}
		return
	}
	c, off := l.locate(i)
	if off == 0 && c > 0 && len(l.chunks[c-1]) < len(l.chunks[c]) {
		// Between two chunks: at the end of the smaller first one.
		c--
		off = len(l.chunks[c])
	}
	ch := slices.Insert(l.chunks[c], off, x)
	l.chunks[c] = ch
	if len(ch) > chunkMax {
		h := len(ch) / 2
		l.chunks = slices.Insert(l.chunks, c+1, slices.Clone(ch[h:]))
		clear(ch[h:]) // let the moved items go
		l.chunks[c] = ch[:h]
		l.starts = slices.Insert(l.starts, c+1, 0)
	}
	l.restart(c)
}

// build makes the empty list hold items, which are in order: in chunks
// three quarters full, so that the adds that follow split few of them.
func (l *sortedList[T]) build(items []T) {
	size := chunkMax * 3 / 4
	for len(items) > 0 {
		n := min(size, len(items))
		l.starts = append(l.starts, l.n)
		l.chunks = append(l.chunks, slices.Clone(items[:n]))
		l.n += n
		items = items[n:]
	}
}

// remove takes out the item at index i (0 <= i < len()).
func (l *sortedList[T]) remove(i int) {
	l.n--
	c, off := l.locate(i)
	ch := slices.Delete(l.chunks[c], off, off+1)
	if len(ch) > 0 {
		l.chunks[c] = ch
		l.restart(c)
		return
	}
	l.chunks = slices.Delete(l.chunks, c, c+1)
	l.starts = slices.Delete(l.starts, c, c+1)
	l.restart(c)
}

// restart recomputes the start indexes of the chunks from chunk c on.
func (l *sortedList[T]) restart(c int) {
	if len(l.starts) > 0 {
		l.starts[0] = 0
	}
	for k := max(c, 1); k < len(l.chunks); k++ {
		l.starts[k] = l.starts[k-1] + len(l.chunks[k-1])
	}
}

// walk calls fn with the items of indexes [i, j) in order until fn returns
// false, and reports whether it reached j.
func (l *sortedList[T]) walk(i, j int, fn func(T) bool) bool {
	if i >= j {
		return true
	}
	c, off := l.locate(i)
	for n := j - i; n > 0; c, off = c+1, 0 {
		for _, x := range l.chunks[c][off:min(len(l.chunks[c]), off+n)] {
			if !fn(x) {
				return false
			}
			n--
		}
	}
	return true
}
