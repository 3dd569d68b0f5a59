package console

import (
	"net/http"
)

// showAvatar serves the user's picture (their upload, or the generated
// default). Browsers keep it and ask again with its ETag.
func (h *handler) showAvatar(w http.ResponseWriter, r *http.Request) {
	a, err := h.svc.Avatars.Mine(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Header().Set("ETag", a.ETag)
	if r.Header.Get("If-None-Match") == a.ETag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	_, _ = w.Write(a.PNG)
}
