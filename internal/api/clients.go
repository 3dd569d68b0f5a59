package api

import (
	"net/http"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

func (h *handler) listClients(w http.ResponseWriter, r *http.Request) {
	p, err := pageParams(r)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	page, err := h.svc.Auth.ClientsPage(r.Context(), p)
	writePage(w, r, h.log, page, err, func(c *identity.APIClient) clientJSON {
		return clientJSON{ID: c.ID, Name: c.Name, CreatedAt: c.CreatedAt}
	})
}

type createClientRequest struct {
	Name string `json:"name"`
}

// createClient answers the client secret once; only its hash is kept.
func (h *handler) createClient(w http.ResponseWriter, r *http.Request) {
	var in createClientRequest
	if !h.read(w, r, &in) {
		return
	}
	res, err := h.svc.Auth.CreateClient(r.Context(), in.Name)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, "", clientJSON{ID: res.Client.ID, Name: res.Client.Name, CreatedAt: res.Client.CreatedAt, Secret: res.Secret})
}

func (h *handler) deleteClient(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Auth.DeleteClient(r.Context(), r.PathValue("id")); err != nil {
		writeError(w, r, h.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
