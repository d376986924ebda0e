package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"newsgraph/graph/apierr"
)

// checkRequest refuses, before GraphQL sees them, the requests that
// gqlgen's transports would answer without an extensions.code: bodies over
// the cap, methods and content types the endpoint does not take, and
// bodies or URL parameters that are not JSON. Every refusal is a GraphQL
// error response with code BAD_USER_INPUT.
func checkRequest(maxBytes int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodOptions:
		case http.MethodGet:
			if err := checkQueryParams(r); err != nil {
				writeError(w, http.StatusBadRequest, err.Error())
				return
			}
		case http.MethodPost:
			status, err := checkBody(w, r, maxBytes)
			if err != nil {
				writeError(w, status, err.Error())
				return
			}
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("method %s not allowed: use GET or POST", r.Method))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// checkQueryParams checks the JSON parameters of a GET request.
func checkQueryParams(r *http.Request) error {
	q := r.URL.Query()
	if q.Get("query") == "" {
		return errors.New("missing the query parameter")
	}
	for _, name := range []string{"variables", "extensions"} {
		if v := q.Get(name); v != "" && !isJSONObject([]byte(v)) {
			return fmt.Errorf("the %s parameter is not a JSON object", name)
		}
	}
	return nil
}

// checkBody reads a POST body up to the cap and checks that it is a JSON
// object sent as application/json; the body is put back for GraphQL.
func checkBody(w http.ResponseWriter, r *http.Request, maxBytes int64) (int, error) {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" {
		return http.StatusUnsupportedMediaType, errors.New("send the request as Content-Type: application/json")
	}
	if r.ContentLength > maxBytes {
		return http.StatusRequestEntityTooLarge, fmt.Errorf("request body larger than %d bytes", maxBytes)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return http.StatusRequestEntityTooLarge, fmt.Errorf("request body larger than %d bytes", maxBytes)
		}
		return http.StatusBadRequest, errors.New("could not read the request body")
	}
	if !isJSONObject(body) {
		return http.StatusBadRequest, errors.New("the request body is not a JSON object")
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return 0, nil
}

func isJSONObject(b []byte) bool {
	var m map[string]json.RawMessage
	return json.Unmarshal(b, &m) == nil && m != nil
}

// writeError writes a GraphQL response holding one BAD_USER_INPUT error.
func writeError(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []any{map[string]any{
			"message":    message,
			"extensions": map[string]any{"code": apierr.BadUserInput},
		}},
	})
}
