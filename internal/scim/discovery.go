package scim

import (
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
)

// resourceTypes are the resource types the face serves, for discovery.
func resourceTypes() []*ResourceType { return []*ResourceType{userType, groupType} }

// schemas are every schema of the resource types, core schemas first.
func schemas() []*Schema {
	var out []*Schema
	seen := map[string]bool{}
	add := func(s *Schema) {
		if !seen[s.ID] {
			seen[s.ID] = true
			out = append(out, s)
		}
	}
	for _, rt := range resourceTypes() {
		add(rt.Schema)
	}
	for _, rt := range resourceTypes() {
		for _, e := range rt.Extensions {
			add(e.Schema)
		}
	}
	return out
}

type supported struct {
	Supported bool `json:"supported"`
}

// discoveryMeta is the meta of a discovery resource.
type discoveryMeta struct {
	ResourceType string `json:"resourceType"`
	Location     string `json:"location"`
}

// refuseFilter answers a filter on a discovery endpoint with 403, as RFC
// 7644 §4 says, so that no client takes an unfiltered answer for a match.
func (h *handler) refuseFilter(w http.ResponseWriter, r *http.Request) bool {
	if _, ok := r.URL.Query()["filter"]; !ok {
		return false
	}
	h.fail(w, r, fault.New(fault.Forbidden, "scim.discovery_filter", "discovery endpoints take no filter"))
	return true
}

// showServiceProviderConfig advertises what the face does, truthfully:
// PATCH, filters (at most MaxResults a page), ETags and IBM's change
// password yes; bulk (501) and sort (results come in userName order) no. documentationUri is left out: the face
// has no documentation page of its own to point to.
func (h *handler) showServiceProviderConfig(w http.ResponseWriter, r *http.Request) {
	if h.refuseFilter(w, r) {
		return
	}
	httpx.WriteJSON(w, http.StatusOK, mediaType, map[string]any{
		"schemas":        []string{"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"},
		"patch":          supported{true},
		"bulk":           map[string]any{"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
		"filter":         map[string]any{"supported": true, "maxResults": MaxResults},
		"changePassword": supported{true},
		"sort":           supported{false},
		"etag":           supported{true},
		"authenticationSchemes": []map[string]any{{
			"type": "oauthbearertoken", "name": "Bearer token", "primary": true,
			"description": "A user access token from POST /v1/auth/login, or an API client's token for /Users and /Groups; API-client tokens cannot change a password.",
		}},
		"meta": discoveryMeta{ResourceType: "ServiceProviderConfig", Location: "/v2.0/ServiceProviderConfig"},
	})
}

type schemaExtensionJSON struct {
	Schema   string `json:"schema"`
	Required bool   `json:"required"`
}

type resourceTypeJSON struct {
	Schemas          []string              `json:"schemas"`
	ID               string                `json:"id"`
	Name             string                `json:"name"`
	Endpoint         string                `json:"endpoint"`
	Description      string                `json:"description"`
	Schema           string                `json:"schema"`
	SchemaExtensions []schemaExtensionJSON `json:"schemaExtensions"`
	Meta             discoveryMeta         `json:"meta"`
}

func toResourceTypeJSON(rt *ResourceType) resourceTypeJSON {
	out := resourceTypeJSON{Schemas: []string{"urn:ietf:params:scim:schemas:core:2.0:ResourceType"}, ID: rt.Name, Name: rt.Name,
		Endpoint: rt.Endpoint, Description: rt.Description, Schema: rt.Schema.ID, SchemaExtensions: []schemaExtensionJSON{},
		Meta: discoveryMeta{ResourceType: "ResourceType", Location: "/v2.0/ResourceTypes/" + rt.Name}}
	for _, e := range rt.Extensions {
		out.SchemaExtensions = append(out.SchemaExtensions, schemaExtensionJSON{Schema: e.Schema.ID, Required: e.Required})
	}
	return out
}

func (h *handler) listResourceTypes(w http.ResponseWriter, r *http.Request) {
	if h.refuseFilter(w, r) {
		return
	}
	var items []any
	for _, rt := range resourceTypes() {
		items = append(items, toResourceTypeJSON(rt))
	}
	httpx.WriteJSON(w, http.StatusOK, mediaType, list(items...))
}

func (h *handler) showResourceType(w http.ResponseWriter, r *http.Request) {
	if h.refuseFilter(w, r) {
		return
	}
	for _, rt := range resourceTypes() {
		if rt.Name == r.PathValue("name") {
			httpx.WriteJSON(w, http.StatusOK, mediaType, toResourceTypeJSON(rt))
			return
		}
	}
	h.notFound(w, r)
}

type schemaJSON struct {
	Schemas     []string      `json:"schemas"`
	ID          string        `json:"id"`
	Name        string        `json:"name"`
	Description string        `json:"description"`
	Attributes  []Attribute   `json:"attributes"`
	Meta        discoveryMeta `json:"meta"`
}

func toSchemaJSON(s *Schema) schemaJSON {
	return schemaJSON{Schemas: []string{"urn:ietf:params:scim:schemas:core:2.0:Schema"}, ID: s.ID, Name: s.Name,
		Description: s.Description, Attributes: s.Attributes, Meta: discoveryMeta{ResourceType: "Schema", Location: "/v2.0/Schemas/" + s.ID}}
}

func (h *handler) listSchemas(w http.ResponseWriter, r *http.Request) {
	if h.refuseFilter(w, r) {
		return
	}
	var items []any
	for _, s := range schemas() {
		items = append(items, toSchemaJSON(s))
	}
	httpx.WriteJSON(w, http.StatusOK, mediaType, list(items...))
}

func (h *handler) showSchema(w http.ResponseWriter, r *http.Request) {
	if h.refuseFilter(w, r) {
		return
	}
	for _, s := range schemas() {
		if strings.EqualFold(s.ID, r.PathValue("id")) {
			httpx.WriteJSON(w, http.StatusOK, mediaType, toSchemaJSON(s))
			return
		}
	}
	h.notFound(w, r)
}
