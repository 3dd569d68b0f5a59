package console

import (
	"context"
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/password"
)

// checkResult is the live check's answer: every rule, translated, and the
// strength score for the meter.
type checkResult struct {
	Strength int         `json:"strength"`
	Rules    []checkRule `json:"rules"`
	Error    string      `json:"error,omitempty"`
}

type checkRule struct {
	ID      string `json:"id"`
	Passed  bool   `json:"passed"`
	Warn    bool   `json:"warn"`
	Message string `json:"message"`
}

// checkPassword evaluates a candidate for the caller's own new password,
// without changing anything, for the live checklist and strength meter of
// the change-password page. The candidate is never logged.
func (h *handler) checkPassword(w http.ResponseWriter, r *http.Request) {
	h.answerCheck(w, r, false, func(ctx context.Context, in form.PasswordCandidate) (password.Evaluation, error) {
		return h.svc.Passwords.Check(ctx, in.Password)
	})
}

// checkUserPassword evaluates a candidate for the user an administrator is
// setting a password for: the rules compare it with that user's name,
// email and mobile, and are worded for them.
func (h *handler) checkUserPassword(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	h.answerCheck(w, r, true, func(ctx context.Context, in form.PasswordCandidate) (password.Evaluation, error) {
		return h.svc.Passwords.CheckFor(ctx, id, in.Password)
	})
}

// checkResetPassword evaluates a candidate for the user a reset link's
// token (or a code's ticket) belongs to, without spending it.
func (h *handler) checkResetPassword(w http.ResponseWriter, r *http.Request) {
	h.answerCheck(w, r, false, func(ctx context.Context, in form.PasswordCandidate) (password.Evaluation, error) {
		return h.svc.Recovery.CheckReset(ctx, in.Token, in.Password)
	})
}

// answerCheck decodes a live check, runs it and answers the translated rules.
func (h *handler) answerCheck(w http.ResponseWriter, r *http.Request, ofUser bool,
	check func(context.Context, form.PasswordCandidate) (password.Evaluation, error)) {
	lang := h.lang(r)
	var in form.PasswordCandidate
	if err := httpx.DecodeJSON(r, h.cfg.MaxFormBytes, false, &in); err != nil {
		httpx.WriteJSON(w, http.StatusBadRequest, "", checkResult{Error: h.cat.T(lang, "error.request.form", nil)})
		return
	}
	ev, err := check(r.Context(), in)
	if err != nil {
		status := httpx.Status(fault.KindOf(err))
		setRetryAfter(w.Header(), status, fault.As(err).RetryAfter)
		httpx.WriteJSON(w, status, "", checkResult{Error: h.message(r, lang, err)})
		return
	}
	out := checkResult{Strength: ev.Strength, Rules: make([]checkRule, 0, len(ev.Rules))}
	for _, rule := range ev.Rules {
		out.Rules = append(out.Rules, checkRule{ID: rule.ID, Passed: rule.Passed, Warn: rule.Warn,
			Message: h.ruleLabel(lang, rule, ofUser)})
	}
	httpx.WriteJSON(w, http.StatusOK, "", out)
}
