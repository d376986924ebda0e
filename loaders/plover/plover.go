// Package plover imports PLOVER event records, the format of the Open
// Event Data Alliance's gold-standard records: a JSON array of records, or
// JSON lines with one record a line. Each record codes one event in one
// sentence:
//
//	{"id": "PLOVER-GSR01-REJECT-0002", "date": "2000-01-01",
//	 "source": [{"actorText": "Yemen", "code": "YEM"}],
//	 "target": [{"actorText": "U.S.", "code": "USA"}],
//	 "event": "REJECT", "mode": "", "eventText": "rejected",
//	 "eventLoc": {"name": "Sanaa"},
//	 "text": "Yemen has rejected a U.S. request to ...",
//	 "textInfo": {"markup": "(SRC: Yemen) has (EVT: rejected) a (TAR: U.S.) request ..."}}
//
// and becomes one article "plover-<id>" whose text is the sentence,
// published on the record's date. Actors are found in the sentence by
// their actorText, else through the markup's (SRC: ...), (TAR: ...),
// (SRC/TAR: ...) and (LOC: ...) segments; an actor found nowhere is left
// out (counted). The label mapping (mapping.Default("plover")) gives each
// actor a kind from its code and sector, and each event (or event/mode) a
// relation type, a meeting or an agreement; every source × target pair
// gives one relation, whose evidence is the whole sentence.
//
// The file is read as a stream, one record at a time, so its size is
// bounded only by the disk; one record may be at most 1 MiB. A record
// that cannot be read is reported with where it is ("file.json [record 7]",
// "file.jsonl:12") and why, and reading goes on; JSON that breaks the array
// itself stops the file. The file's own DOCUMENT records are not events:
// they are counted with the next article. A record whose id an earlier
// record of the file has gets the id with "-2" (then "-3", ...), counted.
package plover

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"newsgraph/loaders"
	"newsgraph/loaders/mapping"
)

// Importer reads PLOVER records.
type Importer struct {
	mapping *mapping.Mapping
}

var _ loaders.Importer = (*Importer)(nil)

// New returns a PLOVER importer that applies m, or the default PLOVER
// mapping when m is nil.
func New(m *mapping.Mapping) *Importer {
	if m == nil {
		m = mapping.MustDefault("plover")
	}
	return &Importer{mapping: m}
}

// Name implements loaders.Importer.
func (*Importer) Name() string { return "plover" }

// exts are the extensions PLOVER files come with (the gold-standard
// records are published as .txt).
var exts = map[string]bool{".json": true, ".jsonl": true, ".txt": true}

// Detect implements loaders.Importer: a JSON array or JSON lines whose
// head has keys only PLOVER records have.
func (*Importer) Detect(path string, head []byte) bool {
	if !exts[strings.ToLower(filepath.Ext(path))] {
		return false
	}
	h := bytes.TrimSpace(head)
	if len(h) == 0 || (h[0] != '[' && h[0] != '{') {
		return false
	}
	return bytes.Contains(h, []byte(`"eventText"`)) || bytes.Contains(h, []byte(`"textInfo"`)) ||
		(bytes.Contains(h, []byte(`"actorText"`)) && bytes.Contains(h, []byte(`"event"`)))
}

// maxRecord bounds one record: a record is one sentence and its coding, a
// few kilobytes.
const maxRecord = 1 << 20

// Import implements loaders.Importer.
func (imp *Importer) Import(path string, r io.Reader, emit func(loaders.Result) error) error {
	br := bufio.NewReader(r)
	first, err := firstByte(br)
	if err != nil {
		return err
	}
	e := &emitter{emit: emit}
	switch first {
	case '[':
		err = imp.array(path, br, e)
	case '{':
		err = imp.lines(path, br, e)
	default:
		return fmt.Errorf("plover: want a JSON array of records or JSON lines, but the file starts with %q", first)
	}
	if err != nil {
		return err
	}
	return e.flush(path)
}

// firstByte peeks at the first byte that is not white space or a UTF-8
// byte-order mark.
func firstByte(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.Peek(1)
		if err == io.EOF {
			return 0, errors.New("plover: the file is empty")
		}
		if err != nil {
			return 0, err
		}
		switch {
		case b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r':
			br.Discard(1)
		case b[0] == 0xEF:
			bom, _ := br.Peek(3)
			if !bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
				return b[0], nil
			}
			br.Discard(3)
		default:
			return b[0], nil
		}
	}
}

