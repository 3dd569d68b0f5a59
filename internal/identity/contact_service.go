package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
)

// ContactService changes the calling user's email address or mobile number
// (seed 003), binding a first one too. Four steps:
//
//  1. SendIdentityCode sends a code to a factor already bound;
//  2. VerifyIdentity exchanges that code (or, with nothing bound, the
//     password) for a short-lived ticket;
//  3. SendBindCode sends a code to the new address;
//  4. Bind, with the ticket and that code, binds the address as verified
//     and notifies the old one in the same transaction.
type ContactService struct{ d *Deps }

// ContactKind is which contact a change binds.
type ContactKind string

// The contact kinds.
const (
	ContactEmail  ContactKind = "email"
	ContactMobile ContactKind = "mobile"
)

// purposes returns the identity-code, ticket and bind-code purposes of k.
func (k ContactKind) purposes() (identity, ticket, bind Purpose, err error) {
	switch k {
	case ContactEmail:
		return PurposeEmailIdentity, PurposeEmailTicket, PurposeEmailBind, nil
	case ContactMobile:
		return PurposeMobileIdentity, PurposeMobileTicket, PurposeMobileBind, nil
	}
	return "", "", "", fault.New(fault.Invalid, "contact.kind", "the contact must be email or mobile")
}

// ContactCodeSent says where a code went, masked, and until when it works.
type ContactCodeSent struct {
	Channel   notify.Channel
	To        string
	ExpiresAt time.Time
}

// IdentityProof is what VerifyIdentity accepts: the code of
// SendIdentityCode, or the password when no email or mobile is bound.
type IdentityProof struct {
	Code     string
	Password string
}

// ContactChange is the input of Bind.
type ContactChange struct {
	Ticket  string // from VerifyIdentity
	Address string // the new email or mobile, as given to SendBindCode
	Code    string // the code SendBindCode sent to it
}

func (s *ContactService) cfg() RecoveryConfig { return s.d.Config.Recovery.withDefaults() }

// caller returns the calling user. Errors: Unauthenticated, Forbidden.
func (s *ContactService) caller(ctx context.Context) (*User, error) {
	return s.d.callingUser(ctx, false)
}

// limit counts a send or a password check against the user's budget.
func (s *ContactService) limit(ctx context.Context, u *User) error {
	return (&limiter{d: s.d}).allow(ctx, "contact:user", u.ID, s.cfg().Limits.ContactPerUser)
}

// SendIdentityCode sends a code to the caller's bound email (channel email)
// or mobile (channel sms), to prove who is changing the contact of kind k.
// A new code voids the earlier one.
// Errors: Unauthenticated, Forbidden (client or restricted token), Invalid
// (contact.kind, contact.channel, contact.factor_unbound), RateLimited,
// Internal.
func (s *ContactService) SendIdentityCode(ctx context.Context, k ContactKind, ch notify.Channel) (*ContactCodeSent, error) {
	idp, _, _, err := k.purposes()
	if err != nil {
		return nil, err
	}
	u, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	to, err := boundFactor(u, ch)
	if err != nil {
		return nil, err
	}
	return s.sendCode(ctx, u, idp, ch, to, "contact.identity_code")
}

func boundFactor(u *User, ch notify.Channel) (string, error) {
	to := ""
	switch ch {
	case notify.Email:
		to = u.Email
	case notify.SMS:
		to = u.Mobile
	default:
		return "", fault.New(fault.Invalid, "contact.channel", "the channel must be email or sms").WithField("channel")
	}
	if to == "" {
		return "", fault.New(fault.Invalid, "contact.factor_unbound",
			"nothing is bound for this channel; use the other one, or your password if none is bound").WithField("channel")
	}
	return to, nil
}

