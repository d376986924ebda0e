package marshal

import (
	"bytes"
	"sync"

	"github.com/99designs/gqlgen/graphql"
)

// buffers are the buffers that Bytes writes answers into and Recycle takes
// back.
var buffers sync.Pool

// maxRecycled is the capacity above which Recycle lets a buffer go: a rare
// large answer does not keep its memory in the pool.
const maxRecycled = 1 << 20

// Bytes returns what m writes, written into a buffer from a pool: the
// answer to a query (the executor writes it so, see the rewrite command),
// which would otherwise be written into a buffer that grows from nothing
// by doubling, copied at each step, for every request. Whoever writes the
// answer out may give the buffer back with Recycle; one that keeps it
// need not.
func Bytes(m graphql.Marshaler) []byte {
	var b []byte
	if p, ok := buffers.Get().(*[]byte); ok {
		b = (*p)[:0]
	}
	w := bytes.NewBuffer(b)
	m.MarshalGQL(w)
	return w.Bytes()
}

// Recycle gives back to the pool of Bytes a buffer it returned, once its
// bytes are written out and no longer read: Bytes hands it out again.
func Recycle(b []byte) {
	if cap(b) == 0 || cap(b) > maxRecycled {
		return
	}
	b = b[:0]
	buffers.Put(&b)
}
