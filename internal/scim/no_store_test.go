package scim_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/scim"
	"github.com/watchword/watchword/internal/server"
)

// TestEveryRouteAnswersNoStore walks the face's route table, mounted as the
// app mounts it, and calls every route without a token: each answer says
// Cache-Control: no-store.
func TestEveryRouteAnswersNoStore(t *testing.T) {
	f := mustFixture(t)
	log := slog.New(slog.DiscardHandler)
	face := scim.New(scim.Config{}, f.svc, log)
	srv := httptest.NewServer(server.Handler(server.Config{}, server.Faces{Mounts: map[string]http.Handler{"/v2.0": face}},
		f.db, metrics.New(), log))
	t.Cleanup(srv.Close)
	table, ok := face.(interface{ Patterns() []string })
	if !ok {
		t.Fatalf("scim.New returned a %T, which does not list its routes", face)
	}
	n := 0
	for _, pattern := range table.Patterns() {
		n++
		method, route, _ := strings.Cut(pattern, " ")
		req, _ := http.NewRequest(method, srv.URL+route, bytes.NewBufferString(`{}`))
		req.Header.Set("Content-Type", "application/scim+json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s %s: %d with Cache-Control %q, want no-store", method, route, resp.StatusCode, got)
		}
	}
	if n < 5 {
		t.Fatalf("walked %d routes", n)
	}
}
