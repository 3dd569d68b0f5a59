package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/notify"
)

var (
	captchaRE = regexp.MustCompile(`name="captcha_id" value="([^"]+)"`)
	tokenRE   = regexp.MustCompile(`name="token" value="([^"]+)"`)
)

// forgot opens the Forgot Password form and returns the CAPTCHA's ID and
// answer, read from the store as only a person reading the image would.
func (s *consoleServer) forgot(t *testing.T, b *browser) (id, answer string) {
	t.Helper()
	p := b.get(console.Path + "/forgot")
	if p.Status != http.StatusOK {
		t.Fatalf("forgot: %d", p.Status)
	}
	m := captchaRE.FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatal("no CAPTCHA on the page")
	}
	c, err := s.DB.FindCaptcha(context.Background(), m[1])
	if err != nil {
		t.Fatal(err)
	}
	return m[1], c.Answer
}

func TestForgotPasswordByLink(t *testing.T) {
	const newPassword = "Kettle-Marble-Orbit-77"
	s := mustConsole(t)
	b := s.browser(t)
	id, answer := s.forgot(t, b)
	for _, kind := range []string{"image", "audio"} {
		p := b.get(console.Path + "/captcha/" + id + "/" + kind)
		want := map[string]string{"image": "image/png", "audio": "audio/wav"}[kind]
		if p.Status != http.StatusOK || p.Header.Get("Content-Type") != want || len(p.Body) < 100 {
			t.Errorf("CAPTCHA %s: %d %q", kind, p.Status, p.Header.Get("Content-Type"))
		}
	}
	p := b.post(console.Path+"/forgot", url.Values{"account": {"acme"}, "method": {"link"}, "captcha_id": {id}, "captcha_answer": {answer}})
	if p.Status != http.StatusOK || !strings.Contains(text(p.Body), "a reset link is on its way") {
		t.Fatalf("request: %d\n%s", p.Status, text(p.Body))
	}
	link := s.lastNote(t, "root@acme.test", notify.ResetLink).Secret["link"]
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/reset/") {
		t.Fatalf("link %q", link)
	}
	// The mailed link opens the console's reset page through the server.
	p = b.get(u.Path)
	if p.Status != http.StatusFound {
		t.Fatalf("mailed link: %d", p.Status)
	}
	p = b.get(p.Location())
	if p.Status != http.StatusOK || tokenRE.FindStringSubmatch(p.Body)[1] != strings.TrimPrefix(u.Path, "/reset/") {
		t.Fatalf("reset page: %d\n%s", p.Status, text(p.Body))
	}
	token := tokenRE.FindStringSubmatch(p.Body)[1]
	p = b.post(console.Path+"/reset", url.Values{"token": {token}, "new": {newPassword}, "confirm": {newPassword + "x"}})
	if p.Status != http.StatusBadRequest || !strings.Contains(text(p.Body), tr(t, "en", "error.password.confirmation_mismatch")) {
		t.Fatalf("mismatch: %d\n%s", p.Status, text(p.Body))
	}
	p = b.post(console.Path+"/reset", url.Values{"token": {token}, "new": {"short"}, "confirm": {"short"}})
	if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, `data-rule="min_length" class="rule fail"`) {
		t.Fatalf("policy: %d\n%s", p.Status, text(p.Body))
	}
	p = b.post(console.Path+"/reset", url.Values{"token": {token}, "new": {newPassword}, "confirm": {newPassword}})
	if p.Status != http.StatusSeeOther || p.Location() != console.Path+"/login" {
		t.Fatalf("reset: %d to %q\n%s", p.Status, p.Location(), text(p.Body))
	}
	if got := text(b.get(console.Path + "/login").Body); !strings.Contains(got, "Your password has been reset.") {
		t.Errorf("no message in\n%s", got)
	}
	b.mustLogin("acme", "", newPassword)
	p = s.browser(t).post(console.Path+"/reset", url.Values{"token": {token}, "new": {"Other-Marble-Orbit-78"}, "confirm": {"Other-Marble-Orbit-78"}})
	if p.Status != http.StatusBadRequest || !strings.Contains(text(p.Body), tr(t, "en", "error.verify.token_invalid")) {
		t.Errorf("token used twice: %d\n%s", p.Status, text(p.Body))
	}
}

