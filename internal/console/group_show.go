package console

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// groupPage is one group of the account, for its administrator: its name,
// its members, the forms that add and remove them, rename and delete it.
// Every form carries the version shown, so a change made meanwhile is
// refused (group.version_mismatch) rather than undone.
type groupPage struct {
	page
	Group *identity.Group
	// Name is the rename form's value; Member the add form's.
	Name, Member string
}

func (h *handler) showGroup(w http.ResponseWriter, r *http.Request) {
	p, err := h.groupPage(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "group", p)
}

func (h *handler) groupPage(w http.ResponseWriter, r *http.Request) (groupPage, error) {
	g, err := h.svc.Groups.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return groupPage{}, err
	}
	return groupPage{page: h.newPage(w, r, "page.group.title", "groups"), Group: g, Name: g.DisplayName}, nil
}

// groupFailed shows the group's page again with err on it.
func (h *handler) groupFailed(w http.ResponseWriter, r *http.Request, err error, edit func(*groupPage)) {
	if sessionGone(err) {
		h.fail(w, r, err)
		return
	}
	p, lerr := h.groupPage(w, r)
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	if edit != nil {
		edit(&p)
	}
	h.render(w, r, h.formFailed(r, &p.page, err), "group", p)
}

// formVersion is the group version a form was shown at.
func formVersion(r *http.Request) int64 {
	v, err := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if err != nil || v <= 0 {
		return -1 // no group has it: the change is refused as stale
	}
	return v
}

// editGroup applies edit to the group of the path at the version its form
// was shown at, then shows the group with flash.
func (h *handler) editGroup(w http.ResponseWriter, r *http.Request, fl flash, edit func(identity.GroupEdit) (identity.GroupEdit, error),
	onFail func(*groupPage)) {
	id := r.PathValue("id")
	if _, err := h.svc.Groups.Update(r.Context(), id, formVersion(r), edit); err != nil {
		h.groupFailed(w, r, err, onFail)
		return
	}
	h.setFlash(w, r, fl)
	redirect(w, r, Path+"/groups/"+id)
}

// renameGroup changes a group's name (never admin's).
func (h *handler) renameGroup(w http.ResponseWriter, r *http.Request) {
	name := r.PostFormValue("displayName")
	h.editGroup(w, r, flash{Kind: "success", Key: "page.flash.group_updated"}, func(e identity.GroupEdit) (identity.GroupEdit, error) {
		e.DisplayName = name
		return e, nil
	}, func(p *groupPage) { p.Name = name })
}

// addGroupMember adds the user the form names to the group.
func (h *handler) addGroupMember(w http.ResponseWriter, r *http.Request) {
	name := r.PostFormValue("members")
	u, err := h.userNamed(r, name)
	if err != nil {
		h.groupFailed(w, r, err, func(p *groupPage) { p.Member = name })
		return
	}
	h.editGroup(w, r, flash{Kind: "success", Key: "page.flash.group_member_added", Args: map[string]string{"name": u.Name}},
		func(e identity.GroupEdit) (identity.GroupEdit, error) {
			if !slices.Contains(e.Members, u.ID) {
				e.Members = append(e.Members, u.ID)
			}
			return e, nil
		}, func(p *groupPage) { p.Member = name })
}

// removeGroupMember removes the user the form names by ID from the group.
func (h *handler) removeGroupMember(w http.ResponseWriter, r *http.Request) {
	uid := r.PostFormValue("user_id")
	h.editGroup(w, r, flash{Kind: "success", Key: "page.flash.group_member_removed"}, func(e identity.GroupEdit) (identity.GroupEdit, error) {
		e.Members = slices.DeleteFunc(e.Members, func(m string) bool { return m == uid })
		return e, nil
	}, nil)
}

// userNamed returns the user of the account called name, exactly; any
// other name is group.member_unknown, as an unknown ID is.
func (h *handler) userNamed(r *http.Request, name string) (*identity.User, error) {
	if name != "" {
		page, err := h.svc.Users.Page(r.Context(), &name, identity.Page{})
		if err != nil {
			return nil, err
		}
		for _, u := range page.Items {
			if u.Name == name {
				return u, nil
			}
		}
	}
	return nil, fault.New(fault.Invalid, "group.member_unknown", "a member is not a user of this account").WithField("members")
}

// showGroupDelete asks before deleting a group; its users stay.
func (h *handler) showGroupDelete(w http.ResponseWriter, r *http.Request) {
	g, err := h.svc.Groups.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if g.Builtin != "" {
		h.fail(w, r, fault.New(fault.Invalid, "group.builtin", "a built-in group cannot be deleted"))
		return
	}
	at := Path + "/groups/" + g.ID
	p := confirmPage{page: h.newPage(w, r, "page.confirm.group_delete.title", "groups"), Heading: "page.confirm.group_delete.title",
		Action: at + "/delete", Cancel: at, Button: "form.group.delete", Version: g.Version}
	p.Lead = h.tr(p.page, "page.confirm.group_delete.lead", "name", g.DisplayName, "count", len(g.Members))
	h.render(w, r, http.StatusOK, "confirm", p)
}

// deleteGroup removes a group, once confirmed, at the version shown.
func (h *handler) deleteGroup(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !confirmed(w, r, Path+"/groups/"+id+"/delete") {
		return
	}
	if err := h.svc.Groups.Delete(r.Context(), id, formVersion(r)); err != nil {
		h.groupFailed(w, r, err, nil)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.group_deleted"})
	redirect(w, r, Path+"/groups")
}
