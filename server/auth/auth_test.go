package auth

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustTokens(t *testing.T, tokens ...string) *Tokens {
	t.Helper()
	set, err := NewTokens(tokens)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestTokensValid(t *testing.T) {
	set := mustTokens(t, "alpha", " beta ")
	for _, tc := range []struct {
		token string
		want  bool
	}{
		{"alpha", true},
		{"beta", true}, // configured with spaces around it
		{"Alpha", false},
		{"alph", false},
		{"alphaa", false},
		{"", false},
		{" alpha", false},
	} {
		if got := set.Valid(tc.token); got != tc.want {
			t.Errorf("Valid(%q) = %v, want %v", tc.token, got, tc.want)
		}
	}
	var none *Tokens
	if none.Valid("alpha") || none.Len() != 0 {
		t.Error("a nil set accepts a token")
	}
}

func TestNewTokensRefusesBlankTokens(t *testing.T) {
	for _, tokens := range [][]string{{""}, {"ok", "  "}, {"two words"}} {
		if _, err := NewTokens(tokens); err == nil {
			t.Errorf("NewTokens(%q) succeeded", tokens)
		}
	}
}

func TestBearerToken(t *testing.T) {
	for _, tc := range []struct {
		header string
		token  string
		ok     bool
	}{
		{"Bearer abc", "abc", true},
		{"bearer abc", "abc", true},
		{"  Bearer   abc  ", "abc", true},
		{"Bearer", "", false},
		{"Bearer ", "", false},
		{"Basic dXNlcjpwYXNz", "", false},
		{"abc", "", false},
		{"", "", false},
	} {
		token, ok := BearerToken(tc.header)
		if token != tc.token || ok != tc.ok {
			t.Errorf("BearerToken(%q) = %q, %v; want %q, %v", tc.header, token, ok, tc.token, tc.ok)
		}
	}
}

func TestReadTokenFile(t *testing.T) {
	got, err := ReadTokenFile(filepath.Join("testdata", "tokens.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"alpha-7f3c9e", "beta-0d41aa"}, got); diff != "" {
		t.Errorf("tokens (-want +got):\n%s", diff)
	}
	if _, err := ReadTokenFile(filepath.Join("testdata", "empty.txt")); err == nil {
		t.Error("a file without tokens was accepted")
	}
	if _, err := ReadTokenFile(filepath.Join("testdata", "missing.txt")); err == nil {
		t.Error("a missing file was accepted")
	}
}

func TestSplitTokenList(t *testing.T) {
	got := SplitTokenList(" alpha, beta,,gamma ,")
	if diff := cmp.Diff([]string{"alpha", "beta", "gamma"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := SplitTokenList(""); len(got) != 0 {
		t.Errorf("SplitTokenList(\"\") = %q", got)
	}
}

func TestPolicy(t *testing.T) {
	tokens := mustTokens(t, "secret")
	open := &Policy{Tokens: tokens}
	closed := &Policy{Tokens: tokens, ReadRequired: true}
	noTokens := &Policy{}
	for _, tc := range []struct {
		name   string
		policy *Policy
		header string
		write  bool
		want   error
	}{
		{"public read", open, "", false, nil},
		{"public read, other scheme", open, "Basic dXNlcjpwYXNz", false, nil},
		{"read with the token", open, "Bearer secret", false, nil},
		{"read with a wrong token", open, "Bearer guess", false, ErrInvalidToken},
		{"write without a token", open, "", true, ErrTokenRequired},
		{"write with a wrong token", open, "Bearer guess", true, ErrInvalidToken},
		{"write with the token", open, "Bearer secret", true, nil},
		{"private read without a token", closed, "", false, ErrTokenRequired},
		{"private read with the token", closed, "Bearer secret", false, nil},
		{"write, no tokens configured", noTokens, "Bearer secret", true, ErrWritesDisabled},
		{"read with a token, no tokens configured", noTokens, "Bearer secret", false, nil},
		{"write without a token, no tokens configured", noTokens, "", true, ErrWritesDisabled},
		{"read, no tokens configured", noTokens, "", false, nil},
		{"write, nil policy", nil, "", true, ErrWritesDisabled},
		{"read, nil policy", nil, "", false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.policy.Authorize(tc.policy.Check(tc.header), tc.write)
			if !errors.Is(err, tc.want) {
				t.Errorf("Authorize = %v, want %v", err, tc.want)
			}
		})
	}
}
