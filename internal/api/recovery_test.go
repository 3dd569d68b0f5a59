package api_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
)

// TestRecoveryByLink is Outscale's seed 000 flow over /v1: the mailed link's
// last path segment is the token that sets the new password.
func TestRecoveryByLink(t *testing.T) {
	s := mustRecoveryStack(t, generousLimits)
	root := map[string]string{"account": "acme", "password": rsRootPassword}
	other := s.mustLogin(t, root)

	s.call(t, http.MethodPost, "/recovery/requests", "", map[string]string{"email": "root@acme.test", "method": "link"}).
		decode(t, http.StatusAccepted, nil)
	link := linkOf(t, s.mailTo(t, "root@acme.test", "Reset your Watchword password"))
	token := link[strings.LastIndexByte(link, '/')+1:]

	reset := map[string]string{"token": token, "password": rsNewPassword, "confirmation": rsNewPassword + "!"}
	s.call(t, http.MethodPost, "/recovery/reset", "", reset).problem(t, http.StatusBadRequest, "password.confirmation_mismatch")
	reset["confirmation"] = rsNewPassword
	var res struct {
		Warnings []struct{ ID string } `json:"warnings"`
	}
	s.call(t, http.MethodPost, "/recovery/reset", "", reset).decode(t, http.StatusOK, &res)

	s.mustLogin(t, map[string]string{"account": "acme", "password": rsNewPassword})
	if _, a := s.login(t, root); a.Status != http.StatusUnauthorized {
		t.Fatalf("old password: %d %s", a.Status, a.Body)
	}
	s.call(t, http.MethodGet, "/me", other, nil).problem(t, http.StatusUnauthorized, "auth.invalid_token")
	s.mailTo(t, "root@acme.test", "password")
	if m := s.Sink.Messages(); !strings.Contains(m[len(m)-1].Subject, "password") || strings.Contains(m[len(m)-1].Subject, "Reset") {
		t.Fatalf("last mail %q, want the password-changed notice", m[len(m)-1].Subject)
	}
	s.call(t, http.MethodPost, "/recovery/reset", "", reset).problem(t, http.StatusBadRequest, "verify.token_invalid")
}

// TestRecoveryAnswerIsTheSame: whoever the identifier names, or nobody, the
// status and body are byte for byte the same.
func TestRecoveryAnswerIsTheSame(t *testing.T) {
	s := mustRecoveryStack(t, generousLimits)
	admin := s.mustLogin(t, map[string]string{"account": "acme", "password": rsRootPassword})
	for _, u := range []map[string]any{
		{"name": "nofactor", "password": "Nofactor-Pass-2026"},
		{"name": "fed", "email": "fed@acme.test", "federated": true},
		{"name": "mailonly", "email": "mailonly@acme.test"},
	} {
		s.call(t, http.MethodPost, "/users", admin, u).decode(t, http.StatusCreated, nil)
	}
	for _, method := range []string{"link", "email", "sms"} {
		var first answer
		for i, id := range []map[string]string{
			{"email": "root@acme.test"},
			{"email": "nobody@acme.test"},
			{"account_name": "acme"},
			{"account_name": "nope"},
			{"account_name": "acme", "user_name": "nofactor"},
			{"account_name": "acme", "user_name": "ghost"},
			{"email": "fed@acme.test"},
			{"account_name": "acme", "user_name": "mailonly"},
			{"mobile": "+33611111111"},
			{"mobile": "+33699999999"},
		} {
			id["method"] = method
			a := s.call(t, http.MethodPost, "/recovery/requests", "", id)
			if i == 0 {
				first = a
				a.decode(t, http.StatusAccepted, nil)
				continue
			}
			if a.Status != first.Status || !bytes.Equal(a.Body, first.Body) {
				t.Fatalf("%v: %d %s, differs from %d %s", id, a.Status, a.Body, first.Status, first.Body)
			}
		}
	}
	// The administrator was asked about nofactor, and nobody else was told anything.
	s.mailTo(t, "root@acme.test", "asks you to reset")
	for _, m := range s.Sink.Messages() {
		if !slices.Equal(m.To, []string{"root@acme.test"}) && !slices.Equal(m.To, []string{"mailonly@acme.test"}) {
			t.Fatalf("mail to %v", m.To)
		}
	}
}

