package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

// auditPage shows the account's audit trail to its administrators, a page
// at a time, with the filters the form set.
type auditPage struct {
	page
	Events []identity.AuditEvent
	Filter identity.AuditFilter
	// Next is the URL of the next page, filters kept; empty on the last.
	Next string
}

// showAudit lists the account's audit events, newest first, filtered by
// ?user=, ?action= (an action or a family such as "auth.") and ?outcome=.
func (h *handler) showAudit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := identity.AuditFilter{UserID: q.Get("user"), Action: q.Get("action"), Outcome: q.Get("outcome")}
	list, err := h.svc.Audit.Page(r.Context(), f, identity.Page{Cursor: q.Get("cursor")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := auditPage{page: h.newPage(w, r, "page.audit.title", "audit"), Events: list.Items, Filter: f, Next: nextPage(r, list.Next)}
	h.render(w, r, http.StatusOK, "audit", p)
}
