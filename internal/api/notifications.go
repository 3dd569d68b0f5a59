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
	q := r.URL.Query()
	limit, err := intParam(q.Get("limit"), identity.DefaultNotificationLimit)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	list, err := h.svc.Notifications.List(r.Context(), identity.NotificationFilter{Status: q.Get("status"), Limit: limit})
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	out := listJSON[notificationJSON]{Items: []notificationJSON{}, Total: len(list)}
	for _, n := range list {
		out.Items = append(out.Items, toNotificationJSON(n))
	}
	httpx.WriteJSON(w, http.StatusOK, "", out)
}

func (h *handler) retryNotification(w http.ResponseWriter, r *http.Request) {
	n, err := h.svc.Notifications.Retry(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", toNotificationJSON(n))
}
