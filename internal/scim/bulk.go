package scim

import (
	"net/http"

	"github.com/watchword/watchword/internal/httpx"
)

// bulk is POST /v2.0/Bulk: not implemented, 501 as RFC 7644 §3.7 allows,
// and ServiceProviderConfig says bulk is not supported.
func (h *handler) bulk(w http.ResponseWriter, r *http.Request) {
	httpx.WriteJSON(w, http.StatusNotImplemented, mediaType, scimError{Schemas: []string{errorSchema}, Status: "501",
		Detail: "bulk operations are not supported: send each operation on its own"})
}
