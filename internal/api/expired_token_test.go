package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
)

// TestIdleToken: a token left unused past the 2-hour idle timeout is
// refused with the face's 401 problem, even inside its 12-hour life, while
// a token used meanwhile still works. (TestAuthErrors covers the 12-hour
// life on every route.)
func TestIdleToken(t *testing.T) {
	s := mustAPIServer(t)
	idle := s.mustLogin(t, client.Credentials{Account: "acme", Password: rootPassword})
	busy := s.mustLogin(t, client.Credentials{Account: "acme", Password: rootPassword})
	for range 3 {
		s.Clock.Add(50 * time.Minute)
		if _, err := busy.Me(context.Background()); err != nil {
			t.Fatalf("a token in use: %v", err)
		}
	}
	r := s.raw(t, http.MethodGet, "/v1/me", idle.Token(), "", nil)
	mustProblem(t, r, http.StatusUnauthorized, "auth.invalid_token")
	if r.Header.Get("WWW-Authenticate") == "" {
		t.Error("no WWW-Authenticate")
	}
}
