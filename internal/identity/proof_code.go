package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/verify"
)

// The actions a code proves, each with its own attempt counters. They are
// the audit actions of the changes they prove.
const (
	ProofLoginVerification = "login_verification.update"
	ProofMFAUnbind         = "mfa.unbind"
	ProofContactIdentity   = "contact.identity_verify"
)

// ProofLimits bound the codes (sent by SMS or email, or shown by a virtual
// MFA device) a signed-in user gives to prove a sensitive change. A zero
// Count takes the default; a negative one switches the limit off.
type ProofLimits struct {
	// PerAction bounds the codes evaluated for one user and action in a
	// short window; default 10 per 15 minutes.
	PerAction RateLimit
	// PerDay bounds them per user and action per day, whatever the number
	// of codes sent; default 30 per 24 hours.
	PerDay RateLimit
	// SendPerUser bounds the codes sent to one user to prove these changes;
	// default 5 per 15 minutes.
	SendPerUser RateLimit
	// SendPerDay bounds them per day; default 20 per 24 hours.
	SendPerDay RateLimit
}

func (l ProofLimits) withDefaults() ProofLimits {
	l.PerAction.withDefault(10, 15*time.Minute)
	l.PerDay.withDefault(30, 24*time.Hour)
	l.SendPerUser.withDefault(5, 15*time.Minute)
	l.SendPerDay.withDefault(20, 24*time.Hour)
	return l
}

// errProofLimited refuses a proof past the limits, right code or not: the
// same answer on every face, so a guesser learns nothing more by going on.
func errProofLimited(wait time.Duration) error {
	return &fault.Error{Kind: fault.RateLimited, Code: "verify.rate_limited",
		Message: "too many codes tried for this change; try again later", RetryAfter: wait}
}

// errSendLimited refuses to send one more code for a change past the limits.
func errSendLimited(wait time.Duration) error {
	return &fault.Error{Kind: fault.RateLimited, Code: "verify.send_limited",
		Message: "too many codes sent; try again later", RetryAfter: wait}
}

// proveChallenge is the one check of a code a signed-in user u gives, sent
// by SMS or email, to prove action. The attempt is reserved first (counted
// in the store per user and action, in a short window and per day: one
// atomic increment each, so parallel guesses cannot outrun it); only then
// is the code compared with the newest code of purpose and target, which
// must have gone to factor. A failure is audited under action; the caller's
// write audits the success. It returns the challenge to consume in that
// write. Errors: RateLimited (verify.rate_limited), Invalid
// (verify.code_invalid, verify.code_expired, verify.code_used,
// verify.too_many_attempts), Internal (mfa.no_keyring).
func (d *Deps) proveChallenge(ctx context.Context, u *User, action, purpose, factor, target, code string) (string, error) {
	if err := d.reserveProof(ctx, u, action, factor); err != nil {
		return "", err
	}
	id, err := d.checkChallenge(ctx, u, purpose, factor, target, code)
	if err != nil {
		d.proofFailed(ctx, u, action, factor, err)
	}
	return id, err
}

// proveTOTP is proveChallenge for a code of u's bound device dev: a current
// code of a step not used yet. It returns the step, for the caller's write
// to consume. Errors: RateLimited (verify.rate_limited), Invalid
// (verify.code_invalid), Internal (mfa.no_keyring).
func (d *Deps) proveTOTP(ctx context.Context, u *User, action string, dev *MFADevice, code string) (int64, error) {
	if err := d.reserveProof(ctx, u, action, VerifyTOTP); err != nil {
		return 0, err
	}
	secret, err := (&MFAService{d: d}).open(dev.SealedSecret, dev.UserID)
	if err != nil {
		return 0, err
	}
	step, ok := verify.ValidateTOTP(secret, code, d.Clock(), dev.LastStep)
	if !ok {
		err := verify.CodeInvalid()
		d.proofFailed(ctx, u, action, VerifyTOTP, err)
		return 0, err
	}
	return step, nil
}

