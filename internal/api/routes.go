package api

import (
	"encoding/json"
	"net/http"

	"github.com/watchword/watchword/internal/fault"

	"github.com/go-chi/chi/v5"
)

// routes is the face's one route table. Paths are relative to /v1, where the server mounts the face.
func (h *handler) routes(r chi.Router) {
	r.Get("/openapi.json", h.openAPI)
	r.Post("/auth/login", h.login)
	r.Post("/auth/token", h.clientToken)

	r.Group(func(r chi.Router) {
		r.Use(h.authenticate)
		r.Post("/auth/logout", h.logout)

		r.Get("/me", h.showMe)
		r.Patch("/me", h.updateMe)
		r.Post("/me/password", h.changePassword)
		r.Get("/me/sessions", h.listSessions)
		r.Delete("/me/sessions/{id}", h.revokeSession)

		r.Get("/account", h.showAccount)
		r.Patch("/account", h.updateAccount)
		r.Get("/account/password-policy", h.showPasswordPolicy)
		r.Put("/account/password-policy", h.updatePasswordPolicy)

		r.Get("/users", h.listUsers)
		r.Post("/users", h.createUser)
		r.Get("/users/{id}", h.showUser)
		r.Patch("/users/{id}", h.updateUser)
		r.Delete("/users/{id}", h.deleteUser)
		r.Put("/users/{id}/password", h.setUserPassword)

		r.Get("/api-clients", h.listClients)
		r.Post("/api-clients", h.createClient)
		r.Delete("/api-clients/{id}", h.deleteClient)
	})
	r.NotFound(h.notFound)
	r.MethodNotAllowed(h.methodNotAllowed)
}

func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, h.log, fault.New(fault.NotFound, "route.not_found", "no such endpoint"))
}

// methodNotAllowed answers 405 itself: a wrong method is a protocol matter,
// not a fault of the core.
func (h *handler) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(http.StatusMethodNotAllowed)
	_ = json.NewEncoder(w).Encode(problem{Type: "urn:watchword:problem:request.method", Title: "Method Not Allowed",
		Status: http.StatusMethodNotAllowed, Detail: "this endpoint does not accept " + r.Method, Code: "request.method"})
}
