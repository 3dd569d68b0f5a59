package outscale_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/outscale"
	"github.com/watchword/watchword/internal/server"
)

// serveLikeTheServer puts the fixture's face behind the real server's
// handler, as the app mounts it, so the shared middleware runs.
func (f *fixture) serveLikeTheServer(t *testing.T) http.Handler {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	face := outscale.New(outscale.Config{}, f.svc, log)
	faces := server.Faces{Mounts: map[string]http.Handler{"/api": face}}
	faces.Intercept = append(faces.Intercept, func(next http.Handler) http.Handler { return outscale.Front(face, next) })
	f.srv = httptest.NewServer(server.Handler(server.Config{}, faces, f.db, metrics.New(), log))
	t.Cleanup(f.srv.Close)
	return face
}

// TestEveryCallAnswersNoStore calls every OAPI operation and ICU action
// without credentials: each answer says Cache-Control: no-store.
func TestEveryCallAnswersNoStore(t *testing.T) {
	f := mustFixture(t)
	oapi, icu := outscale.Operations(f.serveLikeTheServer(t))
	if len(oapi) < 9 || len(icu) < 9 {
		t.Fatalf("operations: %v %v", oapi, icu)
	}
	for _, op := range oapi {
		req := mustRequest(t, f.srv.URL+"/api/v1/"+op, `{}`)
		req.Header.Set("Content-Type", "application/json")
		resp, _ := do(t, req)
		if got := resp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("OAPI %s: %d with Cache-Control %q, want no-store", op, resp.StatusCode, got)
		}
	}
	for _, action := range icu {
		req := mustRequest(t, f.srv.URL+"/", icuBody(action, "", ""))
		for k, v := range icuHeader(action) {
			req.Header[k] = v
		}
		resp, _ := do(t, req)
		if got := resp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("ICU %s: %d with Cache-Control %q, want no-store", action, resp.StatusCode, got)
		}
	}
}

// TestSecretAnswersNoStore: the calls that answer a secret key, made with
// valid credentials, succeed and say no-store. A call added later that
// answers a secret goes in this list.
func TestSecretAnswersNoStore(t *testing.T) {
	f := mustFixture(t)
	f.serveLikeTheServer(t)
	for name, call := range map[string]func() (*http.Response, []byte){
		"OAPI CreateAccessKey": func() (*http.Response, []byte) { return f.basicCall(t, "CreateAccessKey", f.email, f.pass, `{}`) },
		"ICU CreateAccessKey": func() (*http.Response, []byte) {
			return f.oscCLIICU(t, "CreateAccessKey", icuBody("CreateAccessKey", "", accessKeyAuth), f.ak, f.sk)
		},
	} {
		resp, body := call()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d with Cache-Control %q\n%s", name, resp.StatusCode, resp.Header.Get("Cache-Control"), body)
		}
	}
}
