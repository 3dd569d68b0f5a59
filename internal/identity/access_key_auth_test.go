package identity_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// keyAuthFrom authenticates a signed request from ip, made now with a new
// signature, which verifies when good is true.
func (c *secureCore) keyAuthFrom(ip, id string, good bool) (*identity.User, error) {
	_, u, err := c.svc.AccessKeys.Authenticate(fromIP(ip), c.signed(id, c.clock.Now(), func([]byte) bool { return good }))
	return u, err
}

func fromIP(ip string) context.Context {
	return identity.WithRequest(context.Background(), identity.Request{IP: ip})
}

// signed is a request signed with key id at t, with a signature of its own.
func (c *secureCore) signed(id string, t time.Time, check identity.SignatureCheck) identity.SignedRequest {
	return identity.SignedRequest{AccessKeyID: id, Time: t, Signature: []byte(rand.Text()), Changes: true, Check: check}
}

// wantLocked checks the lockout answer and how long it asks to wait.
func wantLocked(t *testing.T, err error, wait time.Duration) {
	t.Helper()
	wantFault(t, err, fault.RateLimited, "auth.access_key_locked")
	if got := fault.As(err).RetryAfter; got != wait {
		t.Fatalf("RetryAfter %v, want %v", got, wait)
	}
}

func TestAccessKeyAuthenticate(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	created, err := c.svc.AccessKeys.Create(c.admin, identity.NewAccessKey{})
	if err != nil {
		t.Fatal(err)
	}
	id := created.Key.ID
	const ip, other = "203.0.113.5", "203.0.113.6"

	t.Run("OK", func(t *testing.T) {
		var seen []byte
		k, u, err := c.svc.AccessKeys.Authenticate(fromIP(ip), c.signed(id, c.clock.Now(), func(sk []byte) bool {
			seen = bytes.Clone(sk)
			return bytes.Equal(sk, []byte(created.SecretKey))
		}))
		if err != nil || k.ID != id || u.ID != c.root.ID || k.SealedSecret != "" || string(seen) != created.SecretKey {
			t.Fatalf("%+v %+v %v (saw %q)", k, u, err, seen)
		}
	})
	t.Run("ErrOneAnswer", func(t *testing.T) {
		_, bad := c.keyAuthFrom(other, id, false)
		_, unknown := c.keyAuthFrom(other, "ABCDEFGHIJ0123456789", true)
		_, short := c.keyAuthFrom(other, "AK", true)
		for _, err := range []error{bad, unknown, short} {
			checkFault(t, err, fault.Unauthenticated, "auth.invalid_access_key", "the access key or the request signature is invalid")
		}
		if n := c.countAuditFrom(t, other, "auth.access_key", "auth.invalid_signature"); n != 1 {
			t.Fatalf("%d audit events for the bad signature, want 1", n)
		}
		if _, err := c.keyAuthFrom(other, id, true); err != nil { // clears other's count
			t.Fatal(err)
		}
	})
	t.Run("SuccessStartsTheCountAgain", func(t *testing.T) {
		for range 3 {
			if _, err := c.keyAuthFrom(ip, id, false); err == nil {
				t.Fatal("bad signature accepted")
			}
		}
		if _, err := c.keyAuthFrom(ip, id, true); err != nil {
			t.Fatalf("three failures must not lock: %v", err)
		}
		for range 3 {
			_, _ = c.keyAuthFrom(ip, "ABCDEFGHIJ0123456789", true)
		}
		if _, err := c.keyAuthFrom(ip, id, true); err != nil {
			t.Fatalf("three failures after a success must not lock: %v", err)
		}
	})
	t.Run("LockoutGrowsByAMinuteUpToTen", func(t *testing.T) {
		for n := 1; n <= 11; n++ {
			for range 4 {
				_, err := c.keyAuthFrom(ip, "ABCDEFGHIJ0123456789", true)
				wantFault(t, err, fault.Unauthenticated, "auth.invalid_access_key") // the fourth still gets its own answer
			}
			want := time.Duration(min(n, 10)) * time.Minute
			_, err := c.keyAuthFrom(ip, id, true)
			wantLocked(t, err, want)
			if _, err := c.keyAuthFrom(other, id, true); err != nil {
				t.Fatalf("lockout %d: another IP is locked too: %v", n, err)
			}
			c.clock.Add(want - time.Second)
			_, err = c.keyAuthFrom(ip, id, true)
			wantLocked(t, err, time.Second)
			c.clock.Add(time.Second)
		}
		if _, err := c.keyAuthFrom(ip, id, true); err != nil {
			t.Fatalf("after the lockout: %v", err)
		}
		// That success forgot the lockouts: the next is a minute again.
		for range 4 {
			_, _ = c.keyAuthFrom(ip, id, false)
		}
		_, err := c.keyAuthFrom(ip, id, true)
		wantLocked(t, err, time.Minute)
	})
	t.Run("NoIPIsNotCounted", func(t *testing.T) {
		for range 6 {
			_, _ = c.keyAuthFrom("", id, false)
		}
		if _, err := c.keyAuthFrom("", id, true); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAccessKeyAuthenticateClockAndReplay(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	created, err := c.svc.AccessKeys.Create(c.admin, identity.NewAccessKey{})
	if err != nil {
		t.Fatal(err)
	}
	id := created.Key.ID
	good := func([]byte) bool { return true }
	auth := func(req identity.SignedRequest) error {
		_, _, err := c.svc.AccessKeys.Authenticate(fromIP(secIP), req)
		return err
	}
	t.Run("SkewWindow", func(t *testing.T) {
		now := c.clock.Now()
		for _, d := range []time.Duration{5 * time.Minute, -5 * time.Minute, 0} {
			if err := auth(c.signed(id, now.Add(d), good)); err != nil {
				t.Fatalf("%v from now refused: %v", d, err)
			}
		}
		for _, d := range []time.Duration{5*time.Minute + time.Second, -5*time.Minute - time.Second, time.Hour} {
			checked := false
			err := auth(c.signed(id, now.Add(d), func([]byte) bool { checked = true; return true }))
			checkFault(t, err, fault.Unauthenticated, "auth.request_time_skewed", "the request time is more than 5m0s from the server time")
			if checked {
				t.Fatalf("%v: the key was looked up for a request out of the window", d)
			}
		}
		// Clock failures are not counted: a fifth request is not locked.
		if err := auth(c.signed(id, now, good)); err != nil {
			t.Fatalf("skewed requests locked the IP: %v", err)
		}
	})
	t.Run("SkewConfigurable", func(t *testing.T) {
		c := mustSecureCore(t, identity.Config{SignatureMaxSkew: 15 * time.Minute})
		created, err := c.svc.AccessKeys.Create(c.admin, identity.NewAccessKey{})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.svc.AccessKeys.Authenticate(fromIP(secIP), c.signed(created.Key.ID, c.clock.Now().Add(-14*time.Minute), good)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ReplayRefusedWhileInTheWindow", func(t *testing.T) {
		req := c.signed(id, c.clock.Now(), good)
		if err := auth(req); err != nil {
			t.Fatal(err)
		}
		for range 6 {
			checkFault(t, auth(req), fault.Unauthenticated, "auth.request_replayed",
				"this signed request was already received; sign every request anew")
		}
		// Replays are not counted: six of them did not lock the IP.
		if err := auth(c.signed(id, c.clock.Now(), good)); err != nil {
			t.Fatalf("replays locked the IP: %v", err)
		}
		// Another key's identical signature is another request.
		other, err := c.svc.AccessKeys.Create(c.admin, identity.NewAccessKey{})
		if err != nil {
			t.Fatal(err)
		}
		if err := auth(identity.SignedRequest{AccessKeyID: other.Key.ID, Time: req.Time, Signature: req.Signature, Changes: true, Check: good}); err != nil {
			t.Fatalf("another key's request refused: %v", err)
		}
		// A read may be repeated.
		read := c.signed(id, c.clock.Now(), good)
		read.Changes = false
		for range 3 {
			if err := auth(read); err != nil {
				t.Fatalf("a repeated read refused: %v", err)
			}
		}
		// Once out of the window, the request is too old rather than replayed.
		c.clock.Add(5*time.Minute + time.Second)
		wantFault(t, auth(req), fault.Unauthenticated, "auth.request_time_skewed")
	})
	t.Run("BadSignatureIsNotRecorded", func(t *testing.T) {
		req := c.signed(id, c.clock.Now(), func([]byte) bool { return false })
		wantFault(t, auth(req), fault.Unauthenticated, "auth.invalid_access_key")
		req.Check = good
		if err := auth(req); err != nil {
			t.Fatalf("a refused signature was remembered: %v", err)
		}
	})
}

func TestAccessKeyAuthenticateBruteForceDisabled(t *testing.T) {
	c := mustSecureCore(t, identity.Config{BruteForceDisabled: true})
	created, err := c.svc.AccessKeys.Create(c.admin, identity.NewAccessKey{})
	if err != nil {
		t.Fatal(err)
	}
	for range 8 {
		_, err := c.keyAuthFrom(secIP, created.Key.ID, false)
		wantFault(t, err, fault.Unauthenticated, "auth.invalid_access_key")
	}
	if _, err := c.keyAuthFrom(secIP, created.Key.ID, true); err != nil {
		t.Fatalf("locked with the off switch on: %v", err)
	}
	if n := c.countAuditFrom(t, secIP, "auth.access_key", "auth.invalid_signature"); n != 8 {
		t.Fatalf("%d audit events, want 8: bad signatures are audited even when not counted", n)
	}
}

// countAuditFrom counts acme's audit events of action and outcome from ip.
func (c *secureCore) countAuditFrom(t *testing.T, ip, action, outcome string) int {
	t.Helper()
	evs, err := c.db.FindAuditEvents(context.Background(), c.root.AccountID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ev := range evs {
		if ev.Action == action && ev.Outcome == outcome && ev.IP == ip {
			n++
		}
	}
	return n
}
