// Package testio holds I/O helpers for the project's tests. Only tests
// import it.
package testio

import (
	"bytes"
	"sync"
)

// Buffer is a bytes.Buffer safe for a writer (a process's output, a
// logger) and a reader in different goroutines.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
