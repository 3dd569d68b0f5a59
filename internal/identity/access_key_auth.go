package identity

import (
	"context"
	"encoding/hex"
	"time"

	"github.com/watchword/watchword/internal/fault"
)

// SignatureCheck reports whether a request's signature verifies under a
// key's secret key. Each face computes its protocol's signature; the core
// only needs the verdict.
type SignatureCheck func(secretKey []byte) bool

// SignedRequest is a request signed with an access key, as a face read it
// off the wire: every AK/SK protocol (Outscale's AWS4 and OSC4, Huawei's
// SDK-HMAC-SHA256) comes down to these four things.
type SignedRequest struct {
	AccessKeyID string
	// Time is the signing time the request states (X-Amz-Date, X-Osc-Date,
	// X-Sdk-Date), which the signature covers.
	Time time.Time
	// Signature is the signature as sent.
	Signature []byte
	// Changes says that the request changes state (the face knows its
	// protocol's calls): its signature is then accepted once, and the same
	// request again within the skew window is a replay. A read may be
	// repeated: two identical reads signed in the same second are
	// byte-for-byte the same request, which a client may well send.
	Changes bool
	// Check verifies the signature under the key's secret key.
	Check SignatureCheck
}

// DefaultSignatureMaxSkew is how far a signed request's time may be from
// the server's, either way, unless Config.SignatureMaxSkew says otherwise:
// Outscale's documented 5 minutes, which every AK/SK face applies.
const DefaultSignatureMaxSkew = 5 * time.Minute

// SignatureReplayStore remembers the signatures of accepted requests for as
// long as their time is within the skew window, so that each is accepted
// once whichever replica it reaches.
type SignatureReplayStore interface {
	// RecordSignature stores key until expiresAt, unless it is stored
	// already and has not expired. Errors: Conflict (signature.seen) when
	// it is, Internal.
	RecordSignature(ctx context.Context, key string, expiresAt time.Time) error
}

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

// Authenticate checks a signed request and returns its key and the key's
// user, whom the request then acts as. Every AK/SK face calls it once it
// has parsed and canonicalised the request, so that the rules are one:
//
//   - The request's time must be within Config.SignatureMaxSkew of the
//     server's, either way (auth.request_time_skewed); this costs nothing
//     and is not counted against anyone.
//   - While the client IP is locked out, the request is refused before any
//     key is looked up (auth.access_key_locked).
//   - The key must exist, be active and unexpired, and its user enabled;
//     then req.Check verifies the signature with the key's secret key, which
//     is wiped once Check returns. Every failure, an unknown key or a bad
//     signature alike, is one answer (auth.invalid_access_key) and is
//     counted against the client IP in the store (so every replica shares
//     the count). A bad signature on a real key is audited for its owner.
//     The operators' brute-force off switch turns the counting off; a
//     request with no known IP is not counted.
//   - The verified signature of a request that changes state is accepted
//     once: the same signature again within the skew window is a replay
//     (auth.request_replayed), refused but not counted (it proves nothing
//     about the key).
//   - A success clears the IP's count.
//
// Errors: Unauthenticated (auth.request_time_skewed, auth.invalid_access_key,
// auth.request_replayed), RateLimited (auth.access_key_locked, with
// RetryAfter), Internal.
func (s *AccessKeyService) Authenticate(ctx context.Context, req SignedRequest) (*AccessKey, *User, error) {
	k, u, err := s.authenticate(ctx, req)
	s.d.Observer.AccessKeyAuth(FaceFrom(ctx), signInResult(false, err))
	return k, u, err
}

func (s *AccessKeyService) authenticate(ctx context.Context, req SignedRequest) (*AccessKey, *User, error) {
	maxSkew := s.d.Config.SignatureMaxSkew
	if d := s.d.Clock().Sub(req.Time); d > maxSkew || d < -maxSkew {
		return nil, nil, fault.Newf(fault.Unauthenticated, "auth.request_time_skewed",
			"the request time is more than %v from the server time", maxSkew)
	}
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
	k, secret, u, err := s.ResolveKey(ctx, req.AccessKeyID)
	if err != nil && !fault.Is(err, fault.Unauthenticated) {
		return nil, nil, err
	}
	if err == nil && len(req.Signature) > 0 {
		ok := req.Check(secret)
		clear(secret)
		if ok {
			if req.Changes {
				if err := s.acceptOnce(ctx, req); err != nil {
					return nil, nil, err
				}
			}
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

// KeyPrincipal is who a request signed with one of u's keys acts as: u
// itself, as a user token of no session.
func KeyPrincipal(u *User) Principal {
	return Principal{Kind: UserToken, UserID: u.ID, AccountID: u.AccountID, Admin: u.IsAdmin()}
}

// acceptOnce records req's signature until its time leaves the skew
// window, after which the request is refused as too old anyway; a signature
// already recorded is a replay. The key ID is part of the record, so two
// keys can never be confused.
func (s *AccessKeyService) acceptOnce(ctx context.Context, req SignedRequest) error {
	key := req.AccessKeyID + ":" + hex.EncodeToString(req.Signature)
	// A second past the window, so that the record outlives the last
	// instant the skew check still accepts.
	err := s.d.Store.RecordSignature(ctx, key, req.Time.Add(s.d.Config.SignatureMaxSkew+time.Second))
	if fault.Is(err, fault.Conflict) {
		return fault.New(fault.Unauthenticated, "auth.request_replayed",
			"this signed request was already received; sign every request anew")
	}
	return err
}
