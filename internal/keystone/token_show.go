package keystone

import (
	"net/http"
)

// validateToken is GET /v3/auth/tokens: the token in X-Subject-Token, as
// the caller (X-Auth-Token) may see it; echoes X-Subject-Token.
func (h *handler) validateToken(w http.ResponseWriter, r *http.Request) {
	subject := r.Header.Get("X-Subject-Token")
	info, err := h.svc.Auth.InspectToken(r.Context(), subject)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	_, nocatalog := r.URL.Query()["nocatalog"]
	w.Header().Set("X-Subject-Token", subject)
	reply(w, http.StatusOK, h.toTokenBody(info, h.baseURL(r), !nocatalog))
}

// checkToken is HEAD /v3/auth/tokens: 200 with no body for a token the
// caller may see, 404 otherwise.
func (h *handler) checkToken(w http.ResponseWriter, r *http.Request) {
	subject := r.Header.Get("X-Subject-Token")
	if _, err := h.svc.Auth.InspectToken(r.Context(), subject); err != nil {
		h.writeError(w, r, err)
		return
	}
	w.Header().Set("X-Subject-Token", subject)
	w.Header().Set("Vary", "X-Auth-Token")
	w.WriteHeader(http.StatusOK)
}

// revokeToken is DELETE /v3/auth/tokens: revokes X-Subject-Token, 204.
func (h *handler) revokeToken(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Auth.RevokeToken(r.Context(), r.Header.Get("X-Subject-Token")); err != nil {
		h.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
