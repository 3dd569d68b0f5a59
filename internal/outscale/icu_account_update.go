package outscale

import (
	"context"

	"github.com/watchword/watchword/internal/identity"
)

// icuUpdateAccountRequest has the fields OAPI's UpdateAccount has.
type icuUpdateAccountRequest struct {
	icuEnvelope
	AdditionalEmails *[]string `json:"AdditionalEmails"`
	City             *string   `json:"City"`
	CompanyName      *string   `json:"CompanyName"`
	Country          *string   `json:"Country"`
	Email            *string   `json:"Email"`
	FirstName        *string   `json:"FirstName"`
	JobTitle         *string   `json:"JobTitle"`
	LastName         *string   `json:"LastName"`
	MobileNumber     *string   `json:"MobileNumber"`
	PhoneNumber      *string   `json:"PhoneNumber"`
	StateProvince    *string   `json:"StateProvince"`
	VatNumber        *string   `json:"VatNumber"`
	ZipCode          *string   `json:"ZipCode"`
}

func (r *icuUpdateAccountRequest) update() identity.AccountUpdate {
	return identity.AccountUpdate{AdditionalEmails: r.AdditionalEmails, City: r.City, CompanyName: r.CompanyName,
		Country: r.Country, Email: r.Email, FirstName: r.FirstName, JobTitle: r.JobTitle, LastName: r.LastName,
		MobileNumber: r.MobileNumber, PhoneNumber: r.PhoneNumber, StateProvince: r.StateProvince,
		VatNumber: r.VatNumber, ZipCode: r.ZipCode}
}

func (r *icuUpdateAccountRequest) check() error {
	if r.update() == (identity.AccountUpdate{}) {
		return missing("at least one account field")
	}
	return nil
}

// icuUpdateAccount edits the caller's account profile.
func (h *handler) icuUpdateAccount(ctx context.Context, req *icuUpdateAccountRequest, md responseMetadata) (any, error) {
	a, err := h.svc.Accounts.Update(ctx, req.update())
	if err != nil {
		return nil, err
	}
	return icuAccountResponse{Account: toICUAccount(a), ResponseMetadata: md}, nil
}
