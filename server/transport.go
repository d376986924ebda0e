package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"newsgraph/graph/apierr"
	"newsgraph/graph/marshal"
)

// This file is GraphQL over HTTP (GET and POST) as the GraphQL over HTTP
// specification says, in place of gqlgen's GET and POST transports:
//
//   - the response is application/graphql-response+json or application/json,
//     as the Accept header prefers (application/json when it has no
//     preference);
//   - a request that cannot run (a malformed body, a document that does not
//     parse or validate, variables that do not coerce, a limit exceeded) is a
//     request error: its response has no data entry, and its status is 400
//     under application/graphql-response+json and 200 under application/json
//     (the specification's advice for each), except that a missing or wrong
//     token is 401, a mutation from a page of an origin that may not write
//     403 and a mutation over GET 405;
//   - POST bodies must be application/json (or application/graphql-response+json),
//     so that no HTML form or text/plain request of another site can post;
//   - GET runs queries only.

// Media types of requests and responses.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// httpTransport serves GET and POST requests that are not WebSocket
// upgrades (the SSE transport, which comes first, takes the POSTs that
// accept text/event-stream). An operation that may run waits for its
// admission (admission.go) and is answered 503 OVERLOADED if refused.
type httpTransport struct {
	admit *admission
}

var _ graphql.Transport = httpTransport{}

func (httpTransport) Supports(r *http.Request) bool {
	return r.Header.Get("Upgrade") == "" && (r.Method == http.MethodGet || r.Method == http.MethodPost)
}

func (t httpTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media, ok := responseMediaType(r.Header.Get("Accept"))
	if !ok {
		writeRefusal(w, mediaJSON, http.StatusNotAcceptable, apierr.NotAcceptable,
			"cannot answer in any media type of the Accept header: accept application/graphql-response+json or application/json")
		return
	}
	start := graphql.Now()
	params, status, err := readParams(r)
	if err != nil {
		code := apierr.BadUserInput
		switch status {
		case http.StatusUnsupportedMediaType:
			code = apierr.UnsupportedMediaType
		case http.StatusRequestEntityTooLarge:
			code = apierr.RequestTooLarge
		}
		writeRefusal(w, media, status, code, err.Error())
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	ctx, tokens := withConsistency(withHTTPMethod(r.Context(), r.Method), r)
	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs)
		if hasCode(resp.Errors, apierr.MethodNotAllowed) {
			w.Header().Set("Allow", http.MethodPost)
		}
		if hasCode(resp.Errors, apierr.Unauthenticated) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="newsgraph"`)
		}
		writeResponse(w, media, requestErrorStatus(media, resp.Errors), requestError(resp))
		return
	}
	release, ok := t.admit.acquire(ctx)
	if !ok {
		writeOverloaded(w, media)
		return
	}
	defer release()
	responses, ctx := exec.DispatchOperation(withAdmitted(ctx), opCtx)
	resp := responses(ctx)
	if resp == nil {
		// The client went away, or the server is shutting down.
		resp = &graphql.Response{Errors: gqlerror.List{apierr.New(apierr.Timeout, "the request was cancelled")}}
	}
	if token := tokens.Token(); token != "" {
		w.Header().Set(ConsistencyTokenHeader, token)
	}
	writeResponse(w, media, http.StatusOK, resp)
	if opCtx.Operation.Operation == ast.Query {
		// The answer is written out: its buffer goes back to the pool the
		// executor writes answers to queries into.
		marshal.Recycle(resp.Data)
	}
}

// responseMediaType picks the media type of the response from an Accept
// header: the first of application/graphql-response+json and
// application/json it lists (with a non-zero q), application/json for no
// header or only wildcards, and false when it lists neither.
func responseMediaType(accept string) (string, bool) {
	if strings.TrimSpace(accept) == "" {
		return mediaJSON, true
	}
	wildcard := false
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil || params["q"] == "0" {
			continue
		}
		switch mt {
		case mediaGraphQLResponse, mediaJSON:
			return mt, true
		case "*/*", "application/*":
			wildcard = true
		}
	}
	return mediaJSON, wildcard
}

// requestParams are the parameters of a GraphQL request as JSON, each
// checked for its type before gqlgen sees it.
type requestParams struct {
	Query         json.RawMessage `json:"query"`
	OperationName json.RawMessage `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
	Extensions    json.RawMessage `json:"extensions"`
}

// readParams reads the parameters of a GET (the URL's query string) or POST
// (a JSON body) request. A failure comes with the HTTP status to answer.
func readParams(r *http.Request) (*graphql.RawParams, int, error) {
	if r.Method == http.MethodGet {
		return getParams(r)
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != mediaJSON && mt != mediaGraphQLResponse) {
		return nil, http.StatusUnsupportedMediaType, errors.New("send the request body as Content-Type: application/json")
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("request body larger than %d bytes", tooLarge.Limit)
		}
		return nil, http.StatusBadRequest, errors.New("could not read the request body")
	}
	if err := checkJSONDepth("request body", body); err != nil {
		return nil, http.StatusBadRequest, err
	}
	var raw requestParams
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&raw); err != nil || dec.More() || !isJSONObject(body) {
		return nil, http.StatusBadRequest, errors.New("the request body is not a JSON object")
	}
	p := &graphql.RawParams{}
	if err := decodeObject("extensions", raw.Extensions, &p.Extensions); err != nil {
		return nil, http.StatusBadRequest, err
	}
	// With a persisted query's hash the document may be left out.
	if err := decodeString("query", raw.Query, !persisted(p), &p.Query); err != nil {
		return nil, http.StatusBadRequest, err
	}
	if err := decodeString("operationName", raw.OperationName, false, &p.OperationName); err != nil {
		return nil, http.StatusBadRequest, err
	}
	if err := decodeObject("variables", raw.Variables, &p.Variables); err != nil {
		return nil, http.StatusBadRequest, err
	}
	if err := checkNumbers("variables", map[string]any(p.Variables)); err != nil {
		return nil, http.StatusBadRequest, err
	}
	return p, 0, nil
}

