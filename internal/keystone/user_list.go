package keystone

import (
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/identity"
)

// listLimit caps GET /v3/users, as Keystone's [DEFAULT] list_limit does: a
// longer list answers its first users by name and "truncated": true.
const listLimit = identity.MaxPageSize

type userListBody struct {
	Users     []userJSON `json:"users"`
	Links     listLinks  `json:"links"`
	Truncated bool       `json:"truncated,omitempty"`
}

// listLinks are a Keystone collection's links; there is no paging.
type listLinks struct {
	Self     string  `json:"self"`
	Previous *string `json:"previous"`
	Next     *string `json:"next"`
}

func (h *handler) links(r *http.Request) listLinks {
	self := h.baseURL(r) + r.URL.Path
	if r.URL.RawQuery != "" {
		self += "?" + r.URL.RawQuery
	}
	return listLinks{Self: self}
}

// listUsers is GET /v3/users with Keystone's name, domain_id and enabled
// filters: an administrator's account's users, anyone else only itself.
func (h *handler) listUsers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var in identity.UserQuery
	if q.Has("name") {
		name := q.Get("name")
		in.Name = &name
	}
	in.AccountID = q.Get("domain_id")
	if q.Has("enabled") {
		enabled := queryBool(q.Get("enabled"))
		in.Enabled = &enabled
	}
	users, truncated, err := h.svc.Users.Search(r.Context(), in, listLimit)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	base := h.baseURL(r)
	out := userListBody{Users: make([]userJSON, 0, len(users)), Links: h.links(r), Truncated: truncated}
	for _, d := range users {
		out.Users = append(out.Users, toUserJSON(d, base))
	}
	reply(w, http.StatusOK, out)
}

// queryBool reads a boolean filter as Keystone does (oslo's
// bool_from_string with default True): only the false spellings are false,
// so "enabled" with no value, or an unknown one, means true.
func queryBool(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "0", "f", "false", "off", "n", "no":
		return false
	}
	return true
}
