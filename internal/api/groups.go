package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// groupJSON is a user group of the account; version is also its ETag.
type groupJSON struct {
	ID          string            `json:"id"`
	DisplayName string            `json:"display_name"`
	ExternalID  string            `json:"external_id"`
	Builtin     string            `json:"builtin,omitempty"`
	Version     int64             `json:"version"`
	Members     []groupMemberJSON `json:"members"`
	CreatedAt   time.Time         `json:"created_at"`
	UpdatedAt   time.Time         `json:"updated_at"`
}

type groupMemberJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func toGroupJSON(g *identity.Group) groupJSON {
	out := groupJSON{ID: g.ID, DisplayName: g.DisplayName, ExternalID: g.ExternalID, Builtin: g.Builtin, Version: g.Version,
		Members: []groupMemberJSON{}, CreatedAt: g.CreatedAt, UpdatedAt: g.UpdatedAt}
	for _, m := range g.Members {
		out.Members = append(out.Members, groupMemberJSON{ID: m.UserID, Name: m.Name})
	}
	return out
}

// groupETag is a group's entity tag: its version.
func groupETag(version int64) string { return `W/"` + strconv.FormatInt(version, 10) + `"` }

// ifMatch reads If-Match as the group version a change must find: 0 when
// absent or "*" (any version), the version a tag names (weak or strong);
// a header naming no version of ours is -1, which no group has, so the
// change is refused 412 as RFC 9110 §13.1.1 says.
func ifMatch(r *http.Request) int64 {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" || h == "*" {
		return 0
	}
	for _, t := range strings.Split(h, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if len(t) < 2 || t[0] != '"' || t[len(t)-1] != '"' {
			continue
		}
		if n, err := strconv.ParseInt(t[1:len(t)-1], 10, 64); err == nil && n > 0 {
			return n
		}
	}
	return -1
}

// writeGroup answers a group with its ETag (and Location on creation).
func writeGroup(w http.ResponseWriter, status int, g *identity.Group) {
	w.Header().Set("ETag", groupETag(g.Version))
	if status == http.StatusCreated {
		w.Header().Set("Location", "/v1/groups/"+g.ID)
	}
	httpx.WriteJSON(w, status, "", toGroupJSON(g))
}

// listGroups is GET /v1/groups: the account's groups by display name, a
// page at a time; ?display_name= keeps the one of that name (any case).
func (h *handler) listGroups(w http.ResponseWriter, r *http.Request) {
	p, err := pageParams(r)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	page, err := h.svc.Groups.Page(r.Context(), strings.TrimSpace(r.URL.Query().Get("display_name")), p)
	writePage(w, r, h.log, page, err, func(g *identity.Group) groupJSON { return toGroupJSON(g) })
}

func (h *handler) showGroup(w http.ResponseWriter, r *http.Request) {
	g, err := h.svc.Groups.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	writeGroup(w, http.StatusOK, g)
}

type createGroupRequest struct {
	DisplayName string   `json:"display_name"`
	ExternalID  string   `json:"external_id"`
	Members     []string `json:"members"`
}

func (h *handler) createGroup(w http.ResponseWriter, r *http.Request) {
	var in createGroupRequest
	if !h.read(w, r, &in) {
		return
	}
	g, err := h.svc.Groups.Create(r.Context(), identity.GroupEdit{DisplayName: in.DisplayName, ExternalID: in.ExternalID, Members: in.Members})
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	writeGroup(w, http.StatusCreated, g)
}

// updateGroupRequest changes a group; absent members stay as they are,
// members sent are the whole list.
type updateGroupRequest struct {
	DisplayName *string   `json:"display_name"`
	ExternalID  *string   `json:"external_id"`
	Members     *[]string `json:"members"`
}

func (h *handler) updateGroup(w http.ResponseWriter, r *http.Request) {
	var in updateGroupRequest
	if !h.read(w, r, &in) {
		return
	}
	h.editGroup(w, r, func(e identity.GroupEdit) identity.GroupEdit {
		if in.DisplayName != nil {
			e.DisplayName = *in.DisplayName
		}
		if in.ExternalID != nil {
			e.ExternalID = *in.ExternalID
		}
		if in.Members != nil {
			e.Members = slices.Clone(*in.Members)
		}
		return e
	})
}

// addGroupMember is PUT /v1/groups/{id}/members/{user_id}: the user joins
// (already in: unchanged).
func (h *handler) addGroupMember(w http.ResponseWriter, r *http.Request) {
	uid := r.PathValue("user_id")
	h.editGroup(w, r, func(e identity.GroupEdit) identity.GroupEdit {
		if !slices.Contains(e.Members, uid) {
			e.Members = append(e.Members, uid)
		}
		return e
	})
}

// removeGroupMember is DELETE /v1/groups/{id}/members/{user_id}: the user
// leaves (not in: unchanged).
func (h *handler) removeGroupMember(w http.ResponseWriter, r *http.Request) {
	uid := r.PathValue("user_id")
	h.editGroup(w, r, func(e identity.GroupEdit) identity.GroupEdit {
		e.Members = slices.DeleteFunc(e.Members, func(m string) bool { return m == uid })
		return e
	})
}

// editGroup has the core apply edit to the group of the path, in a
// compare-and-swap on the version If-Match names (412 when it is not the
// group's), or on the version read when there is none.
func (h *handler) editGroup(w http.ResponseWriter, r *http.Request, edit func(identity.GroupEdit) identity.GroupEdit) {
	g, err := h.svc.Groups.Update(r.Context(), r.PathValue("id"), ifMatch(r), func(e identity.GroupEdit) (identity.GroupEdit, error) {
		return edit(e), nil
	})
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	writeGroup(w, http.StatusOK, g)
}

func (h *handler) deleteGroup(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Groups.Delete(r.Context(), r.PathValue("id"), ifMatch(r)); err != nil {
		writeError(w, r, h.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
