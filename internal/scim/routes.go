package scim

import (
	"github.com/watchword/watchword/internal/httpx"
)

// routes is the face's one route table, with full paths (the server passes
// them through under /v2.0).
func (h *handler) routes(m *httpx.Mux) {
	m.HandleFunc("GET /v2.0/ServiceProviderConfig", h.showServiceProviderConfig)
	m.HandleFunc("GET /v2.0/ResourceTypes", h.listResourceTypes)
	m.HandleFunc("GET /v2.0/ResourceTypes/{name}", h.showResourceType)
	m.HandleFunc("GET /v2.0/Schemas", h.listSchemas)
	m.HandleFunc("GET /v2.0/Schemas/{id}", h.showSchema)
	m.HandleFunc("GET /v2.0/Me", h.showMe, h.authenticate)
	m.HandleFunc("PUT /v2.0/Me", h.replaceMe, h.authenticate)
	m.HandleFunc("DELETE /v2.0/Me", h.deleteMe, h.authenticate)
	m.HandleFunc("POST /v2.0/Me/password", h.changePassword, h.authenticate)
	m.HandleFunc("GET /v2.0/Users", h.listUsers, h.authenticate)
	m.HandleFunc("POST /v2.0/Users", h.createUser, h.authenticate)
	m.HandleFunc("GET /v2.0/Users/{id}", h.showUser, h.authenticate)
	m.HandleFunc("PUT /v2.0/Users/{id}", h.replaceUser, h.authenticate)
	m.HandleFunc("PATCH /v2.0/Users/{id}", h.patchUser, h.authenticate)
	m.HandleFunc("DELETE /v2.0/Users/{id}", h.deleteUser, h.authenticate)
	m.HandleFunc("GET /v2.0/Groups", h.listGroups, h.authenticate)
	m.HandleFunc("POST /v2.0/Groups", h.createGroup, h.authenticate)
	m.HandleFunc("GET /v2.0/Groups/{id}", h.showGroup, h.authenticate)
	m.HandleFunc("PUT /v2.0/Groups/{id}", h.replaceGroup, h.authenticate)
	m.HandleFunc("PATCH /v2.0/Groups/{id}", h.patchGroup, h.authenticate)
	m.HandleFunc("DELETE /v2.0/Groups/{id}", h.deleteGroup, h.authenticate)
	m.HandleFunc("POST /v2.0/Bulk", h.bulk, h.authenticate)
}
