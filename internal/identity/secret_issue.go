package identity

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/verify"
)

// errNoCodeKeyring is why codes cannot be made: Deps.Keyring was not configured.
var errNoCodeKeyring = errors.New("identity: no keyring configured to key verification codes")

// codeHasher returns the hasher of recovery and contact-change codes:
// Deps.Codes, or one keyed from the keyring for this purpose alone.
// Errors: Internal (verify.no_keyring).
func (d *Deps) codeHasher() (*verify.CodeHasher, error) {
	if d.Codes != nil {
		return d.Codes, nil
	}
	if d.Keyring == nil {
		return nil, fault.Wrap(errNoCodeKeyring, "verify.no_keyring")
	}
	return verify.NewCodeHasher(d.Keyring.DeriveKey("verify.code"))
}

// codeBinding is what a code's hash is bound to: its purpose, user, row and
// target, so a code checks only where it was sent for.
func codeBinding(c *VerificationCode) string {
	return string(c.Purpose) + ":" + c.UserID + ":" + c.ID + ":" + c.Target
}

// newCode makes a code for userID, sent over channel to target; it returns
// the row to store and the code to send.
func (d *Deps) newCode(h *verify.CodeHasher, userID string, p Purpose, ch notify.Channel, target string, ttl time.Duration) (*VerificationCode, string) {
	now := d.Clock()
	c := &VerificationCode{ID: newID(), UserID: userID, Purpose: p, Channel: ch, Target: target,
		ExpiresAt: now.Add(ttl), CreatedAt: now}
	code, hash := d.makeCode(h, codeBinding(c))
	c.Hash = hash
	return c, code
}

// makeCode returns a fresh code from d.NewCode and its hash under binding.
func (d *Deps) makeCode(h *verify.CodeHasher, binding string) (code, hash string) {
	code = d.NewCode()
	return code, h.Hash(binding, code)
}

// newTicket makes a high-entropy token for userID; it returns the row to
// store and the token to hand out.
func (d *Deps) newTicket(userID string, p Purpose, ttl time.Duration) (*OneTimeToken, string) {
	now := d.Clock()
	token, hash := verify.NewToken()
	return &OneTimeToken{Hash: hash, UserID: userID, Purpose: p, ExpiresAt: now.Add(ttl), CreatedAt: now}, token
}

// checkCode decides a code attempt. c comes from AttemptCode, whose count
// includes this attempt; verify.Check wants the count from before it.
func (d *Deps) checkCode(h *verify.CodeHasher, c *VerificationCode, given string, maxAttempts int) error {
	return h.Check(verify.StoredCode{Binding: codeBinding(c), Hash: c.Hash, ExpiresAt: c.ExpiresAt,
		Attempts: c.Attempts - 1, MaxAttempts: maxAttempts, UsedAt: c.UsedAt, Voided: c.Voided}, given, d.Clock())
}

// findTicket returns the usable token of purpose belonging to userID (any
// user when userID is empty). Every failure is verify.token_invalid.
func (d *Deps) findTicket(ctx context.Context, token, userID string, purposes ...Purpose) (*OneTimeToken, error) {
	if len(token) != verify.TokenLength {
		return nil, verify.TokenInvalid()
	}
	t, err := d.Store.FindToken(ctx, verify.HashToken(token))
	if fault.Is(err, fault.NotFound) {
		return nil, verify.TokenInvalid()
	}
	if err != nil {
		return nil, err
	}
	if err := verify.CheckToken(verify.StoredToken{Hash: t.Hash, ExpiresAt: t.ExpiresAt, UsedAt: t.UsedAt, Voided: t.Voided},
		token, d.Clock()); err != nil {
		return nil, err
	}
	if userID != "" && !verify.Equal(t.UserID, userID) {
		return nil, verify.TokenInvalid()
	}
	for _, p := range purposes {
		if t.Purpose == p {
			return t, nil
		}
	}
	return nil, verify.TokenInvalid()
}

// codeNotice builds the message carrying a code, marked secret so that the
// outbox keeps it sealed.
func codeNotice(u *User, template string, ch notify.Channel, to, code string, ttl time.Duration) notify.Notification {
	return notify.Notification{Channel: ch, To: to, Template: template, Locale: u.Locale, Theme: u.Theme, AccountID: u.AccountID,
		Data:   map[string]string{"name": displayName(u), "account": u.AccountName, "expires_minutes": minutes(ttl)},
		Secret: map[string]string{"code": code}}
}

func minutes(d time.Duration) string { return strconv.Itoa(int(d.Round(time.Minute) / time.Minute)) }

// maskEmail shows enough of an address for its owner to recognise it.
func maskEmail(e string) string {
	at := strings.LastIndexByte(e, '@')
	if at < 1 {
		return ""
	}
	return e[:1] + "•••" + e[at:]
}

// maskMobile keeps the country code's start and the last two digits.
func maskMobile(m string) string {
	if len(m) < 6 {
		return ""
	}
	return m[:3] + " •• •• •• " + m[len(m)-2:]
}
