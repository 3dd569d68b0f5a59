package api

import (
	_ "embed"
	"net/http"
)

// openAPIDocument describes every route of routes.go; a test keeps the two equal.
//
//go:embed openapi.json
var openAPIDocument []byte

func (h *handler) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(openAPIDocument)
}
