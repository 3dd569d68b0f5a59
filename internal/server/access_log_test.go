package server_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/health"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/server"
)

type healthy struct{}

func (healthy) Ready(context.Context) health.Report { return health.Report{Ready: true} }

// TestAccessLogHidesResetTokens follows a mailed reset link through the
// server's redirect and into the console's reset page, logging at debug
// level, and panics on one: the token never reaches the log.
func TestAccessLogHidesResetTokens(t *testing.T) {
	const token = "yOZJDd21RBcJT78f2SKx092gT9byOospqh2VAqTx"
	console := httpx.NewMux(http.NotFound, nil)
	console.HandleFunc("GET /console/reset/{token}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	console.HandleFunc("GET /console/reset/{token}/boom", func(w http.ResponseWriter, r *http.Request) { panic("boom") })
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := server.Handler(server.Config{}, server.Faces{Mounts: map[string]http.Handler{"/console": console}}, healthy{}, metrics.New(), log)
	for _, p := range []string{"/reset/" + token, "/console/reset/" + token, "/console/reset/" + token + "/boom"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		if rec.Code >= 300 && rec.Code < 500 && rec.Code != http.StatusFound {
			t.Fatalf("GET %s: %d", p, rec.Code)
		}
	}
	if strings.Contains(logs.String(), token) {
		t.Fatalf("the reset token is in the log:\n%s", logs.String())
	}
	if n := strings.Count(logs.String(), "[redacted]"); n != 3 {
		t.Fatalf("want the 2 completed requests and the panic logged with the token hidden, got %d:\n%s", n, logs.String())
	}
}
