package scim

import (
	"net/http"

	"github.com/watchword/watchword/internal/httpx"
)

const listSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

type listResponse struct {
	Schemas      []string `json:"schemas"`
	TotalResults int      `json:"totalResults"`
	StartIndex   int      `json:"startIndex"`
	ItemsPerPage int      `json:"itemsPerPage"`
	Resources    []any    `json:"Resources"`
}

func list(items ...any) listResponse {
	return listResponse{Schemas: []string{listSchema}, TotalResults: len(items), StartIndex: 1, ItemsPerPage: len(items), Resources: items}
}

type supported struct {
	Supported bool `json:"supported"`
}

// showServiceProviderConfig advertises what this face does: change password
// yes; patch, bulk, filter, sort and etags no.
func (h *handler) showServiceProviderConfig(w http.ResponseWriter, r *http.Request) {
	httpx.WriteJSON(w, http.StatusOK, mediaType, map[string]any{
		"schemas":          []string{"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"},
		"documentationUri": "/v1/openapi.json",
		"patch":            supported{false},
		"bulk":             map[string]any{"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
		"filter":           map[string]any{"supported": false, "maxResults": 0},
		"changePassword":   supported{true},
		"sort":             supported{false},
		"etag":             supported{false},
		"authenticationSchemes": []map[string]any{{
			"type": "oauthbearertoken", "name": "Bearer token", "primary": true,
			"description": "A user access token from POST /v1/auth/login; API-client tokens cannot change a password.",
		}},
		"meta": map[string]string{"resourceType": "ServiceProviderConfig", "location": "/v2.0/ServiceProviderConfig"},
	})
}

func (h *handler) listResourceTypes(w http.ResponseWriter, r *http.Request) {
	httpx.WriteJSON(w, http.StatusOK, mediaType, list(map[string]any{
		"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:ResourceType"},
		"id":      "User", "name": "User", "endpoint": "/Me", "description": "The authenticated user",
		"schema":           userSchema,
		"schemaExtensions": []map[string]any{{"schema": ibmUserSchema, "required": false}},
		"meta":             map[string]string{"resourceType": "ResourceType", "location": "/v2.0/ResourceTypes/User"},
	}))
}

type attribute struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	MultiValued bool   `json:"multiValued"`
	Required    bool   `json:"required"`
	Mutability  string `json:"mutability"`
	Returned    string `json:"returned"`
}

func (h *handler) listSchemas(w http.ResponseWriter, r *http.Request) {
	attrs := []attribute{
		{"userName", "string", false, true, "readOnly", "default"},
		{"displayName", "string", false, false, "readOnly", "default"},
		{"emails", "complex", true, false, "readOnly", "default"},
		{"phoneNumbers", "complex", true, false, "readOnly", "default"},
		{"preferredLanguage", "string", false, false, "readOnly", "default"},
		{"active", "boolean", false, false, "readOnly", "default"},
		{"password", "string", false, false, "writeOnly", "never"},
	}
	httpx.WriteJSON(w, http.StatusOK, mediaType, list(map[string]any{
		"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:Schema"},
		"id":      userSchema, "name": "User", "description": "User account", "attributes": attrs,
		"meta": map[string]string{"resourceType": "Schema", "location": "/v2.0/Schemas/" + userSchema},
	}))
}
