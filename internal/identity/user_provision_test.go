package identity_test

import (
	"context"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

// TestProvision: a connector's change goes through the gate (another
// account's user is not found, the root user is never its target, not even
// for the root user itself), applies only to the version it names, and
// disabling ends the user's sessions.
func TestProvision(t *testing.T) {
	c := mustCore(t)
	alice := c.mustAlice(t)
	aliceCtx := c.mustLogin(t, identity.LoginInput{AccountName: "acme", UserName: "alice", Password: alicePassword})
	_, globex := c.mustOtherAccount(t)

	d, _, err := c.svc.Users.Provision(c.admin, alice.ID, alice.Version, identity.UserChange{
		User: identity.UserUpdate{ExternalID: ptrTo("00u1abcd"), DisplayName: ptrTo("Alice L.")}})
	if err != nil || d.ExternalID != "00u1abcd" || d.Version != alice.Version+1 {
		t.Fatalf("provision: %+v %v", d, err)
	}
	_, _, err = c.svc.Users.Provision(c.admin, alice.ID, alice.Version, identity.UserChange{User: identity.UserUpdate{DisplayName: ptrTo("stale")}})
	checkFault(t, err, fault.Conflict, "user.version_mismatch", "the user is no longer at the version the request names")
	_, _, err = c.svc.Users.Provision(globex, alice.ID, 0, identity.UserChange{User: identity.UserUpdate{DisplayName: ptrTo("x")}})
	checkFaultOf(t, err, noSuchUser)
	_, _, err = c.svc.Users.Provision(c.admin, c.root.ID, 0, identity.UserChange{User: identity.UserUpdate{DisplayName: ptrTo("x")}})
	checkFault(t, err, fault.Forbidden, "user.root_protected", "the root user cannot be changed or deleted this way")
	_, _, err = c.svc.Users.Provision(aliceCtx, alice.ID, 0, identity.UserChange{User: identity.UserUpdate{DisplayName: ptrTo("x")}})
	checkFaultOf(t, err, adminRequired)
	checkFault(t, c.svc.Users.Deprovision(c.admin, c.root.ID, 0), fault.Forbidden, "user.root_protected",
		"the root user cannot be changed or deleted this way")

	// Disabling ends alice's sessions.
	if _, _, err := c.svc.Users.Provision(c.admin, alice.ID, 0, identity.UserChange{User: identity.UserUpdate{Enabled: ptrTo(false)}}); err != nil {
		t.Fatal(err)
	}
	if sessions, err := c.db.FindSessions(context.Background(), alice.ID); err != nil || len(sessions) != 0 {
		t.Fatalf("a disabled user keeps %d sessions (%v)", len(sessions), err)
	}

	checkFaultOf(t, c.svc.Users.Deprovision(globex, alice.ID, 0), noSuchUser)
	u, _ := c.db.FindUserByID(context.Background(), alice.ID)
	checkFault(t, c.svc.Users.Deprovision(c.admin, alice.ID, u.Version-1), fault.Conflict, "user.version_mismatch",
		"the user is no longer at the version the request names")
	if err := c.svc.Users.Deprovision(c.admin, alice.ID, u.Version); err != nil {
		t.Fatal(err)
	}
	checkFaultOf(t, c.svc.Users.Deprovision(c.admin, alice.ID, 0), noSuchUser)
}

// TestInvite: a user created without a password but with an email and
// Invite gets the invitation mail in the same transaction; its link sets the
// first password under the whole policy, once.
func TestInvite(t *testing.T) {
	c := mustCore(t)
	c.fx.MustClaim(t) // the account's own mail
	u, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: "bob@acme.example", Email: "bob@acme.test", ExternalID: "e-1", Invite: true})
	if err != nil || u.PasswordOrigin != identity.OriginUnset || u.ExternalID != "e-1" {
		t.Fatalf("create: %+v %v", u, err)
	}
	msgs := c.fx.MustClaim(t)
	if len(msgs) != 1 || msgs[0].Template != notify.Invitation || msgs[0].To != "bob@acme.test" ||
		msgs[0].Data["user"] != "bob@acme.example" || msgs[0].Data["account"] != "acme" || msgs[0].Data["expires_days"] != "7" {
		t.Fatalf("invitation: %+v", msgs)
	}
	link := msgs[0].Secret["link"]
	token := link[strings.LastIndexByte(link, '/')+1:]
	if !strings.Contains(link, "/reset/") || token == "" {
		t.Fatalf("link %q", link)
	}
	if _, err := c.svc.Recovery.ResetWithToken(context.Background(), token, "short"); fault.KindOf(err) != fault.Policy {
		t.Fatalf("weak first password: %v", err)
	}
	if _, err := c.svc.Recovery.ResetWithToken(context.Background(), token, "Quartz-Fjord-Passw0rd"); err != nil {
		t.Fatalf("set first password: %v", err)
	}
	if _, err := c.svc.Recovery.ResetWithToken(context.Background(), token, "Quartz-Fjord-Second-9"); err == nil {
		t.Fatal("the invitation link worked twice")
	}
	c.mustLogin(t, identity.LoginInput{AccountName: "acme", UserName: "bob@acme.example", Password: "Quartz-Fjord-Passw0rd"})

	// No email, a password, or Invite unset: no invitation.
	for _, in := range []identity.NewUser{{Name: "carol", Invite: true}, {Name: "dave", Email: "dave@acme.test"},
		{Name: "erin", Email: "erin@acme.test", Password: "Lantern-Orbit-77", Invite: true}} {
		if _, err := c.svc.Users.Create(c.admin, in); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range c.fx.MustClaim(t) {
		if m.Template == notify.Invitation {
			t.Fatalf("unexpected invitation to %s", m.To)
		}
	}
	// A refused creation sends nothing.
	if _, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: "bob@acme.example", Email: "other@acme.test", Invite: true}); fault.CodeOf(err) != "user.name_taken" {
		t.Fatalf("duplicate: %v", err)
	}
	if msgs := c.fx.MustClaim(t); len(msgs) != 0 {
		t.Fatalf("a refused creation queued %d messages", len(msgs))
	}
}

// TestUserNames: an IAM user's name may be a user principal name or an
// email address, as identity providers give it; an account name may not.
func TestUserNames(t *testing.T) {
	c := mustCore(t)
	for _, name := range []string{"alice@example.com", "a.b+c@x.example", strings.Repeat("a", 128)} {
		if _, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: name}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for _, name := range []string{"@alice", "a b", strings.Repeat("a", 129), "a/b", ""} {
		_, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: name})
		checkFault(t, err, fault.Invalid, "validation.name",
			"name must be 1 to 128 letters, digits, '.', '_', '-', '@' or '+', starting with a letter or digit")
	}
	if _, _, err := c.svc.Accounts.Create(context.Background(), identity.NewAccount{Name: "a@b", Email: "x@y.test", Password: rootPassword}); fault.CodeOf(err) != "validation.name" {
		t.Fatalf("account named with @: %v", err)
	}
	_, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: "zed", ExternalID: strings.Repeat("x", 257)})
	if fault.CodeOf(err) != "validation.text" {
		t.Fatalf("long externalId: %v", err)
	}
}
