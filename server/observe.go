package server

import (
	"bufio"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"newsgraph/export"
	"newsgraph/internal/metrics"
	"newsgraph/server/reqlog"
	"newsgraph/web/explorer"
	"newsgraph/web/graphiql"
)

// observe is the outermost layer: it gives each request an id (the
// client's X-Request-Id, or a new one), echoed in the response and carried
// by every log line of the request, and when the request ends writes its
// access log line and counts it in the metrics (operations names the
// operations that get a label of their own).
func observe(logger *slog.Logger, operations *metrics.OperationLabels, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &reqlog.Request{ID: reqlog.ID(r.Header.Get(reqlog.Header))}
		w.Header().Set(reqlog.Header, rec.ID)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(reqlog.With(r.Context(), rec)))
		elapsed := time.Since(start)

		status := sw.statusCode()
		route := routeOf(r.URL.Path)
		metrics.HTTPRequests.WithLabelValues(route, strconv.Itoa(status)).Inc()
		errs, codes := rec.Errors()
		if route == GraphQLPath && status != http.StatusSwitchingProtocols {
			op := operations.Label(rec.Operation())
			outcome := metrics.OutcomeOK
			if errs > 0 || status >= 400 {
				outcome = metrics.OutcomeError
			}
			metrics.GraphQLRequests.WithLabelValues(op, outcome).Inc()
			metrics.GraphQLDuration.WithLabelValues(op).Observe(elapsed.Seconds())
		}

		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", status),
			slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
			slog.Int64("bytes", sw.bytes),
		}
		if op := rec.Operation(); op != "" {
			attrs = append(attrs, slog.String("operation", op))
		}
		if errs > 0 {
			attrs = append(attrs, slog.Int("errors", errs), slog.String("error_codes", strings.Join(codes, ",")))
		}
		logger.LogAttrs(reqlog.With(r.Context(), rec), slog.LevelInfo, "request", attrs...)
	})
}

// routeOf is the metrics label of a path: one of the server's paths, the
// folder of the pages' assets ("/graphiql/", "/explore/"), or "other"
// (paths come from clients; each would be a series).
func routeOf(path string) string {
	switch path {
	case GraphQLPath, HealthPath, ReadyPath, MetricsPath, export.Path, explorer.Path, "/":
		return path
	}
	for _, assets := range []string{graphiql.AssetsPath, explorer.AssetsPath} {
		if strings.HasPrefix(path, assets) {
			return assets
		}
	}
	return "other"
}

// statusWriter records the status and size of a response. It passes
// Flush (server-sent events) and Hijack (WebSocket) through, and Unwrap
// for http.ResponseController.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// statusCode is the status sent (200 when nothing was written).
func (w *statusWriter) statusCode() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("server: the connection cannot be hijacked")
	}
	conn, rw, err := h.Hijack()
	if err == nil && w.status == 0 {
		w.status = http.StatusSwitchingProtocols
	}
	return conn, rw, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
