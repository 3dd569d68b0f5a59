package keystone_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/keystone"
	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/server"
)

// TestLinksUseThePublicURL sends requests naming a forged Host (and, with
// TrustProxy, a forged X-Forwarded-Host): the version links, the token's
// catalog, user links and WWW-Authenticate all name the configured public
// URL, never the host the client chose.
func TestLinksUseThePublicURL(t *testing.T) {
	e := mustEnv(t)
	log := slog.New(slog.DiscardHandler)
	face := keystone.New(keystone.Config{PublicURL: "https://id.example.test/", TrustProxy: true}, e.svc, log)
	srv := httptest.NewServer(server.Handler(server.Config{}, server.Faces{Mounts: map[string]http.Handler{"/v3": face, "/v3.0": face}},
		e.db, metrics.New(), log))
	t.Cleanup(srv.Close)
	call := func(method, path, token, body string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Host = "evil.test"
		req.Header.Set("X-Forwarded-Host", "evil.test")
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("X-Auth-Token", token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	res, body := call("GET", "/v3", "", "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"href":"https://id.example.test/v3/"`) {
		t.Errorf("version: %d %s", res.StatusCode, body)
	}
	res, body = call("POST", "/v3/auth/tokens", "", `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"alice",`+
		`"domain":{"name":"acme"},"password":"`+alicePassword+`"}}},"scope":{"domain":{"name":"acme"}}}}`)
	token := res.Header.Get("X-Subject-Token")
	if res.StatusCode != http.StatusCreated || !strings.Contains(body, `"url":"https://id.example.test/v3"`) {
		t.Errorf("catalog: %d %s", res.StatusCode, body)
	}
	res, body = call("GET", "/v3/users/"+e.alice.ID, token, "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"self":"https://id.example.test/v3/users/`+e.alice.ID+`"`) {
		t.Errorf("user links: %d %s", res.StatusCode, body)
	}
	res, _ = call("GET", "/v3/users/"+e.alice.ID, "", "")
	if got := res.Header.Get("WWW-Authenticate"); got != `Keystone uri="https://id.example.test"` {
		t.Errorf("WWW-Authenticate %q", got)
	}
	for _, s := range []string{body, res.Header.Get("WWW-Authenticate")} {
		if strings.Contains(s, "evil.test") {
			t.Errorf("the forged host leaked into %s", s)
		}
	}
}
