// Package apierr gives every error the API sends an extensions.code, and
// keeps internal errors' details out of responses.
//
// Resolvers return errors from this package for what they decide themselves
// (bad arguments, a missing node) and the store's errors as they come; the
// error presenter installed by the handler (Presenter) turns store.ErrInvalid
// into BAD_USER_INPUT, store.ErrUnavailable into UNAVAILABLE,
// store.ErrOverloaded into OVERLOADED, store.ErrNotWritable into
// WRITES_UNAVAILABLE, a request that ran out of time
// (context.DeadlineExceeded) into TIMEOUT, and so a store call that ran
// past the store's own time limit while the request still had time, with
// a message of its own; one the client abandoned
// (context.Canceled) into CANCELLED without a log line, and anything else
// into a generic INTERNAL_SERVER_ERROR, logging the real error.
package apierr

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"newsgraph/store"
)

// The codes in extensions.code.
const (
	// BadUserInput: the request's arguments are wrong (a page size out of
	// range, a malformed cursor or date, a filter nested too deep).
	BadUserInput = "BAD_USER_INPUT"
	// NotFound: a non-null field refers to a node that does not exist.
	NotFound = "NOT_FOUND"
	// Unavailable: the store cannot answer now; the request may succeed
	// later.
	Unavailable = "UNAVAILABLE"
	// Overloaded: the server, or the store behind it, is at its bound of
	// concurrent work; nothing ran (or the rest did not). Over HTTP the
	// status is 503 with Retry-After. Try again shortly.
	Overloaded = "OVERLOADED"
	// StoreBudgetExceeded: the request spent its budget of store time
	// (the summed time of its store calls) and its remaining fields were
	// not resolved. Ask for less.
	StoreBudgetExceeded = "STORE_BUDGET_EXCEEDED"
	// WritesUnavailable: the store cannot write now (its log cannot be
	// written: a full disk, a failed device); reads still work. Nothing
	// was written.
	WritesUnavailable = "WRITES_UNAVAILABLE"
	// ConsistencyTimeout: the write of the request's consistency token
	// (the Newsgraph-Consistency-Token header) is not visible to the store
	// after a bounded wait, or is a write of another store. Try again, or
	// without the token.
	ConsistencyTimeout = "CONSISTENCY_TIMEOUT"
	// CursorExpired: a subscription's cursor (after, Last-Event-ID) is
	// older than the change feed keeps, or the subscriber fell that far
	// behind: subscribe again without a cursor (and catch up by querying).
	CursorExpired = "CURSOR_EXPIRED"
	// Internal: anything else. The message is generic; the server logs the
	// cause.
	Internal = "INTERNAL_SERVER_ERROR"

	// Unauthenticated: the operation needs an API token and none, or a
	// wrong one, was sent (or writes are not enabled). Nothing ran.
	Unauthenticated = "UNAUTHENTICATED"
	// Timeout: the request ran longer than the server allows and was
	// stopped, or one of its store calls ran past the store's time limit
	// (the message says which). Trying again as it is will time out
	// again: ask for less.
	Timeout = "TIMEOUT"
	// Canceled: the client went away (closed the connection) before the
	// answer was ready. Nobody reads the answer; the code is for the
	// request's own log line, the one place a cancelled request is logged.
	Canceled = "CANCELLED"

	// The limits on what one request may ask (see server.Limits). Each
	// refuses the request before anything runs.
	TokenLimitExceeded      = "TOKEN_LIMIT_EXCEEDED"
	SelectionLimitExceeded  = "SELECTION_LIMIT_EXCEEDED"
	DepthLimitExceeded      = "DEPTH_LIMIT_EXCEEDED"
	AliasLimitExceeded      = "ALIAS_LIMIT_EXCEEDED"
	ComplexityLimitExceeded = "COMPLEXITY_LIMIT_EXCEEDED" // gqlgen's own code

	// The HTTP-level refusals: a request sent with the wrong method, media
	// type or size.
	MethodNotAllowed     = "METHOD_NOT_ALLOWED"
	UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	NotAcceptable        = "NOT_ACCEPTABLE"
	RequestTooLarge      = "REQUEST_TOO_LARGE"
	Forbidden            = "FORBIDDEN"
)

// requestCodes are the codes of errors that refuse a whole request before
// it runs. gqlgen's transports treat them as protocol errors (the
// WebSocket transports answer with an error message rather than data).
var requestCodes = []string{
	Unauthenticated, TokenLimitExceeded, SelectionLimitExceeded, DepthLimitExceeded,
	AliasLimitExceeded, ComplexityLimitExceeded, MethodNotAllowed,
}

func init() {
	for _, code := range requestCodes {
		errcode.RegisterErrorType(code, errcode.KindProtocol)
	}
}

// Messages of the errors whose cause is not shown.
const (
	internalMessage    = "internal server error"
	unavailableMessage = "the graph store is unavailable; try again later"
	overloadedMessage  = "the graph store is busy; try again shortly"
	notWritableMessage = "the graph store cannot write now (its storage refuses writes); nothing was written, and reads still work"
	timeoutMessage     = "the request took too long and was stopped; ask for less (smaller pages, fewer nested lists)"
	// storeTimeoutMessage is a store call's own timeout: the query asked
	// the graph store for more than it can read in the time it is given.
	storeTimeoutMessage = "the graph store took too long to answer this part of the request and stopped; " +
		"narrow the query (types, an entity, dates) or ask for less (lower first or depth, fewer nested lists)"
	canceledMessage = "the request was cancelled"
)

