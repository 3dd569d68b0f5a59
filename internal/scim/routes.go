package scim

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/watchword/watchword/internal/fault"
)

// routes is the face's one route table, relative to /v2.0.
func (h *handler) routes(r chi.Router) {
	r.Get("/ServiceProviderConfig", h.showServiceProviderConfig)
	r.Get("/ResourceTypes", h.listResourceTypes)
	r.Get("/Schemas", h.listSchemas)
	r.Group(func(r chi.Router) {
		r.Use(h.authenticate)
		r.Get("/Me", h.showMe)
		r.Post("/Me/password", h.changePassword)
	})
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		h.fail(w, r, fault.New(fault.NotFound, "route.not_found", "no such resource"))
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		writeSCIM(w, http.StatusMethodNotAllowed, scimError{Schemas: []string{errorSchema}, Status: "405",
			Detail: "this endpoint does not accept " + r.Method})
	})
}
