package apierr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"newsgraph/store"
)

func TestPresenter(t *testing.T) {
	secret := "password=hunter2"
	validation := gqlerror.Errorf("Cannot query field %q", "nope")
	validation.Extensions = map[string]any{"code": "GRAPHQL_VALIDATION_FAILED"}
	withPath := gqlerror.Errorf("the requested element is null which the schema does not allow")
	withPath.Path = ast.Path{ast.PathName("actors")}
	for _, tc := range []struct {
		name    string
		err     error
		code    string
		message string
		logged  bool
	}{
		{"ours", BadInput("first: must be between 0 and 100, got %d", 1000), BadUserInput, "first: must be between 0 and 100, got 1000", false},
		{"ours, wrapped", fmt.Errorf("context: %w", New(NotFound, "entity %q not found", "actor:x")), NotFound, `entity "actor:x" not found`, false},
		{"ours, on an input path", graphql.ErrorOnPath(context.Background(), BadInput("invalid Date")), BadUserInput, "invalid Date", false},
		{"gqlgen validation", validation, "GRAPHQL_VALIDATION_FAILED", `Cannot query field "nope"`, false},
		{"gqlgen request error", gqlerror.Errorf("json request body could not be decoded"), BadUserInput, "json request body could not be decoded", false},
		{"gqlgen execution error", withPath, Internal, "the requested element is null", false},
		{"store invalid", fmt.Errorf("%w: malformed cursor %q", store.ErrInvalid, "x"), BadUserInput, `invalid request: malformed cursor "x"`, false},
		{"store invalid on a path", gqlerror.WrapPath(ast.Path{ast.PathName("actors")}, fmt.Errorf("%w: bad", store.ErrInvalid)), BadUserInput, "invalid request: bad", false},
		{"store unavailable", fmt.Errorf("%w: %s", store.ErrUnavailable, secret), Unavailable, unavailableMessage, true},
		{"store call timeout", fmt.Errorf("list entities at %s: %w", secret, context.DeadlineExceeded), Timeout, storeTimeoutMessage, true},
		{"store call timeout reported as unavailable", fmt.Errorf("%w: %w", store.ErrUnavailable, context.DeadlineExceeded), Timeout, storeTimeoutMessage, false},
		{"client went away", fmt.Errorf("%w: list entities at %s: %w", store.ErrUnavailable, secret, context.Canceled), Canceled, canceledMessage, false},
		{"anything else", errors.New(secret), Internal, internalMessage, true},
		{"anything else on a path", gqlerror.WrapPath(ast.Path{ast.PathName("x")}, errors.New(secret)), Internal, internalMessage, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			present := Presenter(slog.New(slog.NewTextHandler(&logs, nil)))
			got := present(context.Background(), tc.err)
			if got.Extensions["code"] != tc.code || !strings.Contains(got.Message, tc.message) {
				t.Errorf("presented %q (code %v), want code %s and a message with %q", got.Message, got.Extensions["code"], tc.code, tc.message)
			}
			if strings.Contains(got.Message, secret) {
				t.Errorf("message leaks the cause: %q", got.Message)
			}
			if tc.logged != strings.Contains(logs.String(), secret) {
				t.Errorf("logged %q; want the cause logged: %v", logs.String(), tc.logged)
			}
		})
	}
}

// TestPresenterTimeouts checks that a deadline error is the request's
// timeout when the request's own time is up, and a store call's
// otherwise; both are TIMEOUT, each with its message.
func TestPresenterTimeouts(t *testing.T) {
	present := Presenter(slog.New(slog.DiscardHandler))
	expired, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	for _, tc := range []struct {
		name    string
		ctx     context.Context
		err     error
		message string
	}{
		{"the request's time is up", expired, fmt.Errorf("%w: %w", store.ErrUnavailable, context.DeadlineExceeded), timeoutMessage},
		{"a store call's time is up", context.Background(), fmt.Errorf("%w: %w", store.ErrUnavailable, context.DeadlineExceeded), storeTimeoutMessage},
	} {
		got := present(tc.ctx, tc.err)
		if got.Extensions["code"] != Timeout || got.Message != tc.message {
			t.Errorf("%s: presented %q (code %v), want %s with %q", tc.name, got.Message, got.Extensions["code"], Timeout, tc.message)
		}
	}
}

// TestPresenterAfterCancel checks that once the client has gone away, the
// errors of the fields still running (whatever they wrap) are neither
// logged nor internal errors.
func TestPresenterAfterCancel(t *testing.T) {
	var logs bytes.Buffer
	present := Presenter(slog.New(slog.NewTextHandler(&logs, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, err := range []error{errors.New("connection reset"), fmt.Errorf("%w: gone", store.ErrUnavailable)} {
		if got := present(ctx, err); got.Extensions["code"] != Canceled {
			t.Errorf("%v after the client went away: code %v, want %s", err, got.Extensions["code"], Canceled)
		}
	}
	if logs.Len() > 0 {
		t.Errorf("logged after the client went away: %s", logs.String())
	}
}

func TestRecover(t *testing.T) {
	var logs bytes.Buffer
	err := Recover(slog.New(slog.NewTextHandler(&logs, nil)))(context.Background(), "index out of range")
	if Code(err) != Internal || strings.Contains(err.Error(), "index out of range") {
		t.Errorf("recovered %v (code %s), want a generic INTERNAL_SERVER_ERROR", err, Code(err))
	}
	if !strings.Contains(logs.String(), "index out of range") || !strings.Contains(logs.String(), "stack") {
		t.Errorf("the panic was not logged with its stack: %s", logs.String())
	}
}

func TestCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errors.New("x"), ""},
		{gqlerror.Errorf("x"), ""},
		{BadInput("x"), BadUserInput},
		{fmt.Errorf("wrapped: %w", New(Unavailable, "x")), Unavailable},
	} {
		if got := Code(tc.err); got != tc.want {
			t.Errorf("Code(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

func TestStripSuggestion(t *testing.T) {
	for in, want := range map[string]string{
		`Cannot query field "actorz" on type "Query". Did you mean "actors"?`:     `Cannot query field "actorz" on type "Query".`,
		`Unknown argument "frist" on field "Query.actors". Did you mean "first"?`: `Unknown argument "frist" on field "Query.actors".`,
		`Cannot query field "x" on type "Query".`:                                 `Cannot query field "x" on type "Query".`,
	} {
		if got := StripSuggestion(in); got != want {
			t.Errorf("StripSuggestion(%q) = %q, want %q", in, got, want)
		}
	}
}
