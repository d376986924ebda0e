package mapping

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// LineReader reads a file line by line in bounded memory: a line longer
// than Max bytes is skipped (read without being kept) and reported as a
// *LineTooLongError.
type LineReader struct {
	r   *bufio.Reader
	max int
	// line is the number of the last line returned.
	line int
	buf  []byte
}

// LineTooLongError is a line longer than a LineReader allows.
type LineTooLongError struct {
	Line int
	Max  int
}

func (e *LineTooLongError) Error() string {
	return fmt.Sprintf("line %d is longer than %s: not read (is this the right file and format?)", e.Line, byteSize(e.Max))
}

// NewLineReader reads lines of at most max bytes from r.
func NewLineReader(r io.Reader, max int) *LineReader {
	return &LineReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// Line is the number of the line Next last returned (from 1).
func (l *LineReader) Line() int { return l.line }

// Next returns the next line without its line break ("\n" or "\r\n") and
// whether it ended with one (the last line of a file may not). At the end
// of the input it returns io.EOF. The line is valid until the next call.
// After a *LineTooLongError reading may go on with the next line.
func (l *LineReader) Next() (line []byte, newline bool, err error) {
	l.buf = l.buf[:0]
	tooLong := false
	for {
		chunk, err := l.r.ReadSlice('\n')
		if !tooLong {
			if len(l.buf)+len(chunk) > l.max+2 { // +2: the line break
				tooLong = true
				l.buf = l.buf[:0]
			} else {
				l.buf = appendGrow(l.buf, chunk)
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && len(chunk) == 0 && len(l.buf) == 0 && !tooLong:
			return nil, false, io.EOF
		case err != nil && err != io.EOF:
			return nil, false, err
		}
		l.line++
		if tooLong {
			return nil, err == nil, &LineTooLongError{Line: l.line, Max: l.max}
		}
		line, newline = trimEOL(l.buf)
		if len(line) > l.max {
			return nil, newline, &LineTooLongError{Line: l.line, Max: l.max}
		}
		return line, newline, nil
	}
}

// appendGrow appends chunk to buf, doubling its capacity when it must grow
// (append grows large slices by a quarter, which for a line of many
// chunks allocates several times the line).
func appendGrow(buf, chunk []byte) []byte {
	if need := len(buf) + len(chunk); need > cap(buf) {
		grown := make([]byte, len(buf), max(need, 2*cap(buf)))
		copy(grown, buf)
		buf = grown
	}
	return append(buf, chunk...)
}

func trimEOL(b []byte) ([]byte, bool) {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
		return b, true
	}
	return b, false
}

func byteSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ByteSize prints a limit for messages ("16 MiB").
func ByteSize(n int) string { return byteSize(n) }

// LimitedReader reads from R and fails with an error naming Max once more
// than Max bytes have been read since the last Reset: it bounds the memory
// a decoder that buffers a whole value (encoding/json) may use for one
// value.
type LimitedReader struct {
	R    io.Reader
	Max  int
	What string // "a record", for the message
	n    int
}

// Read implements io.Reader.
func (l *LimitedReader) Read(p []byte) (int, error) {
	if l.n > l.Max {
		return 0, fmt.Errorf("%s is longer than %s: not read (is this the right file and format?)", l.What, byteSize(l.Max))
	}
	if room := l.Max + 1 - l.n; len(p) > room {
		p = p[:room]
	}
	n, err := l.R.Read(p)
	l.n += n
	return n, err
}

// Reset starts counting again.
func (l *LimitedReader) Reset() { l.n = 0 }
