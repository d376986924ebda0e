package server

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/go-cmp/cmp"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// TestWriteResponseAsEncoded checks that writeResponse writes a response
// byte for byte as the JSON encoder does, data alone (which it writes
// without the encoder) or not.
func TestWriteResponseAsEncoded(t *testing.T) {
	hasNext := true
	tests := []struct {
		name string
		resp *graphql.Response
	}{
		{"data", &graphql.Response{Data: json.RawMessage(`{"actors":{"nodes":[{"id":"actor:a","name":"<A & B>"}]}}`)}},
		{"null data", &graphql.Response{}},
		{"errors", &graphql.Response{Data: json.RawMessage(`{"a":null}`), Errors: gqlerror.List{{Message: "no"}}}},
		{"extensions", &graphql.Response{Data: json.RawMessage(`{}`), Extensions: map[string]any{"cost": 3}}},
		{"incremental", &graphql.Response{Data: json.RawMessage(`{}`), HasNext: &hasNext}},
	}
	for _, tt := range tests {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(tt.resp); err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		writeResponse(rec, "application/json", 200, tt.resp)
		if diff := cmp.Diff(want.String(), rec.Body.String()); diff != "" {
			t.Errorf("%s: body (-encoder +written):\n%s", tt.name, diff)
		}
	}
}
