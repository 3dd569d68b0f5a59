package console

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/i18n"
)

// TestRetryAfterOnEvery429And503: an error page and a form refused with 429
// or 503 carry Retry-After, the core's wait when it gave one, else a minute
// for a limit and a second for a busy server; other statuses carry none.
func TestRetryAfterOnEvery429And503(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	views, err := newEngine(cat, a)
	if err != nil {
		t.Fatal(err)
	}
	h := &handler{cat: cat, log: slog.New(slog.DiscardHandler), views: views, assets: a}
	tests := []struct {
		name   string
		err    error
		status int
		want   string
	}{
		{"LimitWithWait", &fault.Error{Kind: fault.RateLimited, Code: "rate_limit.exceeded", RetryAfter: 90 * time.Second}, 429, "90"},
		{"LimitWithoutWait", &fault.Error{Kind: fault.RateLimited, Code: "rate_limit.exceeded"}, 429, "60"},
		{"BusyWithWait", &fault.Error{Kind: fault.Unavailable, Code: "hash.busy", RetryAfter: time.Second}, 503, "1"},
		{"BusyWithoutWait", &fault.Error{Kind: fault.Unavailable, Code: "store.timeout"}, 503, "1"},
		{"Invalid", fault.New(fault.Invalid, "validation.email", "bad"), 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/ErrorPage", func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.fail(rec, httptest.NewRequest(http.MethodGet, "/console/profile", nil), tt.err)
			if rec.Code != tt.status || rec.Header().Get("Retry-After") != tt.want {
				t.Fatalf("%d with Retry-After %q, want %d and %q", rec.Code, rec.Header().Get("Retry-After"), tt.status, tt.want)
			}
		})
		t.Run(tt.name+"/Form", func(t *testing.T) {
			rec := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodPost, "/console/forgot", strings.NewReader(""))
			p := forgotPage{page: h.newPage(rec, r, "page.forgot.title", "")}
			h.render(rec, r, h.formFailed(r, &p.page, tt.err), "forgot", p)
			if rec.Code != tt.status || rec.Header().Get("Retry-After") != tt.want {
				t.Fatalf("%d with Retry-After %q, want %d and %q", rec.Code, rec.Header().Get("Retry-After"), tt.status, tt.want)
			}
		})
	}
}
