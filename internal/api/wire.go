package api

import (
	"time"

	"github.com/watchword/watchword/internal/identity"
)

type userJSON struct {
	ID                  string    `json:"id"`
	AccountID           string    `json:"account_id"`
	AccountName         string    `json:"account_name"`
	Name                string    `json:"name"`
	Root                bool      `json:"root"`
	Admin               bool      `json:"admin"`
	DisplayName         string    `json:"display_name"`
	Email               string    `json:"email"`
	EmailVerified       bool      `json:"email_verified"`
	Mobile              string    `json:"mobile"`
	MobileVerified      bool      `json:"mobile_verified"`
	Locale              string    `json:"locale"`
	Theme               string    `json:"theme"`
	PasswordOrigin      string    `json:"password_origin"`
	PasswordChangedAt   *string   `json:"password_changed_at"`
	ForcePasswordChange bool      `json:"force_password_change"`
	LoginVerification   string    `json:"login_verification"`
	Enabled             bool      `json:"enabled"`
	CreatedAt           time.Time `json:"created_at"`
	UpdatedAt           time.Time `json:"updated_at"`
	// Groups is shown on a single user only (GET /v1/users/{id}).
	Groups *[]groupRefJSON `json:"groups,omitempty"`
}

type groupRefJSON struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	Builtin     string `json:"builtin,omitempty"`
}

func toUserJSON(u *identity.User) userJSON {
	out := userJSON{ID: u.ID, AccountID: u.AccountID, AccountName: u.AccountName, Name: u.Name, Root: u.Root,
		Admin: u.IsAdmin(), DisplayName: u.DisplayName, Email: u.Email, EmailVerified: u.EmailVerified, Mobile: u.Mobile,
		MobileVerified: u.MobileVerified, Locale: u.Locale, Theme: u.Theme, PasswordOrigin: string(u.PasswordOrigin),
		ForcePasswordChange: u.ForcePasswordChange, LoginVerification: u.LoginVerification, Enabled: u.Enabled,
		CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
	if !u.PasswordChangedAt.IsZero() {
		s := u.PasswordChangedAt.Format(time.RFC3339)
		out.PasswordChangedAt = &s
	}
	return out
}

type accountJSON struct {
	ID               string    `json:"id"`
	Name             string    `json:"name"`
	FirstName        string    `json:"first_name"`
	LastName         string    `json:"last_name"`
	CompanyName      string    `json:"company_name"`
	JobTitle         string    `json:"job_title"`
	Email            string    `json:"email"`
	AdditionalEmails []string  `json:"additional_emails"`
	MobileNumber     string    `json:"mobile_number"`
	PhoneNumber      string    `json:"phone_number"`
	City             string    `json:"city"`
	StateProvince    string    `json:"state_province"`
	Country          string    `json:"country"`
	ZipCode          string    `json:"zip_code"`
	VatNumber        string    `json:"vat_number"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
	// PendingContacts, in the answer of PATCH /v1/account only, says where
	// the codes went that a change of the email or mobile sent.
	PendingContacts []codeSentJSON `json:"pending_contacts,omitempty"`
}

func toAccountJSON(a *identity.Account) accountJSON {
	p := a.Profile
	if p.AdditionalEmails == nil {
		p.AdditionalEmails = []string{}
	}
	out := accountJSON{ID: a.ID, Name: a.Name, FirstName: p.FirstName, LastName: p.LastName, CompanyName: p.CompanyName,
		JobTitle: p.JobTitle, Email: p.Email, AdditionalEmails: p.AdditionalEmails, MobileNumber: p.MobileNumber,
		PhoneNumber: p.PhoneNumber, City: p.City, StateProvince: p.StateProvince, Country: p.Country, ZipCode: p.ZipCode,
		VatNumber: p.VatNumber, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
	for i := range a.PendingContacts {
		out.PendingContacts = append(out.PendingContacts, toCodeSentJSON(&a.PendingContacts[i]))
	}
	return out
}

type sessionJSON struct {
	ID         string    `json:"id"`
	Current    bool      `json:"current"`
	Method     string    `json:"method"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
}

type clientJSON struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	Secret    string    `json:"secret,omitempty"`
}

// pageJSON is one page of a list; next_cursor, when present, asks for the
// next (?cursor=…), and the Link header names its URL too.
type pageJSON[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}