// persisted reports whether the request names an automatic persisted query
// (extensions.persistedQuery, whose sha256Hash stands for the document).
func persisted(p *graphql.RawParams) bool {
	_, ok := p.Extensions["persistedQuery"]
	return ok
}

// getParams reads the parameters of a GET request from its URL.
func getParams(r *http.Request) (*graphql.RawParams, int, error) {
	q := r.URL.Query()
	p := &graphql.RawParams{Query: q.Get("query"), OperationName: q.Get("operationName")}
	for name, dst := range map[string]*map[string]any{"variables": &p.Variables, "extensions": &p.Extensions} {
		if v := q.Get(name); v != "" {
			if err := checkJSONDepth(name+" parameter", []byte(v)); err != nil {
				return nil, http.StatusBadRequest, err
			}
			if err := decodeObject(name, json.RawMessage(v), dst); err != nil {
				return nil, http.StatusBadRequest, err
			}
		}
	}
	if p.Query == "" && !persisted(p) {
		return nil, http.StatusBadRequest, errors.New("missing the query parameter (a GraphQL document)")
	}
	if err := checkNumbers("variables", map[string]any(p.Variables)); err != nil {
		return nil, http.StatusBadRequest, err
	}
	return p, 0, nil
}

// decodeString decodes a string parameter; null is as if it were absent.
func decodeString(name string, raw json.RawMessage, required bool, dst *string) error {
	if isNull(raw) {
		if required {
			return fmt.Errorf("missing the %s parameter (a GraphQL document)", name)
		}
		return nil
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fmt.Errorf("the %s parameter must be a string", name)
	}
	if required && *dst == "" {
		return fmt.Errorf("the %s parameter is empty", name)
	}
	return nil
}

// decodeObject decodes an object parameter, keeping numbers as
// json.Number as gqlgen does; null is as if it were absent.
func decodeObject(name string, raw json.RawMessage, dst *map[string]any) error {
	if isNull(raw) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(dst); err != nil || *dst == nil || dec.More() {
		return fmt.Errorf("the %s parameter must be a JSON object", name)
	}
	return nil
}

func isNull(raw json.RawMessage) bool {
	s := bytes.TrimSpace(raw)
	return len(s) == 0 || string(s) == "null"
}

func isJSONObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && b[0] == '{'
}

// requestErrorStatus is the status of a response to a request that could
// not run.
func requestErrorStatus(media string, errs gqlerror.List) int {
	switch {
	case hasCode(errs, apierr.Unauthenticated):
		return http.StatusUnauthorized
	case hasCode(errs, apierr.Forbidden):
		return http.StatusForbidden
	case hasCode(errs, apierr.MethodNotAllowed):
		return http.StatusMethodNotAllowed
	case media == mediaGraphQLResponse:
		return http.StatusBadRequest
	}
	return http.StatusOK
}

func hasCode(errs gqlerror.List, code string) bool {
	for _, e := range errs {
		if c, _ := e.Extensions["code"].(string); c == code {
			return true
		}
	}
	return false
}

// requestErrorResponse is a response without a data entry: the request
// did not run.
type requestErrorResponse struct {
	Errors     gqlerror.List  `json:"errors"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

func requestError(resp *graphql.Response) requestErrorResponse {
	return requestErrorResponse{Errors: resp.Errors, Extensions: resp.Extensions}
}

// writeRefusal answers a request refused before GraphQL saw it.
func writeRefusal(w http.ResponseWriter, media string, status int, code, message string) {
	writeResponse(w, media, status, requestErrorResponse{Errors: gqlerror.List{apierr.New(code, "%s", message)}})
}

func writeResponse(w http.ResponseWriter, media string, status int, body any) {
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	if r, ok := body.(*graphql.Response); ok && onlyData(r) {
		writeData(w, status, r.Data)
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the response is JSON, not HTML: keep < > & readable
	if err := enc.Encode(body); err != nil {
		// Responses hold only JSON gqlgen produced and gqlerror values.
		panic(fmt.Sprintf("graph: response does not marshal: %v", err))
	}
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// writeData writes a response of data alone: what the encoder writes for
// it, without scanning the data again (gqlgen writes it compact) or
// copying it.
func writeData(w http.ResponseWriter, status int, data []byte) {
	const head, tail = `{"data":`, "}\n"
	out := data
	if len(out) == 0 {
		out = []byte("null")
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(head)+len(out)+len(tail)))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, head)
	_, _ = w.Write(out)
	_, _ = io.WriteString(w, tail)
}

// onlyData reports whether a response holds data alone: no errors, no
// incremental delivery, no extensions.
func onlyData(r *graphql.Response) bool {
	return len(r.Errors) == 0 && r.Label == "" && r.Path == nil && r.HasNext == nil && len(r.Extensions) == 0
}

type methodKey struct{}

// withHTTPMethod records the HTTP method of a request for the checks that
// depend on it (GET runs queries only).
func withHTTPMethod(ctx context.Context, method string) context.Context {
	return context.WithValue(ctx, methodKey{}, method)
}

func httpMethod(ctx context.Context) string {
	m, _ := ctx.Value(methodKey{}).(string)
	return m
}
