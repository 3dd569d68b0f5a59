package console

import (
	"net/http"
)

// showUserMFADelete asks before an administrator removes a user's
// authenticator (a lost phone): the user then signs in without it, or
// with the login verification their administrator sets.
func (h *handler) showUserMFADelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, err := h.svc.Users.Get(ctx, r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	dev, err := h.svc.MFA.Device(ctx, u.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	at := Path + "/users/" + u.ID
	p := confirmPage{page: h.newPage(w, r, "page.confirm.user_mfa.title", "users"), Heading: "page.confirm.user_mfa.title",
		Action: at + "/mfa/delete", Cancel: at, Button: "form.user.reset_mfa"}
	p.Lead = h.tr(p.page, "page.confirm.user_mfa.lead", "name", u.Name)
	p.Items = append(p.Items, h.tr(p.page, "page.confirm.user_mfa.device", "serial", dev.SerialNumber))
	if u.LoginVerification == "totp" {
		p.Items = append(p.Items, h.tr(p.page, "page.confirm.user_mfa.verification_off"))
	}
	p.Items = append(p.Items, h.tr(p.page, "page.confirm.user_mfa.notified"))
	h.render(w, r, http.StatusOK, "confirm", p)
}

// deleteUserMFA removes a user's authenticator through the core, which
// notifies the user and audits it, once confirmed.
func (h *handler) deleteUserMFA(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !confirmed(w, r, Path+"/users/"+id+"/mfa/delete") {
		return
	}
	if err := h.svc.MFA.UnbindDevice(r.Context(), id, "", ""); err != nil {
		h.userFailed(w, r, err, nil)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.user_mfa_reset"})
	redirect(w, r, Path+"/users/"+id)
}
