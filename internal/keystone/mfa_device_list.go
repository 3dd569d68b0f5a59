package keystone

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

type mfaDeviceJSON struct {
	SerialNumber string `json:"serial_number"`
	UserID       string `json:"user_id"`
}

type mfaDevicesBody struct {
	VirtualMFADevices []mfaDeviceJSON `json:"virtual_mfa_devices"`
}

type mfaDeviceBody struct {
	VirtualMFADevice mfaDeviceJSON `json:"virtual_mfa_device"`
}

func toMFADeviceJSON(d *identity.MFADevice) mfaDeviceJSON {
	return mfaDeviceJSON{SerialNumber: d.SerialNumber, UserID: d.UserID}
}

// listMFADevices is GET /v3.0/OS-MFA/virtual-mfa-devices, for an administrator.
func (h *handler) listMFADevices(w http.ResponseWriter, r *http.Request) {
	list, err := h.svc.MFA.ListDevices(r.Context())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := mfaDevicesBody{VirtualMFADevices: []mfaDeviceJSON{}}
	for _, d := range list {
		out.VirtualMFADevices = append(out.VirtualMFADevices, toMFADeviceJSON(d))
	}
	reply(w, http.StatusOK, out)
}

// showUserMFADevice is GET /v3.0/OS-MFA/users/{user_id}/virtual-mfa-device.
func (h *handler) showUserMFADevice(w http.ResponseWriter, r *http.Request) {
	d, err := h.svc.MFA.Device(r.Context(), r.PathValue("user_id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	reply(w, http.StatusOK, mfaDeviceBody{VirtualMFADevice: toMFADeviceJSON(d)})
}
