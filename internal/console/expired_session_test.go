package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/console"
)

// TestExpiredSession: a session past its 12-hour life, which worked a
// moment before, is the console's own "401": the cookie is cleared, a page
// sends the browser to the login page with the way back, and a form post
// changes nothing and says the session ended.
func TestExpiredSession(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	if p := b.get(console.Path + "/profile"); p.Status != http.StatusOK {
		t.Fatalf("within the session's life: %d", p.Status)
	}
	poster := s.browser(t) // a second session, whose form was open when it ran out
	poster.mustLogin("acme", "", rootPassword)
	csrf := poster.csrf()

	s.Clock.Add(12*time.Hour + time.Minute)
	p := b.get(console.Path + "/profile")
	if p.Status != http.StatusSeeOther || p.Location() != console.Path+"/login?next="+url.QueryEscape(console.Path+"/profile") {
		t.Fatalf("page: %d to %q", p.Status, p.Location())
	}
	if c := cookieIn(p, "ww_session"); c == nil || c.MaxAge >= 0 {
		t.Errorf("the expired session cookie is not cleared: %v", c)
	}

	req, _ := http.NewRequest(http.MethodPost, s.URL+console.Path+"/profile", strings.NewReader(url.Values{
		"csrf_token": {csrf}, "display_name": {"Changed"}, "locale": {"en"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	p = poster.do(req)
	if p.Status != http.StatusSeeOther || p.Location() != console.Path+"/login" {
		t.Fatalf("post: %d to %q", p.Status, p.Location())
	}
	if c := cookieIn(p, "ww_session"); c == nil || c.MaxAge >= 0 {
		t.Errorf("the expired session cookie is not cleared on a post: %v", c)
	}
	if got := text(poster.get(console.Path + "/login").Body); !strings.Contains(got, tr(t, "en", "page.flash.session_expired")) {
		t.Errorf("the login page does not say the session ended:\n%s", got)
	}
	me, err := s.Svc.Users.Me(s.asRoot(t))
	if err != nil || me.DisplayName == "Changed" {
		t.Fatalf("the profile changed with an expired session: %+v %v", me, err)
	}
}

// cookieIn returns the cookie name an answer sets, or nil.
func cookieIn(p page, name string) *http.Cookie {
	for _, c := range p.resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}
