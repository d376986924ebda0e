package embedded

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/store"
	"newsgraph/store/storetest"
)

// decodeFast gives what encoding/json gives (decodeRecordJSON), nil and
// empty lists alike, for every record it decodes, and gives up on what it
// does not handle: the committed v1 log, records of the fixtures as this
// code writes them, and payloads written by hand.
func TestDecodeFastAgrees(t *testing.T) {
	var payloads []string
	f, err := os.Open("testdata/v1/graph.log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	if _, err := r.ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	for {
		payload, reason, err := readFrame(r)
		if err != nil || reason != "" {
			break
		}
		payloads = append(payloads, string(payload))
	}
	if len(payloads) == 0 {
		t.Fatal("no record read from the v1 log")
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
	fast := len(payloads)

	// Handled by hand: whitespace, escapes, nulls, an empty list of
	// aliases, numbers of every form a float may take.
	ent := `{"ID":"actor:x","Type":"Actor","Name":"X","Aliases":[],"Latitude":-0,"Longitude":1.5e2,"Articles":null}`
	rel := `{"Relation":{"ID":"relation:1","Type":"MET","Source":"actor:x","Target":"actor:x","Qualifiers":{"Quantity":null,"Item":null},"Evidence":[{"Article":"article:a","Quote":"q \"\\\/\b\f\n\r\t\u00e9\u003c\ud83d\ude00 é","Start":0,"End":-1}]}}`
	handled := []string{
		` { "v" : 2 , "op" : "put" , "article" : { "Article" : { "ID" : "article:a" , "Hash" : "h" } } } `,
		`{"v":2,"op":"put","article":{"Article":{"ID":"article:a","Text":null},"Entities":[{"Entity":` + ent + `,"Mentions":null}],"Relations":[` + rel + `]}}`,
		`{"v":2,"op":"put","article":{"Article":{"ID":"article:a"},"Entities":[],"Relations":null}}`,
		`{"op":"delete","id":"article:a","article":null}`,
		`{"v":1,"op":"put","article":{"Article":{"ID":"a"},"Entities":[{"Entity":{"ID":"e","Aliases":["a",null],"Codes":[{"Scheme":"CAMEO","Value":"RUS"}],"Round":3}}]}}`,
	}
	// Left to encoding/json: unknown fields, other letter cases, repeated
	// fields, what is not an integer, bad strings, a newer version,
	// trailing data, broken JSON.
	given := []string{
		`{"v":2,"op":"put","extra":1}`,
		`{"V":2,"op":"put"}`,
		`{"v":2,"op":"put","op":"delete"}`,
		`{"v":2.0,"op":"put"}`,
		`{"v":2,"op":"put","article":{"Article":{"ID":"a"},"Entities":[{"Entity":{"ID":"e","Round":1e1}}]}}`,
		`{"v":2,"op":"put","article":{"Article":{"ID":"a"},"Entities":[{"Entity":{"ID":"e","Articles":[]}}]}}`,
		`{"v":2,"op":"p` + "\xff" + `ut"}`,
		`{"v":2,"op":"\ud800"}`,
		`{"v":2,"op":"put` + "\n" + `"}`,
		`{"v":3,"op":"put"}`,
		`{"v":2,"op":"put"} {}`,
		`{"v":2,"op":"put"`,
		`{"v":02,"op":"put"}`,
		`{"v":2,"op":"put","article":{"Article":{"ID":"a"},"Entities":[null]}}`,
	}
	payloads = append(append(payloads, handled...), given...)
	for i, p := range payloads {
		got, ok := decodeFast([]byte(p))
		want, err := decodeRecordJSON([]byte(p))
		short := p[:min(len(p), 120)]
		switch {
		case i < fast+len(handled) && !ok:
			t.Errorf("payload %d (%s): decodeFast gave up", i, short)
		case i >= fast+len(handled) && ok:
			t.Errorf("payload %d (%s): decodeFast decoded what it should leave to encoding/json", i, short)
		case ok && err != nil:
			t.Errorf("payload %d (%s): decodeFast decoded what encoding/json refuses: %v", i, short, err)
		case ok:
			if d := cmp.Diff(want, got, cmp.AllowUnexported(logRecord{})); d != "" {
				t.Errorf("payload %d (%s): decodeFast differs from encoding/json (-json +fast):\n%s", i, short, d)
			}
		}
		if strings.Contains(p, `"v":3`) {
			if _, err := decodeRecord([]byte(p)); err == nil || !strings.Contains(err.Error(), "version 3") {
				t.Errorf("a version 3 record: %v, want the version's error", err)
			}
		}
	}
}