// proveCode is proveChallenge for a code of the contact flows: u's current
// code of purpose p, of which maxAttempts may be wrong. It returns the
// code, for the caller's write to redeem.
func (d *Deps) proveCode(ctx context.Context, u *User, action string, p Purpose, code string, maxAttempts int) (*VerificationCode, error) {
	h, err := d.codeHasher()
	if err != nil {
		return nil, err
	}
	if err := d.reserveProof(ctx, u, action, "code"); err != nil {
		return nil, err
	}
	c, err := d.Store.AttemptCode(ctx, u.ID, p)
	if fault.Is(err, fault.NotFound) {
		err = verify.CodeInvalid()
	}
	if err == nil {
		err = d.checkCode(h, c, code, maxAttempts)
		d.codeFailed(string(c.Channel), err)
	}
	if err != nil {
		d.proofFailed(ctx, u, action, "code", err)
		return nil, err
	}
	return c, nil
}

// reserveProof counts one code proof of u for action before it is
// evaluated, and refuses it past either limit. Refused attempts count too,
// so hammering does not reopen a window early.
func (d *Deps) reserveProof(ctx context.Context, u *User, action, factor string) error {
	l := d.Config.Proof.withDefaults()
	err := d.allowUser(ctx, u, errProofLimited,
		scopedLimit{"proof:" + action, l.PerAction}, scopedLimit{"proof-day:" + action, l.PerDay})
	if err != nil {
		d.proofFailed(ctx, u, action, factor, err)
	}
	return err
}

// reserveSend counts one code sent to u to prove a change, and refuses it
// past either limit.
func (d *Deps) reserveSend(ctx context.Context, u *User) error {
	l := d.Config.Proof.withDefaults()
	return d.allowUser(ctx, u, errSendLimited,
		scopedLimit{"proof-send", l.SendPerUser}, scopedLimit{"proof-send-day", l.SendPerDay})
}

// scopedLimit is one limit of allowUser and the scope it counts under.
type scopedLimit struct {
	scope string
	rl    RateLimit
}

// allowUser counts one request of u against each limit in turn and stops
// at the first that refuses it, answering limited(wait) for a limit
// reached.
func (d *Deps) allowUser(ctx context.Context, u *User, limited func(time.Duration) error, limits ...scopedLimit) error {
	lim := &limiter{d: d}
	for _, r := range limits {
		if err := lim.allow(ctx, r.scope, u.ID, r.rl); err != nil {
			if fault.Is(err, fault.RateLimited) {
				err = limited(fault.As(err).RetryAfter)
			}
			return err
		}
	}
	return nil
}

// proofFailed audits a refused or wrong proof; the answer does not wait
// for it.
func (d *Deps) proofFailed(ctx context.Context, u *User, action, factor string, err error) {
	if fault.KindOf(err) == fault.Internal {
		return
	}
	if factor != "code" { // proveCode counts its code by the channel it went to
		d.codeFailed(factor, err)
	}
	ev := d.event(ctx, action, u.AccountID, u.ID)
	ev.Outcome = fault.CodeOf(err)
	ev.Detail = map[string]string{"proof": factor}
	if aerr := d.Store.AddAuditEvent(ctx, ev); aerr != nil {
		d.Log.Warn("audit failed", "err", aerr)
	}
}

// checkChallenge checks code against u's newest challenge of purpose and
// target, counting the attempt on the challenge too (five per code), and
// returns the challenge to consume.
func (d *Deps) checkChallenge(ctx context.Context, u *User, purpose, factor, target, code string) (string, error) {
	h, err := d.loginCodes()
	if err != nil {
		return "", err
	}
	rec, err := d.Store.AttemptLatestChallenge(ctx, u.ID, purpose, target)
	if fault.Is(err, fault.NotFound) {
		return "", verify.CodeInvalid()
	}
	if err != nil {
		return "", err
	}
	if rec.Method != factor { // the factor changed since the code was sent
		return "", fault.New(fault.Invalid, "verify.code_expired", "This code has expired. Request a new one.")
	}
	if err := h.Check(storedCode(rec), code, d.Clock()); err != nil {
		return "", err
	}
	return rec.ID, nil
}