// TestRecoveryTiming: a request for an existing user and one for nobody take
// the same time (medians within 5 ms over 50 tries each, interleaved).
func TestRecoveryTiming(t *testing.T) {
	s := mustRecoveryStack(t, generousLimits)
	known := map[string]string{"email": "root@acme.test", "method": "link"}
	unknown := map[string]string{"email": "nobody@acme.test", "method": "link"}
	timeOne := func(body map[string]string) time.Duration {
		start := time.Now()
		a := s.call(t, http.MethodPost, "/recovery/requests", "", body)
		d := time.Since(start)
		if a.Status != http.StatusAccepted {
			t.Fatalf("%d %s", a.Status, a.Body)
		}
		return d
	}
	for range 5 { // warm up connections and caches
		timeOne(known)
		timeOne(unknown)
	}
	const tries = 50
	var k, u []time.Duration
	for i := range tries {
		if i%2 == 0 {
			k, u = append(k, timeOne(known)), append(u, timeOne(unknown))
		} else {
			u, k = append(u, timeOne(unknown)), append(k, timeOne(known))
		}
	}
	mk, mu := median(k), median(u)
	t.Logf("median: existing %v, unknown %v", mk, mu)
	if diff := (mk - mu).Abs(); diff >= 5*time.Millisecond {
		t.Fatalf("medians differ by %v: existing %v, unknown %v", diff, mk, mu)
	}
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// TestRecoveryByCode: the mailed code buys a ticket, with the code's limits.
func TestRecoveryByCode(t *testing.T) {
	s := mustRecoveryStack(t, generousLimits)
	id := map[string]string{"account_name": "acme", "method": "email"}
	request := func() string {
		t.Helper()
		s.Sink.Reset()
		s.call(t, http.MethodPost, "/recovery/requests", "", id).decode(t, http.StatusAccepted, nil)
		return codeOf(t, s.mailTo(t, "root@acme.test", "reset code"))
	}
	verify := func(code string) answer {
		return s.call(t, http.MethodPost, "/recovery/verify", "", map[string]string{"account_name": "acme", "code": code})
	}
	wrong := func(code string) string { return string([]byte{'0' + (code[0]-'0'+1)%10}) + code[1:] }

	code := request()
	for range 5 {
		verify(wrong(code)).problem(t, http.StatusBadRequest, "verify.code_invalid")
	}
	verify(code).problem(t, http.StatusBadRequest, "verify.code_invalid") // the sixth attempt

	old, code := request(), request()
	if old != code {
		verify(old).problem(t, http.StatusBadRequest, "verify.code_invalid") // voided by the newer
	}
	var ticket struct {
		Ticket    string    `json:"ticket"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	verify(code).decode(t, http.StatusOK, &ticket)
	verify(code).problem(t, http.StatusBadRequest, "verify.code_invalid") // used

	late := request()
	s.Add(10 * time.Minute)
	verify(late).problem(t, http.StatusBadRequest, "verify.code_invalid") // expired
	// The ticket was handed out ten minutes ago: it expired too.
	reset := map[string]string{"token": ticket.Ticket, "password": rsNewPassword, "confirmation": rsNewPassword}
	s.call(t, http.MethodPost, "/recovery/reset", "", reset).problem(t, http.StatusBadRequest, "verify.token_invalid")

	verify(request()).decode(t, http.StatusOK, &ticket)
	reset["token"] = ticket.Ticket
	s.call(t, http.MethodPost, "/recovery/reset", "", reset).decode(t, http.StatusOK, nil)
	s.mustLogin(t, map[string]string{"account": "acme", "password": rsNewPassword})
}

// TestRecoveryRateLimited: 429 with Retry-After past the limits, for known
// and unknown identifiers alike; logging in is never limited by them.
func TestRecoveryRateLimited(t *testing.T) {
	s := mustRecoveryStack(t, func(cfg *identity.RecoveryConfig) {
		cfg.Limits.RequestPerIdentifier = identity.RateLimit{Count: 3, Window: 15 * time.Minute}
	})
	for _, email := range []string{"root@acme.test", "nobody@acme.test"} {
		body := map[string]string{"email": email, "method": "link"}
		for range 3 {
			s.call(t, http.MethodPost, "/recovery/requests", "", body).decode(t, http.StatusAccepted, nil)
		}
		a := s.call(t, http.MethodPost, "/recovery/requests", "", body)
		a.problem(t, http.StatusTooManyRequests, "rate_limit.exceeded")
		if got := a.Header.Get("Retry-After"); got != "900" {
			t.Fatalf("Retry-After %q, want 900", got)
		}
	}
	for range 3 {
		s.mustLogin(t, map[string]string{"account": "acme", "password": rsRootPassword})
	}
	s.call(t, http.MethodPost, "/recovery/verify", "", map[string]string{"email": "nobody@acme.test", "code": "x"}).
		problem(t, http.StatusBadRequest, "verify.code_invalid")
	if n := len(s.Sink.Messages()); n != 0 {
		t.Fatalf("%d mails before delivery", n)
	}
	s.deliver(t)
	if n := len(s.Sink.Messages()); n != 3 {
		t.Fatalf("%d reset mails, want 3", n)
	}
}
