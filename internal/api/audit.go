package api

import (
	"net/http"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// auditEventJSON is one entry of an account's audit trail.
type auditEventJSON struct {
	ID        string            `json:"id"`
	Action    string            `json:"action"`
	Outcome   string            `json:"outcome"`
	UserID    string            `json:"user_id"`
	ActorID   string            `json:"actor_id"`
	IP        string            `json:"ip"`
	Detail    map[string]string `json:"detail"`
	CreatedAt time.Time         `json:"created_at"`
}

func toAuditEventJSON(ev identity.AuditEvent) auditEventJSON {
	detail := ev.Detail
	if detail == nil {
		detail = map[string]string{}
	}
	return auditEventJSON{ID: ev.ID, Action: ev.Action, Outcome: ev.Outcome, UserID: ev.UserID,
		ActorID: ev.ActorID, IP: ev.IP, Detail: detail, CreatedAt: ev.CreatedAt.UTC()}
}

// listAudit answers GET /v1/account/audit: the administrator's account's
// events, newest first, filtered by ?user_id=, ?action= (an action, or a
// family such as "password."), ?outcome= and the ?since= / ?before= instants
// (RFC 3339).
func (h *handler) listAudit(w http.ResponseWriter, r *http.Request) {
	p, err := pageParams(r)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	q := r.URL.Query()
	f := identity.AuditFilter{UserID: q.Get("user_id"), Action: q.Get("action"), Outcome: q.Get("outcome")}
	for _, t := range []struct {
		name string
		to   *time.Time
	}{{"since", &f.Since}, {"before", &f.Before}} {
		v := q.Get(t.name)
		if v == "" {
			continue
		}
		at, perr := time.Parse(time.RFC3339Nano, v)
		if perr != nil {
			writeError(w, r, h.log, fault.New(fault.Invalid, "validation.time",
				t.name+" must be an RFC 3339 instant such as 2026-12-05T08:00:00Z").WithField(t.name))
			return
		}
		*t.to = at
	}
	page, err := h.svc.Audit.Page(r.Context(), f, p)
	writePage(w, r, h.log, page, err, toAuditEventJSON)
}
