package embedded

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"iter"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"

	"newsgraph/store"
)

// The log file is the store's only durable state: every acknowledged write
// is a record in it, and opening the store replays it.
//
// Layout: the header line fileHeader, then records, each framed as
//
//	magic   4 bytes  recordMagic (0xFF is never part of a JSON payload)
//	length  4 bytes  little-endian length of the payload
//	crc     4 bytes  little-endian CRC-32C (Castagnoli) of the payload
//	payload          JSON of a diskRecord (see logformat.go)
//
// A write that was cut short (a crash mid-append) leaves a torn record at the
// end of the file: replay truncates it away with a warning. A bad record
// followed by good ones is not a torn write, and opening fails.
//
// A write that fails while the store runs (a full disk, a failing device)
// is cut back off the file at once, and the write fails with
// store.ErrNotWritable: nothing of it is applied, reads go on from memory.
// When even cutting it off fails, the log is broken: it may end in a
// partial record, and takes no appends until it is cut back (or, after a
// compaction whose rename could not be synced, its directory synced). Every
// later write, and Store.WriteError, tries that repair again first, so
// writes resume by themselves once the disk lets them, without a restart;
// until then they too fail with store.ErrNotWritable. A crash while the log
// is broken loses nothing acknowledged: replay drops the partial record as
// a torn write.

const (
	logFile     = "graph.log"
	compactFile = "graph.log.compact" // a compaction in progress
	// fileHeader starts the log; its version is the framing's, records
	// carry the version of their payload (logformat.go).
	fileHeader   = headerPrefix + "1\n"
	headerPrefix = "newsgraph graph log v"
	frameSize    = 12
	// maxPayload bounds a record's length, so that a corrupt length is not
	// taken for a huge record.
	maxPayload = 1 << 30
)

var (
	recordMagic = [4]byte{0xFF, 'N', 'G', 'R'}
	castagnoli  = crc32.MakeTable(crc32.Castagnoli)
)

// logRecord is one write: put an article graph, or delete an article. It is
// written to the log as a diskRecord.
type logRecord struct {
	Op      string              // opPut or opDelete (or a feed record, see feed.go)
	Article *store.ArticleGraph // of a put
	ID      string              // of a delete
	// Seq and At are the record's position in the change feed and its
	// commit time (Unix milliseconds), 0 for a record that is not a
	// change (see feed.go); Kind is the kind of an opChange.
	Seq  store.Position
	At   int64
	Kind store.ChangeKind
	// kept is the kept form of Article (keepArticle), once made; applying a put
	// makes it when it is nil.
	kept *keptArticle
}

const (
	opPut    = "put"
	opDelete = "delete"
)

// wal is the open log file.
type wal struct {
	path string
	f    logHandle // opened with O_APPEND
	size int64     // bytes of complete records (and header)
	// records counts the records in the file, to decide when to compact.
	records int
	// broken is set when a failed append or compaction may have left the
	// file or its directory in an unknown state; appends repair it first
	// (see repair), and fail with it while that fails.
	broken error
	// failed is the last append's failure, until an append succeeds
	// (Store.WriteError reads it without the write lock).
	failed atomic.Pointer[writeFailure]
}

// logHandle is what the log needs of its file (an *os.File; tests put one
// that fails in its place).
type logHandle interface {
	io.Writer
	io.ReaderAt
	Stat() (os.FileInfo, error)
	Truncate(size int64) error
	Sync() error
	Close() error
}

// writeFailure is a failed append: its error, and whether the log is
// broken (no append can succeed before it is repaired).
type writeFailure struct {
	err    error
	broken bool
}

