// Package metrics holds newsgraph's Prometheus metrics, in a registry of
// their own (Registry) served by Handler at /metrics.
//
// The collectors are package variables so that any package can count what
// it does without plumbing: the server counts requests and their latency,
// Store (a store.Store decorator) times every store call, the loaders count
// the articles they load (ArticlesLoaded), and the subscription resolvers
// keep Subscriptions up to date.
//
// Series (all prefixed newsgraph_):
//
//	graphql_requests_total{operation,outcome}        counter
//	graphql_request_duration_seconds{operation}      histogram
//	http_requests_total{path,status}                 counter
//	store_call_duration_seconds{method,outcome}      histogram
//	articles_loaded_total{outcome}                   counter
//	subscriptions{kind}                              gauge
//	subscribers_dropped_total                        counter
//	requests_in_flight                               gauge
//	requests_shed_total{reason}                      counter
//
// plus the Go runtime and process collectors.
package metrics

import (
	"fmt"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

const namespace = "newsgraph"

// Outcomes of GraphQL requests (the outcome label).
const (
	// OutcomeOK: a response without errors.
	OutcomeOK = "ok"
	// OutcomeError: a response with errors (request or field errors).
	OutcomeError = "error"
)

// Registry holds every newsgraph metric. It is not the Prometheus default
// registry, so nothing registered by a library shows up uninvited.
var Registry = prometheus.NewRegistry()

var (
	// GraphQLRequests counts GraphQL operations by operation label
	// (OperationLabels: a listed operation name, "anonymous", "unknown" or
	// "other") and outcome (OutcomeOK or OutcomeError).
	GraphQLRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace,
		Name:      "graphql_requests_total",
		Help:      "GraphQL requests by operation name and outcome (ok or error).",
	}, []string{"operation", "outcome"})

	// GraphQLDuration is the latency of GraphQL requests by operation
	// label.
	GraphQLDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: namespace,
		Name:      "graphql_request_duration_seconds",
		Help:      "Latency of GraphQL requests by operation name.",
		Buckets:   prometheus.DefBuckets,
	}, []string{"operation"})

	// HTTPRequests counts HTTP requests by route and status code.
	HTTPRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace,
		Name:      "http_requests_total",
		Help:      "HTTP requests by route and status code.",
	}, []string{"path", "status"})

	// StoreCallDuration is the latency of store calls by method
	// ("PutArticle", "ListEntities"...) and outcome ("ok", "error",
	// "timeout" when the call ran out of time, or "canceled" when the
	// caller went away).
	StoreCallDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: namespace,
		Name:      "store_call_duration_seconds",
		Help:      "Latency of store calls by method and outcome (ok, error, timeout or canceled).",
		Buckets:   []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"method", "outcome"})

	// ArticlesLoaded counts the articles a loader handled, by outcome:
	// "created", "replaced", "unchanged" or "failed".
	ArticlesLoaded = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace,
		Name:      "articles_loaded_total",
		Help:      "Articles handled by loaders (newsgraph load, serve --load, ingestArticle) by outcome.",
	}, []string{"outcome"})

	// Subscriptions is the number of open GraphQL subscriptions by kind
	// (the subscription field: "articleIngested", "relationAdded").
	Subscriptions = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: namespace,
		Name:      "subscriptions",
		Help:      "Open GraphQL subscriptions by subscription field.",
	}, []string{"kind"})

	// RequestsInFlight is the number of GraphQL operations holding an
	// admission slot (running against the store).
	RequestsInFlight = prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: namespace,
		Name:      "requests_in_flight",
		Help:      "GraphQL operations admitted and running.",
	})

	// RequestsShed counts the operations refused with OVERLOADED, by
	// reason: "queue_full" (no room to wait) or "queue_wait" (no slot
	// freed in time).
	RequestsShed = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace,
		Name:      "requests_shed_total",
		Help:      "GraphQL operations refused because the server was at its bound of concurrent work.",
	}, []string{"reason"})

	// SubscribersDropped counts the subscribers dropped for falling too
	// far behind the writes.
	SubscribersDropped = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: namespace,
		Name:      "subscribers_dropped_total",
		Help:      "Subscribers dropped because they fell too far behind the writes.",
	})
)

// Outcomes of ArticlesLoaded.
const (
	LoadCreated   = "created"
	LoadReplaced  = "replaced"
	LoadUnchanged = "unchanged"
	LoadFailed    = "failed"
)

func init() {
	Registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		GraphQLRequests, GraphQLDuration, HTTPRequests,
		StoreCallDuration, ArticlesLoaded, Subscriptions, SubscribersDropped,
		RequestsInFlight, RequestsShed,
	)
	// Show the label sets that matter from the start, at zero.
	for _, outcome := range []string{LoadCreated, LoadReplaced, LoadUnchanged, LoadFailed} {
		ArticlesLoaded.WithLabelValues(outcome)
	}
	for _, kind := range []string{"articleIngested", "relationAdded"} {
		Subscriptions.WithLabelValues(kind)
	}
}

// Handler serves the registry in the Prometheus exposition format.
func Handler() http.Handler {
	return promhttp.HandlerFor(Registry, promhttp.HandlerOpts{Registry: Registry})
}

// Labels of operations without a listed name (see OperationLabels).
const (
	// OperationUnknown: the request could not be read far enough to name
	// its operation.
	OperationUnknown = "unknown"
	// OperationAnonymous: the operation has no name.
	OperationAnonymous = "anonymous"
	// OperationOther: the operation's name is not listed.
	OperationOther = "other"
)

// maxOperationLabels bounds how many operation names may be listed.
const maxOperationLabels = 200

// OperationLabels turns the names clients give their operations into the
// operation label of GraphQLRequests and GraphQLDuration. Names come from
// clients, and each would be a series of its own: a name is a label only
// when it is listed (the operations of the apps the server is there for);
// every other name counts as OperationOther.
type OperationLabels struct {
	listed map[string]bool
}

// NewOperationLabels lists the operation names that get a label of their
// own: at most 200 GraphQL names of at most 64 characters, other than the
// labels of this package (unknown, anonymous, other).
func NewOperationLabels(names []string) (*OperationLabels, error) {
	o := &OperationLabels{listed: map[string]bool{}}
	for _, name := range names {
		switch {
		case !isGraphQLName(name):
			return nil, fmt.Errorf("operation name %q: not a GraphQL name of at most 64 characters ([_A-Za-z][_0-9A-Za-z]*)", name)
		case name == OperationUnknown || name == OperationAnonymous || name == OperationOther:
			return nil, fmt.Errorf("operation name %q: a label of its own already", name)
		}
		o.listed[name] = true
	}
	if len(o.listed) > maxOperationLabels {
		return nil, fmt.Errorf("%d operation names listed; at most %d may be", len(o.listed), maxOperationLabels)
	}
	return o, nil
}

// Label is the operation label of a request whose operation is named name
// ("" when it could not be read, OperationAnonymous when it has none).
func (o *OperationLabels) Label(name string) string {
	switch {
	case name == "":
		return OperationUnknown
	case name == OperationAnonymous || o.listed[name]:
		return name
	}
	return OperationOther
}

// isGraphQLName reports whether s is a GraphQL name of at most 64
// characters: /[_A-Za-z][_0-9A-Za-z]*/.
func isGraphQLName(s string) bool {
	if len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return s != ""
}
