package api

import (
	"net/http"
	"time"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// notificationJSON is a queued notification without its content, which may
// hold a reset link or a code.
type notificationJSON struct {
	ID        string    `json:"id"`
	Channel   string    `json:"channel"`
	Recipient string    `json:"recipient"`
	Template  string    `json:"template"`
	Status    string    `json:"status"`
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error"`
	CreatedAt time.Time `json:"created_at"`
	// NextAttemptAt is null unless the notification is pending.
	NextAttemptAt *time.Time `json:"next_attempt_at"`
}

func toNotificationJSON(n *identity.QueuedNotification) notificationJSON {
	out := notificationJSON{ID: n.ID, Channel: n.Channel, Recipient: n.To, Template: n.Template, Status: n.Status,
		Attempts: n.Attempts, LastError: n.LastError, CreatedAt: n.CreatedAt}
	if n.Status == identity.NotificationPending {
		next := n.NextAttemptAt
		out.NextAttemptAt = &next
	}
	return out
}

func (h *handler) listNotifications(w http.ResponseWriter, r *http.Request) {
	p, err := pageParams(r)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	page, err := h.svc.Notifications.Page(r.Context(), r.URL.Query().Get("status"), p)
	writePage(w, r, h.log, page, err, toNotificationJSON)
}

func (h *handler) retryNotification(w http.ResponseWriter, r *http.Request) {
	n, err := h.svc.Notifications.Retry(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", toNotificationJSON(n))
}
