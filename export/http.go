package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"newsgraph/server/auth"
	"newsgraph/store"
)

// Path is where the server serves Handler.
const Path = "/export"

// Defaults of HandlerConfig.
const (
	DefaultMaxRelations = 100_000
	DefaultWriteTimeout = 10 * time.Minute
)

// HandlerConfig configures Handler.
type HandlerConfig struct {
	// Auth says whether reading needs a token; nil lets anyone read.
	Auth *auth.Policy
	// MaxRelations bounds the relations one export may read
	// (DefaultMaxRelations if 0; no bound if negative).
	MaxRelations int
	// WriteTimeout is how long one export may take to send
	// (DefaultWriteTimeout if 0); it replaces the server's write timeout,
	// which is shorter than a large export needs.
	WriteTimeout time.Duration
	// Logger receives the errors of exports cut short (slog.Default if nil).
	Logger *slog.Logger
}

// params are the query parameters Handler accepts.
var params = []string{"format", "types", "since", "until", "evidence"}

// Handler serves GET /export?format=jsonl|csv|graphml|gexf&types=T,...&since=DATE&until=DATE&evidence=true,
// streaming the export as Write writes it, with its media type and a file
// name (Content-Disposition: attachment).
//
// It answers 401 when the policy requires a token for reads and none (or
// an invalid one) is sent, 400 with the reason for a bad parameter or an
// export over the bound, and 503 when the store is unavailable; errors are
// JSON in the GraphQL error shape ({"errors": [{"message", "extensions":
// {"code"}}]}). An export that fails once it has started sending is cut
// off (the connection is closed without the end of the response), so that
// a client never takes a partial export for a whole one.
func Handler(st store.Store, cfg HandlerConfig) http.Handler {
	if cfg.MaxRelations == 0 {
		cfg.MaxRelations = DefaultMaxRelations
	}
	if cfg.WriteTimeout == 0 {
		cfg.WriteTimeout = DefaultWriteTimeout
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "use GET")
			return
		}
		if err := cfg.Auth.Authorize(cfg.Auth.Check(r.Header.Get("Authorization")), false); err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="newsgraph"`)
			writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", err.Error())
			return
		}
		opt, err := parseQuery(r)
		if err != nil {
			writeError(w, http.StatusBadRequest, "BAD_REQUEST", err.Error())
			return
		}
		if cfg.MaxRelations > 0 {
			opt.MaxRelations = cfg.MaxRelations
		}
		if r.Method == http.MethodHead {
			setHeaders(w.Header(), opt.Format)
			return
		}
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(cfg.WriteTimeout))
		lw := &lazyWriter{w: w, format: opt.Format}
		stats, err := Write(r.Context(), st, lw, opt)
		switch {
		case err == nil:
			if !lw.started {
				lw.start()
			}
		case !lw.started:
			status, code := http.StatusInternalServerError, "INTERNAL_SERVER_ERROR"
			msg := "the export failed"
			switch {
			case errors.Is(err, ErrInvalid):
				status, code, msg = http.StatusBadRequest, "BAD_REQUEST", err.Error()
			case errors.Is(err, ErrTooMany):
				status, code, msg = http.StatusBadRequest, "TOO_MANY_RELATIONS",
					fmt.Sprintf("the export would read more than %d relations (the server's --export-max-relations): narrow it with types", cfg.MaxRelations)
			case errors.Is(err, store.ErrUnavailable):
				status, code, msg = http.StatusServiceUnavailable, "UNAVAILABLE", "the store is unavailable; try again later"
			}
			if status >= 500 {
				cfg.Logger.ErrorContext(r.Context(), "export failed", "error", err)
			}
			writeError(w, status, code, msg)
		default:
			cfg.Logger.WarnContext(r.Context(), "export cut short", "error", err, "relations", stats.Relations)
			_ = http.NewResponseController(w).Flush()
			panic(http.ErrAbortHandler)
		}
	})
}

// parseQuery reads the export's options from the URL.
func parseQuery(r *http.Request) (Options, error) {
	q := r.URL.Query()
	for k := range q {
		if !slices.Contains(params, k) {
			return Options{}, fmt.Errorf("unknown parameter %q (use %s)", k, strings.Join(params, ", "))
		}
		if len(q[k]) > 1 {
			return Options{}, fmt.Errorf("parameter %q given %d times", k, len(q[k]))
		}
	}
	if q.Get("format") == "" {
		return Options{}, errors.New("format: missing (use jsonl, csv, graphml or gexf)")
	}
	var opt Options
	var err error
	if opt.Format, err = ParseFormat(q.Get("format")); err != nil {
		return Options{}, fmt.Errorf("format: %w", err)
	}
	if opt.Types, err = ParseTypes(q.Get("types")); err != nil {
		return Options{}, fmt.Errorf("types: %w", err)
	}
	opt.Since, opt.Until = q.Get("since"), q.Get("until")
	if v := q.Get("evidence"); v != "" {
		if opt.Evidence, err = strconv.ParseBool(v); err != nil {
			return Options{}, fmt.Errorf("evidence: %q is not true or false", v)
		}
	}
	return opt, opt.Check()
}

func setHeaders(h http.Header, f Format) {
	h.Set("Content-Type", f.ContentType())
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="newsgraph.%s"`, f.Ext()))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
}

// lazyWriter sends the export's headers with its first byte, so that an
// error found before can still be answered with its status.
type lazyWriter struct {
	w       http.ResponseWriter
	format  Format
	started bool
}

func (l *lazyWriter) start() {
	l.started = true
	setHeaders(l.w.Header(), l.format)
	l.w.WriteHeader(http.StatusOK)
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	if !l.started {
		l.start()
	}
	return l.w.Write(p)
}

// writeError writes an error in the GraphQL error shape.
func writeError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []any{map[string]any{
			"message":    message,
			"extensions": map[string]any{"code": code},
		}},
	})
}
