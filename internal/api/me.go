package api

import (
	"net/http"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

func (h *handler) showMe(w http.ResponseWriter, r *http.Request) {
	u, err := h.svc.Users.Me(r.Context())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", toUserJSON(u))
}

type profileRequest struct {
	DisplayName *string `json:"display_name"`
	Locale      *string `json:"locale"`
	Theme       *string `json:"theme"`
}

func (h *handler) updateMe(w http.ResponseWriter, r *http.Request) {
	var in profileRequest
	if !h.read(w, r, &in) {
		return
	}
	u, err := h.svc.Users.UpdateMe(r.Context(), identity.ProfileUpdate{DisplayName: in.DisplayName, Locale: in.Locale, Theme: in.Theme})
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", toUserJSON(u))
}

type passwordChangeRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
	NotifyType      string `json:"notify_type"` // "NONE" suppresses the notification
	ThemeID         string `json:"theme_id"`
}

type passwordChangeResponse struct {
	Warnings []ruleJSON `json:"warnings"`
}

type ruleJSON struct {
	ID      string `json:"id"`
	Message string `json:"message"`
}

func (h *handler) changePassword(w http.ResponseWriter, r *http.Request) {
	var in passwordChangeRequest
	if !h.read(w, r, &in) {
		return
	}
	if in.NotifyType != "" && in.NotifyType != "NONE" && in.NotifyType != "EMAIL" {
		writeError(w, r, h.log, errNotifyType)
		return
	}
	theme := in.ThemeID
	if q := r.URL.Query().Get("themeId"); q != "" {
		theme = q
	}
	res, err := h.svc.Passwords.Change(r.Context(), identity.PasswordChange{Current: in.CurrentPassword, New: in.NewPassword,
		Notify: identity.NotifyOptions{None: in.NotifyType == "NONE", Theme: theme}})
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	writePasswordResult(w, res)
}

// writePasswordResult answers a successful change, carrying dictionary
// warnings in IBM Verify's isv-dictionary-policy header.
func writePasswordResult(w http.ResponseWriter, res *identity.PasswordResult) {
	if hdr := res.Evaluation.Header(); hdr != "" {
		w.Header().Set("isv-dictionary-policy", hdr)
	}
	out := passwordChangeResponse{Warnings: []ruleJSON{}}
	for _, rule := range res.Evaluation.Warnings() {
		if !rule.Passed {
			out.Warnings = append(out.Warnings, ruleJSON{ID: rule.ID, Message: rule.Message})
		}
	}
	httpx.WriteJSON(w, http.StatusOK, "", out)
}

func (h *handler) listSessions(w http.ResponseWriter, r *http.Request) {
	pg, err := pageParams(r)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	page, err := h.svc.Auth.SessionsPage(r.Context(), pg)
	p, _ := identity.PrincipalFrom(r.Context())
	writePage(w, r, h.log, page, err, func(s *identity.Session) sessionJSON {
		return sessionJSON{ID: s.ID, Current: s.ID == p.SessionID, Method: s.Method, IP: s.IP,
			UserAgent: s.UserAgent, CreatedAt: s.CreatedAt, LastSeenAt: s.LastSeenAt, ExpiresAt: s.ExpiresAt}
	})
}

func (h *handler) revokeSession(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Auth.RevokeSession(r.Context(), r.PathValue("id")); err != nil {
		writeError(w, r, h.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
