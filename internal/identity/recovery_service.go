package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/verify"
)

// RecoveryService is Forgot Password (seed 004), its CAPTCHA, and the reset
// link of Outscale's SendResetPasswordEmail (seed 000).
//
// The flow: RequestReset sends a link (ending with a reset token) or a code
// by email or SMS. A link's token goes straight to Reset. A code is first
// exchanged by VerifyResetCode for a short-lived ticket, which then goes to
// Reset: two steps, so the form asking for the new password comes only after
// the code is known to be right, and a wrong password never costs a code
// attempt.
type RecoveryService struct{ d *Deps }

// RecoveryMethod is how a reset reaches its user.
type RecoveryMethod string

// The recovery methods.
const (
	// RecoverByLink mails a link ending with the reset token.
	RecoverByLink RecoveryMethod = "link"
	// RecoverByEmail mails a 6-digit code.
	RecoverByEmail RecoveryMethod = "email"
	// RecoverBySMS texts a 6-digit code.
	RecoverBySMS RecoveryMethod = "sms"
)

// resetPurposes are voided by every new reset request and by every
// password write (PasswordWrite.Void): a reset secret sent before a change
// must not undo it.
var resetPurposes = []Purpose{PurposeReset, PurposeResetLink, PurposeResetTicket}

// ResetRequest is the input of RequestReset.
type ResetRequest struct {
	RecoveryIdentifier
	Method RecoveryMethod
	// RequireCaptcha is the face's decision: the console shows a CAPTCHA and
	// sets it; API faces leave it off and rely on the rate limits.
	RequireCaptcha bool
	CaptchaID      string
	CaptchaAnswer  string
}

// ResetRequested is the answer to every accepted request, whether or not
// anyone matched: it depends on the input only.
type ResetRequested struct {
	Method    RecoveryMethod
	ExpiresIn time.Duration // how long the link or code works, if one was sent
}

func (s *RecoveryService) cfg() RecoveryConfig { return s.d.Config.Recovery.withDefaults() }
func (s *RecoveryService) limiter() *limiter   { return &limiter{d: s.d} }

// RequestReset sends a reset link or code to the user id names, if any. The
// answer, its body and its timing are the same whether or not the user
// exists, has the chosen factor bound, is federated or disabled: every case
// runs the same lookups and one write. An IAM user with neither email nor
// mobile cannot receive anything; their account's root user is asked by
// mail (notify.AskAdministrator) to set a password instead, and the answer
// says nothing of it.
// Errors: Invalid (recovery.method, recovery.identifier_required,
// validation.*, captcha.invalid), RateLimited (rate_limit.exceeded),
// Internal.
func (s *RecoveryService) RequestReset(ctx context.Context, in ResetRequest) (*ResetRequested, error) {
	cfg := s.cfg()
	ttl := cfg.CodeTTL
	switch in.Method {
	case RecoverByLink:
		ttl = cfg.LinkTTL
	case RecoverByEmail, RecoverBySMS:
	default:
		return nil, fault.New(fault.Invalid, "recovery.method", "method must be link, email or sms").WithField("method")
	}
	id, err := in.RecoveryIdentifier.normalize()
	if err != nil {
		return nil, err
	}
	h, err := s.d.codeHasher()
	if err != nil {
		return nil, err
	}
	if err := s.limiter().allow(ctx, "recovery.request:ip", RequestFrom(ctx).IP, cfg.Limits.RequestPerIP); err != nil {
		return nil, err
	}
	if in.RequireCaptcha {
		if err := s.checkCaptcha(ctx, in.CaptchaID, in.CaptchaAnswer); err != nil {
			return nil, err
		}
	}
	if err := s.limiter().allow(ctx, "recovery.request:id", id.key(), cfg.Limits.RequestPerIdentifier); err != nil {
		return nil, err
	}
	u, err := s.d.resolve(ctx, id)
	if err != nil {
		return nil, err
	}
	// The per-user cap is counted for strangers too (under the identifier),
	// so both paths make the same write; past it, nothing is sent.
	subject := id.key()
	if u != nil {
		subject = u.ID
	}
	sendOK := true
	if err := s.limiter().allow(ctx, "recovery.send:user", subject, cfg.Limits.SendPerUser); fault.Is(err, fault.RateLimited) {
		sendOK = false
	} else if err != nil {
		return nil, err
	}
	w, err := s.resetIssue(ctx, h, u, in.Method, ttl, sendOK)
	if err != nil {
		return nil, err
	}
	if err := s.d.Store.IssueSecret(ctx, w); err != nil {
		return nil, err
	}
	return &ResetRequested{Method: in.Method, ExpiresIn: ttl}, nil
}

