package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// showAccessKeyDelete asks before deleting one of the user's keys: the
// scripts that sign with it stop working at once.
func (h *handler) showAccessKeyDelete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	keys, err := h.svc.AccessKeys.List(r.Context(), identity.AccessKeyFilter{IDs: []string{id}})
	if err == nil && len(keys) == 0 {
		err = fault.New(fault.NotFound, "access_key.not_found", "no such access key")
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	k := keys[0]
	p := confirmPage{page: h.newPage(w, r, "page.confirm.key_delete.title", "profile"), Heading: "page.confirm.key_delete.title",
		Action: Path + "/access-keys/" + k.ID + "/delete", Cancel: Path + "/profile", Button: "form.access_key.delete"}
	p.Lead = h.tr(p.page, "page.confirm.key_delete.lead", "id", k.ID)
	if k.Tag != "" {
		p.Items = append(p.Items, h.tr(p.page, "page.confirm.key_delete.tag", "tag", k.Tag))
	}
	p.Items = append(p.Items, h.tr(p.page, "page.confirm.key_delete.created", "time", formatTime(k.CreatedAt)),
		h.tr(p.page, "page.confirm.key_delete.signing"))
	h.render(w, r, http.StatusOK, "confirm", p)
}

// deleteAccessKey deletes one of the user's keys, once confirmed.
func (h *handler) deleteAccessKey(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !confirmed(w, r, Path+"/access-keys/"+id+"/delete") {
		return
	}
	if err := h.svc.AccessKeys.Delete(r.Context(), "", id); err != nil {
		h.profileFailed(w, r, err, nil)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.access_key_deleted", Args: map[string]string{"id": id}})
	redirect(w, r, Path+"/profile")
}
