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
	m.HandleFunc("POST /v2.0/Me/password", h.changePassword, h.authenticate)
}
