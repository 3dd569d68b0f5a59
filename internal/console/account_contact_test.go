package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/notify"
)

// TestAccountEmailChangeIsPending: the Edit account form with a new email
// moves nothing the account signs in or recovers with; the old address is
// told, the new one gets a code, and the change completes on the Change
// email address page, after verifying identity.
func TestAccountEmailChangeIsPending(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	if _, err := s.DB.ClaimOutbox(t.Context(), 100, time.Hour); err != nil { // empty the outbox
		t.Fatal(err)
	}
	p := b.post(console.Path+"/account", url.Values{"email": {"new@acme.test"}, "city": {"Lyon"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("update: %d\n%s", p.Status, text(p.Body))
	}
	got := text(b.get(console.Path + "/profile").Body)
	if !strings.Contains(got, "A code was sent to n•••@acme.test.") || !strings.Contains(got, "Lyon") || strings.Contains(got, "new@acme.test") {
		t.Fatalf("profile after the update:\n%s", got)
	}
	msgs := s.core.MustClaim(t)
	queued := map[string]notify.Message{}
	for _, m := range msgs {
		queued[m.Template+" "+m.To] = m
	}
	// (c) the old address is told; (d) the new one gets a code.
	_, told := queued[notify.EmailChangeRequested+" root@acme.test"]
	code := queued[notify.VerificationCode+" new@acme.test"].Secret["code"]
	if len(queued) != 2 || !told || code == "" {
		t.Fatalf("queued %+v", queued)
	}

	// (a) sign-in by the new email fails, by the old one works.
	c := s.browser(t)
	if p := c.post(console.Path+"/login", url.Values{"account": {"new@acme.test"}, "password": {rootPassword}}); p.Status == http.StatusSeeOther {
		t.Fatal("signed in by the unproven email")
	}
	c.mustLogin("root@acme.test", "", rootPassword)
	// (b) Forgot Password sends nothing to the new address; the old still works.
	for _, email := range []string{"new@acme.test", "root@acme.test"} {
		id, answer := s.forgot(t, c)
		p := c.post(console.Path+"/forgot", url.Values{"email": {email}, "method": {"link"}, "captcha_id": {id}, "captcha_answer": {answer}})
		if p.Status != http.StatusOK {
			t.Fatalf("forgot %s: %d\n%s", email, p.Status, text(p.Body))
		}
	}
	msgs = s.core.MustClaim(t)
	if len(msgs) != 1 || msgs[0].To != "root@acme.test" || msgs[0].Template != notify.ResetLink {
		t.Fatalf("Forgot Password queued %+v, want one link to the proven address", msgs)
	}

	// (d) the code binds the address on the Change email address page.
	base := console.Path + "/credentials/contact/email"
	b.post(base+"/identity-code", url.Values{"channel": {"email"}})
	p = b.post(base+"/identity", url.Values{"code": {s.lastCode(t, "root@acme.test")}})
	m := regexp.MustCompile(`name="ticket" value="([^"]+)"`).FindStringSubmatch(p.Body)
	if p.Status != http.StatusOK || m == nil {
		t.Fatalf("identity: %d\n%s", p.Status, text(p.Body))
	}
	p = b.post(base, url.Values{"ticket": {m[1]}, "address": {"new@acme.test"}, "code": {code}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("bind: %d\n%s", p.Status, text(p.Body))
	}
	s.lastNote(t, "root@acme.test", notify.EmailChanged)
	c = s.browser(t)
	c.mustLogin("new@acme.test", "", rootPassword)
}
