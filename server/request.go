package server

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"newsgraph/graph/apierr"
)

// checkRequest refuses, before GraphQL sees them, the requests /graphql
// does not take, each with a GraphQL error response carrying a code:
//
//   - methods other than GET, POST and OPTIONS (405, METHOD_NOT_ALLOWED);
//   - POSTs whose body is not application/json (or
//     application/graphql-response+json): HTML forms and text/plain posts
//     are what another site's page can send without the browser asking
//     first, so refusing them guards against cross-site request forgery
//     (415, UNSUPPORTED_MEDIA_TYPE);
//   - bodies over the cap (413, REQUEST_TOO_LARGE): announced ones at once,
//     others once the cap is read (the body is wrapped in
//     http.MaxBytesReader).
//
// GET requests run queries only; the operation gate (gate.go) refuses
// the others.
func checkRequest(maxBytes int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodOptions:
		case http.MethodPost:
			if !isJSONMediaType(r.Header.Get("Content-Type")) {
				writeError(w, http.StatusUnsupportedMediaType, apierr.UnsupportedMediaType,
					"send the request body as Content-Type: application/json")
				return
			}
			if r.ContentLength > maxBytes {
				writeError(w, http.StatusRequestEntityTooLarge, apierr.RequestTooLarge,
					fmt.Sprintf("request body larger than %d bytes", maxBytes))
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, maxBytes)
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			writeError(w, http.StatusMethodNotAllowed, apierr.MethodNotAllowed,
				fmt.Sprintf("method %s not allowed: use GET or POST", r.Method))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// isJSONMediaType reports whether a Content-Type is one a GraphQL request
// body may have.
func isJSONMediaType(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || mt == "application/graphql-response+json")
}

// acceptsEventStream reports whether an Accept header asks for server-sent
// events.
func acceptsEventStream(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		if mt, _, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil && mt == "text/event-stream" {
			return true
		}
	}
	return false
}

// writeError writes a GraphQL response holding one error with a code.
func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{
		"errors": []any{map[string]any{
			"message":    message,
			"extensions": map[string]any{"code": code},
		}},
	})
}

// writeJSON writes v as a JSON response that no cache keeps.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
