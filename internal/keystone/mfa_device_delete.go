package keystone

import (
	"net/http"
)

// deleteMFADevice is DELETE /v3.0/OS-MFA/virtual-mfa-devices?user_id=&serial_number=,
// for an administrator: it removes the device without a code, as Huawei's
// DeleteMfaDevice does. A user removes their own device with unbind and a code.
func (h *handler) deleteMFADevice(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	userID, serial := q.Get("user_id"), q.Get("serial_number")
	if userID == "" || serial == "" {
		h.writeError(w, r, invalid("huawei.missing", "user_id and serial_number are required", ""))
		return
	}
	if err := h.svc.MFA.UnbindDevice(r.Context(), userID, serial, ""); err != nil {
		h.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
