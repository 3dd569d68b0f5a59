package e2e_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"github.com/watchword/watchword/internal/api/client"
)

// metricValue returns the value of the series named exactly (name and
// labels in Prometheus's sorted order) in a /metrics body, and whether it
// is there.
func metricValue(body, series string) (float64, bool) {
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(m[1], 64)
	return v, err == nil
}

// TestMetricsCountSignIns: sign-ins through the real server are counted by
// face and result: a wrong password on /v1, the right one on /v1, a wrong
// one on Keystone, the right one through the console's form; the pool's
// gauges and wait histogram are exposed; a lockout is counted once.
func TestMetricsCountSignIns(t *testing.T) {
	s := MustServe(t, append(bootstrapFlags(), "--data", t.TempDir())...)
	ctx := context.Background()
	_, err := s.Client.Login(ctx, client.Credentials{Account: "acme", Password: "not-the-password"})
	MustFail(t, err, http.StatusUnauthorized, "auth.invalid_credentials")
	MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
	res, _ := post(t, s.URL+"/v3/auth/tokens", "application/json", `{"auth":{"identity":{"methods":["password"],"password":`+
		`{"user":{"name":"acme","domain":{"name":"acme"},"password":"wrong-again"}}}}}`, nil)
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("keystone wrong password: %d", res.StatusCode)
	}
	if res, _ := consoleLogin(t, s); res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusFound {
		t.Fatalf("console sign-in: %d", res.StatusCode)
	}

	res, b := get(t, s.URL+"/metrics")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d", res.StatusCode)
	}
	body := string(b)
	for series, want := range map[string]float64{
		`watchword_sign_ins_total{face="api",result="failure"}`:      1,
		`watchword_sign_ins_total{face="api",result="success"}`:      1,
		`watchword_sign_ins_total{face="keystone",result="failure"}`: 1,
		`watchword_sign_ins_total{face="console",result="success"}`:  1,
		`watchword_hash_pool_running`:                                0,
		`watchword_hash_pool_queue_length`:                           0,
	} {
		if got, ok := metricValue(body, series); !ok || got != want {
			t.Errorf("%s = %v (present %v), want %v", series, got, ok, want)
		}
	}
	// Every sign-in waited for a hash slot (none had to: 0 s), and the
	// bootstrap's password hash did too.
	if got, _ := metricValue(body, `watchword_hash_pool_wait_seconds_count{outcome="acquired"}`); got < 4 {
		t.Errorf("hash pool waits = %v, want at least 4", got)
	}
	for _, absent := range []string{`face="keystone",result="success"`, `face="console",result="failure"`, `face="unknown"`, `watchword_lockouts_total{`} {
		if regexp.MustCompile(regexp.QuoteMeta(absent)).MatchString(body) {
			t.Errorf("unexpected series with %s", absent)
		}
	}

	// Five wrong passwords in a row from one address lock the user there
	// (the default login policy): one lockout, five more failures.
	for range 5 {
		_, err := s.Client.Login(ctx, client.Credentials{Account: "acme", Password: "not-the-password"})
		MustFail(t, err, http.StatusUnauthorized, "auth.invalid_credentials")
	}
	_, b = get(t, s.URL+"/metrics")
	for series, want := range map[string]float64{
		`watchword_sign_ins_total{face="api",result="failure"}`: 6,
		`watchword_lockouts_total{scope="user"}`:                1,
	} {
		if got, ok := metricValue(string(b), series); !ok || got != want {
			t.Errorf("%s = %v (present %v), want %v", series, got, ok, want)
		}
	}
}
