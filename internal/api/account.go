package api

import (
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
)

func (h *handler) showAccount(w http.ResponseWriter, r *http.Request) {
	a, err := h.svc.Accounts.Get(r.Context())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	writeJSON(w, http.StatusOK, toAccountJSON(a))
}

type accountUpdateRequest struct {
	// ID and Name are listed so that sending them gets a precise refusal
	// rather than "unknown field".
	ID               *string   `json:"id"`
	Name             *string   `json:"name"`
	FirstName        *string   `json:"first_name"`
	LastName         *string   `json:"last_name"`
	CompanyName      *string   `json:"company_name"`
	JobTitle         *string   `json:"job_title"`
	Email            *string   `json:"email"`
	AdditionalEmails *[]string `json:"additional_emails"`
	MobileNumber     *string   `json:"mobile_number"`
	PhoneNumber      *string   `json:"phone_number"`
	City             *string   `json:"city"`
	StateProvince    *string   `json:"state_province"`
	Country          *string   `json:"country"`
	ZipCode          *string   `json:"zip_code"`
	VatNumber        *string   `json:"vat_number"`
}

func (h *handler) updateAccount(w http.ResponseWriter, r *http.Request) {
	var in accountUpdateRequest
	if !h.read(w, r, &in) {
		return
	}
	if in.ID != nil {
		writeError(w, r, h.log, fault.New(fault.Invalid, "account.id_immutable", "the account ID cannot be changed").WithField("id"))
		return
	}
	if in.Name != nil {
		writeError(w, r, h.log, fault.New(fault.Invalid, "account.name_immutable", "the account name cannot be changed").WithField("name"))
		return
	}
	a, err := h.svc.Accounts.Update(r.Context(), identity.AccountUpdate{FirstName: in.FirstName, LastName: in.LastName,
		CompanyName: in.CompanyName, JobTitle: in.JobTitle, Email: in.Email, AdditionalEmails: in.AdditionalEmails,
		MobileNumber: in.MobileNumber, PhoneNumber: in.PhoneNumber, City: in.City, StateProvince: in.StateProvince,
		Country: in.Country, ZipCode: in.ZipCode, VatNumber: in.VatNumber})
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	writeJSON(w, http.StatusOK, toAccountJSON(a))
}

func (h *handler) showPasswordPolicy(w http.ResponseWriter, r *http.Request) {
	a, err := h.svc.Accounts.Get(r.Context())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	writeJSON(w, http.StatusOK, a.PasswordPolicy)
}

type policyRequest struct {
	// Preset, when set, starts from a named preset (default, nist, huawei,
	// outscale); the other fields of the request are then ignored.
	Preset string `json:"preset"`
	password.Policy
}

func (h *handler) updatePasswordPolicy(w http.ResponseWriter, r *http.Request) {
	var in policyRequest
	if !h.read(w, r, &in) {
		return
	}
	pol := in.Policy
	if in.Preset != "" {
		p, ok := password.Presets()[in.Preset]
		if !ok {
			writeError(w, r, h.log, fault.Newf(fault.Invalid, "policy.unknown_preset", "unknown preset %q", in.Preset).WithField("preset"))
			return
		}
		pol = p
	}
	if err := h.svc.Accounts.SetPasswordPolicy(r.Context(), pol); err != nil {
		writeError(w, r, h.log, err)
		return
	}
	writeJSON(w, http.StatusOK, pol)
}
