package api

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// The caller's virtual MFA device (TOTP): begin, confirm with two
// consecutive codes, show, unbind; plus an administrator's unbind of a
// user's device.

type totpEnrollmentJSON struct {
	SerialNumber string `json:"serial_number"`
	Secret       string `json:"secret"`
	OTPAuthURI   string `json:"otpauth_uri"`
	QRCode       string `json:"qr_code"` // data:image/png;base64,...
}

type totpStatusJSON struct {
	Bound        bool       `json:"bound"`
	Pending      bool       `json:"pending"`
	SerialNumber string     `json:"serial_number,omitempty"`
	BoundAt      *time.Time `json:"bound_at"`
}

func (h *handler) beginTOTP(w http.ResponseWriter, r *http.Request) {
	enr, err := h.svc.MFA.Begin(r.Context())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store") // the answer holds the secret
	httpx.WriteJSON(w, http.StatusCreated, "", totpEnrollmentJSON{SerialNumber: enr.SerialNumber, Secret: enr.Secret, OTPAuthURI: enr.URI,
		QRCode: "data:image/png;base64," + base64.StdEncoding.EncodeToString(enr.QRCodePNG)})
}

type totpConfirmRequest struct {
	Code1 string `json:"code1"`
	Code2 string `json:"code2"`
}

func (h *handler) confirmTOTP(w http.ResponseWriter, r *http.Request) {
	var in totpConfirmRequest
	if !h.read(w, r, &in) {
		return
	}
	if err := h.svc.MFA.Confirm(r.Context(), in.Code1, in.Code2); err != nil {
		writeError(w, r, h.log, err)
		return
	}
	h.showTOTP(w, r)
}

func (h *handler) showTOTP(w http.ResponseWriter, r *http.Request) {
	st, err := h.svc.MFA.Status(r.Context())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	out := totpStatusJSON{Bound: st.Bound, Pending: st.Pending, SerialNumber: st.SerialNumber}
	if !st.BoundAt.IsZero() {
		out.BoundAt = &st.BoundAt
	}
	httpx.WriteJSON(w, http.StatusOK, "", out)
}

type totpUnbindRequest struct {
	Code     string `json:"code"`
	Password string `json:"password"`
}

func (h *handler) unbindTOTP(w http.ResponseWriter, r *http.Request) {
	var in totpUnbindRequest
	if !h.read(w, r, &in) {
		return
	}
	if err := h.svc.MFA.Unbind(r.Context(), identity.MFAUnbind{Code: in.Code, Password: in.Password}); err != nil {
		writeError(w, r, h.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// showTOTPQRCode serves the pending device's QR code as a PNG; ?size= picks
// its side in pixels (64-1024, default 256).
func (h *handler) showTOTPQRCode(w http.ResponseWriter, r *http.Request) {
	size := identity.QRCodeSize
	if v := r.URL.Query().Get("size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			writeError(w, r, h.log, fault.New(fault.Invalid, "request.query", "size must be an integer").WithField("size"))
			return
		}
		size = n
	}
	png, err := h.svc.MFA.QRCode(r.Context(), size)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store") // it encodes the secret
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(png)
}

func (h *handler) unbindUserTOTP(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.MFA.UnbindDevice(r.Context(), r.PathValue("id"), "", ""); err != nil {
		writeError(w, r, h.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
