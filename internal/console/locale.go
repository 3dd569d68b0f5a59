package console

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

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
	if u := currentUser(r); u != nil && u.Locale != "" {
		base, _, _ := strings.Cut(strings.ToLower(u.Locale), "-")
		if l := exactLocale(base, supported); l != "" {
			return l
		}
	}
	return preferredLanguage(r.Header.Get("Accept-Language"), supported)
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

// preferredLanguage picks from supported the language an Accept-Language
// header ranks highest (by q, then by order), matching "fr-CA" to "fr";
// without a match it is i18n.Fallback.
func preferredLanguage(header string, supported []string) string {
	type choice struct {
		lang string
		q    float64
		pos  int
	}
	var cs []choice
	for i, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if l := exactLocale(base, supported); l != "" && q > 0 {
			cs = append(cs, choice{l, q, i})
		}
	}
	sort.SliceStable(cs, func(a, b int) bool { return cs[a].q > cs[b].q })
	if len(cs) > 0 {
		return cs[0].lang
	}
	return i18n.Fallback
}
