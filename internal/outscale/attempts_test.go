package outscale_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/identity"
)

// TestBasicSlowDown: fifty wrong login/passwords from one address, across
// logins, slow the address down: the next Basic call, the right password
// too, is 6 RequestLimitExceeded 503 with Retry-After, rather than a lock
// of anyone.
func TestBasicSlowDown(t *testing.T) {
	f := mustFixture(t)
	const pw = "Right-Battery-Horse-42"
	if _, err := f.svc.Users.Create(f.rootCtx(), identity.NewUser{Name: "alice", Email: "alice@acme.test", Password: pw}); err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		res, body := f.basicCall(t, "ReadAccessKeys", "nobody"+strconv.Itoa(i)+"@acme.test", "Wrong-Guess-0000", `{}`)
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d %s", i+1, res.StatusCode, body)
		}
	}
	res, body := f.basicCall(t, "ReadAccessKeys", "alice@acme.test", pw, `{}`)
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "RequestLimitExceeded") ||
		res.Header.Get("Retry-After") != "900" {
		t.Fatalf("slowed-down address: %d %q %s", res.StatusCode, res.Header.Get("Retry-After"), body)
	}
}
