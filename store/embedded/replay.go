package embedded

import (
	"bufio"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
)

// Opening the store replays its log. Decoding the records (JSON) and
// making the kept form of their articles is most of the work, and each
// record's is its own: readAhead does it for batches of records on every
// processor, while the store applies the batch before, in the order of the
// log.

// replayBatchSize is how many records a batch of readAhead holds.
const replayBatchSize = 256

// replayBatch is a run of records read and decoded, in log order; after
// them, the log ends (the last batch), has a bad record (bad says why), or
// could not be read (err).
type replayBatch struct {
	records []decodedRecord
	bad     string
	err     error
}

// decodedRecord is a record of the log ready to apply, or why it is not
// (err); size is the length of its payload.
type decodedRecord struct {
	rec  logRecord
	err  error
	size int
}

// readAhead reads the records of r in batches, decodes each batch's
// records in parallel (readyRecord) and sends the batches in order, while
// the caller applies the batch before. It stops after the batch that ends
// the log (a bad record, an error, or its end), or when done is closed.
func readAhead(r *bufio.Reader, done <-chan struct{}) <-chan replayBatch {
	out := make(chan replayBatch, 2)
	go func() {
		defer close(out)
		for {
			var b replayBatch
			payloads := make([][]byte, 0, replayBatchSize)
			for len(payloads) < replayBatchSize {
				payload, reason, err := readFrame(r)
				if err == io.EOF {
					break
				}
				if err != nil || reason != "" {
					b.err, b.bad = err, reason
					break
				}
				payloads = append(payloads, payload)
			}
			b.records = decodeAll(payloads)
			last := len(payloads) < replayBatchSize
			select {
			case out <- b:
			case <-done:
				return
			}
			if last {
				return
			}
		}
	}()
	return out
}

// decodeAll decodes payloads on every processor.
func decodeAll(payloads [][]byte) []decodedRecord {
	out := make([]decodedRecord, len(payloads))
	var next atomic.Int64
	work := func() {
		for {
			i := int(next.Add(1) - 1)
			if i >= len(payloads) {
				return
			}
			rec, err := readyRecord(payloads[i])
			out[i] = decodedRecord{rec: rec, err: err, size: len(payloads[i])}
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(payloads)) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	return out
}

// readyRecord decodes a record's payload and, for one that puts an article
// (or keeps a change of the feed), normalizes the article and makes its
// kept form.
func readyRecord(payload []byte) (logRecord, error) {
	rec, err := decodeRecord(payload)
	if err != nil {
		return rec, err
	}
	switch rec.Op {
	case opPut:
		a, err := normalize(rec.Article)
		if err != nil {
			return rec, err
		}
		rec.Article = a
		rec.kept = keepArticle(a)
	case opChange:
		if rec.Article != nil {
			rec.kept = keepArticle(rec.Article)
		}
	}
	return rec, nil
}