// openLog opens (creating if needed) the log in dir and replays it into
// apply. A torn last record is truncated away with a warning on logger.
func openLog(dir string, logger *slog.Logger, apply func(logRecord) error) (*wal, error) {
	path := filepath.Join(dir, logFile)
	// A compaction that did not finish leaves its temporary file; the log
	// itself is intact.
	if err := os.Remove(filepath.Join(dir, compactFile)); err == nil {
		logger.Warn("embedded store: removed an unfinished compaction", "file", filepath.Join(dir, compactFile))
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("embedded store: opening the log: %w", err)
	}
	w := &wal{path: path, f: f}
	if err := w.replay(logger, apply); err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

// replay checks the header, then reads and applies every record. The
// records are read and decoded ahead, on other goroutines (readAhead), and
// applied here in the order of the log.
func (w *wal) replay(logger *slog.Logger, apply func(logRecord) error) error {
	info, err := w.f.Stat()
	if err != nil {
		return fmt.Errorf("embedded store: %s: %w", w.path, err)
	}
	if err := w.checkHeader(info.Size()); err != nil {
		return err
	}
	r := bufio.NewReaderSize(io.NewSectionReader(w.f, w.size, info.Size()-w.size), 1<<20)
	done := make(chan struct{})
	defer close(done)
	for batch := range readAhead(r, done) {
		for _, d := range batch.records {
			if d.err != nil {
				return fmt.Errorf("embedded store: %s: record at offset %d: %w", w.path, w.size, d.err)
			}
			if err := apply(d.rec); err != nil {
				return fmt.Errorf("embedded store: %s: record at offset %d: %w", w.path, w.size, err)
			}
			w.size += int64(frameSize + d.size)
			if d.rec.Op != opChange && d.rec.Op != opPosition {
				w.records++
			}
		}
		switch {
		case batch.err != nil:
			return fmt.Errorf("embedded store: reading %s at offset %d: %w", w.path, w.size, batch.err)
		case batch.bad != "":
			return w.badRecord(logger, w.size, info.Size(), batch.bad)
		}
	}
	return nil
}

// checkHeader writes the header into a new log and checks an existing
// one's. A header cut short (a crash while creating the log) is rewritten.
func (w *wal) checkHeader(size int64) error {
	head := make([]byte, min(size, int64(len(fileHeader))))
	if _, err := w.f.ReadAt(head, 0); err != nil {
		return fmt.Errorf("embedded store: %s: %w", w.path, err)
	}
	if !bytes.HasPrefix([]byte(fileHeader), head) {
		if v, ok := bytes.CutPrefix(head, []byte(headerPrefix)); ok {
			return fmt.Errorf("embedded store: %s is a graph log of format v%s, and this version of newsgraph reads v1: open it with the newer newsgraph that wrote it",
				w.path, bytes.TrimSpace(v))
		}
		return fmt.Errorf("embedded store: %s is not a newsgraph graph log (its first line is not %q)", w.path, fileHeader[:len(fileHeader)-1])
	}
	if len(head) < len(fileHeader) {
		if err := w.f.Truncate(0); err != nil {
			return fmt.Errorf("embedded store: %s: %w", w.path, err)
		}
		if _, err := w.f.Write([]byte(fileHeader)); err != nil {
			return fmt.Errorf("embedded store: %s: %w", w.path, err)
		}
		if err := w.f.Sync(); err != nil {
			return fmt.Errorf("embedded store: %s: %w", w.path, err)
		}
		if err := syncDir(filepath.Dir(w.path)); err != nil {
			return err
		}
	}
	w.size = int64(len(fileHeader))
	return nil
}

// readFrame reads one record. It returns io.EOF at a clean end of file, a
// reason when the record is bad (cut short, wrong magic, wrong checksum),
// and an error only when reading fails.
func readFrame(r *bufio.Reader) (payload []byte, reason string, err error) {
	var head [frameSize]byte
	n, err := io.ReadFull(r, head[:])
	switch {
	case err == io.EOF:
		return nil, "", io.EOF
	case err == io.ErrUnexpectedEOF:
		return nil, fmt.Sprintf("record header cut short (%d of %d bytes)", n, frameSize), nil
	case err != nil:
		return nil, "", err
	}
	if !bytes.Equal(head[:4], recordMagic[:]) {
		return nil, fmt.Sprintf("no record marker (found % x)", head[:4]), nil
	}
	length := binary.LittleEndian.Uint32(head[4:8])
	if length > maxPayload {
		return nil, fmt.Sprintf("record length %d is more than %d", length, maxPayload), nil
	}
	payload = make([]byte, length)
	n, err = io.ReadFull(r, payload)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return nil, fmt.Sprintf("record cut short (%d of %d bytes)", n, length), nil
	case err != nil:
		return nil, "", err
	}
	if crc32.Checksum(payload, castagnoli) != binary.LittleEndian.Uint32(head[8:12]) {
		return nil, "checksum mismatch", nil
	}
	return payload, "", nil
}

