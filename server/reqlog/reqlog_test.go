package reqlog

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestID(t *testing.T) {
	for _, tc := range []struct {
		client string
		kept   bool
	}{
		{"abc-123", true},
		{"trace=7;span=9", true},
		{"", false},
		{"has space", false},
		{"new\nline", false},
		{"ünïcode", false},
		{strings.Repeat("x", 129), false},
		{strings.Repeat("x", 128), true},
	} {
		got := ID(tc.client)
		if kept := got == tc.client; kept != tc.kept {
			t.Errorf("ID(%q) = %q; kept %v, want %v", tc.client, got, kept, tc.kept)
		}
		if got == "" {
			t.Errorf("ID(%q) is empty", tc.client)
		}
	}
	if a, b := NewID(), NewID(); a == b || len(a) != 32 {
		t.Errorf("NewID gave %q and %q", a, b)
	}
}

func TestHandlerAddsTheRequestID(t *testing.T) {
	var buf bytes.Buffer
	logger := NewLogger(slog.New(slog.NewJSONHandler(&buf, nil))).With("component", "test")
	ctx := With(context.Background(), &Request{ID: "req-1"})
	logger.InfoContext(ctx, "inside")
	logger.Info("outside")

	var lines []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not JSON: %q", line)
		}
		delete(m, "time")
		lines = append(lines, m)
	}
	want := []map[string]any{
		{"level": "INFO", "msg": "inside", "component": "test", "request_id": "req-1"},
		{"level": "INFO", "msg": "outside", "component": "test"},
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("log lines (-want +got):\n%s", diff)
	}
	if NewLogger(logger) != logger {
		t.Error("NewLogger wrapped a logger twice")
	}
}

func TestRequestRecord(t *testing.T) {
	var nilReq *Request
	nilReq.SetOperation("x") // a request without a record: no-ops
	nilReq.AddError("X")
	if From(context.Background()) != nil {
		t.Error("From of a bare context is not nil")
	}

	r := &Request{ID: "id"}
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.AddError([]string{"A", "B"}[i%2])
		}()
	}
	wg.Wait()
	r.SetOperation("Op")
	n, codes := r.Errors()
	if n != 10 || len(codes) != 5 || r.Operation() != "Op" {
		t.Errorf("Errors() = %d, %q; Operation() = %q", n, codes, r.Operation())
	}
}
