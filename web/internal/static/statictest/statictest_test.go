package statictest

import (
	"strings"
	"testing"
)

// The pattern catches what it is meant to, and not what loads nothing.
func TestLoadsFromElsewhere(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{`<script SRC="https://cdn.example/x.js">`, true},
		{`url(//fonts.example/f.woff2)`, true},
		{`@import "https://x/y.css"`, true},
		{`fetch("http://x/")`, true},
		{`new WebSocket("wss://x/")`, true},
		{`importScripts('https://x/w.js')`, true},
		{`<script src="/explore/app.js">`, false},
		{`fetch(endpoint, {method: "POST"})`, false},
		{`"see https://js.cytoscape.org"`, false},
	}
	for _, tt := range tests {
		if got := loadsFromElsewhere.MatchString(strings.ToLower(tt.text)); got != tt.want {
			t.Errorf("%s: matched %v, want %v", tt.text, got, tt.want)
		}
	}
}
