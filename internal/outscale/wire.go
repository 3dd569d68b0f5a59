package outscale

import (
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// responseContext closes every OAPI response (not ResponseMetadata: that
// is ICU's).
type responseContext struct {
	RequestID string `json:"RequestId"`
}

// errorResponse is the OAPI error body.
type errorResponse struct {
	Errors          []wireErrorItem `json:"Errors"`
	ResponseContext responseContext `json:"ResponseContext"`
}

type wireErrorItem struct {
	Code    string `json:"Code"`
	Type    string `json:"Type"`
	Details string `json:"Details"`
}

// emptyResponse holds nothing but ResponseContext: the answer to a DryRun
// request (authenticated and well formed; nothing done), and to the calls
// that return nothing else.
type emptyResponse struct {
	ResponseContext responseContext `json:"ResponseContext"`
}

// account is OAPI's Account. CustomerId and OutscaleLoginAllowed have no
// counterpart in the core and are left out.
type account struct {
	AccountID string `json:"AccountId"`
	accountProfile
}

// accountProfile are the members OAPI's Account and ICU's share, with the
// same names.
type accountProfile struct {
	AdditionalEmails []string `json:"AdditionalEmails"`
	City             string   `json:"City"`
	CompanyName      string   `json:"CompanyName"`
	Country          string   `json:"Country"`
	Email            string   `json:"Email"`
	FirstName        string   `json:"FirstName"`
	JobTitle         string   `json:"JobTitle"`
	LastName         string   `json:"LastName"`
	MobileNumber     string   `json:"MobileNumber"`
	PhoneNumber      string   `json:"PhoneNumber"`
	StateProvince    string   `json:"StateProvince"`
	VatNumber        string   `json:"VatNumber"`
	ZipCode          string   `json:"ZipCode"`
}

func toAccount(a *identity.Account) account {
	return account{AccountID: a.ID, accountProfile: toAccountProfile(a.Profile)}
}

func toAccountProfile(p identity.AccountProfile) accountProfile {
	emails := p.AdditionalEmails
	if emails == nil {
		emails = []string{}
	}
	return accountProfile{AdditionalEmails: emails, City: p.City, CompanyName: p.CompanyName,
		Country: p.Country, Email: p.Email, FirstName: p.FirstName, JobTitle: p.JobTitle, LastName: p.LastName,
		MobileNumber: p.MobileNumber, PhoneNumber: p.PhoneNumber, StateProvince: p.StateProvince,
		VatNumber: p.VatNumber, ZipCode: p.ZipCode}
}

// accessKey is OAPI's AccessKey; with SecretKey set, AccessKeySecretKey.
type accessKey struct {
	AccessKeyID          string `json:"AccessKeyId"`
	CreationDate         string `json:"CreationDate"`
	ExpirationDate       string `json:"ExpirationDate,omitempty"`
	LastModificationDate string `json:"LastModificationDate"`
	SecretKey            string `json:"SecretKey,omitempty"`
	State                string `json:"State"`
	Tag                  string `json:"Tag,omitempty"`
}

func toAccessKey(k *identity.AccessKey) accessKey {
	return accessKey{AccessKeyID: k.ID, CreationDate: formatDate(k.CreatedAt), ExpirationDate: formatDate(k.ExpiresAt),
		LastModificationDate: formatDate(k.UpdatedAt), State: string(k.State), Tag: k.Tag}
}

// wireDateFormat is how dates go out: UTC with milliseconds, as Outscale's
// own mock answers (2020-01-28T10:58:41.000Z).
const wireDateFormat = "2006-01-02T15:04:05.000Z"

// formatDate renders t, or "" for the zero time.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(wireDateFormat)
}

// dateLayouts are the ISO 8601 forms accepted for ExpirationDate: a date
// (2063-04-05, meaning its midnight UTC) or a date-time with Z, ±hh:mm or
// ±hhmm, with or without fractions of a second.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999-0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02",
}

// parseDate reads an ISO 8601 date or date-time from field.
func parseDate(field, v string) (time.Time, error) {
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fault.Newf(fault.Invalid, codeInvalidDate,
		"%s must be an ISO 8601 date or date-time, such as 2063-04-05 or 2063-04-05T00:00:00.000Z", field).WithField(field)
}
