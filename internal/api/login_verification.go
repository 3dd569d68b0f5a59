package api

import (
	"net/http"
	"time"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// A login whose user has login verification on answers 200 with a
// challenge instead of a token; POST /auth/login/verify answers it.

type loginChallengeJSON struct {
	VerificationRequired bool      `json:"verification_required"`
	Challenge            string    `json:"challenge"`
	Method               string    `json:"method"`
	Destination          string    `json:"destination,omitempty"`
	ExpiresAt            time.Time `json:"expires_at"`
}

type recentLoginJSON struct {
	At             *time.Time `json:"at"`
	IP             string     `json:"ip"`
	FailedAttempts int        `json:"failed_attempts"`
}

// loginTokenJSON is a token with what the account's login policy shows
// after a sign-in.
type loginTokenJSON struct {
	tokenResponse
	RecentLogin *recentLoginJSON `json:"recent_login,omitempty"`
	Notice      string           `json:"notice,omitempty"`
}

// writeLoginResult answers a login step: the token, or the next challenge.
func writeLoginResult(w http.ResponseWriter, res *identity.LoginResult) {
	if c := res.Challenge; c != nil {
		httpx.WriteJSON(w, http.StatusOK, "", loginChallengeJSON{VerificationRequired: true, Challenge: c.ID, Method: c.Method,
			Destination: c.Destination, ExpiresAt: c.ExpiresAt})
		return
	}
	out := loginTokenJSON{tokenResponse: tokenResponse{AccessToken: res.Token, TokenType: "Bearer", ExpiresAt: res.Session.ExpiresAt,
		ExpiresIn: int(res.Session.ExpiresAt.Sub(res.Session.CreatedAt).Seconds()), UserID: res.User.ID, AccountID: res.User.AccountID,
		PasswordChangeRequired: res.PasswordChangeRequired}, Notice: res.Notice}
	if rl := res.Recent; rl != nil {
		out.RecentLogin = &recentLoginJSON{IP: rl.IP, FailedAttempts: rl.FailedAttempts}
		if !rl.At.IsZero() {
			out.RecentLogin.At = &rl.At
		}
	}
	httpx.WriteJSON(w, http.StatusOK, "", out)
}

type loginVerifyRequest struct {
	Challenge string `json:"challenge"`
	Code      string `json:"code"`
}

func (h *handler) completeLogin(w http.ResponseWriter, r *http.Request) {
	var in loginVerifyRequest
	if !h.read(w, r, &in) {
		return
	}
	res, err := h.svc.Auth.CompleteLogin(r.Context(), in.Challenge, in.Code)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	writeLoginResult(w, res)
}

type loginVerificationJSON struct {
	Method    string   `json:"method"`
	Available []string `json:"available"`
}

func (h *handler) showLoginVerification(w http.ResponseWriter, r *http.Request) {
	st, err := h.svc.LoginVerification.Status(r.Context())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", loginVerificationJSON{Method: st.Method, Available: st.Available})
}

type loginVerificationCodeRequest struct {
	Method string `json:"method"`
	// Factor is which factor gets the code: "new" (the default: the one
	// switched to, or the one in use when switching off) or "current" (the
	// one in use, for current_code).
	Factor string `json:"factor"`
}

type verificationCodeSentJSON struct {
	Method      string    `json:"method"`
	Destination string    `json:"destination"`
	ExpiresAt   time.Time `json:"expires_at"`
}

func (h *handler) sendLoginVerificationCode(w http.ResponseWriter, r *http.Request) {
	var in loginVerificationCodeRequest
	if !h.read(w, r, &in) {
		return
	}
	send := h.svc.LoginVerification.SendCode
	switch in.Factor {
	case "", "new":
	case "current":
		send = h.svc.LoginVerification.SendCurrentCode
	default:
		writeError(w, r, h.log, errCodeFactor)
		return
	}
	sent, err := send(r.Context(), in.Method)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusAccepted, "", verificationCodeSentJSON{Method: sent.Method, Destination: sent.Destination, ExpiresAt: sent.ExpiresAt})
}

type loginVerificationUpdateRequest struct {
	Method          string `json:"method"`
	Code            string `json:"code"`
	CurrentCode     string `json:"current_code"`
	CurrentPassword string `json:"current_password"`
}

func (h *handler) updateLoginVerification(w http.ResponseWriter, r *http.Request) {
	var in loginVerificationUpdateRequest
	if !h.read(w, r, &in) {
		return
	}
	st, err := h.svc.LoginVerification.Set(r.Context(), identity.LoginVerificationChange{Method: in.Method, Code: in.Code,
		CurrentCode: in.CurrentCode, CurrentPassword: in.CurrentPassword})
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", loginVerificationJSON{Method: st.Method, Available: st.Available})
}
