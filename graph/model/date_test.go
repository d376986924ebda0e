package model

import (
	"bytes"
	"encoding/json"
	"testing"

	"newsgraph/graph/apierr"
)

func TestUnmarshalDate(t *testing.T) {
	for _, tc := range []struct {
		in    any
		valid bool
	}{
		{"2025-06-03", true},
		{"2024-02-29", true},
		{"0001-01-01", true},
		{"2025-02-29", false},
		{"2025-13-01", false},
		{"2025-6-3", false},
		{"2025-06-03T00:00:00Z", false},
		{" 2025-06-03", false},
		{"", false},
		{20250603, false},
		{json.Number("20250603"), false},
		{nil, false},
		{true, false},
		{[]any{"2025-06-03"}, false},
	} {
		got, err := UnmarshalDate(tc.in)
		switch {
		case tc.valid && (err != nil || got != tc.in):
			t.Errorf("UnmarshalDate(%#v) = %q, %v; want it back", tc.in, got, err)
		case !tc.valid && err == nil:
			t.Errorf("UnmarshalDate(%#v) = %q, want an error", tc.in, got)
		case !tc.valid && apierr.Code(err) != apierr.BadUserInput:
			t.Errorf("UnmarshalDate(%#v): error %v has code %q, want BAD_USER_INPUT", tc.in, err, apierr.Code(err))
		}
	}
}

func TestMarshalDate(t *testing.T) {
	var b bytes.Buffer
	MarshalDate("2025-06-03").MarshalGQL(&b)
	if b.String() != `"2025-06-03"` {
		t.Errorf("MarshalDate = %s", b.String())
	}
}
