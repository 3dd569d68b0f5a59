package keystone

import (
	"net/http"
)

type mfaCreateRequest struct {
	VirtualMFADevice *mfaCreateJSON `json:"virtual_mfa_device"`
}

func (mfaCreateRequest) wrapper() string { return "virtual_mfa_device" }

// mfaCreateJSON is Huawei's CreateMfaDevice.
type mfaCreateJSON struct {
	Name   string `json:"name"`
	UserID string `json:"user_id"`
}

type mfaCreatedBody struct {
	VirtualMFADevice mfaCreatedJSON `json:"virtual_mfa_device"`
}

type mfaCreatedJSON struct {
	SerialNumber     string `json:"serial_number"`
	Base32StringSeed string `json:"base32_string_seed"`
}

// createMFADevice is POST /v3.0/OS-MFA/virtual-mfa-devices: a device for
// the caller or, for an administrator, a user of the account; it works once
// bound with two consecutive codes.
func (h *handler) createMFADevice(w http.ResponseWriter, r *http.Request) {
	var in mfaCreateRequest
	if !h.read(w, r, &in, true) {
		return
	}
	d := in.VirtualMFADevice
	if d == nil || d.Name == "" || d.UserID == "" {
		h.writeError(w, r, invalid("huawei.missing", "virtual_mfa_device.name and user_id are required", ""))
		return
	}
	if len(d.Name) > 64 {
		h.writeError(w, r, invalid("huawei.range", "name must be 1 to 64 characters", "name"))
		return
	}
	e, err := h.svc.MFA.CreateVirtualDevice(r.Context(), d.UserID, d.Name)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	reply(w, http.StatusCreated, mfaCreatedBody{VirtualMFADevice: mfaCreatedJSON{SerialNumber: e.SerialNumber, Base32StringSeed: e.Secret}})
}
