package api

import (
	"net/http"
	"time"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// The native face asks no CAPTCHA: it is for programs, and the core's rate
// limits bound what they can do. The console face asks one.

type recoveryIdentifierJSON struct {
	AccountName string `json:"account_name"`
	UserName    string `json:"user_name"`
	Email       string `json:"email"`
	Mobile      string `json:"mobile"`
}

func (j recoveryIdentifierJSON) core() identity.RecoveryIdentifier {
	return identity.RecoveryIdentifier{AccountName: j.AccountName, UserName: j.UserName, Email: j.Email, Mobile: j.Mobile}
}

type recoveryRequest struct {
	recoveryIdentifierJSON
	Method string `json:"method"`
}

// recoveryAccepted is the one answer to a reset request: it depends on the
// method asked for only, so it says nothing of whether anyone matched.
type recoveryAccepted struct {
	Method    string `json:"method"`
	ExpiresIn int    `json:"expires_in"`
	Message   string `json:"message"`
}

const recoveryAcceptedMessage = "If these details match a user who can receive it, a reset message is on its way."

func (h *handler) requestRecovery(w http.ResponseWriter, r *http.Request) {
	var in recoveryRequest
	if !h.read(w, r, &in) {
		return
	}
	res, err := h.svc.Recovery.RequestReset(r.Context(), identity.ResetRequest{RecoveryIdentifier: in.core(),
		Method: identity.RecoveryMethod(in.Method)})
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusAccepted, "", recoveryAccepted{Method: string(res.Method), ExpiresIn: int(res.ExpiresIn / time.Second),
		Message: recoveryAcceptedMessage})
}

type recoveryVerifyRequest struct {
	recoveryIdentifierJSON
	Code string `json:"code"`
}

type ticketJSON struct {
	Ticket    string    `json:"ticket"`
	ExpiresAt time.Time `json:"expires_at"`
}

func (h *handler) verifyRecoveryCode(w http.ResponseWriter, r *http.Request) {
	var in recoveryVerifyRequest
	if !h.read(w, r, &in) {
		return
	}
	t, err := h.svc.Recovery.VerifyResetCode(r.Context(), identity.ResetCodeCheck{RecoveryIdentifier: in.core(), Code: in.Code})
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", ticketJSON{Ticket: t.Token, ExpiresAt: t.ExpiresAt})
}

type recoveryResetRequest struct {
	Token        string `json:"token"`
	Password     string `json:"password"`
	Confirmation string `json:"confirmation"`
}

func (h *handler) resetPassword(w http.ResponseWriter, r *http.Request) {
	var in recoveryResetRequest
	if !h.read(w, r, &in) {
		return
	}
	res, err := h.svc.Recovery.Reset(r.Context(), identity.PasswordReset{Token: in.Token, Password: in.Password,
		Confirmation: in.Confirmation})
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	writePasswordResult(w, &identity.PasswordResult{Evaluation: res.Evaluation})
}