// resetIssue decides what one reset request stores and sends.
func (s *RecoveryService) resetIssue(ctx context.Context, h *verify.CodeHasher, u *User, m RecoveryMethod, ttl time.Duration, sendOK bool) (SecretIssue, error) {
	ev := s.d.event(ctx, "password.reset.request", "", "")
	ev.Detail = map[string]string{"method": string(m)}
	w := SecretIssue{Void: resetPurposes}
	if u != nil {
		ev.AccountID, ev.UserID = u.AccountID, u.ID
	}
	switch {
	case u == nil:
		ev.Outcome = "recovery.unknown"
	case !u.Enabled:
		ev.Outcome = "recovery.disabled"
	case u.PasswordOrigin == OriginFederated:
		ev.Outcome = "recovery.federated"
	case !sendOK:
		ev.Outcome = "recovery.send_limited"
	case !u.Root && u.Email == "" && u.Mobile == "":
		ev.Outcome = "recovery.ask_administrator"
		notes, err := s.askAdministrator(ctx, u)
		if err != nil {
			return w, err
		}
		w.Notifications = notes
	case m == RecoverByLink && u.Email != "":
		t, token := s.d.newTicket(u.ID, PurposeResetLink, ttl)
		w.UserID, w.Token = u.ID, t
		w.Notifications = []notify.Notification{{Channel: notify.Email, To: u.Email, Template: notify.ResetLink,
			Locale: u.Locale, Theme: u.Theme, AccountID: u.AccountID,
			Data: resetData(u, ttl),
			// The link carries the token: sealed in the outbox.
			Secret: map[string]string{"link": s.cfg().PublicURL + "/reset/" + token}}}
	case m == RecoverByEmail && u.Email != "":
		c, code := s.d.newCode(h, u.ID, PurposeReset, notify.Email, u.Email, ttl)
		w.UserID, w.Code = u.ID, c
		w.Notifications = []notify.Notification{codeNotice(u, notify.ResetCode, notify.Email, u.Email, code, ttl)}
	case m == RecoverBySMS && u.Mobile != "":
		c, code := s.d.newCode(h, u.ID, PurposeReset, notify.SMS, u.Mobile, ttl)
		w.UserID, w.Code = u.ID, c
		w.Notifications = []notify.Notification{codeNotice(u, notify.ResetCode, notify.SMS, u.Mobile, code, ttl)}
	default:
		ev.Outcome = "recovery.no_factor"
	}
	w.Audit = ev
	return w, nil
}

// resetData is what a reset link's mail says about whose password it
// resets: the account, and for an IAM user their name too, since "the
// password of account acme" reads as the root user's.
func resetData(u *User, ttl time.Duration) map[string]string {
	d := map[string]string{"name": displayName(u), "account": u.AccountName, "expires_minutes": minutes(ttl)}
	if !u.Root {
		d["user"] = u.Name
	}
	return d
}

