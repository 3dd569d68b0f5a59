// Package metrics holds Watchword's Prometheus instruments on a registry of
// its own (no global state), and the HTTP middleware that feeds them.
package metrics

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/notify"
)

// Metrics are the service's instruments.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	hashes   *prometheus.HistogramVec
	outbox   *prometheus.CounterVec
	purged   *prometheus.CounterVec
	security
}

// New registers the instruments on a fresh registry.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "watchword_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "watchword_http_request_duration_seconds", Help: "HTTP request latency by route pattern and method.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "method"}),
		hashes: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "watchword_password_hash_duration_seconds", Help: "Password hash and verify durations.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1},
		}, []string{"op"}),
		outbox: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "watchword_notifications_total", Help: "Notification delivery tries by outcome (sent, retry, dead) and channel (email, sms).",
		}, []string{"outcome", "channel"}),
		purged: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "watchword_purged_rows_total", Help: "Rows deleted by retention, by kind (sessions, audit, notifications, ...).",
		}, []string{"kind"}),
	}
	m.security = newSecurity()
	m.reg.MustRegister(m.requests, m.latency, m.hashes, m.outbox, m.purged,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.security.register(m.reg)
	return m
}

// Handler serves the registry in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// ObserveHash records one password hash or verification.
func (m *Metrics) ObserveHash(op string, d time.Duration) {
	m.hashes.WithLabelValues(op).Observe(d.Seconds())
}

// CountNotification records a delivery try's outcome (sent, retry, dead);
// a message carrying a code that was sent also counts as a code sent.
func (m *Metrics) CountNotification(outcome string, n notify.Notification) {
	m.outbox.WithLabelValues(outcome, string(n.Channel)).Inc()
	if outcome == "sent" && notify.CarriesCode(n.Template) {
		m.codesSent.WithLabelValues(string(n.Channel)).Inc()
	}
}

// CountPurged records rows deleted by retention.
func (m *Metrics) CountPurged(kind string, rows int) {
	m.purged.WithLabelValues(kind).Add(float64(rows))
}

// Middleware counts and times requests by the pattern that served them
// (httpx.WithRouteSlot), so that IDs in paths do not explode the label
// space; a request no pattern served is "unmatched", never its raw path.
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		ctx, slot := httpx.WithRouteSlot(r.Context())
		next.ServeHTTP(sw, r.WithContext(ctx))
		route, method := routeLabel(*slot), methodLabel(r.Method)
		m.requests.WithLabelValues(route, method, strconv.Itoa(sw.status)).Inc()
		m.latency.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
	})
}

// routeLabel is the path of a pattern ("GET /v1/users/{id}" is
// "/v1/users/{id}"; the method has its own label, and "/v3/{$}" reads
// "/v3/"), or "unmatched" for none.
func routeLabel(pattern string) string {
	if pattern == "" {
		return "unmatched"
	}
	return strings.TrimSuffix(httpx.PatternPath(pattern), "{$}")
}

// methodLabel is a standard method as sent, or "other": the client picks
// the method, and Go's server takes any token for one, so a label taken
// as sent would let anyone add series without end.
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return method
	}
	return "other"
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
