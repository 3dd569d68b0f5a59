package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

// notificationsPage lists the account's notifications by delivery state,
// the undelivered (dead) ones first, for its administrators.
type notificationsPage struct {
	page
	Status   string
	Statuses []string
	List     []*identity.QueuedNotification
}

// showNotifications lists the account's notifications of ?status= (dead
// unless another is named), newest first, with a Retry button on those
// that can be sent again.
func (h *handler) showNotifications(w http.ResponseWriter, r *http.Request) {
	h.renderNotifications(w, r, nil)
}

func (h *handler) renderNotifications(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil && sessionGone(err) {
		h.fail(w, r, err)
		return
	}
	status := r.URL.Query().Get("status")
	switch status {
	case "":
		status = identity.NotificationDead
	case "all":
		status = ""
	}
	list, lerr := h.svc.Notifications.List(r.Context(), identity.NotificationFilter{Status: status})
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	p := notificationsPage{page: h.newPage(w, r, "page.notifications.title", "policies"), Status: status, List: list,
		Statuses: []string{identity.NotificationDead, identity.NotificationPending, identity.NotificationSent, ""}}
	code := http.StatusOK
	if err != nil {
		code = h.formFailed(r, &p.page, err)
	}
	h.render(w, r, code, "notifications", p)
}

// retryNotification queues a dead notification again through the core,
// which refuses one whose code or link was erased; the list shows why.
func (h *handler) retryNotification(w http.ResponseWriter, r *http.Request) {
	n, err := h.svc.Notifications.Retry(r.Context(), r.PathValue("id"))
	if err != nil {
		h.renderNotifications(w, r, err)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.notification_retried", Args: map[string]string{"to": n.To}})
	redirect(w, r, Path+"/notifications")
}