// askAdministrator builds the mail asking the account's root user to set a
// password for u, who has nothing to receive a reset on.
func (s *RecoveryService) askAdministrator(ctx context.Context, u *User) ([]notify.Notification, error) {
	root, err := s.d.Store.FindUserByName(ctx, u.AccountName, u.AccountName)
	if fault.Is(err, fault.NotFound) || (err == nil && root.Email == "") {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return []notify.Notification{{Channel: notify.Email, To: root.Email, Template: notify.AskAdministrator,
		Locale: root.Locale, Theme: root.Theme, AccountID: root.AccountID, Data: map[string]string{"name": displayName(root), "user": u.Name,
			"account": u.AccountName, "time": s.d.Clock().UTC().Format(time.RFC1123), "ip": RequestFrom(ctx).IP}}}, nil
}

// SendResetLink mails a reset link to the user bound to email, as Outscale's
// SendResetPasswordEmail does; the link's last path segment is the token for
// ResetWithToken. It answers nil whether or not anyone has that email.
// Errors: Invalid (validation.email, recovery.identifier_required),
// RateLimited, Internal.
func (s *RecoveryService) SendResetLink(ctx context.Context, email string) error {
	_, err := s.RequestReset(ctx, ResetRequest{RecoveryIdentifier: RecoveryIdentifier{Email: email}, Method: RecoverByLink})
	return err
}

// ResetCodeCheck is the input of VerifyResetCode: the identifier the code was
// requested with, and the code.
type ResetCodeCheck struct {
	RecoveryIdentifier
	Code string
}

// Ticket is a short-lived proof handed out by a verification step, to be
// presented to the next step.
type Ticket struct {
	Token     string
	ExpiresAt time.Time
}

// VerifyResetCode exchanges a right reset code for a ticket that Reset
// accepts. Each check counts against the code before it is made: past
// MaxCodeAttempts wrong answers, even the right code fails; past
// Limits.VerifyPerUser checks of one user in a day (whatever identifier
// form names them), every check fails. Since the caller
// has not proved who they are, every failure, an unknown identifier
// included, is the same verify.code_invalid.
// Errors: Invalid (verify.code_invalid, validation.*,
// recovery.identifier_required), RateLimited, Internal.
func (s *RecoveryService) VerifyResetCode(ctx context.Context, in ResetCodeCheck) (*Ticket, error) {
	cfg := s.cfg()
	id, err := in.RecoveryIdentifier.normalize()
	if err != nil {
		return nil, err
	}
	h, err := s.d.codeHasher()
	if err != nil {
		return nil, err
	}
	if err := s.limiter().allow(ctx, "recovery.verify:ip", RequestFrom(ctx).IP, cfg.Limits.VerifyPerIP); err != nil {
		return nil, err
	}
	if err := s.limiter().allow(ctx, "recovery.verify:id", id.key(), cfg.Limits.VerifyPerIdentifier); err != nil {
		return nil, err
	}
	u, err := s.d.resolve(ctx, id)
	if err != nil {
		return nil, err
	}
	// Guesses add up per user and day, whatever identifier form names them
	// and however many codes were sent. Strangers are counted under the
	// identifier, so both paths make the same write. Past the cap a check
	// is not evaluated and answers as a wrong code does, which tells no one
	// that two identifiers name the same user.
	subject := id.key()
	if u != nil {
		subject = u.ID
	}
	capped := false
	if err := s.limiter().allow(ctx, "recovery.verify:user", subject, cfg.Limits.VerifyPerUser); fault.Is(err, fault.RateLimited) {
		capped = true
	} else if err != nil {
		return nil, err
	}
	uid := ""
	if u != nil && u.Enabled && u.PasswordOrigin != OriginFederated && !capped {
		uid = u.ID
	}
	// An empty uid still runs the counting statement, matching nothing.
	c, err := s.d.Store.AttemptCode(ctx, uid, PurposeReset)
	found := err == nil
	if fault.Is(err, fault.NotFound) {
		c = &VerificationCode{ID: newID(), Purpose: PurposeReset, Hash: "-", ExpiresAt: s.d.Clock().Add(time.Minute), Attempts: 1}
	} else if err != nil {
		return nil, err
	}
	// The stand-in hashes too, so an unknown identifier takes as long.
	if err := s.d.checkCode(h, c, in.Code, cfg.MaxCodeAttempts); err != nil || !found {
		s.d.codeFailed(string(c.Channel), verify.CodeInvalid())
		return nil, verify.CodeInvalid()
	}
	t, token := s.d.newTicket(u.ID, PurposeResetTicket, cfg.TicketTTL)
	ev := s.d.event(ctx, "password.reset.verify", u.AccountID, u.ID)
	ev.ActorID = u.ID
	if err := s.d.Store.RedeemCode(ctx, c.ID, t, ev); err != nil {
		if fault.Is(err, fault.Invalid) {
			return nil, verify.CodeInvalid()
		}
		return nil, err
	}
	return &Ticket{Token: token, ExpiresAt: t.ExpiresAt}, nil
}