// badRecord handles a bad record at offset off: when no valid record
// follows, it is a torn write, truncated away with a warning; otherwise the
// log is corrupt and opening fails.
func (w *wal) badRecord(logger *slog.Logger, off, size int64, reason string) error {
	next, err := w.findRecord(off+1, size)
	if err != nil {
		return fmt.Errorf("embedded store: %s: looking past the bad record at offset %d: %w", w.path, off, err)
	}
	if next >= 0 {
		return fmt.Errorf("embedded store: %s is corrupt: bad record at offset %d (%s) followed by a valid record at offset %d; "+
			"the log cannot be replayed past it (keep a copy, then truncate the file to %d bytes to keep what comes before)",
			w.path, off, reason, next, off)
	}
	logger.Warn("embedded store: dropping a torn record at the end of the log (a write cut short by a crash; it was never acknowledged)",
		"file", w.path, "offset", off, "bytes", size-off, "reason", reason)
	if err := w.f.Truncate(off); err != nil {
		return fmt.Errorf("embedded store: %s: truncating the torn record at offset %d: %w", w.path, off, err)
	}
	if err := w.f.Sync(); err != nil {
		return fmt.Errorf("embedded store: %s: %w", w.path, err)
	}
	return nil
}

// findRecord returns the offset of the first valid record at or after from,
// or -1. It reads the rest of the file, which only a damaged log makes it do.
func (w *wal) findRecord(from, size int64) (int64, error) {
	if from >= size {
		return -1, nil
	}
	rest := make([]byte, size-from)
	if _, err := w.f.ReadAt(rest, from); err != nil {
		return 0, err
	}
	for i := 0; ; {
		j := bytes.Index(rest[i:], recordMagic[:])
		if j < 0 {
			return -1, nil
		}
		i += j
		if validFrame(rest[i:]) {
			return from + int64(i), nil
		}
		i++
	}
}

// validFrame reports whether b starts with a whole record whose checksum
// holds.
func validFrame(b []byte) bool {
	if len(b) < frameSize || !bytes.Equal(b[:4], recordMagic[:]) {
		return false
	}
	length := int64(binary.LittleEndian.Uint32(b[4:8]))
	if length > int64(len(b)-frameSize) {
		return false
	}
	payload := b[frameSize : frameSize+length]
	return crc32.Checksum(payload, castagnoli) == binary.LittleEndian.Uint32(b[8:12])
}

// frame encodes a record.
func frame(rec logRecord) ([]byte, error) {
	payload, err := encodeRecord(rec)
	if err != nil {
		return nil, err
	}
	return framePayload(payload), nil
}

// framePayload frames an encoded record.
func framePayload(payload []byte) []byte {
	b := make([]byte, frameSize+len(payload))
	copy(b, recordMagic[:])
	binary.LittleEndian.PutUint32(b[4:8], uint32(len(payload)))
	binary.LittleEndian.PutUint32(b[8:12], crc32.Checksum(payload, castagnoli))
	copy(b[frameSize:], payload)
	return b
}

// append writes records with one write and one fsync. When it fails, the
// file is cut back to its last complete record; if even that fails, the log
// is marked broken, and every later append tries to repair it first.
func (w *wal) append(recs ...logRecord) error {
	if err := w.repair(); err != nil {
		return err
	}
	var b []byte
	for _, rec := range recs {
		f, err := frame(rec)
		if err != nil {
			return fmt.Errorf("embedded store: encoding a %s record: %w", rec.Op, err)
		}
		b = append(b, f...)
	}
	if _, err := w.f.Write(b); err != nil {
		return w.rollback(err)
	}
	if err := w.f.Sync(); err != nil {
		return w.rollback(err)
	}
	w.size += int64(len(b))
	w.records += len(recs)
	w.failed.Store(nil)
	return nil
}

