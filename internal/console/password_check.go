package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
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

// checkPassword evaluates a candidate password against the account policy
// without changing anything, for the live checklist and strength meter.
// The candidate is never logged.
func (h *handler) checkPassword(w http.ResponseWriter, r *http.Request) {
	lang := h.lang(r)
	var in form.PasswordCandidate
	if err := httpx.DecodeJSON(r, h.cfg.MaxFormBytes, false, &in); err != nil {
		httpx.WriteJSON(w, http.StatusBadRequest, "", checkResult{Error: h.cat.T(lang, "error.request.form", nil)})
		return
	}
	ev, err := h.svc.Passwords.Check(r.Context(), in.Password)
	if err != nil {
		status := httpx.Status(fault.KindOf(err))
		setRetryAfter(w.Header(), status, fault.As(err).RetryAfter)
		httpx.WriteJSON(w, status, "", checkResult{Error: h.message(r, lang, err)})
		return
	}
	out := checkResult{Strength: ev.Strength, Rules: make([]checkRule, 0, len(ev.Rules))}
	for _, rule := range ev.Rules {
		out.Rules = append(out.Rules, checkRule{ID: rule.ID, Passed: rule.Passed, Warn: rule.Warn,
			Message: h.cat.T(lang, "policy.rule."+rule.ID, rule.Args)})
	}
	httpx.WriteJSON(w, http.StatusOK, "", out)
}
