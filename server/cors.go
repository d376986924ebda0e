package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"newsgraph/graph/apierr"
	"newsgraph/server/reqlog"
)

// This file decides what pages of other origins may do with /graphql, from
// one list of origins (Config.CORSOrigins) that serves both CORS and the
// WebSocket origin check:
//
//   - a listed origin may read and write: preflights are answered with its
//     own origin in Access-Control-Allow-Origin, and so are its requests;
//   - "*" lets any origin read: Access-Control-Allow-Origin: *, but a
//     mutation from an origin matched only by "*" is refused (FORBIDDEN);
//   - any other origin gets no CORS headers (the browser keeps the answer
//     from the page), its WebSocket upgrades are refused, and so are its
//     mutations, should a request reach the server all the same.
//
// Requests without an Origin header (other programs than browsers) and
// from the server's own pages (GraphiQL) are not affected.

// CORS answers: the methods and request headers pages may use, the
// response headers they may read, and how long a browser may keep a
// preflight's answer.
const (
	corsAllowMethods  = "GET, POST, OPTIONS"
	corsAllowHeaders  = "Accept, Authorization, Content-Type, X-Request-Id, graphql-client-name, graphql-client-version, " + ConsistencyTokenHeader
	corsExposeHeaders = reqlog.Header + ", " + ConsistencyTokenHeader
	corsMaxAge        = 600 // seconds
)

// originTrust is what the origin of a request may do.
type originTrust int

const (
	// originNone: no Origin header (not a browser), or the server's own
	// origin. Not subject to CORS.
	originNone originTrust = iota
	// originListed: an origin of the list.
	originListed
	// originAny: an origin matched only by "*": it may read.
	originAny
	// originUnlisted: any other origin.
	originUnlisted
)

// mayWrite reports whether a request of this trust may run mutations.
func (t originTrust) mayWrite() bool { return t == originNone || t == originListed }

// origins is the list of origins whose pages may use the API.
type origins struct {
	listed      map[string]bool
	any         bool // "*" is listed
	credentials bool // Access-Control-Allow-Credentials: true for listed origins
}

// newOrigins checks a list of origins ("https://app.example.org",
// "http://localhost:5173", or "*").
func newOrigins(list []string, credentials bool) (*origins, error) {
	o := &origins{listed: map[string]bool{}, credentials: credentials}
	for _, s := range list {
		if s == "*" {
			o.any = true
			continue
		}
		norm, err := normalizeOrigin(s)
		if err != nil {
			return nil, err
		}
		o.listed[norm] = true
	}
	if credentials && o.any {
		return nil, fmt.Errorf(`credentials cannot be allowed for the origin "*": list the origins that may send them`)
	}
	return o, nil
}

// normalizeOrigin checks an origin of the configuration and returns it in
// the form browsers send: scheme://host[:port], lower case, no path.
func normalizeOrigin(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	switch {
	case err != nil:
		return "", fmt.Errorf("origin %q: %v", s, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("origin %q: want http:// or https:// followed by a host, or *", s)
	case u.Host == "" || u.User != nil || strings.TrimRight(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "":
		return "", fmt.Errorf("origin %q: want scheme://host[:port] with nothing after the host", s)
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// trust classifies the origin of r.
func (o *origins) trust(r *http.Request) originTrust {
	origin := r.Header.Get("Origin")
	switch {
	case origin == "" || sameOrigin(origin, r.Host):
		return originNone
	case o.listed[strings.ToLower(origin)]:
		return originListed
	case o.any:
		return originAny
	}
	return originUnlisted
}

// sameOrigin reports whether origin names the host the request was sent
// to.
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, host)
}

type originTrustKey struct{}

// requestOriginTrust is the trust the request of ctx was given (originNone
// when it did not pass through handle).
func requestOriginTrust(ctx context.Context) originTrust {
	t, _ := ctx.Value(originTrustKey{}).(originTrust)
	return t
}

// handle applies the list to the requests of next: it answers preflights,
// adds CORS headers to the answers to the origins that may read them,
// refuses WebSocket upgrades from other origins, and records each
// request's trust for the operation gate.
func (o *origins) handle(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		trust := o.trust(r)
		h := w.Header()
		if o.any || len(o.listed) > 0 {
			// Caches must not give one origin's answer to another.
			h.Add("Vary", "Origin")
		}
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Allow", corsAllowMethods)
			if trust == originListed || trust == originAny {
				o.allowOrigin(h, r, trust)
				h.Set("Access-Control-Allow-Methods", corsAllowMethods)
				h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
				h.Set("Access-Control-Max-Age", strconv.Itoa(corsMaxAge))
			}
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if r.Header.Get("Upgrade") != "" {
			if trust == originUnlisted {
				writeRefusal(w, mediaJSON, http.StatusForbidden, apierr.Forbidden,
					"WebSocket connections from pages of "+r.Header.Get("Origin")+" are not allowed")
				return
			}
		} else if trust == originListed || trust == originAny {
			o.allowOrigin(h, r, trust)
			h.Set("Access-Control-Expose-Headers", corsExposeHeaders)
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), originTrustKey{}, trust)))
	})
}

// allowOrigin sets Access-Control-Allow-Origin (and -Credentials) for a
// request of a listed origin or one matched by "*".
func (o *origins) allowOrigin(h http.Header, r *http.Request, trust originTrust) {
	if trust == originAny {
		h.Set("Access-Control-Allow-Origin", "*")
		return
	}
	h.Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
	if o.credentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
}
