package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// security are the instruments of sign-ins, lockouts, codes, the hash pool
// and the store. docs/metrics.md describes each; keep the two together.
type security struct {
	signIns     *prometheus.CounterVec
	keyAuths    *prometheus.CounterVec
	lockouts    *prometheus.CounterVec
	codesSent   *prometheus.CounterVec
	codesFailed *prometheus.CounterVec
	hashWait    *prometheus.HistogramVec
	storeErrors *prometheus.CounterVec
}

func newSecurity() security {
	return security{
		signIns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "watchword_sign_ins_total",
			Help: "Sign-in attempts by face (console, api, keystone, huawei, outscale) and result (success, challenge, failure, refused, rate_limited, unavailable, error).",
		}, []string{"face", "result"}),
		keyAuths: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "watchword_access_key_authentications_total",
			Help: "Requests signed with an access key, by face (outscale, huawei) and result (success, failure, rate_limited, unavailable, error).",
		}, []string{"face", "result"}),
		lockouts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "watchword_lockouts_total",
			Help: "Locks set by failed attempts, by scope (user, user_day, ip, access_key_ip).",
		}, []string{"scope"}),
		codesSent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "watchword_verification_codes_sent_total",
			Help: "Messages carrying a one-time code handed to the mail server or SMS gateway, by channel.",
		}, []string{"channel"}),
		codesFailed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "watchword_verification_codes_failed_total",
			Help: "Verification codes entered wrong, expired, used or past their attempts, by channel (email, sms, totp, unknown).",
		}, []string{"channel"}),
		hashWait: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "watchword_hash_pool_wait_seconds",
			Help:    "Time callers waited for a password-hash slot, by how the wait ended (acquired, busy, cancelled).",
			Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2, 5},
		}, []string{"outcome"}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "watchword_store_errors_total",
			Help: "Database errors by kind (unavailable, conflict, other).",
		}, []string{"kind"}),
	}
}

func (s *security) register(reg *prometheus.Registry) {
	reg.MustRegister(s.signIns, s.keyAuths, s.lockouts, s.codesSent, s.codesFailed, s.hashWait, s.storeErrors)
}

// SignIn counts one sign-in attempt (identity.Observer).
func (m *Metrics) SignIn(face, result string) {
	if face == "" {
		face = "unknown"
	}
	m.signIns.WithLabelValues(face, result).Inc()
}

// AccessKeyAuth counts one request signed with an access key
// (identity.Observer).
func (m *Metrics) AccessKeyAuth(face, result string) {
	if face == "" {
		face = "unknown"
	}
	m.keyAuths.WithLabelValues(face, result).Inc()
}

// Lockout counts a lock a failed attempt set (identity.Observer).
func (m *Metrics) Lockout(scope string) { m.lockouts.WithLabelValues(scope).Inc() }

// CodeFailed counts a rejected verification code (identity.Observer).
func (m *Metrics) CodeFailed(channel string) { m.codesFailed.WithLabelValues(channel).Inc() }

// StoreError counts a database error by kind (sqldb.DB.SetErrorObserver).
func (m *Metrics) StoreError(kind string) { m.storeErrors.WithLabelValues(kind).Inc() }

// ObserveHashWait records how long a caller waited for a hash slot
// (password.PoolConfig.OnWait).
func (m *Metrics) ObserveHashWait(outcome string, d time.Duration) {
	m.hashWait.WithLabelValues(outcome).Observe(d.Seconds())
}

// WatchHashPool exposes the pool's load as two gauges read at each scrape:
// hashes running and callers queued for a slot. Call it once.
func (m *Metrics) WatchHashPool(load func() (running, queued int)) {
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "watchword_hash_pool_running", Help: "Password hashes running now.",
		}, func() float64 { r, _ := load(); return float64(r) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "watchword_hash_pool_queue_length", Help: "Callers waiting for a password-hash slot now.",
		}, func() float64 { _, q := load(); return float64(q) }),
	)
}
