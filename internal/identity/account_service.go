package identity

import (
	"context"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/password"
)

// AccountService creates accounts and edits their profile and policy.
type AccountService struct{ d *Deps }

// NewAccount is the input of Create.
type NewAccount struct {
	Name     string
	Email    string
	Mobile   string
	Password string
	Locale   string
}

// Create makes an account and its root user, whose name is the account's name.
// It is the bootstrap operation, run by an operator, so no principal is needed.
// The password meets the whole default policy, the common-password list
// included, as every password set does.
// Errors: Invalid, Policy, Conflict (name or email taken), Unavailable.
func (s *AccountService) Create(ctx context.Context, in NewAccount) (*Account, *User, error) {
	if err := validateName("name", in.Name); err != nil {
		return nil, nil, err
	}
	email, err := normalizeEmail("email", in.Email)
	if err != nil {
		return nil, nil, err
	}
	if err := validateMobile("mobile", in.Mobile); err != nil {
		return nil, nil, err
	}
	if err := validateLocale(in.Locale); err != nil {
		return nil, nil, err
	}
	now := s.d.Clock()
	a := &Account{ID: newAccountID(), Name: in.Name, PasswordPolicy: password.DefaultPolicy(),
		Profile: AccountProfile{Email: email, MobileNumber: in.Mobile, AdditionalEmails: []string{}}, CreatedAt: now, UpdatedAt: now}
	root := &User{ID: newID(), AccountID: a.ID, AccountName: a.Name, Name: in.Name, Root: true, Admin: true,
		Email: email, Mobile: in.Mobile, Locale: in.Locale, PasswordOrigin: OriginLocal,
		PasswordChangedAt: now, LoginVerification: "off", Enabled: true, CreatedAt: now, UpdatedAt: now}
	pw := password.Normalize(in.Password)
	if _, err := (&PasswordService{d: s.d}).evaluate(ctx, a, root, pw); err != nil {
		return nil, nil, err
	}
	if root.PasswordHash, err = s.d.Hasher.Hash(ctx, pw); err != nil {
		return nil, nil, err
	}
	if err := s.d.Store.CreateAccount(ctx, a, root, s.d.event(ctx, "account.create", a.ID, root.ID)); err != nil {
		return nil, nil, err
	}
	return a, root, nil
}

// Get returns the caller's account. The account's email and mobile are the
// root user's sign-in and recovery addresses: only an administrator (or an
// API client, which administers the account) reads them; an IAM user who is
// not an administrator gets them empty.
// Errors: Unauthenticated, NotFound.
func (s *AccountService) Get(ctx context.Context) (*Account, error) {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return nil, fault.New(fault.Unauthenticated, "auth.required", "authentication required")
	}
	a, err := s.d.Store.FindAccountByID(ctx, p.AccountID)
	if err != nil {
		return nil, err
	}
	if p.Kind == UserToken && !p.Admin {
		a.Profile.Email, a.Profile.MobileNumber, a.PendingContacts = "", "", nil
	}
	return a, nil
}

// Update changes the caller's account profile; the account ID never changes.
// The account's email and mobile are the root user's, so only the root user
// changes them, and a change of either only starts: a code goes to the new
// address and the old one is told (see rootContactChanges); the answer keeps
// the proven address and lists the codes sent in PendingContacts. The other
// fields apply at once, in the same transaction.
// Errors: Unauthenticated, Forbidden (not an administrator; user.root_protected),
// Invalid, Conflict (email taken), RateLimited (too many codes sent).
func (s *AccountService) Update(ctx context.Context, upd AccountUpdate) (*Account, error) {
	p, err := requireAdmin(ctx)
	if err != nil {
		return nil, err
	}
	if err := validateAccountUpdate(&upd); err != nil {
		return nil, err
	}
	root, changes, err := s.rootContactChanges(ctx, p, upd)
	if err != nil {
		return nil, err
	}
	upd.Email, upd.MobileNumber = nil, nil
	w := AccountWrite{Update: upd, Audit: s.d.event(ctx, "account.update", p.AccountID, "")}
	sent, err := (&ContactService{d: s.d}).startChanges(ctx, root, changes, &w)
	if err != nil {
		return nil, err
	}
	if len(changes) > 0 {
		kinds := make([]string, len(changes))
		for i, ch := range changes {
			kinds[i] = string(ch.kind)
		}
		w.Audit.Detail = map[string]string{"pending": strings.Join(kinds, ",")}
	}
	a, err := s.d.Store.UpdateAccount(ctx, p.AccountID, w)
	if err != nil {
		return nil, err
	}
	a.PendingContacts = sent
	return a, nil
}

// SetPasswordPolicy replaces the caller's account password policy.
// Errors: Unauthenticated, Forbidden, Invalid.
func (s *AccountService) SetPasswordPolicy(ctx context.Context, pol password.Policy) error {
	p, err := requireAdmin(ctx)
	if err != nil {
		return err
	}
	if err := pol.Validate(); err != nil {
		return err
	}
	return s.d.Store.SetPasswordPolicy(ctx, p.AccountID, pol, s.d.event(ctx, "policy.password.update", p.AccountID, ""))
}

func validateAccountUpdate(u *AccountUpdate) error {
	if u.Email != nil {
		e, err := normalizeEmail("email", *u.Email)
		if err != nil {
			return err
		}
		if e == "" {
			return fault.New(fault.Invalid, "validation.email", "email cannot be removed from an account").WithField("email")
		}
		u.Email = &e
	}
	if u.MobileNumber != nil {
		if err := validateMobile("mobile_number", *u.MobileNumber); err != nil {
			return err
		}
	}
	if u.AdditionalEmails != nil {
		clean := make([]string, 0, len(*u.AdditionalEmails))
		for _, e := range *u.AdditionalEmails {
			n, err := normalizeEmail("additional_emails", e)
			if err != nil {
				return err
			}
			if n != "" {
				clean = append(clean, n)
			}
		}
		u.AdditionalEmails = &clean
	}
	texts := map[string]*string{"first_name": u.FirstName, "last_name": u.LastName, "company_name": u.CompanyName,
		"job_title": u.JobTitle, "phone_number": u.PhoneNumber, "city": u.City, "state_province": u.StateProvince,
		"country": u.Country, "zip_code": u.ZipCode, "vat_number": u.VatNumber}
	for field, v := range texts {
		if v != nil {
			if err := validateText(field, *v, 255); err != nil {
				return err
			}
		}
	}
	return nil
}
