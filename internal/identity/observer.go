package identity

import (
	"context"
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

// Observer hears of the security events operators count: sign-ins,
// lockouts and wrong verification codes. The metrics adapter implements
// it; the core only calls it, so that it never depends on a metrics
// library. Calls must be cheap and must not block.
type Observer interface {
	// SignIn is one sign-in attempt through face ("console", "api",
	// "keystone", "huawei", "outscale", "" when unknown) and its result
	// (one of the SignIn* constants).
	SignIn(face, result string)
	// AccessKeyAuth is one request signed with an access key (Outscale's
	// or Huawei's AK/SK signature) and its result, as SignIn's: success,
	// failure (unknown key, bad signature), rate_limited (the address is
	// locked out), unavailable or error.
	AccessKeyAuth(face, result string)
	// Lockout is a lock this attempt set: "user" (the login policy's lock
	// of a user from one address), "user_day" (a user's daily cap, from
	// every address), "ip" (an address slowed down for every user) or
	// "access_key_ip" (an address refused after bad access-key signatures).
	Lockout(scope string)
	// CodeFailed is a verification code entered wrong, expired, used or
	// past its attempts, by the channel it was for: "email", "sms", "totp",
	// or "unknown" (a reset code for an identifier that has none).
	CodeFailed(channel string)
}

// The results Observer.SignIn receives.
const (
	SignInSuccess     = "success"      // a token was issued or the credentials checked out
	SignInChallenge   = "challenge"    // the password was right; a second step is asked
	SignInFailure     = "failure"      // wrong or unknown credentials, wrong code, locked user
	SignInRefused     = "refused"      // right credentials, refused (change required, method unreachable)
	SignInRateLimited = "rate_limited" // the address is slowed down
	SignInUnavailable = "unavailable"  // hash pool full, store unavailable, client gone
	SignInError       = "error"        // an internal error
)

// The faces Observer.SignIn names; WithFace puts one in a request's context.
const (
	FaceConsole  = "console"
	FaceAPI      = "api"
	FaceKeystone = "keystone"
	FaceHuawei   = "huawei"
	FaceOutscale = "outscale"
	FaceSCIM     = "scim"
)

type faceKey struct{}

// WithFace returns ctx naming the face serving the request, for the
// counts Observer receives.
func WithFace(ctx context.Context, face string) context.Context {
	return context.WithValue(ctx, faceKey{}, face)
}

// FaceFrom returns the face WithFace named, or "".
func FaceFrom(ctx context.Context) string {
	f, _ := ctx.Value(faceKey{}).(string)
	return f
}

// nopObserver is the Observer of a core built without one.
type nopObserver struct{}

func (nopObserver) SignIn(string, string)        {}
func (nopObserver) AccessKeyAuth(string, string) {}
func (nopObserver) Lockout(string)               {}
func (nopObserver) CodeFailed(string)            {}

// signedIn reports a sign-in attempt's outcome: challenge (when err is
// nil) says a second step is pending; err is classified by kind, the way
// every face maps it, so the count and the answer never disagree.
func (d *Deps) signedIn(ctx context.Context, challenge bool, err error) {
	d.Observer.SignIn(FaceFrom(ctx), signInResult(challenge, err))
}

func signInResult(challenge bool, err error) string {
	if err == nil {
		if challenge {
			return SignInChallenge
		}
		return SignInSuccess
	}
	switch fault.KindOf(err) {
	case fault.Unauthenticated, fault.Invalid, fault.NotFound:
		return SignInFailure
	case fault.Forbidden:
		return SignInRefused
	case fault.RateLimited:
		return SignInRateLimited
	case fault.Unavailable:
		return SignInUnavailable
	}
	return SignInError
}

// codeFailed reports a code attempt that err rejected (a verify.* fault
// of kind Invalid); other errors (store, keyring) are no wrong code.
func (d *Deps) codeFailed(channel string, err error) {
	if err == nil || fault.KindOf(err) != fault.Invalid {
		return
	}
	if channel == "" {
		channel = "unknown"
	}
	d.Observer.CodeFailed(channel)
}

// lockScope names the key a lock was set on, for Observer.Lockout.
func lockScope(st ThrottleState) string {
	switch {
	case strings.HasPrefix(st.Key, ipThrottleKey("")):
		return "ip"
	case strings.HasPrefix(st.Key, keyThrottleKey("")):
		return "access_key_ip"
	case strings.HasSuffix(st.Key, "|day"): // userDayThrottleKey
		return "user_day"
	}
	return "user"
}
