package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"newsgraph/graph/apierr"
	"newsgraph/server/auth"
)

// This file decides, once an operation is parsed and validated and before
// anything runs, whether it may run: its kind must suit the transport
// (queries only over GET, no subscriptions over plain POST), its caller
// must hold a token when the policy asks for one (always for mutations),
// and a mutation sent by a page of another origin must come from a listed
// one (cors.go).

// operationGate is the extension that refuses operations.
type operationGate struct {
	policy *auth.Policy
	// introspection tells whether __schema and __type may be asked for.
	introspection bool
}

var (
	_ graphql.HandlerExtension        = operationGate{}
	_ graphql.OperationContextMutator = operationGate{}
)

func (operationGate) ExtensionName() string                   { return "OperationGate" }
func (operationGate) Validate(graphql.ExecutableSchema) error { return nil }

func (g operationGate) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	kind := opCtx.Operation.Operation
	switch method := httpMethod(ctx); {
	case method == http.MethodGet && kind != ast.Query:
		return apierr.New(apierr.MethodNotAllowed, "GET requests run queries only: send %ss as POST", kind)
	case method == http.MethodPost && kind == ast.Subscription:
		return apierr.BadInput("subscriptions run over WebSocket (graphql-transport-ws) or server-sent events (POST with Accept: text/event-stream)")
	}
	if kind == ast.Mutation && !requestOriginTrust(ctx).mayWrite() {
		return apierr.New(apierr.Forbidden, "writes from pages of %s are not allowed: only listed origins may write", opCtx.Headers.Get("Origin"))
	}
	if err := g.policy.Authorize(g.credential(ctx, opCtx.Headers), kind == ast.Mutation); err != nil {
		return apierr.New(apierr.Unauthenticated, "%s", err.Error())
	}
	if !g.introspection && introspects(opCtx.Operation.SelectionSet) {
		return apierr.New(errcode.ValidationFailed, "introspection is disabled on this server")
	}
	return nil
}

// introspects reports whether a root selection set asks for __schema or
// __type (which exist only at the root).
func introspects(set ast.SelectionSet) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if isIntrospection(s.Name) {
				return true
			}
		case *ast.InlineFragment:
			if introspects(s.SelectionSet) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition != nil && introspects(s.Definition.SelectionSet) {
				return true
			}
		}
	}
	return false
}

type credentialKey struct{}

// withCredential records the credential a WebSocket connection presented
// at its start, for every operation it runs.
func withCredential(ctx context.Context, c auth.Credential) context.Context {
	return context.WithValue(ctx, credentialKey{}, c)
}

// credential is the credential of an operation: the WebSocket
// connection's, or the request's Authorization header.
func (g operationGate) credential(ctx context.Context, headers http.Header) auth.Credential {
	if c, ok := ctx.Value(credentialKey{}).(auth.Credential); ok {
		return c
	}
	return g.policy.Check(headers.Get("Authorization"))
}

type upgradeAuthKey struct{}

// withUpgradeAuthorization keeps the Authorization header of a WebSocket
// upgrade request, for clients that authenticate with the header rather
// than in connection_init.
func withUpgradeAuthorization(ctx context.Context, header string) context.Context {
	return context.WithValue(ctx, upgradeAuthKey{}, header)
}

// websocketInit checks the token of a WebSocket connection: the
// Authorization entry of the connection_init payload, else the upgrade
// request's Authorization header. A wrong token is refused at once; a
// missing one only when reads need a token (mutations sent over the
// connection are then refused one by one).
func websocketInit(policy *auth.Policy) transport.WebsocketInitFunc {
	return func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		header := payload.Authorization()
		if header == "" {
			header, _ = ctx.Value(upgradeAuthKey{}).(string)
		}
		c := policy.Check(header)
		if err := policy.Authorize(c, false); err != nil {
			// graphql-transport-ws closes unauthorised connections with
			// 4403; a close reason is at most 123 bytes.
			reason := "Forbidden: an API token is required"
			if errors.Is(err, auth.ErrInvalidToken) {
				reason = "Forbidden: invalid API token"
			}
			ctx = transport.WithWebsocketCloseCode(ctx, wsCloseForbidden)
			return transport.AppendCloseReason(ctx, reason), nil, err
		}
		return withCredential(ctx, c), nil, nil
	}
}

// wsCloseForbidden is the close code of graphql-transport-ws for a
// connection_init that is refused.
const wsCloseForbidden = 4403
