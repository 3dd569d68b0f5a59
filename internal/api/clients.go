package api

import (
	"net/http"

	"github.com/watchword/watchword/internal/httpx"
)

func (h *handler) listClients(w http.ResponseWriter, r *http.Request) {
	list, err := h.svc.Auth.Clients(r.Context())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	out := listJSON[clientJSON]{Items: []clientJSON{}, Total: len(list)}
	for _, c := range list {
		out.Items = append(out.Items, clientJSON{ID: c.ID, Name: c.Name, CreatedAt: c.CreatedAt})
	}
	httpx.WriteJSON(w, http.StatusOK, "", out)
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
