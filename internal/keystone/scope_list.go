package keystone

import (
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// The domains and projects a caller can see, or scope a token to, are its
// account's: one domain, one project.

type domainListBody struct {
	Domains []domainJSON `json:"domains"`
	Links   listLinks    `json:"links"`
}

type projectListBody struct {
	Projects []projectJSON `json:"projects"`
	Links    listLinks     `json:"links"`
}

// listDomains is GET /v3/domains, with Keystone's name and enabled filters.
func (h *handler) listDomains(w http.ResponseWriter, r *http.Request) {
	h.writeDomains(w, r, true)
}

// listAuthDomains is GET /v3/auth/domains: the domains the token's user
// may scope to.
func (h *handler) listAuthDomains(w http.ResponseWriter, r *http.Request) {
	h.writeDomains(w, r, false)
}

func (h *handler) writeDomains(w http.ResponseWriter, r *http.Request, filtered bool) {
	a, err := h.svc.Accounts.Get(r.Context())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := domainListBody{Domains: []domainJSON{}, Links: h.links(r)}
	if !filtered || matchesFilters(r, a, false) {
		out.Domains = append(out.Domains, toDomainJSON(a, h.baseURL(r)))
	}
	reply(w, http.StatusOK, out)
}

// listProjects is GET /v3/projects, with Keystone's name, domain_id and
// enabled filters.
func (h *handler) listProjects(w http.ResponseWriter, r *http.Request) {
	h.writeProjects(w, r, true)
}

// listAuthProjects is GET /v3/auth/projects: the projects the token's
// user may scope to.
func (h *handler) listAuthProjects(w http.ResponseWriter, r *http.Request) {
	h.writeProjects(w, r, false)
}

// listUserProjects is GET /v3/users/{user_id}/projects: a user the caller
// may see (itself, or any user of an administrator's account) is in its
// account's project.
func (h *handler) listUserProjects(w http.ResponseWriter, r *http.Request) {
	if _, err := h.svc.Users.Show(r.Context(), r.PathValue("user_id")); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.writeProjects(w, r, true)
}

func (h *handler) writeProjects(w http.ResponseWriter, r *http.Request, filtered bool) {
	a, err := h.svc.Accounts.Get(r.Context())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := projectListBody{Projects: []projectJSON{}, Links: h.links(r)}
	if !filtered || matchesFilters(r, a, true) {
		out.Projects = append(out.Projects, toProjectJSON(a, h.baseURL(r)))
	}
	reply(w, http.StatusOK, out)
}

// matchesFilters applies Keystone's list filters to the account as a domain
// or (project) as its project: name, enabled, and for projects domain_id
// (and parent_id).
func matchesFilters(r *http.Request, a *identity.Account, project bool) bool {
	q := r.URL.Query()
	if q.Has("name") && q.Get("name") != a.Name {
		return false
	}
	if q.Has("enabled") && !queryBool(q.Get("enabled")) {
		return false
	}
	if project {
		for _, f := range []string{"domain_id", "parent_id"} {
			if q.Has(f) && q.Get(f) != a.ID {
				return false
			}
		}
		if q.Has("is_domain") && queryBool(q.Get("is_domain")) {
			return false
		}
	}
	return true
}

type catalogBody struct {
	Catalog []catalogEntry `json:"catalog"`
	Links   selfLink       `json:"links"`
}

// showCatalog is GET /v3/auth/catalog: the catalog of the caller's token,
// which only a scoped token has (Keystone: 403 otherwise).
func (h *handler) showCatalog(w http.ResponseWriter, r *http.Request) {
	info, err := h.svc.Auth.InspectToken(r.Context(), r.Header.Get("X-Auth-Token"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if info.Scope == identity.ScopeNone {
		h.writeError(w, r, fault.New(fault.Forbidden, "catalog.scope_required", "a scoped token is required to produce a service catalog"))
		return
	}
	base := h.baseURL(r)
	reply(w, http.StatusOK, catalogBody{Catalog: h.catalog(base), Links: selfLink{Self: base + "/v3/auth/catalog"}})
}
