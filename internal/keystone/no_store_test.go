package keystone_test

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/keystone"
)

// TestEveryRouteAnswersNoStore walks the face's route table and calls every
// route without a token: each answer says Cache-Control: no-store.
func TestEveryRouteAnswersNoStore(t *testing.T) {
	e := mustEnv(t)
	routes := keystone.Routes(keystone.New(keystone.Config{}, e.svc, slog.New(slog.DiscardHandler)))
	if len(routes) < 15 {
		t.Fatalf("routes: %v", routes)
	}
	fill := strings.NewReplacer("{user_id}", "x", "{domain_id}", "x", "{project_id}", "x", "{serial}", "x", "{id}", "x", "{$}", "")
	for _, rt := range routes {
		method, pattern, _ := strings.Cut(rt, " ")
		r := e.do(t, method, fill.Replace(pattern), nil, `{}`)
		if got := r.header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: %d with Cache-Control %q, want no-store", rt, r.status, got)
		}
	}
}

// TestSecretAnswersNoStore: the answers that carry a token, called with
// valid credentials, succeed and say no-store. A route added later that
// answers a token or a secret goes in this list.
func TestSecretAnswersNoStore(t *testing.T) {
	e := mustEnv(t)
	for _, c := range []struct {
		method, path, body string
		status             int
	}{
		{"POST", "/v3/auth/tokens", passwordBody("alice", alicePassword), http.StatusCreated},
	} {
		r := e.do(t, c.method, c.path, nil, c.body)
		if r.status != c.status || r.header.Get("Cache-Control") != "no-store" || r.header.Get("X-Subject-Token") == "" {
			t.Errorf("%s %s: %d with Cache-Control %q\n%s", c.method, c.path, r.status, r.header.Get("Cache-Control"), r.body)
		}
	}
}
