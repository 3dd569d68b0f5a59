package api

import (
	"mime"
	"net/http"

	"github.com/watchword/watchword/internal/httpx"
)

// dictionaryJSON is the body of an addition: {"words": [...]}.
type dictionaryJSON struct {
	Words []string `json:"words"`
}

func (h *handler) listDictionary(w http.ResponseWriter, r *http.Request) {
	p, err := pageParams(r)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	page, err := h.svc.Dictionary.Page(r.Context(), p)
	writePage(w, r, h.log, page, err, func(w string) string { return w })
}

type addedJSON struct {
	Added int `json:"added"`
}

// addDictionaryWords takes {"words": [...]} as JSON, or a text/plain file of
// one word per line (the import form).
func (h *handler) addDictionaryWords(w http.ResponseWriter, r *http.Request) {
	var added int
	var err error
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "text/plain" {
		added, err = h.svc.Dictionary.Import(r.Context(), http.MaxBytesReader(w, r.Body, 4<<20))
		err = orTooLarge(err, 4<<20)
	} else {
		var in dictionaryJSON
		if !h.read(w, r, &in) {
			return
		}
		added, err = h.svc.Dictionary.Add(r.Context(), in.Words)
	}
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", addedJSON{Added: added})
}

func (h *handler) removeDictionaryWord(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Dictionary.Remove(r.Context(), r.PathValue("word")); err != nil {
		writeError(w, r, h.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