// sendCode issues a code of purpose p to the address to, voiding the
// earlier one of p.
func (s *ContactService) sendCode(ctx context.Context, u *User, p Purpose, ch notify.Channel, to, action string) (*ContactCodeSent, error) {
	c, note, sent, err := s.prepareCode(ctx, u, p, ch, to)
	if err != nil {
		return nil, err
	}
	ev := s.d.event(ctx, action, u.AccountID, u.ID)
	ev.Detail = map[string]string{"channel": string(ch)}
	w := SecretIssue{UserID: u.ID, Void: []Purpose{p}, Code: c, Audit: ev, Notifications: []notify.Notification{note}}
	if err := s.d.Store.IssueSecret(ctx, w); err != nil {
		return nil, err
	}
	return sent, nil
}

// prepareCode counts a send against u's budget and makes a code of purpose
// p for the address to: the row to store (it voids the earlier one of p),
// the message carrying it, and what to tell the caller. Nothing is written.
// Errors: RateLimited, Internal.
func (s *ContactService) prepareCode(ctx context.Context, u *User, p Purpose, ch notify.Channel, to string) (*VerificationCode, notify.Notification, *ContactCodeSent, error) {
	h, err := s.d.codeHasher()
	if err != nil {
		return nil, notify.Notification{}, nil, err
	}
	if err := s.limit(ctx, u); err != nil {
		return nil, notify.Notification{}, nil, err
	}
	ttl := s.cfg().CodeTTL
	c, code := s.d.newCode(h, u.ID, p, ch, to, ttl)
	masked := maskEmail(to)
	if ch == notify.SMS {
		masked = maskMobile(to)
	}
	return c, codeNotice(u, notify.VerificationCode, ch, to, code, ttl), &ContactCodeSent{Channel: ch, To: masked, ExpiresAt: c.ExpiresAt}, nil
}

// VerifyIdentity exchanges proof for a ticket allowing SendBindCode and Bind
// for kind k. The code of SendIdentityCode is required when an email or
// mobile is bound; the password is accepted only when neither is.
// Errors: Unauthenticated (auth.*, password.current_invalid), Forbidden,
// Invalid (contact.kind, contact.proof_required, contact.code_required,
// verify.code_invalid, verify.code_used, verify.code_expired,
// verify.too_many_attempts), RateLimited, Unavailable (hash pool), Internal.
func (s *ContactService) VerifyIdentity(ctx context.Context, k ContactKind, proof IdentityProof) (*Ticket, error) {
	idp, tp, _, err := k.purposes()
	if err != nil {
		return nil, err
	}
	u, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	cfg := s.cfg()
	t, token := s.d.newTicket(u.ID, tp, cfg.TicketTTL)
	ev := s.d.event(ctx, "contact.identity_verify", u.AccountID, u.ID)
	ev.Detail = map[string]string{"kind": string(k)}
	switch {
	case proof.Code != "":
		c, err := s.d.proveCode(ctx, u, ProofContactIdentity, idp, proof.Code, cfg.MaxCodeAttempts)
		if err != nil {
			return nil, err
		}
		ev.Detail["proof"] = "code"
		if err := s.d.Store.RedeemCode(ctx, c.ID, t, ev); err != nil {
			return nil, err
		}
	case proof.Password != "":
		if u.Email != "" || u.Mobile != "" {
			return nil, fault.New(fault.Invalid, "contact.code_required",
				"an email or mobile is bound: verify with a code sent to it").WithField("code")
		}
		if err := s.limit(ctx, u); err != nil {
			return nil, err
		}
		if err := s.d.provePassword(ctx, u, proof.Password, ProofContactIdentity); err != nil {
			return nil, proofField(err, "password")
		}
		ev.Detail["proof"] = "password"
		if err := s.d.Store.IssueSecret(ctx, SecretIssue{UserID: u.ID, Void: []Purpose{tp}, Token: t, Audit: ev}); err != nil {
			return nil, err
		}
	default:
		return nil, fault.New(fault.Invalid, "contact.proof_required", "give the code sent to you, or your password").WithField("code")
	}
	return &Ticket{Token: token, ExpiresAt: t.ExpiresAt}, nil
}
