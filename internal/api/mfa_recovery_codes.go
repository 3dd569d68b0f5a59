package api

import (
	"net/http"
	"time"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

type recoveryCodesStatusJSON struct {
	Remaining int        `json:"remaining"`
	CreatedAt *time.Time `json:"created_at"`
}

type recoveryCodesRequest struct {
	Code     string `json:"code"`
	Password string `json:"password"`
}

type recoveryCodesJSON struct {
	Codes []string `json:"codes"`
}

// showRecoveryCodes says how many recovery codes the caller has left.
func (h *handler) showRecoveryCodes(w http.ResponseWriter, r *http.Request) {
	st, err := h.svc.MFA.RecoveryCodes(r.Context())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	out := recoveryCodesStatusJSON{Remaining: st.Remaining}
	if !st.CreatedAt.IsZero() {
		t := st.CreatedAt.UTC()
		out.CreatedAt = &t
	}
	httpx.WriteJSON(w, http.StatusOK, "", out)
}

// createRecoveryCodes makes a new set of recovery codes, proved by a code
// of the device or the password, and returns it this once.
func (h *handler) createRecoveryCodes(w http.ResponseWriter, r *http.Request) {
	var in recoveryCodesRequest
	if !h.read(w, r, &in) {
		return
	}
	codes, err := h.svc.MFA.GenerateRecoveryCodes(r.Context(), identity.RecoveryCodesRequest{Code: in.Code, Password: in.Password})
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, "", recoveryCodesJSON{Codes: codes})
}
