package identity

import (
	"time"

	"github.com/watchword/watchword/internal/password"
)

// Account is a tenant. Its ID never changes; everything else can.
type Account struct {
	ID             string
	Name           string
	Profile        AccountProfile
	PasswordPolicy password.Policy
	CreatedAt      time.Time
	UpdatedAt      time.Time
	// PendingContacts lists the codes AccountService.Update sent to a new
	// email (channel email) or mobile (channel sms) of the root user; the
	// profile keeps the proven address until ContactService.Bind proves the
	// new one. Only Update fills it; it is never stored.
	PendingContacts []ContactCodeSent
}

// AccountProfile holds the fields Outscale's UpdateAccount edits. Email is the
// account's contact and login address: it is the root user's email.
type AccountProfile struct {
	FirstName        string
	LastName         string
	CompanyName      string
	JobTitle         string
	Email            string
	AdditionalEmails []string
	MobileNumber     string
	PhoneNumber      string
	City             string
	StateProvince    string
	Country          string
	ZipCode          string
	VatNumber        string
}

// AccountUpdate changes an account's profile; nil fields stay as they are.
// Email and MobileNumber are the root user's sign-in and recovery addresses:
// AccountService.Update turns a change of either into a pending change that
// only a code sent to the new address completes; the store never writes them.
type AccountUpdate struct {
	FirstName        *string
	LastName         *string
	CompanyName      *string
	JobTitle         *string
	Email            *string
	AdditionalEmails *[]string
	MobileNumber     *string
	PhoneNumber      *string
	City             *string
	StateProvince    *string
	Country          *string
	ZipCode          *string
	VatNumber        *string
}

// Apply returns p with u's set fields written over it.
func (u AccountUpdate) Apply(p AccountProfile) AccountProfile {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&p.FirstName, u.FirstName)
	set(&p.LastName, u.LastName)
	set(&p.CompanyName, u.CompanyName)
	set(&p.JobTitle, u.JobTitle)
	set(&p.Email, u.Email)
	set(&p.MobileNumber, u.MobileNumber)
	set(&p.PhoneNumber, u.PhoneNumber)
	set(&p.City, u.City)
	set(&p.StateProvince, u.StateProvince)
	set(&p.Country, u.Country)
	set(&p.ZipCode, u.ZipCode)
	set(&p.VatNumber, u.VatNumber)
	if u.AdditionalEmails != nil {
		p.AdditionalEmails = append([]string(nil), (*u.AdditionalEmails)...)
	}
	return p
}
