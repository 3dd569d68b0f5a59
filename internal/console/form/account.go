package form

import (
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/identity"
)

// Account is the "update information" form of an account's profile: every
// field of Outscale's UpdateAccount. The account ID is never a field.
type Account struct {
	identity.AccountProfile
	// AdditionalEmails is the textarea's text: one address a line, or
	// separated by commas.
	AdditionalEmails string
}

// AccountFrom fills the form from a profile, to edit it.
func AccountFrom(p identity.AccountProfile) Account {
	return Account{AccountProfile: p, AdditionalEmails: strings.Join(p.AdditionalEmails, "\n")}
}

// NewAccount reads the form.
func NewAccount(r *http.Request) Account {
	f := Account{AdditionalEmails: r.PostForm.Get("additional_emails")}
	p := &f.AccountProfile
	for name, dst := range map[string]*string{"first_name": &p.FirstName, "last_name": &p.LastName,
		"company_name": &p.CompanyName, "job_title": &p.JobTitle, "email": &p.Email, "mobile_number": &p.MobileNumber,
		"phone_number": &p.PhoneNumber, "city": &p.City, "state_province": &p.StateProvince, "country": &p.Country,
		"zip_code": &p.ZipCode, "vat_number": &p.VatNumber} {
		*dst = value(r, name)
	}
	return f
}

// Update is the core's change: every field, as the form shows them all.
func (f Account) Update() identity.AccountUpdate {
	var extra []string
	for _, e := range strings.FieldsFunc(f.AdditionalEmails, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' }) {
		if e = strings.TrimSpace(e); e != "" {
			extra = append(extra, e)
		}
	}
	if extra == nil {
		extra = []string{}
	}
	p := f.AccountProfile
	return identity.AccountUpdate{FirstName: ptr(p.FirstName), LastName: ptr(p.LastName), CompanyName: ptr(p.CompanyName),
		JobTitle: ptr(p.JobTitle), Email: ptr(p.Email), AdditionalEmails: &extra, MobileNumber: ptr(p.MobileNumber),
		PhoneNumber: ptr(p.PhoneNumber), City: ptr(p.City), StateProvince: ptr(p.StateProvince), Country: ptr(p.Country),
		ZipCode: ptr(p.ZipCode), VatNumber: ptr(p.VatNumber)}
}

// Profile is the form of the user's own profile.
type Profile struct {
	DisplayName string
	Locale      string
	Theme       string
}

// ProfileFrom fills the form from a user.
func ProfileFrom(u *identity.User) Profile {
	return Profile{DisplayName: u.DisplayName, Locale: u.Locale, Theme: u.Theme}
}

// NewProfile reads the form.
func NewProfile(r *http.Request) Profile {
	return Profile{DisplayName: value(r, "display_name"), Locale: value(r, "locale"), Theme: value(r, "theme")}
}

// Update is the core's change.
func (f Profile) Update() identity.ProfileUpdate {
	return identity.ProfileUpdate{DisplayName: ptr(f.DisplayName), Locale: ptr(f.Locale), Theme: ptr(f.Theme)}
}
