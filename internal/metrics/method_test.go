package metrics_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/metrics"
)

// TestMethodLabelBounded: a client chooses the method of its request, and
// Go's server accepts any token as one; a label taken from it as sent
// would let anyone grow the series without bound. Methods outside the
// standard set read "other".
func TestMethodLabelBounded(t *testing.T) {
	m := metrics.New()
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotFound) }))
	for i := range 50 {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("X"+strconv.Itoa(i), "/v1/nothing", nil))
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPatch, "/v1/nothing", nil))
	body := scrape(t, m)
	if strings.Contains(body, `method="X`) {
		t.Errorf("a request's own method became a label value:\n%s", grep(body, "watchword_http_requests_total"))
	}
	for _, want := range []string{
		`watchword_http_requests_total{method="other",route="unmatched",status="404"} 50`,
		`watchword_http_requests_total{method="PATCH",route="unmatched",status="404"} 1`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("no %s in:\n%s", want, grep(body, "watchword_http_requests_total"))
		}
	}
}

func grep(body, prefix string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
