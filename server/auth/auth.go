// Package auth decides who may read and write through the API: bearer
// tokens, compared in constant time, and the policy that says which
// operations need one.
//
// Tokens are kept as SHA-256 digests and every check compares the digest of
// the presented token with every configured digest using
// crypto/subtle.ConstantTimeCompare, so neither the content nor the length
// of a token leaks through timing.
//
// Where tokens come from (a file, an environment variable) is the command's
// business; ReadTokenFile and SplitTokenList parse the two forms the CLI
// accepts.
package auth

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Tokens is a set of API tokens. The zero value and nil hold none.
type Tokens struct {
	digests [][sha256.Size]byte
}

// NewTokens returns the set of the given tokens. Surrounding spaces are
// trimmed; an empty token is an error (it would match an empty header).
func NewTokens(tokens []string) (*Tokens, error) {
	t := &Tokens{}
	for i, tok := range tokens {
		tok = strings.TrimSpace(tok)
		if tok == "" {
			return nil, fmt.Errorf("auth: token %d is empty", i+1)
		}
		if strings.ContainsAny(tok, " \t\r\n") {
			return nil, fmt.Errorf("auth: token %d contains white space", i+1)
		}
		t.digests = append(t.digests, sha256.Sum256([]byte(tok)))
	}
	return t, nil
}

// Len is how many tokens the set holds.
func (t *Tokens) Len() int {
	if t == nil {
		return 0
	}
	return len(t.digests)
}

// Valid reports whether token is one of the set. It takes the same time
// whatever the token and whichever entry it matches: it compares digests,
// and compares with every entry.
func (t *Tokens) Valid(token string) bool {
	if t == nil || token == "" {
		return false
	}
	d := sha256.Sum256([]byte(token))
	match := 0
	for i := range t.digests {
		match |= subtle.ConstantTimeCompare(d[:], t.digests[i][:])
	}
	return match == 1
}

// BearerToken returns the token of an Authorization header value
// ("Bearer <token>", the scheme case-insensitive), and whether the value
// had that form.
func BearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// ReadTokenFile reads tokens from a file: one per line; blank lines and
// lines starting with # are skipped, and so is anything after a " #".
func ReadTokenFile(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read API token file: %w", err)
	}
	var tokens []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.ContainsAny(line, " \t") {
			return nil, fmt.Errorf("%s:%d: a token may not contain spaces", path, n)
		}
		tokens = append(tokens, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read API token file %s: %w", path, err)
	}
	if len(tokens) == 0 {
		return nil, fmt.Errorf("%s: no tokens (one per line; # starts a comment)", path)
	}
	return tokens, nil
}

// SplitTokenList splits a comma-separated list of tokens (the form of
// NEWSGRAPH_API_TOKENS), dropping empty entries.
func SplitTokenList(list string) []string {
	var tokens []string
	for _, tok := range strings.Split(list, ",") {
		if tok = strings.TrimSpace(tok); tok != "" {
			tokens = append(tokens, tok)
		}
	}
	return tokens
}

// Credential is what a request presented.
type Credential int

// The credentials a request may present.
const (
	// Anonymous: no bearer token (no Authorization header, or one of
	// another scheme, which is not the API's business).
	Anonymous Credential = iota
	// Valid: a bearer token of the set.
	Valid
	// Invalid: a bearer token that is not of the set. It is refused even
	// for operations that need none: the client meant to authenticate.
	Invalid
)

// Policy says which operations need a token.
type Policy struct {
	// Tokens are the accepted tokens. Without any, writes are disabled.
	Tokens *Tokens
	// ReadRequired makes queries and subscriptions need a token too.
	ReadRequired bool
}

// Check classifies an Authorization header value ("" when there is none).
// Without configured tokens every request is Anonymous: there is nothing a
// token could be checked against.
func (p *Policy) Check(header string) Credential {
	token, ok := BearerToken(header)
	switch {
	case !ok || p == nil || p.Tokens.Len() == 0:
		return Anonymous
	case p.Tokens.Valid(token):
		return Valid
	}
	return Invalid
}

// Errors of Authorize; every one means the operation must not run.
var (
	// ErrWritesDisabled: no token is configured, so nothing may write.
	ErrWritesDisabled = errors.New("writes are not enabled on this server: it was started without API tokens (--api-token-file or NEWSGRAPH_API_TOKENS)")
	// ErrTokenRequired: the operation needs a token and none was sent.
	ErrTokenRequired = errors.New("this operation needs an API token: send the header Authorization: Bearer <token>")
	// ErrInvalidToken: the token sent is not one of the server's.
	ErrInvalidToken = errors.New("invalid API token")
)

// Authorize says whether an operation may run with a credential: write is
// true for mutations. A nil policy allows reads and refuses writes.
func (p *Policy) Authorize(c Credential, write bool) error {
	switch {
	case c == Invalid:
		return ErrInvalidToken
	case write && (p == nil || p.Tokens.Len() == 0):
		return ErrWritesDisabled
	case c == Valid:
		return nil
	case write || (p != nil && p.ReadRequired):
		return ErrTokenRequired
	}
	return nil
}
