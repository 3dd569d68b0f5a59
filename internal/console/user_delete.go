package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// showUserDelete asks before deleting an IAM user, naming what goes with
// them: their access keys, their MFA device, their sessions.
func (h *handler) showUserDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, err := h.svc.Users.Get(ctx, r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if u.Root {
		h.fail(w, r, fault.New(fault.Invalid, "user.root_protected", "the root user cannot be deleted"))
		return
	}
	keys, err := h.svc.AccessKeys.List(ctx, identity.AccessKeyFilter{UserName: u.Name})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	_, devErr := h.svc.MFA.Device(ctx, u.ID)
	if devErr != nil && !fault.Is(devErr, fault.NotFound) {
		h.fail(w, r, devErr)
		return
	}
	at := Path + "/users/" + u.ID
	p := confirmPage{page: h.newPage(w, r, "page.confirm.user_delete.title", "users"), Heading: "page.confirm.user_delete.title",
		Action: at + "/delete", Cancel: at, Button: "form.user.delete"}
	p.Lead = h.tr(p.page, "page.confirm.user_delete.lead", "name", u.Name)
	p.Items = append(p.Items, h.tr(p.page, "page.confirm.user_delete.keys", "count", len(keys)))
	if devErr == nil {
		p.Items = append(p.Items, h.tr(p.page, "page.confirm.user_delete.mfa"))
	}
	p.Items = append(p.Items, h.tr(p.page, "page.confirm.user_delete.sessions"))
	h.render(w, r, http.StatusOK, "confirm", p)
}

// deleteUser removes an IAM user and everything they own, once confirmed.
func (h *handler) deleteUser(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !confirmed(w, r, Path+"/users/"+id+"/delete") {
		return
	}
	if err := h.svc.Users.Delete(r.Context(), id); err != nil {
		h.userFailed(w, r, err, nil)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.user_deleted"})
	redirect(w, r, Path+"/users")
}
