package api

import (
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
)

func (h *handler) showAccount(w http.ResponseWriter, r *http.Request) {
	a, err := h.svc.Accounts.Get(r.Context())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", toAccountJSON(a))
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
	httpx.WriteJSON(w, http.StatusOK, "", toAccountJSON(a))
}

func (h *handler) showPasswordPolicy(w http.ResponseWriter, r *http.Request) {
	a, err := h.svc.Accounts.Get(r.Context())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", toPasswordPolicyJSON(a.PasswordPolicy))
}

// policyFields are the password policy's settings as a request carries
// them: nil when absent, so that a PUT can tell a missing setting from a
// zero one and a PATCH changes only what it names.
type policyFields struct {
	MinLength                *int                     `json:"min_length"`
	MaxLength                *int                     `json:"max_length"`
	HistoryCount             *int                     `json:"history_count"`
	MinAgeMinutes            *int                     `json:"min_age_minutes"`
	MaxAgeDays               *int                     `json:"max_age_days"`
	MinCharTypes             *int                     `json:"min_char_types"`
	NotUsername              *bool                    `json:"not_username"`
	NotEmailOrMobile         *bool                    `json:"not_email_or_mobile"`
	MaxConsecutive           *int                     `json:"max_consecutive"`
	MinStrength              *int                     `json:"min_strength"`
	AllowedChars             *string                  `json:"allowed_chars"`
	ForceChangeAfterAdminSet *bool                    `json:"force_change_after_admin_set"`
	LocalDictionary          *password.DictionaryMode `json:"local_dictionary"`
	GlobalDictionary         *password.DictionaryMode `json:"global_dictionary"`
}

func (f policyFields) patch() identity.PasswordPolicyPatch {
	return identity.PasswordPolicyPatch{MinLength: f.MinLength, MaxLength: f.MaxLength, HistoryCount: f.HistoryCount,
		MinAgeMinutes: f.MinAgeMinutes, MaxAgeDays: f.MaxAgeDays, MinCharTypes: f.MinCharTypes, NotUsername: f.NotUsername,
		NotEmailOrMobile: f.NotEmailOrMobile, MaxConsecutive: f.MaxConsecutive, MinStrength: f.MinStrength,
		AllowedChars: f.AllowedChars, ForceChangeAfterAdminSet: f.ForceChangeAfterAdminSet,
		LocalDictionary: f.LocalDictionary, GlobalDictionary: f.GlobalDictionary}
}

// settings lists the settings a PUT must carry. allowed_chars is not among
// them: GET leaves it out when it is empty, and a PUT of what GET answered
// must work.
func (f policyFields) settings() []setting {
	return []setting{
		{"min_length", f.MinLength != nil}, {"max_length", f.MaxLength != nil}, {"history_count", f.HistoryCount != nil},
		{"min_age_minutes", f.MinAgeMinutes != nil}, {"max_age_days", f.MaxAgeDays != nil},
		{"min_char_types", f.MinCharTypes != nil}, {"not_username", f.NotUsername != nil},
		{"not_email_or_mobile", f.NotEmailOrMobile != nil}, {"max_consecutive", f.MaxConsecutive != nil},
		{"min_strength", f.MinStrength != nil}, {"force_change_after_admin_set", f.ForceChangeAfterAdminSet != nil},
		{"local_dictionary", f.LocalDictionary != nil}, {"global_dictionary", f.GlobalDictionary != nil},
	}
}

// setting is one setting of a policy, by its name in a request, and
// whether the request carried it.
type setting struct {
	name    string
	present bool
}

// errIncomplete refuses a PUT of policy (its name, for the message) that
// left settings out: a PUT replaces the whole policy, and a setting left
// out would otherwise silently become zero, which may turn its rule off.
// It is nil when every setting is present.
func errIncomplete(policy string, settings []setting) error {
	var missing []string
	for _, s := range settings {
		if !s.present {
			missing = append(missing, s.name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fault.Newf(fault.Invalid, "policy.incomplete",
		"a PUT replaces the whole %s and must carry every setting; missing: %s (use PATCH to change only some)",
		policy, strings.Join(missing, ", ")).WithField(missing[0])
}

type policyRequest struct {
	// Preset, when set, starts from a named preset (default, nist, huawei,
	// outscale); the other fields of the request are then ignored.
	Preset string `json:"preset"`
	policyFields
}

// updatePasswordPolicy is PUT: the whole policy, every setting present (a
// setting left out would otherwise silently become zero, which turns its
// rule off), or a preset.
func (h *handler) updatePasswordPolicy(w http.ResponseWriter, r *http.Request) {
	var in policyRequest
	if !h.read(w, r, &in) {
		return
	}
	var pol password.Policy
	if in.Preset != "" {
		p, ok := password.Presets()[in.Preset]
		if !ok {
			writeError(w, r, h.log, fault.Newf(fault.Invalid, "policy.unknown_preset", "unknown preset %q", in.Preset).WithField("preset"))
			return
		}
		pol = p
	} else if err := errIncomplete("password policy", in.settings()); err != nil {
		writeError(w, r, h.log, err)
		return
	} else {
		pol = in.patch().Apply(password.Policy{})
	}
	if err := h.svc.Accounts.SetPasswordPolicy(r.Context(), pol); err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", toPasswordPolicyJSON(pol))
}

// patchPasswordPolicy is PATCH: the settings sent change, the others stay;
// the core merges them in one transaction, so concurrent PATCHes of
// different settings all survive.
func (h *handler) patchPasswordPolicy(w http.ResponseWriter, r *http.Request) {
	var in policyFields
	if !h.read(w, r, &in) {
		return
	}
	pol, err := h.svc.Accounts.UpdatePasswordPolicy(r.Context(), in.patch())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", toPasswordPolicyJSON(pol))
}
