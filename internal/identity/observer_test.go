package identity_test

import (
	"context"
	"sync"
	"testing"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/testkit"
)

// recorder is an identity.Observer that keeps what it heard.
type recorder struct {
	mu     sync.Mutex
	events map[string]int
}

func (r *recorder) add(k string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.events == nil {
		r.events = map[string]int{}
	}
	r.events[k]++
}

func (r *recorder) SignIn(face, result string)        { r.add("sign_in " + face + " " + result) }
func (r *recorder) AccessKeyAuth(face, result string) { r.add("access_key " + face + " " + result) }
func (r *recorder) Lockout(scope string)              { r.add("lockout " + scope) }
func (r *recorder) CodeFailed(channel string)         { r.add("code_failed " + channel) }

func (r *recorder) got() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]int{}
	for k, v := range r.events {
		out[k] = v
	}
	return out
}

// TestObserverCountsSignIns: each sign-in is counted once under the face
// its context names, with its result; the attempt that reaches the login
// policy's threshold counts one lockout; a wrong second-step code counts a
// failed code of its channel. LoginAs counts once, not once more for the
// Login it runs.
func TestObserverCountsSignIns(t *testing.T) {
	rec := &recorder{}
	fx := testkit.MustServices(t, testkit.Options{Observer: rec,
		Account: identity.NewAccount{Password: testkit.RootPassword, Locale: "en"}})
	svc := fx.Services
	alice, err := svc.Users.Create(fx.RootCtx, identity.NewUser{Name: "alice", Email: "alice@acme.test", Password: alicePassword})
	if err != nil {
		t.Fatal(err)
	}
	before := rec.got()
	from := func(face string) context.Context {
		return identity.WithFace(identity.WithRequest(context.Background(), identity.Request{IP: "192.0.2.7"}), face)
	}
	aliceIn := func(pw string) identity.LoginInput {
		return identity.LoginInput{AccountName: "acme", UserName: "alice", Password: pw}
	}

	if _, err := svc.Auth.Login(from(identity.FaceConsole), aliceIn(alicePassword)); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Auth.LoginAs(from(identity.FaceKeystone), identity.UserRef{UserName: "alice", AccountName: "acme"}, alicePassword, nil); err != nil {
		t.Fatal(err)
	}
	// The default login policy locks after 5 failures from one address.
	for range identity.DefaultLoginFailedTimes + 1 {
		if _, err := svc.Auth.Login(from(identity.FaceAPI), aliceIn("wrong-password-1")); err == nil {
			t.Fatal("a wrong password signed in")
		}
	}
	if _, _, err := svc.Auth.ClientToken(from(identity.FaceAPI), "no-such-client", "secret"); err == nil {
		t.Fatal("an unknown client got a token")
	}

	// A second step by email: the password counts as a challenge, a wrong
	// code as a failed sign-in and a failed email code.
	if _, err := svc.LoginVerification.SetFor(fx.RootCtx, alice.ID, identity.VerifyEmail); err != nil {
		t.Fatal(err)
	}
	res, err := svc.Auth.Login(from(identity.FaceConsole), identity.LoginInput{AccountName: "acme", Password: testkit.RootPassword})
	if err != nil || res.Challenge != nil {
		t.Fatalf("root sign-in: %v, %+v", err, res)
	}
	if err := svc.Users.Unlock(fx.RootCtx, alice.ID); err != nil {
		t.Fatal(err)
	}
	res, err = svc.Auth.Login(from(identity.FaceHuawei), identity.LoginInput{AccountName: "acme", UserName: "alice", Password: alicePassword})
	if err != nil || res.Challenge == nil {
		t.Fatalf("alice with a second step: %v, %+v", err, res)
	}
	if _, err := svc.Auth.CompleteLogin(from(identity.FaceHuawei), res.Challenge.ID, "000000"); err == nil {
		t.Fatal("a wrong code signed in")
	}

	// A request signed with a key that does not exist.
	if _, _, err := svc.AccessKeys.Authenticate(from(identity.FaceOutscale), identity.SignedRequest{AccessKeyID: "AKNOSUCHKEY",
		Time: fx.Clock.Now(), Signature: []byte("sig"), Check: func([]byte) bool { return true }}); err == nil {
		t.Fatal("an unknown access key authenticated")
	}

	got := rec.got()
	for k, v := range before {
		got[k] -= v
	}
	want := map[string]int{
		"sign_in console success":     2,
		"sign_in keystone success":    1,
		"sign_in api failure":         identity.DefaultLoginFailedTimes + 2, // 6 passwords, 1 client
		"lockout user":                1,
		"sign_in huawei challenge":    1,
		"sign_in huawei failure":      1,
		"access_key outscale failure": 1,
		"code_failed email":           1,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %d, want %d (all: %v)", k, got[k], v, got)
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok && v != 0 {
			t.Errorf("unexpected %s = %d", k, v)
		}
	}
}