// New makes an error with a code and a message meant for the client.
func New(code, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    fmt.Sprintf(format, args...),
		Extensions: map[string]any{"code": code},
	}
}

// BadInput makes a BAD_USER_INPUT error.
func BadInput(format string, args ...any) *gqlerror.Error {
	return New(BadUserInput, format, args...)
}

// Code returns the extensions.code of an error, or "" if it has none.
func Code(err error) string {
	var gqlErr *gqlerror.Error
	if errors.As(err, &gqlErr) {
		if code, ok := gqlErr.Extensions["code"].(string); ok {
			return code
		}
	}
	return ""
}

// Presenter returns the error presenter of the API: every error leaves with
// an extensions.code, and internal errors leave without their message.
func Presenter(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		out := graphql.DefaultErrorPresenter(ctx, err)
		switch {
		case Code(err) != "":
			// Ours, or gqlgen's parse and validation errors: already fit to
			// be shown.
		case isBare(err) && len(out.Path) == 0:
			// gqlgen's own word on a malformed request (a body that is not
			// JSON, variables of the wrong shape).
			out = withMessage(out, out.Message, BadUserInput)
		case isBare(err):
			// gqlgen's own word on a response it cannot build (a null in a
			// non-null field): not the client's fault, and safe to show.
			out = withMessage(out, out.Message, Internal)
		case errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled):
			// The client went away: every field still running fails with
			// it. That is not a fault of the server, and not worth a line
			// per field: the request's log line says how it ended.
			out = withMessage(out, canceledMessage, Canceled)
		case errors.Is(err, context.DeadlineExceeded) && hasTime(ctx):
			// The request still has time: a store call ran past the
			// store's own limit (--store-timeout, or Neo4j's transaction
			// timeout). Not an outage: the same query would time out again.
			logger.WarnContext(ctx, "graphql: store call timed out", "path", out.Path.String(), "error", err)
			out = withMessage(out, storeTimeoutMessage, Timeout)
		case errors.Is(err, context.DeadlineExceeded):
			logger.WarnContext(ctx, "graphql: request timed out", "path", out.Path.String(), "error", err)
			out = withMessage(out, timeoutMessage, Timeout)
		case errors.Is(err, store.ErrOverloaded):
			logger.WarnContext(ctx, "graphql: store overloaded", "path", out.Path.String(), "error", err)
			out = withMessage(out, overloadedMessage, Overloaded)
		case errors.Is(err, store.ErrNotWritable):
			logger.ErrorContext(ctx, "graphql: store cannot write", "path", out.Path.String(), "error", err)
			out = withMessage(out, notWritableMessage, WritesUnavailable)
		case errors.Is(err, store.ErrInvalid):
			out = withMessage(out, cause(err).Error(), BadUserInput)
		case errors.Is(err, store.ErrNotVisible):
			out = withMessage(out, cause(err).Error(), ConsistencyTimeout)
		case errors.Is(err, store.ErrUnavailable):
			logger.WarnContext(ctx, "graphql: store unavailable", "path", out.Path.String(), "error", err)
			out = withMessage(out, unavailableMessage, Unavailable)
		default:
			logger.ErrorContext(ctx, "graphql: internal error", "path", out.Path.String(), "error", err)
			out = withMessage(out, internalMessage, Internal)
		}
		return out
	}
}

// hasTime reports whether the request of ctx still has time: it is not
// done, and its deadline, if any, has not passed (a context may learn of
// its deadline after the store calls that share it).
func hasTime(ctx context.Context) bool {
	d, ok := ctx.Deadline()
	return ctx.Err() == nil && (!ok || time.Now().Before(d))
}

// StripSuggestion removes the "Did you mean ...?" that gqlparser appends
// to some validation messages: in production, suggestions would let a
// client without introspection discover the schema field by field.
func StripSuggestion(message string) string {
	if i := strings.Index(message, " Did you mean "); i >= 0 {
		return message[:i]
	}
	return message
}

// Recover returns the recover function of the API: a panicking resolver is
// logged with its stack and answered with INTERNAL_SERVER_ERROR.
func Recover(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "graphql: panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return New(Internal, internalMessage)
	}
}

// withMessage copies a presented error with another message and code; the
// copy leaves the wrapped cause behind.
func withMessage(e *gqlerror.Error, message, code string) *gqlerror.Error {
	ext := make(map[string]any, len(e.Extensions)+1)
	for k, v := range e.Extensions {
		ext[k] = v
	}
	ext["code"] = code
	return &gqlerror.Error{
		Message:    message,
		Path:       e.Path,
		Locations:  e.Locations,
		Extensions: ext,
		Rule:       e.Rule,
	}
}

// isBare reports whether err is a gqlerror made by gqlgen itself: no code,
// no wrapped cause. gqlgen writes those messages for clients.
func isBare(err error) bool {
	gqlErr, ok := err.(*gqlerror.Error)
	return ok && gqlErr.Unwrap() == nil
}

// cause strips gqlgen's path wrappers from an error, so that the message is
// the store's own.
func cause(err error) error {
	for {
		var gqlErr *gqlerror.Error
		if !errors.As(err, &gqlErr) || gqlErr.Unwrap() == nil {
			return err
		}
		err = gqlErr.Unwrap()
	}
}