// array streams the records of a JSON array.
func (imp *Importer) array(path string, r io.Reader, e *emitter) error {
	limited := &mapping.LimitedReader{R: r, Max: maxRecord, What: "a record"}
	dec := json.NewDecoder(limited)
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("plover: %w", err)
	}
	n := 0
	for dec.More() {
		n++
		limited.Reset()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("plover: [record %d]: %s", n, jsonError(err))
		}
		loc := fmt.Sprintf("%s [record %d]", path, n)
		if err := e.record(imp.mapping, loc, raw); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("plover: after record %d: %s", n, jsonError(err))
	}
	return nil
}

// jsonError explains a decoding error, naming a file cut short.
func jsonError(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "the file ends in the middle of the JSON array: is it truncated?"
	}
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return fmt.Sprintf("invalid JSON at byte %d: %v", syntax.Offset, err)
	}
	return err.Error()
}

// lines reads JSON lines, one record a line; blank lines are skipped.
func (imp *Importer) lines(path string, r io.Reader, e *emitter) error {
	lr := mapping.NewLineReader(r, maxRecord)
	for {
		line, _, err := lr.Next()
		if err == io.EOF {
			return nil
		}
		loc := fmt.Sprintf("%s:%d", path, lr.Line())
		var tooLong *mapping.LineTooLongError
		if errors.As(err, &tooLong) {
			if err := e.send(loaders.Result{Loc: loc, Err: fmt.Errorf("the record is longer than %s: not read", mapping.ByteSize(maxRecord))}); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("plover: %w", err)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if err := e.record(imp.mapping, loc, line); err != nil {
			return err
		}
	}
}

// emitter emits the articles of a file, carrying the counts of records
// that make no article (DOCUMENT records) to the next article.
type emitter struct {
	emit    func(loaders.Result) error
	pending map[string]int
	// ids holds the record ids seen so far: a repeated id (the
	// gold-standard file codes two events as COERCE-0004) gets a suffix.
	ids map[string]bool
}

// record converts and emits one record.
func (e *emitter) record(m *mapping.Mapping, loc string, raw []byte) error {
	r, err := decodeRecord(raw)
	if err != nil {
		return e.send(loaders.Result{Loc: loc, Err: err})
	}
	if r.Event == documentEvent {
		e.count("DOCUMENT record (documentation of the file, not an event)", 1)
		return nil
	}
	e.uniqueID(r)
	doc, omitted, err := convert(m, r)
	return e.send(loaders.Result{Loc: loc, Doc: doc, Omitted: omitted, Err: err})
}

// uniqueID renames a record whose id an earlier record of the file has:
// "X" becomes "X-2" (or "X-3", ...), counted.
func (e *emitter) uniqueID(r *record) {
	if e.ids == nil {
		e.ids = map[string]bool{}
	}
	if r.ID == "" {
		return
	}
	id := r.ID
	for n := 2; e.ids[id]; n++ {
		id = fmt.Sprintf("%s-%d", r.ID, n)
	}
	if id != r.ID {
		e.count("record id repeated in the file (a suffix is added)", 1)
		r.ID = id
	}
	e.ids[id] = true
}

func (e *emitter) count(reason string, n int) {
	if e.pending == nil {
		e.pending = map[string]int{}
	}
	e.pending[reason] += n
}

// send emits a result with the pending counts.
func (e *emitter) send(res loaders.Result) error {
	if len(e.pending) > 0 {
		if res.Omitted == nil {
			res.Omitted = map[string]int{}
		}
		for k, v := range e.pending {
			res.Omitted[k] += v
		}
		e.pending = nil
	}
	return e.emit(res)
}

// flush reports counts no article followed: a file of DOCUMENT records
// only has nothing to load.
func (e *emitter) flush(path string) error {
	if len(e.pending) == 0 {
		return nil
	}
	return e.send(loaders.Result{Loc: path, Err: errors.New("the file holds no event records (only DOCUMENT records)")})
}
