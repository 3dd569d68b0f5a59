package scim

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// replaceGroup is PUT /v2.0/Groups/{id} (Okta sends the whole group): the
// group becomes the body; absent externalId and members are cleared. The
// root user stays in admin whatever the body says: it is never a target
// of SCIM, and a connector pushing admin's members does not know it.
func (h *handler) replaceGroup(w http.ResponseWriter, r *http.Request) {
	res, err := h.readResource(r, groupType)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	want, err := readGroupEdit(res)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if strings.TrimSpace(want.DisplayName) == "" {
		h.fail(w, r, fault.New(fault.Invalid, "scim.value", "displayName is required").WithField("displayName"))
		return
	}
	h.updateGroup(w, r, func(ctx context.Context, g *identity.Group, cur identity.GroupEdit) (identity.GroupEdit, error) {
		out := want
		out.Members = slices.Clone(want.Members)
		if g.Builtin != identity.AdminGroup {
			return out, nil
		}
		for _, id := range cur.Members {
			if slices.Contains(out.Members, id) {
				continue
			}
			if u, err := h.svc.Users.Get(ctx, id); err == nil && u.Root {
				out.Members = append(out.Members, id)
			}
		}
		return out, nil
	})
}

// patchGroup is PATCH /v2.0/Groups/{id} (RFC 7644 §3.5.2, and the member
// additions and removals Entra ID and Okta send): the operations apply,
// all or none, to the group, which becomes the result; 200 with the
// resource. Removing the root user from admin is 400 mutability.
func (h *handler) patchGroup(w http.ResponseWriter, r *http.Request) {
	var req PatchRequest
	if err := h.decode(r, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	p, err := ParsePatch(groupType, req)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.updateGroup(w, r, func(_ context.Context, g *identity.Group, cur identity.GroupEdit) (identity.GroupEdit, error) {
		res := editResource(g, cur)
		if err := p.Apply(res); err != nil {
			return cur, err
		}
		return readGroupEdit(res)
	})
}

// updateGroup reads the group of the path, checks If-Match and has the
// core update it with edit, in a compare-and-swap on its version: with
// If-Match, a change made meanwhile is 412; without, the core reads and
// edits again. A built-in group's name sent in another case is its name
// (displayName is not caseExact); any other name is 400 mutability.
func (h *handler) updateGroup(w http.ResponseWriter, r *http.Request,
	edit func(context.Context, *identity.Group, identity.GroupEdit) (identity.GroupEdit, error)) {
	ctx, id := r.Context(), r.PathValue("id")
	g, err := h.svc.Groups.Get(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := CheckIfMatch(r, g.Version); err != nil {
		h.fail(w, r, err)
		return
	}
	var ifVersion int64
	if hdr := strings.TrimSpace(r.Header.Get("If-Match")); hdr != "" && hdr != "*" {
		ifVersion = g.Version
	}
	out, err := h.svc.Groups.Update(ctx, id, ifVersion, func(cur identity.GroupEdit) (identity.GroupEdit, error) {
		e, err := edit(ctx, g, cur)
		if err == nil && g.Builtin != "" && strings.EqualFold(strings.TrimSpace(e.DisplayName), g.DisplayName) {
			e.DisplayName = g.DisplayName
		}
		return e, err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.writeGroup(w, r, http.StatusOK, out)
}
