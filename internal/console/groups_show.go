package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

// groupsPage lists the account's user groups with their members, for its
// administrator, a page at a time, with the form that creates one.
type groupsPage struct {
	page
	Groups []groupRow
	// Next is the URL of the next page; empty on the last.
	Next string
	// Name is the create form's name, kept when it failed.
	Name string
}

// showGroups lists the account's groups by name, one keyset page per request.
func (h *handler) showGroups(w http.ResponseWriter, r *http.Request) {
	p, err := h.groupsPage(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "groups", p)
}

func (h *handler) groupsPage(w http.ResponseWriter, r *http.Request) (groupsPage, error) {
	list, err := h.svc.Groups.Page(r.Context(), "", identity.Page{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		return groupsPage{}, err
	}
	p := groupsPage{page: h.newPage(w, r, "page.groups.title", "groups"), Next: nextPage(r, list.Next)}
	for _, g := range list.Items {
		row := groupRow{Group: g, Members: g.Members}
		if len(row.Members) > listedMembers {
			row.Members, row.More = row.Members[:listedMembers], len(g.Members)-listedMembers
		}
		p.Groups = append(p.Groups, row)
	}
	return p, nil
}

// listedMembers is how many members a row of the list names; the group's
// page lists them all.
const listedMembers = 10

// groupRow is a group in the list: its first members, and how many more.
type groupRow struct {
	*identity.Group
	Members []identity.GroupMember
	More    int
}

// createGroup adds a group with no members and shows its page.
func (h *handler) createGroup(w http.ResponseWriter, r *http.Request) {
	name := r.PostFormValue("displayName")
	g, err := h.svc.Groups.Create(r.Context(), identity.GroupEdit{DisplayName: name})
	if err != nil {
		if sessionGone(err) {
			h.fail(w, r, err)
			return
		}
		p, lerr := h.groupsPage(w, r)
		if lerr != nil {
			h.fail(w, r, lerr)
			return
		}
		p.Name = name
		h.render(w, r, h.formFailed(r, &p.page, err), "groups", p)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.group_created", Args: map[string]string{"name": g.DisplayName}})
	redirect(w, r, Path+"/groups/"+g.ID)
}
