package identity

import (
	"context"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/verify"
)

// normalizeAddress validates a new email or mobile for kind k.
// Errors: Invalid (validation.email, validation.mobile, contact.address_required).
func normalizeAddress(k ContactKind, addr string) (string, error) {
	var err error
	if k == ContactEmail {
		addr, err = normalizeEmail("address", addr)
	} else {
		addr = strings.TrimSpace(addr)
		err = validateMobile("address", addr)
	}
	if err == nil && addr == "" {
		err = fault.New(fault.Invalid, "contact.address_required", "give the new address").WithField("address")
	}
	return addr, err
}

// SendBindCode sends a code to address, the caller's new email (kind email,
// by mail) or mobile (kind mobile, by SMS), once VerifyIdentity has given
// ticket. The ticket is checked, not spent. A new code voids the earlier one.
// Errors: Unauthenticated, Forbidden, Invalid (contact.kind, validation.*,
// contact.address_required, contact.unchanged, verify.token_invalid),
// Conflict (email.taken), RateLimited, Internal.
func (s *ContactService) SendBindCode(ctx context.Context, k ContactKind, ticket, address string) (*ContactCodeSent, error) {
	_, tp, bp, err := k.purposes()
	if err != nil {
		return nil, err
	}
	u, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	addr, err := normalizeAddress(k, address)
	if err != nil {
		return nil, err
	}
	if _, err := s.d.findTicket(ctx, ticket, u.ID, tp); err != nil {
		return nil, err
	}
	ch := notify.Email
	if k == ContactMobile {
		ch = notify.SMS
	}
	if (k == ContactEmail && addr == u.Email) || (k == ContactMobile && addr == u.Mobile) {
		return nil, fault.New(fault.Invalid, "contact.unchanged", "this is already your address").WithField("address")
	}
	if err := s.checkFree(ctx, u, k, addr, "address"); err != nil {
		return nil, err
	}
	return s.sendCode(ctx, u, bp, ch, addr, "contact.bind_code")
}

// checkFree refuses a new email that another user has bound; field names
// the input that carried it. Errors: Conflict (email.taken), Internal.
func (s *ContactService) checkFree(ctx context.Context, u *User, k ContactKind, addr, field string) error {
	if k != ContactEmail {
		return nil
	}
	other, err := s.d.Store.FindUserByEmail(ctx, addr)
	if err == nil && other.ID != u.ID {
		return fault.New(fault.Conflict, "email.taken", "this email address is already in use").WithField(field)
	}
	if err != nil && !fault.Is(err, fault.NotFound) {
		return err
	}
	return nil
}

// Bind binds in.Address, verified, as the caller's email or mobile (and, for
// a root user, the account's), spending the ticket and the code; the old
// address is told in the same transaction (notify.EmailChanged or
// notify.MobileChanged).
// Errors: Unauthenticated, Forbidden, Invalid (contact.kind, validation.*,
// contact.address_required, verify.token_invalid, verify.code_invalid,
// verify.code_used, verify.code_expired, verify.too_many_attempts),
// Conflict (email.taken), Internal.
func (s *ContactService) Bind(ctx context.Context, k ContactKind, in ContactChange) (*User, error) {
	_, tp, bp, err := k.purposes()
	if err != nil {
		return nil, err
	}
	u, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	addr, err := normalizeAddress(k, in.Address)
	if err != nil {
		return nil, err
	}
	t, err := s.d.findTicket(ctx, in.Ticket, u.ID, tp)
	if err != nil {
		return nil, err
	}
	h, err := s.d.codeHasher()
	if err != nil {
		return nil, err
	}
	c, err := s.d.Store.AttemptCode(ctx, u.ID, bp)
	if fault.Is(err, fault.NotFound) {
		return nil, verify.CodeInvalid()
	}
	if err != nil {
		return nil, err
	}
	if err := s.d.checkCode(h, c, in.Code, s.cfg().MaxCodeAttempts); err != nil {
		s.d.codeFailed(string(c.Channel), err)
		return nil, err
	}
	// The code was sent to one address and proves only that one.
	if !verify.Equal(c.Target, addr) {
		s.d.codeFailed(string(c.Channel), verify.CodeInvalid())
		return nil, verify.CodeInvalid()
	}
	ev := s.d.event(ctx, "contact."+string(k)+".change", u.AccountID, u.ID)
	return s.d.Store.BindContact(ctx, ContactBind{UserID: u.ID, Kind: k, Address: addr, TicketHash: t.Hash,
		TicketPurpose: tp, CodeID: c.ID, AccountContact: u.Root, Audit: ev, Notifications: contactChangedNotice(u, k, addr, s.d.Clock(), RequestFrom(ctx).IP)})
}

// contactChangedNotice tells the old address about a change: the old email
// (or, with none, the mobile) for an email change; the old mobile, and the
// email, for a mobile change. A first binding with nothing else bound has
// no one to tell.
func contactChangedNotice(u *User, k ContactKind, addr string, now time.Time, ip string) []notify.Notification {
	return contactNotice(u, k, addr, now, ip, notify.EmailChanged, notify.MobileChanged)
}

// contactNotice tells the addresses contactChangedNotice names about a
// change of kind k to addr, with emailTmpl for an email change and
// mobileTmpl for a mobile one.
func contactNotice(u *User, k ContactKind, addr string, now time.Time, ip, emailTmpl, mobileTmpl string) []notify.Notification {
	data := map[string]string{"name": displayName(u), "account": u.AccountName, "time": now.UTC().Format(time.RFC1123), "ip": ip}
	note := func(ch notify.Channel, to, tmpl string) notify.Notification {
		return notify.Notification{Channel: ch, To: to, Template: tmpl, Locale: u.Locale, Theme: u.Theme, Data: data, AccountID: u.AccountID}
	}
	var out []notify.Notification
	if k == ContactEmail {
		data["old_email"], data["new_email"] = u.Email, addr
		switch {
		case u.Email != "":
			out = append(out, note(notify.Email, u.Email, emailTmpl))
		case u.Mobile != "":
			out = append(out, note(notify.SMS, u.Mobile, emailTmpl))
		}
		return out
	}
	data["mobile"] = maskMobile(addr)
	if u.Mobile != "" {
		out = append(out, note(notify.SMS, u.Mobile, mobileTmpl))
	}
	if u.Email != "" {
		out = append(out, note(notify.Email, u.Email, mobileTmpl))
	}
	return out
}
