package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// TestDeleteAsksFirst: "Delete this user", "Delete access key", "Sign out
// all other sessions" and "Reset authenticator" are links to a page that
// names what will go, whose form posts with confirm=yes; a post without it
// changes nothing and lands on that page.
func TestDeleteAsksFirst(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	erin := s.mustUser(t, identity.NewUser{Name: "erin", Email: "erin@acme.test", Password: "Orbit-Kettle-Marble-99"})
	userPath := console.Path + "/users/" + erin.ID
	if _, err := s.Svc.AccessKeys.Create(s.asRoot(t), identity.NewAccessKey{UserName: "erin"}); err != nil {
		t.Fatal(err)
	}

	user := b.get(userPath)
	if !strings.Contains(user.Body, `href="`+userPath+`/delete"`) || strings.Contains(user.Body, `action="`+userPath+`/delete"`) {
		t.Errorf("the user page still deletes in one click:\n%s", user.Body)
	}
	p := b.get(userPath + "/delete")
	got := text(p.Body)
	if p.Status != http.StatusOK || !strings.Contains(got, "Delete this user?") || !strings.Contains(got, "The user erin will be deleted") ||
		!strings.Contains(got, "their access keys (1)") || !strings.Contains(p.Body, `name="confirm" value="yes"`) {
		t.Fatalf("confirm page: %d\n%s", p.Status, got)
	}
	if p := b.post(userPath+"/delete", nil); p.Status != http.StatusSeeOther || p.Location() != userPath+"/delete" {
		t.Errorf("unconfirmed delete: %d to %q", p.Status, p.Location())
	}
	if _, err := s.Svc.Users.Get(s.asRoot(t), erin.ID); err != nil {
		t.Fatalf("an unconfirmed post deleted the user: %v", err)
	}
	b.Lang = "fr"
	if got := text(b.get(userPath + "/delete").Body); !strings.Contains(got, "Supprimer cet utilisateur\u00a0?") ||
		!strings.Contains(got, "ses clés d’accès (1)") {
		t.Errorf("French confirm page:\n%s", got)
	}
	b.Lang = "en"
	if p := b.post(userPath+"/delete", url.Values{"confirm": {"yes"}}); p.Status != http.StatusSeeOther || p.Location() != console.Path+"/users" {
		t.Fatalf("confirmed delete: %d", p.Status)
	}
	if _, err := s.Svc.Users.Get(s.asRoot(t), erin.ID); !fault.Is(err, fault.NotFound) {
		t.Errorf("the user is still there: %v", err)
	}
	if p := b.get(userPath + "/delete"); p.Status != http.StatusNotFound {
		t.Errorf("confirm page of a deleted user: %d", p.Status)
	}

	// An access key of the root user.
	key, err := s.Svc.AccessKeys.Create(s.asRoot(t), identity.NewAccessKey{Tag: "backup-job"})
	if err != nil {
		t.Fatal(err)
	}
	keyPath := console.Path + "/access-keys/" + key.Key.ID + "/delete"
	if profile := b.get(console.Path + "/profile").Body; !strings.Contains(profile, `href="`+keyPath+`"`) {
		t.Errorf("no link to the key's confirm page:\n%s", profile)
	}
	p = b.get(keyPath)
	if got := text(p.Body); p.Status != http.StatusOK || !strings.Contains(got, "The access key "+key.Key.ID+" will be deleted.") ||
		!strings.Contains(got, "Tag: backup-job") {
		t.Fatalf("key confirm page: %d\n%s", p.Status, got)
	}
	if p := b.post(keyPath, nil); p.Status != http.StatusSeeOther || p.Location() != keyPath {
		t.Errorf("unconfirmed key delete: %d to %q", p.Status, p.Location())
	}
	if keys, _ := s.Svc.AccessKeys.List(s.asRoot(t), identity.AccessKeyFilter{}); len(keys) != 1 {
		t.Fatalf("an unconfirmed post deleted the key: %d keys", len(keys))
	}
	if p := b.post(keyPath, url.Values{"confirm": {"yes"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("confirmed key delete: %d", p.Status)
	}
	if keys, _ := s.Svc.AccessKeys.List(s.asRoot(t), identity.AccessKeyFilter{}); len(keys) != 0 {
		t.Errorf("%d keys after the delete", len(keys))
	}
	if p := b.get(keyPath); p.Status != http.StatusNotFound {
		t.Errorf("confirm page of a deleted key: %d", p.Status)
	}

	// Signing out every other session.
	other := s.browser(t)
	other.mustLogin("acme", "", rootPassword)
	if p := b.post(console.Path+"/sessions/revoke-others", nil); p.Status != http.StatusSeeOther ||
		p.Location() != console.Path+"/sessions/revoke-others" {
		t.Errorf("unconfirmed revoke: %d to %q", p.Status, p.Location())
	}
	if other.get(console.Path+"/profile").Status != http.StatusOK {
		t.Fatal("an unconfirmed post signed the other session out")
	}
	if got := text(b.get(console.Path + "/sessions/revoke-others").Body); !strings.Contains(got, "Sign out all other sessions?") {
		t.Errorf("revoke confirm page:\n%s", got)
	}
	if p := b.post(console.Path+"/sessions/revoke-others", url.Values{"confirm": {"yes"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("confirmed revoke: %d", p.Status)
	}
	if other.get(console.Path+"/profile").Status == http.StatusOK {
		t.Error("the other session survived")
	}
}

// TestAdminResetsAuthenticator: an administrator removes a user's lost
// device from the user's page, after a confirm page; the core notifies the
// user and login verification falls back to off.
func TestAdminResetsAuthenticator(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	const pw = "Orbit-Kettle-Marble-99"
	frank, _ := s.mustTOTPUser(t, "frank", pw)
	userPath := console.Path + "/users/" + frank.ID
	if got := text(b.get(userPath).Body); !strings.Contains(got, "A virtual MFA device is bound since") {
		t.Fatalf("user page:\n%s", got)
	}
	p := b.get(userPath + "/mfa/delete")
	if got := text(p.Body); p.Status != http.StatusOK || !strings.Contains(got, "Reset this user’s authenticator?") ||
		!strings.Contains(got, "Their login verification uses it") {
		t.Fatalf("confirm page: %d\n%s", p.Status, got)
	}
	if p := b.post(userPath+"/mfa/delete", nil); p.Status != http.StatusSeeOther || p.Location() != userPath+"/mfa/delete" {
		t.Errorf("unconfirmed reset: %d to %q", p.Status, p.Location())
	}
	if _, err := s.Svc.MFA.Device(s.asRoot(t), frank.ID); err != nil {
		t.Fatalf("an unconfirmed post removed the device: %v", err)
	}
	if p := b.post(userPath+"/mfa/delete", url.Values{"confirm": {"yes"}}); p.Status != http.StatusSeeOther || p.Location() != userPath {
		t.Fatalf("confirmed reset: %d to %q", p.Status, p.Location())
	}
	if got := text(b.get(userPath).Body); !strings.Contains(got, "The user’s authenticator has been removed") ||
		!strings.Contains(got, "The user has no virtual MFA device.") {
		t.Errorf("after the reset:\n%s", got)
	}
	if _, err := s.Svc.MFA.Device(s.asRoot(t), frank.ID); !fault.Is(err, fault.NotFound) {
		t.Errorf("the device is still there: %v", err)
	}
	s.lastNote(t, "frank@acme.test", "mfa_changed")
	// frank signs in with the password alone now.
	s.browser(t).mustLogin("acme", "frank", pw)
}
