package scim

import (
	"context"
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// listGroups is GET /v2.0/Groups: the user groups of the caller's account
// (the built-in admin group among them), for its administrators and API
// clients, in displayName order, filtered (displayName eq "…" reads that
// one group; any other filter, members[value eq "…"] included, reads the
// account's groups a page at a time and keeps those that match), a page at
// a time (startIndex, count), projected (Entra ID asks
// excludedAttributes=members).
func (h *handler) listGroups(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pg, err := ParsePaging(q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var f *Filter
	if raw := q.Get("filter"); strings.TrimSpace(raw) != "" {
		if f, err = ParseFilter(groupType, raw); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	name := ""
	if f != nil {
		if v, ok := f.Equality("displayName"); ok {
			if name = strings.TrimSpace(v); name == "" {
				// No group has an empty name; the core would read "" as
				// no name given.
				httpx.WriteJSON(w, http.StatusOK, mediaType, (&Window{Paging: pg}).Response())
				return
			}
		}
	}
	proj := ParseProjection(groupType, q)
	win := &Window{Paging: pg}
	err = h.eachGroup(r.Context(), name, func(g *identity.Group) {
		res := toGroupResource(g)
		if f != nil && !f.Match(res) {
			return
		}
		if !win.Wants() {
			win.Offer(nil)
			return
		}
		win.Offer(proj.Apply(groupType, res))
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, mediaType, win.Response())
}

// eachGroup calls fn with every group of the caller's account (only the
// one called name, in any case, when given), in name order, reading them a
// page at a time.
// Errors: those of GroupService.Page (Forbidden for a caller who is no
// administrator).
func (h *handler) eachGroup(ctx context.Context, name string, fn func(*identity.Group)) error {
	p := identity.Page{Limit: identity.MaxPageSize}
	for {
		page, err := h.svc.Groups.Page(ctx, name, p)
		if err != nil {
			return err
		}
		for _, g := range page.Items {
			fn(g)
		}
		if page.Next == "" {
			return nil
		}
		p.Cursor = page.Next
	}
}