// rollback cuts a failed append back off the file. It returns the
// append's error; when the cut fails too, the log is broken.
func (w *wal) rollback(cause error) error {
	err := fmt.Errorf("embedded store: writing %s: %w: %w", w.path, store.ErrNotWritable, cause)
	if cerr := w.cutBack(); cerr != nil {
		w.breaks(fmt.Errorf("embedded store: %s may end in a partial record (%w); writes wait until it can be cut back: %v",
			w.path, store.ErrNotWritable, cerr))
		return err
	}
	w.failed.Store(&writeFailure{err: err})
	return err
}

// breaks marks the log broken with err (which wraps store.ErrNotWritable).
func (w *wal) breaks(err error) {
	w.broken = err
	w.failed.Store(&writeFailure{err: err, broken: true})
}

// cutBack truncates the file to its complete records and makes that, and
// the file's name in its directory, durable.
func (w *wal) cutBack() error {
	if err := w.f.Truncate(w.size); err != nil {
		return err
	}
	if err := w.f.Sync(); err != nil {
		return err
	}
	return syncDir(filepath.Dir(w.path))
}

// repair brings a broken log back to its last complete record (see
// cutBack) and clears broken; it returns broken while that fails. It does
// nothing to a log that is not broken. The caller holds the store's write
// lock.
func (w *wal) repair() error {
	if w.broken == nil {
		return nil
	}
	if err := w.cutBack(); err != nil {
		return w.broken
	}
	w.broken = nil
	return nil
}

// compact rewrites the log as one put record per live article, followed by
// the records of tail (the feed's, which do not count as records): written
// to a temporary file, synced, renamed over the log, and the directory
// synced. On failure the old log stays in place and in use.
func (w *wal) compact(live iter.Seq[*store.ArticleGraph], n int, tail []logRecord) error {
	if err := w.repair(); err != nil {
		return err
	}
	dir := filepath.Dir(w.path)
	tmp := filepath.Join(dir, compactFile)
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("embedded store: compacting: %w", err)
	}
	size, err := writeSnapshot(f, live, tail)
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = os.Rename(tmp, w.path)
	}
	if err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("embedded store: compacting %s: %w", w.path, err)
	}
	// The new file is the log now, whatever happens next: switch to it.
	old := w.f
	w.f, w.size, w.records = f, size, n
	old.Close()
	if err := syncDir(dir); err != nil {
		// Until the rename is durable, appends to the new file could be
		// lost in a crash: take none until the directory is synced.
		w.breaks(fmt.Errorf("embedded store: compacting %s: %w: the rename of the log is not durable yet: %v", w.path, store.ErrNotWritable, err))
		return w.broken
	}
	return nil
}

func writeSnapshot(f *os.File, live iter.Seq[*store.ArticleGraph], tail []logRecord) (int64, error) {
	bw := bufio.NewWriterSize(f, 1<<20)
	size := int64(len(fileHeader))
	if _, err := bw.WriteString(fileHeader); err != nil {
		return 0, err
	}
	write := func(rec logRecord) error {
		b, err := frame(rec)
		if err != nil {
			return err
		}
		if _, err := bw.Write(b); err != nil {
			return err
		}
		size += int64(len(b))
		return nil
	}
	for g := range live {
		if err := write(logRecord{Op: opPut, Article: g}); err != nil {
			return 0, err
		}
	}
	for _, rec := range tail {
		if err := write(rec); err != nil {
			return 0, err
		}
	}
	return size, bw.Flush()
}

func (w *wal) close() error {
	return w.f.Close()
}

// syncDir makes a directory's entries (a new or renamed file) durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("embedded store: syncing %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("embedded store: syncing %s: %w", dir, err)
	}
	return nil
}
