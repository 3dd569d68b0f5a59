package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/i18n"
)

// langCookie remembers the language picked with the FR/EN switch.
const langCookie = "ww_lang"

// lang is the page language: the one picked with the switch, else the
// signed-in user's, else the browser's Accept-Language, else English.
func (h *handler) lang(r *http.Request) string {
	supported := h.cat.Locales()
	if c, err := r.Cookie(langCookie); err == nil {
		if l := exactLocale(c.Value, supported); l != "" {
			return l
		}
	}
	if u := currentUser(r); u != nil {
		if l := h.cat.Locale(u.Locale); l != "" {
			return l
		}
	}
	if l := h.cat.Negotiate(r.Header.Get("Accept-Language")); l != "" {
		return l
	}
	return i18n.Fallback
}

// exactLocale returns tag when it is one of supported, else "".
func exactLocale(tag string, supported []string) string {
	for _, s := range supported {
		if s == tag {
			return s
		}
	}
	return ""
}
