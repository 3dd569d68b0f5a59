package api

import (
	"mime"
	"net/http"
	"time"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

type loginRequest struct {
	Account  string `json:"account"`
	Username string `json:"username"`
	Email    string `json:"email"`
	Password string `json:"password"`
}

type tokenResponse struct {
	AccessToken            string    `json:"access_token"`
	TokenType              string    `json:"token_type"`
	ExpiresAt              time.Time `json:"expires_at"`
	ExpiresIn              int       `json:"expires_in"`
	UserID                 string    `json:"user_id,omitempty"`
	AccountID              string    `json:"account_id"`
	PasswordChangeRequired bool      `json:"password_change_required,omitempty"`
}

func (h *handler) login(w http.ResponseWriter, r *http.Request) {
	var in loginRequest
	if !h.read(w, r, &in) {
		return
	}
	res, err := h.svc.Auth.Login(r.Context(), identity.LoginInput{AccountName: in.Account, UserName: in.Username,
		Email: in.Email, Password: in.Password})
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	writeLoginResult(w, res) // a token, or the challenge of a second step
}

// lifetime is a fresh token's expires_in, taken from the core's own clock
// (the session's times) rather than this process's wall clock.
func lifetime(s *identity.Session) int {
	return int(s.ExpiresAt.Sub(s.CreatedAt).Seconds())
}

type clientTokenRequest struct {
	GrantType    string `json:"grant_type"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// clientToken is the client-credentials grant, taking JSON or the form
// encoding OAuth clients send.
func (h *handler) clientToken(w http.ResponseWriter, r *http.Request) {
	var in clientTokenRequest
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
		r.Body = http.MaxBytesReader(w, r.Body, h.cfg.MaxBodyBytes)
		if err := r.ParseForm(); err != nil {
			writeError(w, r, h.log, bodyFault(err, h.cfg.MaxBodyBytes))
			return
		}
		in = clientTokenRequest{GrantType: r.PostForm.Get("grant_type"), ClientID: r.PostForm.Get("client_id"),
			ClientSecret: r.PostForm.Get("client_secret")}
		if id, secret, ok := r.BasicAuth(); ok {
			in.ClientID, in.ClientSecret = id, secret
		}
	} else if !h.read(w, r, &in) {
		return
	}
	if in.GrantType != "client_credentials" {
		writeError(w, r, h.log, errGrantType)
		return
	}
	token, sess, err := h.svc.Auth.ClientToken(r.Context(), in.ClientID, in.ClientSecret)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", tokenResponse{AccessToken: token, TokenType: "Bearer", ExpiresAt: sess.ExpiresAt,
		ExpiresIn: lifetime(sess), AccountID: sess.AccountID})
}

func (h *handler) logout(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Auth.Logout(r.Context()); err != nil {
		writeError(w, r, h.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