func TestForgotPasswordByCode(t *testing.T) {
	const newPassword = "Kettle-Marble-Orbit-77"
	s := mustConsole(t)
	b := s.browser(t)
	b.Lang = "fr"
	id, answer := s.forgot(t, b)
	p := b.post(console.Path+"/forgot", url.Values{"email": {"root@acme.test"}, "method": {"email"}, "captcha_id": {id}, "captcha_answer": {answer}})
	if p.Status != http.StatusOK || !strings.Contains(text(p.Body), "un code est en route") {
		t.Fatalf("request: %d\n%s", p.Status, text(p.Body))
	}
	code := s.lastCode(t, "root@acme.test")
	form := url.Values{"email": {"root@acme.test"}, "method": {"email"}, "code": {wrongCode(code)}}
	p = b.post(console.Path+"/forgot/verify", form)
	if p.Status != http.StatusBadRequest || !strings.Contains(text(p.Body), tr(t, "fr", "error.verify.code_invalid")) {
		t.Fatalf("wrong code: %d\n%s", p.Status, text(p.Body))
	}
	form.Set("code", code)
	p = b.post(console.Path+"/forgot/verify", form)
	m := tokenRE.FindStringSubmatch(p.Body)
	if p.Status != http.StatusOK || m == nil {
		t.Fatalf("right code: %d\n%s", p.Status, text(p.Body))
	}
	p = b.post(console.Path+"/reset", url.Values{"token": {m[1]}, "new": {newPassword}, "confirm": {newPassword}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("reset: %d\n%s", p.Status, text(p.Body))
	}
	b.mustLogin("acme", "", newPassword)
}

func TestForgotPasswordRefusals(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	id, answer := s.forgot(t, b)
	p := b.post(console.Path+"/forgot", url.Values{"account": {"acme"}, "method": {"link"}, "captcha_id": {id}, "captcha_answer": {answer + "9"}})
	if p.Status != http.StatusBadRequest || !strings.Contains(text(p.Body), tr(t, "en", "error.captcha.invalid")) {
		t.Fatalf("wrong CAPTCHA: %d\n%s", p.Status, text(p.Body))
	}
	if m := captchaRE.FindStringSubmatch(p.Body); m == nil || m[1] == id {
		t.Error("a refused form does not get a new CAPTCHA")
	}
	if !strings.Contains(p.Body, `name="account" value="acme"`) {
		t.Error("a refused form loses what was typed")
	}
	// Spent: the same challenge never answers twice.
	p = b.post(console.Path+"/forgot", url.Values{"account": {"acme"}, "method": {"link"}, "captcha_id": {id}, "captcha_answer": {answer}})
	if p.Status != http.StatusBadRequest {
		t.Errorf("CAPTCHA answered twice: %d", p.Status)
	}
	// Unknown and known accounts read alike.
	id, answer = s.forgot(t, b)
	unknown := b.post(console.Path+"/forgot", url.Values{"account": {"nobody"}, "method": {"link"}, "captcha_id": {id}, "captcha_answer": {answer}})
	id, answer = s.forgot(t, b)
	known := b.post(console.Path+"/forgot", url.Values{"account": {"acme"}, "method": {"link"}, "captcha_id": {id}, "captcha_answer": {answer}})
	clean := func(s string) string { return regexp.MustCompile(`value="[^"]*"`).ReplaceAllString(s, "") }
	if unknown.Status != known.Status || clean(unknown.Body) != clean(known.Body) {
		t.Errorf("an unknown account reads differently:\n%s\n---\n%s", text(unknown.Body), text(known.Body))
	}
	if p := b.get(console.Path + "/captcha/nope/image"); p.Status != http.StatusNotFound {
		t.Errorf("unknown CAPTCHA: %d", p.Status)
	}
	if p := b.post(console.Path+"/reset", url.Values{"token": {"forged"}, "new": {"Kettle-Marble-Orbit-77"}, "confirm": {"Kettle-Marble-Orbit-77"}}); p.Status != http.StatusBadRequest {
		t.Errorf("forged token: %d", p.Status)
	}
}

// TestResetRateLimitSaysRetryAfter sends reset forms with a made-up token
// from one address: the 31st in the hour, past the real limit of 30, is
// refused with 429 and a Retry-After.
func TestResetRateLimitSaysRetryAfter(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	for i := 1; i <= 31; i++ {
		p := b.post(console.Path+"/reset", url.Values{"token": {"made-up-token"}, "new": {"Kettle-Marble-Orbit-77"},
			"confirm": {"Kettle-Marble-Orbit-77"}})
		switch {
		case i <= 30 && p.Status == http.StatusTooManyRequests:
			t.Fatalf("attempt %d refused: the limit is 30 an hour", i)
		case i == 31 && (p.Status != http.StatusTooManyRequests || p.Header.Get("Retry-After") == "" || p.Header.Get("Retry-After") == "0"):
			t.Fatalf("attempt 31: %d with Retry-After %q\n%s", p.Status, p.Header.Get("Retry-After"), text(p.Body))
		}
	}
}
