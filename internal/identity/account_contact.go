package identity

import (
	"context"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
)

// An account update that changes the account's email or mobile changes the
// root user's sign-in and recovery addresses. Written at once, whoever holds
// a session or an access key of the root user could move them to an address
// of theirs and reset the password from there. So such an update only starts
// the change ContactService runs: a bind code goes to the new address, the
// old addresses are told, and nothing the account signs in or recovers with
// moves until ContactService.Bind proves that code, which also needs the
// identity ticket of VerifyIdentity (a code to a bound factor, or the
// password). The update itself needs no more proof than it did: starting a
// change reveals nothing and moves nothing, and faces such as Outscale's
// UpdateAccount, signed by an access key, cannot ask for a second step.

// contactChange is one contact of the root user an account update changes.
type contactChange struct {
	kind    ContactKind
	address string // normalised
}

// rootContactChanges returns the root user and the email and mobile
// changes upd asks for, against the root user's proven addresses. Sending
// the current values back is no change. Only the root user changes them:
// whoever sets them can recover the root user's password.
// Errors: Forbidden (user.root_protected), Invalid (validation.mobile when
// the mobile would be removed), Internal.
func (s *AccountService) rootContactChanges(ctx context.Context, p Principal, upd AccountUpdate) (*User, []contactChange, error) {
	if upd.Email == nil && upd.MobileNumber == nil {
		return nil, nil, nil
	}
	a, err := s.d.Store.FindAccountByID(ctx, p.AccountID)
	if err != nil {
		return nil, nil, err
	}
	var out []contactChange
	if upd.Email != nil && *upd.Email != a.Profile.Email {
		out = append(out, contactChange{ContactEmail, *upd.Email})
	}
	if upd.MobileNumber != nil {
		if m := strings.TrimSpace(*upd.MobileNumber); m != a.Profile.MobileNumber {
			if m == "" {
				return nil, nil, fault.New(fault.Invalid, "validation.mobile",
					"the mobile number cannot be removed from an account; change it to another number").WithField("mobile_number")
			}
			out = append(out, contactChange{ContactMobile, m})
		}
	}
	if len(out) == 0 {
		return nil, nil, nil
	}
	if p.Kind == UserToken {
		u, err := s.d.Store.FindUserByID(ctx, p.UserID)
		if err != nil {
			return nil, nil, err
		}
		if u.Root {
			return u, out, nil
		}
	}
	return nil, nil, fault.New(fault.Forbidden, "user.root_protected", "only the root user can change the account's email address or mobile number")
}

// startChanges prepares, for each change, the bind code to the new address
// and the notice to the old ones, into w. The codes are those SendBindCode
// sends, counted against the same budget, so Bind completes the change.
// Errors: Conflict (email.taken), RateLimited, Internal.
func (s *ContactService) startChanges(ctx context.Context, root *User, changes []contactChange, w *AccountWrite) ([]ContactCodeSent, error) {
	var sent []ContactCodeSent
	for _, ch := range changes {
		_, _, bp, err := ch.kind.purposes()
		if err != nil {
			return nil, err
		}
		field, channel, emailTmpl, mobileTmpl := "email", notify.Email, notify.EmailChangeRequested, notify.MobileChangeRequested
		if ch.kind == ContactMobile {
			field, channel = "mobile_number", notify.SMS
		}
		if err := s.checkFree(ctx, root, ch.kind, ch.address, field); err != nil {
			return nil, err
		}
		code, note, cs, err := s.prepareCode(ctx, root, bp, channel, ch.address)
		if err != nil {
			return nil, err
		}
		w.Codes = append(w.Codes, code)
		w.Notifications = append(w.Notifications, note)
		w.Notifications = append(w.Notifications, contactNotice(root, ch.kind, ch.address, s.d.Clock(), RequestFrom(ctx).IP, emailTmpl, mobileTmpl)...)
		sent = append(sent, *cs)
	}
	return sent, nil
}

// checkRootContactAsUser refuses a user update (upd, its email normalised)
// that would move the root user u's email or mobile: they are the account's
// and change only as AccountService.Update and ContactService.Bind change
// them, through a code to the new address. Sending them back unchanged is
// no change. Errors: Invalid (user.root_contact).
func checkRootContactAsUser(u *User, upd UserUpdate) error {
	if !u.Root {
		return nil
	}
	field := ""
	switch {
	case upd.Email != nil && *upd.Email != u.Email:
		field = "email"
	case upd.Mobile != nil && strings.TrimSpace(*upd.Mobile) != u.Mobile:
		field = "mobile"
	default:
		return nil
	}
	return fault.New(fault.Invalid, "user.root_contact",
		"the root user's email and mobile change only through a code sent to the new address: change them on the account, or in My credentials").WithField(field)
}
