package outscale

import (
	"context"

	"github.com/watchword/watchword/internal/identity"
)

// updateAccountRequest has every field UpdateAccount edits; AccountId,
// CustomerId and Password are not among them, so sending one is 3001.
type updateAccountRequest struct {
	dryRunField
	accountFields
}

// accountFields are the account profile fields UpdateAccount edits, in
// OAPI and in ICU alike.
type accountFields struct {
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

func (r *accountFields) update() identity.AccountUpdate {
	return identity.AccountUpdate{AdditionalEmails: r.AdditionalEmails, City: r.City, CompanyName: r.CompanyName,
		Country: r.Country, Email: r.Email, FirstName: r.FirstName, JobTitle: r.JobTitle, LastName: r.LastName,
		MobileNumber: r.MobileNumber, PhoneNumber: r.PhoneNumber, StateProvince: r.StateProvince,
		VatNumber: r.VatNumber, ZipCode: r.ZipCode}
}

// check refuses a call that changes nothing (7000, as Outscale answers).
func (r *accountFields) check() error {
	if r.update() == (identity.AccountUpdate{}) {
		return missing("at least one account field")
	}
	return nil
}

type updateAccountResponse struct {
	Account         account         `json:"Account"`
	ResponseContext responseContext `json:"ResponseContext"`
}

// updateAccount edits the caller's account profile.
func (h *handler) updateAccount(ctx context.Context, req *updateAccountRequest, rc responseContext) (any, error) {
	a, err := h.svc.Accounts.Update(ctx, req.update())
	if err != nil {
		return nil, err
	}
	return updateAccountResponse{Account: toAccount(a), ResponseContext: rc}, nil
}
