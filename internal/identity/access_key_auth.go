package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/fault"
)

// SignatureCheck reports whether a request's signature verifies under a
// key's secret key. Each face computes its protocol's signature; the core
// only needs the verdict.
type SignatureCheck func(secretKey []byte) bool

// The lockout of repeated bad access keys, per client IP, as Outscale
// documents it: 4 failures in a row block key authentication for 1 minute,
// and each further 4 for 1 minute more, up to 10 minutes. A success from
// the IP starts the count again. Failures further apart than keyWindow do
// not add up.
const (
	keyMaxFailures = 4
	keyLockoutStep = time.Minute
	keyMaxLockout  = 10 * time.Minute
	keyWindow      = 15 * time.Minute
)

// keyThrottleKey is the counter of bad access keys from one IP; it is apart
// from the IP's sign-in counter, whose rule differs.
func keyThrottleKey(ip string) string { return "access_key_ip:" + ip }

// errBadKey is the one answer for an unknown, inactive or expired key, a key
// of a disabled user, and a signature that does not verify.
func errBadKey() error {
	return fault.New(fault.Unauthenticated, "auth.invalid_access_key", "the access key or the request signature is invalid")
}

// Authenticate resolves accessKeyID for a signed request and lets check
// verify the signature with the key's secret key, which is wiped once check
// returns. Every failure, an unknown key or a bad signature alike, is
// counted against the client IP in the store (so every replica shares the
// count); while the IP is locked out, requests are refused before any key
// is looked up. A success clears the IP's count. The operators' brute-force
// off switch turns the counting off; a request with no known IP is not
// counted. A bad signature on a real key is audited for its owner.
// Errors: Unauthenticated (auth.invalid_access_key), RateLimited
// (auth.access_key_locked, with RetryAfter), Internal.
func (s *AccessKeyService) Authenticate(ctx context.Context, accessKeyID string, check SignatureCheck) (*AccessKey, *User, error) {
	k, u, err := s.authenticate(ctx, accessKeyID, check)
	s.d.Observer.AccessKeyAuth(FaceFrom(ctx), signInResult(false, err))
	return k, u, err
}

func (s *AccessKeyService) authenticate(ctx context.Context, accessKeyID string, check SignatureCheck) (*AccessKey, *User, error) {
	ip := RequestFrom(ctx).IP
	counting := !s.d.Config.BruteForceDisabled && ip != ""
	var st ThrottleState
	if counting {
		states, err := s.d.Store.FindLoginThrottles(ctx, []string{keyThrottleKey(ip)})
		if err != nil {
			return nil, nil, err
		}
		if len(states) > 0 {
			st = states[0]
		}
		if now := s.d.Clock(); st.Locked(now) {
			wait := max(st.LockedUntil.Sub(now).Round(time.Second), time.Second)
			return nil, nil, &fault.Error{Kind: fault.RateLimited, Code: "auth.access_key_locked",
				Message: "too many requests with a bad access key or signature from this address; try again later", RetryAfter: wait}
		}
	}
	k, secret, u, err := s.ResolveKey(ctx, accessKeyID)
	if err != nil && !fault.Is(err, fault.Unauthenticated) {
		return nil, nil, err
	}
	if err == nil {
		ok := check(secret)
		clear(secret)
		if ok {
			if counting && (st.Failures > 0 || st.Lockouts > 0) {
				if err := s.d.Store.ClearLoginThrottle(ctx, keyThrottleKey(ip), AuditEvent{}); err != nil {
					s.d.Log.Warn("clearing access-key failures failed", "err", err)
				}
			}
			return k, u, nil
		}
	}
	s.keyFailed(ctx, counting, ip, st, k, u)
	return nil, nil, errBadKey()
}

// keyFailed counts a failure against ip and audits a bad signature on a
// real key. The lockout grows by one step per lockout already served, so
// the store's rule gets Lockout = MaxLockout = that length, which it then
// applies as is instead of doubling.
func (s *AccessKeyService) keyFailed(ctx context.Context, counting bool, ip string, st ThrottleState, k *AccessKey, u *User) {
	var ev AuditEvent
	if u != nil {
		ev = s.d.event(ctx, "auth.access_key", u.AccountID, u.ID)
		ev.Outcome = "auth.invalid_signature"
		ev.Detail = map[string]string{"access_key_id": k.ID}
	}
	if !counting {
		if u != nil {
			if err := s.d.Store.AddAuditEvent(ctx, ev); err != nil {
				s.d.Log.Warn("audit failed", "err", err)
			}
		}
		return
	}
	lockout := min(time.Duration(st.Lockouts+1)*keyLockoutStep, keyMaxLockout)
	rule := ThrottleRule{Key: keyThrottleKey(ip), MaxFailures: keyMaxFailures, Window: keyWindow,
		Lockout: lockout, MaxLockout: lockout}
	states, err := s.d.Store.RecordLoginFailure(ctx, []ThrottleRule{rule}, ev, nil)
	if err != nil {
		s.d.Log.Warn("recording an access-key failure failed", "err", err)
	}
	for _, st := range states {
		if st.JustLocked {
			s.d.Observer.Lockout(lockScope(st))
		}
	}
}
