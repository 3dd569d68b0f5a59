package keystone

import (
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// A Keystone domain is an account; its one project bears the account's ID
// and name, with the account as its domain (and parent).

type domainJSON struct {
	Description string         `json:"description"`
	Enabled     bool           `json:"enabled"`
	ID          string         `json:"id"`
	Links       selfLink       `json:"links"`
	Name        string         `json:"name"`
	Tags        []string       `json:"tags"`
	Options     map[string]any `json:"options"`
}

type projectJSON struct {
	Description string         `json:"description"`
	DomainID    string         `json:"domain_id"`
	Enabled     bool           `json:"enabled"`
	ID          string         `json:"id"`
	IsDomain    bool           `json:"is_domain"`
	Links       selfLink       `json:"links"`
	Name        string         `json:"name"`
	ParentID    string         `json:"parent_id"`
	Tags        []string       `json:"tags"`
	Options     map[string]any `json:"options"`
}

func toDomainJSON(a *identity.Account, base string) domainJSON {
	return domainJSON{Enabled: true, ID: a.ID, Links: selfLink{Self: base + "/v3/domains/" + a.ID}, Name: a.Name,
		Tags: []string{}, Options: map[string]any{}}
}

func toProjectJSON(a *identity.Account, base string) projectJSON {
	return projectJSON{DomainID: a.ID, Enabled: true, ID: a.ID, Links: selfLink{Self: base + "/v3/projects/" + a.ID},
		Name: a.Name, ParentID: a.ID, Tags: []string{}, Options: map[string]any{}}
}

// showDomain is GET /v3/domains/{domain_id}: the caller's account; any
// other ID, known or not, is Keystone's 404.
func (h *handler) showDomain(w http.ResponseWriter, r *http.Request) {
	a, err := h.ownAccount(r, "domain_id")
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	reply(w, http.StatusOK, map[string]domainJSON{"domain": toDomainJSON(a, h.baseURL(r))})
}

// showProject is GET /v3/projects/{project_id}: the caller's account's
// project.
func (h *handler) showProject(w http.ResponseWriter, r *http.Request) {
	a, err := h.ownAccount(r, "project_id")
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	reply(w, http.StatusOK, map[string]projectJSON{"project": toProjectJSON(a, h.baseURL(r))})
}

// ownAccount returns the caller's account when the path value named param
// is its ID. The core refuses any other ID alike; Keystone says not found.
func (h *handler) ownAccount(r *http.Request, param string) (*identity.Account, error) {
	a, err := h.svc.Accounts.Find(r.Context(), r.PathValue(param))
	if fault.CodeOf(err) == "account.not_own" {
		target := "domain"
		if param == "project_id" {
			target = "project"
		}
		return nil, fault.New(fault.NotFound, target+".not_found", "no such "+target)
	}
	return a, err
}
