package scim

import (
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

// createGroup is POST /v2.0/Groups: a new group of the caller's account,
// 201 with its resource, Location and ETag. Members are users of the
// account (any other ID is 400 invalidValue, whether it names nothing or
// another account's user); a taken displayName (admin included, in any
// case) is 409 uniqueness.
func (h *handler) createGroup(w http.ResponseWriter, r *http.Request) {
	res, err := h.readResource(r, groupType)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in, err := readGroupEdit(res)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if strings.TrimSpace(in.DisplayName) == "" {
		h.fail(w, r, fault.New(fault.Invalid, "scim.value", "displayName is required").WithField("displayName"))
		return
	}
	g, err := h.svc.Groups.Create(r.Context(), in)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.writeGroup(w, r, http.StatusCreated, g)
}
