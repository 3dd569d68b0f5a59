package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
)

// TestLoginSlowDownShowsCaptcha: after fifty failed sign-ins from one
// address (across users), the login form answers 429 with Retry-After and
// a security check instead of locking anyone; the right password with the
// check answered signs in; a wrong answer shows a new check.
func TestLoginSlowDownShowsCaptcha(t *testing.T) {
	s := mustConsole(t)
	for i := range 50 {
		p := s.browser(t).post(console.Path+"/login", url.Values{"account": {"acme"}, "user": {"user" + strconv.Itoa(i)}, "password": {"guess"}})
		if p.Status != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i+1, p.Status)
		}
	}
	b := s.browser(t)
	p := b.post(console.Path+"/login", url.Values{"account": {"acme"}, "password": {rootPassword}})
	if p.Status != http.StatusTooManyRequests || p.Header.Get("Retry-After") == "" {
		t.Fatalf("slowed down: %d, Retry-After %q", p.Status, p.Header.Get("Retry-After"))
	}
	checkHeaders(t, "/login", p)
	if !strings.Contains(text(p.Body), "Answer this check with your password") {
		t.Fatalf("no security check explained:\n%s", text(p.Body))
	}
	captchaID := func(body string) string {
		t.Helper()
		m := regexp.MustCompile(`name="captcha_id" value="([^"]+)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no security check on the form:\n%s", body)
		}
		return m[1]
	}
	id := captchaID(p.Body)
	if img := b.get(console.Path + "/captcha/" + id + "/image"); img.Status != http.StatusOK {
		t.Fatalf("the check's image: %d", img.Status)
	}
	p = b.post(console.Path+"/login", url.Values{"account": {"acme"}, "password": {rootPassword}, "captcha_id": {id}, "captcha_answer": {"nope"}})
	if p.Status != http.StatusBadRequest {
		t.Fatalf("a wrong answer: %d", p.Status)
	}
	id = captchaID(p.Body)
	stored, err := s.DB.FindCaptcha(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	p = b.post(console.Path+"/login", url.Values{"account": {"acme"}, "password": {rootPassword}, "captcha_id": {id}, "captcha_answer": {stored.Answer}})
	if p.Status != http.StatusSeeOther || p.Location() != console.Path+"/profile" {
		t.Fatalf("the right password with the check answered: %d %q\n%s", p.Status, p.Location(), text(p.Body))
	}
}
