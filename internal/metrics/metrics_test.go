package metrics_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/notify"
)

// scrape returns what m serves on /metrics.
func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("/metrics: %d", w.Code)
	}
	return w.Body.String()
}

// TestSeries: each recorder feeds its series with the labels docs/metrics.md
// names; a code message counts as a code sent only once delivered, and a
// sign-in with no face reads "unknown".
func TestSeries(t *testing.T) {
	m := metrics.New()
	code := notify.Notification{Channel: notify.SMS, Template: notify.VerificationCode}
	m.CountNotification("retry", code)
	m.CountNotification("sent", code)
	m.CountNotification("sent", notify.Notification{Channel: notify.Email, Template: notify.ResetLink})
	m.CountNotification("dead", notify.Notification{Channel: notify.Email, Template: notify.ResetCode})
	m.SignIn("console", "success")
	m.SignIn("", "failure")
	m.AccessKeyAuth("huawei", "failure")
	m.Lockout("user_day")
	m.CodeFailed("totp")
	m.StoreError("unavailable")
	m.ObserveHashWait("busy", 2*time.Second)
	m.WatchHashPool(func() (int, int) { return 2, 7 })
	body := scrape(t, m)
	for _, want := range []string{
		`watchword_notifications_total{channel="sms",outcome="retry"} 1`,
		`watchword_notifications_total{channel="sms",outcome="sent"} 1`,
		`watchword_notifications_total{channel="email",outcome="sent"} 1`,
		`watchword_notifications_total{channel="email",outcome="dead"} 1`,
		`watchword_verification_codes_sent_total{channel="sms"} 1`,
		`watchword_sign_ins_total{face="console",result="success"} 1`,
		`watchword_sign_ins_total{face="unknown",result="failure"} 1`,
		`watchword_lockouts_total{scope="user_day"} 1`,
		`watchword_access_key_authentications_total{face="huawei",result="failure"} 1`,
		`watchword_verification_codes_failed_total{channel="totp"} 1`,
		`watchword_store_errors_total{kind="unavailable"} 1`,
		`watchword_hash_pool_wait_seconds_bucket{outcome="busy",le="1"} 0`,
		`watchword_hash_pool_wait_seconds_bucket{outcome="busy",le="2"} 1`,
		`watchword_hash_pool_running 2`,
		`watchword_hash_pool_queue_length 7`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("no %s in:\n%s", want, regexp.MustCompile(`(?m)^(#|go_|process_|promhttp_).*\n`).ReplaceAllString(body, ""))
		}
	}
	if strings.Contains(body, `watchword_verification_codes_sent_total{channel="email"}`) {
		t.Error("a dead code message or a reset link counted as a code sent")
	}
}
