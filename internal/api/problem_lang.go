package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/i18n"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
)

// speaker is what writeError needs to answer in the caller's language: the
// shared message catalog, and how to find the calling user's own locale.
// The face puts it in every request's context (see speak), so that the
// many writeError calls need no other argument.
type speaker struct {
	cat *i18n.Catalog
	me  func(ctx context.Context) (*identity.User, error)
}

type speakerKey struct{}

// speak gives every request the face's speaker.
func (h *handler) speak(next http.Handler) http.Handler {
	s := &speaker{cat: h.cfg.Catalog, me: h.svc.Users.Me}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), speakerKey{}, s)))
	})
}

// problemLanguage is the language of an error answer: the best
// Accept-Language match, else the signed-in user's locale, else "" (the
// core's English text, which is precise about fields and values).
func problemLanguage(r *http.Request, s *speaker) string {
	if s == nil || s.cat == nil {
		return ""
	}
	if l := s.cat.Negotiate(r.Header.Get("Accept-Language")); l != "" {
		return l
	}
	if _, ok := identity.PrincipalFrom(r.Context()); !ok {
		return ""
	}
	if u, err := s.me(r.Context()); err == nil {
		return s.cat.Locale(u.Locale)
	}
	return ""
}

// localize rewrites p's title, detail and rule messages in the caller's
// language and returns that language ("" when p stays in the core's
// English). The code, type, field and rule IDs never change.
func localize(r *http.Request, p *problem, fe *fault.Error) string {
	s, _ := r.Context().Value(speakerKey{}).(*speaker)
	lang := problemLanguage(r, s)
	for i := range p.Rules {
		rule := fault.Rule{ID: p.Rules[i].ID, Args: p.Rules[i].Args, Message: p.Rules[i].Message}
		p.Rules[i].Message = password.Requirement(rule)
		if lang != "" && lang != i18n.Fallback && s.cat.Has(lang, "policy.requirement."+rule.ID) {
			p.Rules[i].Message = s.cat.T(lang, "policy.requirement."+rule.ID, rule.Args)
		}
	}
	if lang == "" || lang == i18n.Fallback {
		return lang
	}
	if key := "problem.title." + strconv.Itoa(p.Status); s.cat.Has(lang, key) {
		p.Title = s.cat.T(lang, key, nil)
	}
	args := map[string]any{}
	if fe.RetryAfter > 0 {
		args["seconds"] = int(fe.RetryAfter.Seconds() + 0.5)
	}
	switch key := "error." + p.Code; {
	case p.Code == "internal":
		p.Detail = s.cat.T(lang, "error.internal", nil)
	case s.cat.Has(lang, key):
		p.Detail = s.cat.T(lang, key, args)
	default:
		p.Detail = s.cat.T(lang, "error.kind."+string(fe.Kind), args)
	}
	return lang
}
