package embedded

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/store"
	"newsgraph/store/storetest"
)

// decodeRecordJSON is decodeRecord with encoding/json, the reference the
// tests and benchmarks compare it to.
func decodeRecordJSON(payload []byte) (logRecord, error) {
	var d diskRecord
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return logRecord{}, err
	}
	if d.Version > logFormatVersion || d.Version < 0 {
		return logRecord{}, errNewerVersion
	}
	return d.record(), nil
}

var errNewerVersion = errors.New("a newer version")

// logPayloads returns the payloads of the records of the log at path, as
// a replay reads them.
func logPayloads(tb testing.TB, path string) [][]byte {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	if _, err := r.ReadString('\n'); err != nil {
		tb.Fatal(err)
	}
	var payloads [][]byte
	for {
		payload, reason, err := readFrame(r)
		if err != nil || reason != "" {
			break
		}
		payloads = append(payloads, payload)
	}
	if len(payloads) == 0 {
		tb.Fatalf("no record read from %s", path)
	}
	return payloads
}

// decodeRecord gives what encoding/json gives, nil and empty lists alike,
// and refuses what encoding/json refuses: the committed v1 log, records of
// the fixtures as this code writes them, and payloads written by hand.
func TestDecodeRecordAgrees(t *testing.T) {
	var payloads []string
	for _, p := range logPayloads(t, "testdata/v1/graph.log") {
		payloads = append(payloads, string(p))
	}
	recs := []logRecord{{Op: opDelete, ID: "article:gone", Seq: 7, At: 1733000000000},
		{Op: opPosition, Seq: 9}, {Op: opChange, Seq: 8, At: 1, Kind: store.ChangeDeleted, ID: "article:x"}}
	for _, g := range append(storetest.Ukraine(), storetest.Chain(3), storetest.Star(4)) {
		n, err := normalize(g)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, logRecord{Op: opPut, Article: n, Seq: 3, At: 1733000000000})
	}
	for _, rec := range recs {
		b, err := encodeRecord(rec)
		if err != nil {
			t.Fatal(err)
		}
		payloads = append(payloads, string(b))
	}
	written := len(payloads)

	// Whitespace, escapes, nulls, an empty list of aliases, numbers of
	// every form a float may take, other letter cases, repeated fields.
	ent := `{"ID":"actor:x","Type":"Actor","Name":"X","Aliases":[],"Latitude":-0,"Longitude":1.5e2,"Articles":null}`
	rel := `{"Relation":{"ID":"relation:1","Type":"MET","Source":"actor:x","Target":"actor:x","Qualifiers":{"Quantity":null,"Item":null},"Evidence":[{"Article":"article:a","Quote":"q \"\\\/\b\f\n\r\t\u00e9\u003c\ud83d\ude00 é","Start":0,"End":-1}]}}`
	decoded := []string{
		` { "v" : 2 , "op" : "put" , "article" : { "Article" : { "ID" : "article:a" , "Hash" : "h" } } } `,
		`{"v":2,"op":"put","article":{"Article":{"ID":"article:a","Text":null},"Entities":[{"Entity":` + ent + `,"Mentions":null}],"Relations":[` + rel + `]}}`,
		`{"v":2,"op":"put","article":{"Article":{"ID":"article:a"},"Entities":[],"Relations":null}}`,
		`{"op":"delete","id":"article:a","article":null}`,
		`{"v":1,"op":"put","article":{"Article":{"ID":"a"},"Entities":[{"Entity":{"ID":"e","Aliases":["a",null],"Codes":[{"Scheme":"CAMEO","Value":"RUS"}],"Round":3}}]}}`,
		`{"V":2,"op":"put"}`,
		`{"v":2,"op":"put","op":"delete"}`,
		`{"v":2,"op":"put","article":{"Article":{"ID":"a"},"Entities":[null]}}`,
		`{"v":2,"op":"p` + "\xff" + `ut"}`,
		`{"v":2,"op":"\ud800"}`,
		`{"v":2,"op":"put"} {}`,
		`{"v":2,"op":"put","article":{"Article":{"ID":"a"},"Entities":[{"Entity":{"ID":"e","Articles":[]}}]}}`,
	}
	// Refused: unknown fields, what is not an integer, a newer version,
	// broken JSON.
	refused := []string{
		`{"v":2,"op":"put","extra":1}`,
		`{"v":2,"op":"put","article":{"Article":{"ID":"a","Extra":""}}}`,
		`{"v":2.0,"op":"put"}`,
		`{"v":2,"op":"put","article":{"Article":{"ID":"a"},"Entities":[{"Entity":{"ID":"e","Round":1e1}}]}}`,
		`{"v":3,"op":"put"}`,
		`{"v":-1,"op":"put"}`,
		`{"v":2,"op":"put"`,
		`{"v":02,"op":"put"}`,
		`{"v":"2","op":"put"}`,
		`[]`,
		``,
	}
	payloads = append(append(payloads, decoded...), refused...)
	for i, p := range payloads {
		got, err := decodeRecord([]byte(p))
		want, jerr := decodeRecordJSON([]byte(p))
		short := p[:min(len(p), 120)]
		switch {
		case i < written+len(decoded) && (err != nil || jerr != nil):
			t.Errorf("payload %d (%s): refused: %v; encoding/json: %v", i, short, err, jerr)
		case i >= written+len(decoded) && (err == nil || jerr == nil):
			t.Errorf("payload %d (%s): decoded; want an error (encoding/json: %v, decodeRecord: %v)", i, short, jerr, err)
		case err == nil:
			if d := cmp.Diff(want, got, cmp.AllowUnexported(logRecord{})); d != "" {
				t.Errorf("payload %d (%s): differs from encoding/json (-json +decodeRecord):\n%s", i, short, d)
			}
		}
		if strings.Contains(p, `"v":3`) && (err == nil || !strings.Contains(err.Error(), "version 3")) {
			t.Errorf("a version 3 record: %v, want the version's error", err)
		}
	}
}

// The one difference from encoding/json the tests know of: a control
// character written raw in a string is taken as it is, where encoding/json
// refuses it. The log never holds one: json.Marshal escapes them, and a
// record is checksummed.
func TestDecodeRecordRawControlCharacter(t *testing.T) {
	p := []byte(`{"v":2,"op":"put` + "\n" + `"}`)
	if _, err := decodeRecordJSON(p); err == nil {
		t.Errorf("encoding/json decoded %q", p)
	}
	got, err := decodeRecord(p)
	if err != nil {
		t.Fatal(err)
	}
	if got.Op != "put\n" {
		t.Errorf("op = %q, want %q", got.Op, "put\n")
	}
}
