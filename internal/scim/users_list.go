package scim

import (
	"context"
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// listUsers is GET /v2.0/Users: the IAM users of the caller's account (the
// root user too, read-only), for its administrators and API clients,
// filtered (RFC 7644 §3.4.2.2), a page at a time (startIndex, count, at
// most MaxResults), projected (attributes, excludedAttributes). Users come
// in name order; a filter userName eq "…" (what connectors send before
// creating a user) reads that one user, any other filter reads the account's
// users a page at a time and keeps those that match.
func (h *handler) listUsers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pg, err := ParsePaging(q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var f *Filter
	raw := q.Get("filter")
	if strings.TrimSpace(raw) != "" {
		if f, err = ParseFilter(userType, raw); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	proj := ParseProjection(userType, q)
	// A filter naming groups needs every user's groups; otherwise only
	// the users answered need theirs.
	filterGroups := f != nil && strings.Contains(strings.ToLower(raw), "groups")
	showGroups := proj.Wants(userType, "", "groups")
	var name *string
	if f != nil {
		if v, ok := f.Equality("userName"); ok {
			name = &v
		}
	}
	win := &Window{Paging: pg}
	err = h.eachUser(r.Context(), name, func(u *identity.User) error {
		var groups []identity.GroupRef
		var err error
		if filterGroups {
			if groups, err = h.userGroups(r.Context(), u); err != nil {
				return err
			}
		}
		if f != nil && !f.Match(toUserResource(u, groups)) {
			return nil
		}
		if !win.Wants() {
			win.Offer(nil)
			return nil
		}
		if showGroups && !filterGroups {
			if groups, err = h.userGroups(r.Context(), u); err != nil {
				return err
			}
		}
		win.Offer(proj.Apply(userType, toUserResource(u, groups)))
		return nil
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, mediaType, win.Response())
}

// eachUser calls fn with every user of the caller's account (only the one
// called name, when given), in name order, reading them a page at a time.
// Errors: those of UserService.Page (Forbidden for a caller who is no
// administrator), and fn's.
func (h *handler) eachUser(ctx context.Context, name *string, fn func(*identity.User) error) error {
	p := identity.Page{Limit: identity.MaxPageSize}
	for {
		page, err := h.svc.Users.Page(ctx, name, p)
		if err != nil {
			return err
		}
		for _, u := range page.Items {
			if err := fn(u); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		p.Cursor = page.Next
	}
}
