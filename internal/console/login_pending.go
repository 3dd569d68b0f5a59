package console

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"time"
)

// pendingCookie holds, between a login's password and its code, the
// core's challenge receipt and what the code page shows. It is sent only
// to the login pages, and only by this site.
const pendingCookie = "ww_login"

// pendingLogin is a login waiting for its verification code.
type pendingLogin struct {
	ID          string `json:"i"`
	Method      string `json:"m"` // sms | email | totp
	Destination string `json:"d"` // masked, empty for totp
	Next        string `json:"n"`
}

func (h *handler) setPendingLogin(w http.ResponseWriter, r *http.Request, pl pendingLogin, until time.Time) {
	b, _ := json.Marshal(pl)
	http.SetCookie(w, &http.Cookie{Name: pendingCookie, Value: base64.RawURLEncoding.EncodeToString(b),
		Path: Path + "/login", Expires: until, HttpOnly: true, Secure: h.secureCookies(r), SameSite: http.SameSiteStrictMode})
}

func (h *handler) pendingLogin(r *http.Request) (pendingLogin, bool) {
	var pl pendingLogin
	c, err := r.Cookie(pendingCookie)
	if err != nil {
		return pl, false
	}
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil || json.Unmarshal(b, &pl) != nil || pl.ID == "" {
		return pl, false
	}
	return pl, true
}

func (h *handler) clearPendingLogin(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: pendingCookie, Value: "", Path: Path + "/login", MaxAge: -1,
		HttpOnly: true, Secure: h.secureCookies(r), SameSite: http.SameSiteStrictMode})
}
