package console

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
)

// flashCookie carries one message across the redirect that follows a
// successful post (post, redirect, get).
const flashCookie = "ww_flash"

// flash is a message for the next page: an i18n key under "page.flash." and its
// arguments. Only keys are stored, never sentences, so a forged cookie can
// at most pick another of our own messages.
type flash struct {
	Kind string            `json:"k"` // success | warning | error
	Key  string            `json:"m"`
	Args map[string]string `json:"a,omitempty"`
}

// setFlash stores messages for the next page the browser shows.
func (h *handler) setFlash(w http.ResponseWriter, r *http.Request, fs ...flash) {
	b, _ := json.Marshal(fs)
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: Path,
		HttpOnly: true, Secure: h.secureCookies(r), SameSite: http.SameSiteLaxMode, MaxAge: 300})
}

// takeFlash returns the pending messages, translated, and clears them.
func (h *handler) takeFlash(w http.ResponseWriter, r *http.Request, lang string) []shownFlash {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: Path, MaxAge: -1,
		HttpOnly: true, Secure: h.secureCookies(r), SameSite: http.SameSiteLaxMode})
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return nil
	}
	var fs []flash
	if json.Unmarshal(b, &fs) != nil {
		return nil
	}
	var out []shownFlash
	for _, f := range fs {
		switch f.Kind {
		case "success", "warning", "error":
		default:
			continue
		}
		if !strings.HasPrefix(f.Key, "page.flash.") {
			continue
		}
		args := make(map[string]any, len(f.Args))
		for k, v := range f.Args {
			args[k] = v
		}
		out = append(out, shownFlash{Kind: f.Kind, Text: h.cat.T(lang, f.Key, args)})
	}
	return out
}

// shownFlash is a flash message ready for the page.
type shownFlash struct {
	Kind string
	Text string
}
