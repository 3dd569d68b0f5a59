package httpx

import (
	"encoding/json"
	"net/http"
)

// WriteJSON answers with status and v encoded as JSON, with contentType
// ("application/json" when empty). v is encoded before anything is written,
// so a value that cannot be encoded answers a bare 500 rather than half a
// body under a success status.
func WriteJSON(w http.ResponseWriter, status int, contentType string, v any) {
	writeJSON(w, status, contentType, v, "\n")
}

// WriteJSONBare is WriteJSON without the trailing newline, for a protocol
// whose answers end at the closing brace (Outscale's, byte for byte).
func WriteJSONBare(w http.ResponseWriter, status int, contentType string, v any) {
	writeJSON(w, status, contentType, v, "")
}

func writeJSON(w http.ResponseWriter, status int, contentType string, v any, end string) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"error":"internal error"}`, http.StatusInternalServerError)
		return
	}
	if contentType == "" {
		contentType = "application/json"
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(append(body, end...))
}
