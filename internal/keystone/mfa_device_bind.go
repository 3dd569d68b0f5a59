package keystone

import (
	"net/http"
)

// mfaBindJSON is Huawei's BindMfaDevice, sent unwrapped.
type mfaBindJSON struct {
	UserID                   string `json:"user_id"`
	SerialNumber             string `json:"serial_number"`
	AuthenticationCodeFirst  string `json:"authentication_code_first"`
	AuthenticationCodeSecond string `json:"authentication_code_second"`
}

// mfaUnbindJSON is Huawei's UnbindMfaDevice, sent unwrapped.
type mfaUnbindJSON struct {
	UserID             string `json:"user_id"`
	AuthenticationCode string `json:"authentication_code"`
	SerialNumber       string `json:"serial_number"`
}

// bindMFADevice is PUT /v3.0/OS-MFA/mfa-devices/bind: two consecutive codes
// of the device bind it; 204.
func (h *handler) bindMFADevice(w http.ResponseWriter, r *http.Request) {
	var in mfaBindJSON
	if !h.read(w, r, &in, true) {
		return
	}
	if in.UserID == "" || in.SerialNumber == "" || in.AuthenticationCodeFirst == "" || in.AuthenticationCodeSecond == "" {
		h.writeError(w, r, invalid("huawei.missing", "user_id, serial_number and both authentication codes are required", ""))
		return
	}
	if err := h.svc.MFA.BindDevice(r.Context(), in.UserID, in.SerialNumber, in.AuthenticationCodeFirst, in.AuthenticationCodeSecond); err != nil {
		h.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// unbindMFADevice is PUT /v3.0/OS-MFA/mfa-devices/unbind: a user unbinds
// their device with a current code; an administrator unbinds a user's with
// any code (the user may have lost the device); 204.
func (h *handler) unbindMFADevice(w http.ResponseWriter, r *http.Request) {
	var in mfaUnbindJSON
	if !h.read(w, r, &in, true) {
		return
	}
	if in.UserID == "" || in.SerialNumber == "" || in.AuthenticationCode == "" {
		h.writeError(w, r, invalid("huawei.missing", "user_id, serial_number and authentication_code are required", ""))
		return
	}
	if err := h.svc.MFA.UnbindDevice(r.Context(), in.UserID, in.SerialNumber, in.AuthenticationCode); err != nil {
		h.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
