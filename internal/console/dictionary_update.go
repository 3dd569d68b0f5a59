package console

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

// addDictionaryWords adds the words typed in the form, one per line.
func (h *handler) addDictionaryWords(w http.ResponseWriter, r *http.Request) {
	typed := r.PostFormValue("words")
	var words []string
	for _, line := range strings.Split(typed, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			words = append(words, line)
		}
	}
	if len(words) == 0 {
		h.renderDictionary(w, r, fault.New(fault.Invalid, "dictionary.word_invalid", "type at least one word").WithField("words"), typed)
		return
	}
	n, err := h.svc.Dictionary.Add(r.Context(), words)
	if err != nil {
		h.renderDictionary(w, r, onField(err, "words"), typed)
		return
	}
	h.dictionaryChanged(w, r, n)
}

// importDictionary adds the words of an uploaded text file, one per line
// (blank lines and #-comments skipped), of at most maxWordListBytes.
func (h *handler) importDictionary(w http.ResponseWriter, r *http.Request) {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		h.renderDictionary(w, r, fault.New(fault.Invalid, "dictionary.file_missing", "choose a text file to import").WithField("file"), "")
		return
	}
	defer file.Close()
	if hdr.Size > maxWordListBytes {
		h.renderDictionary(w, r, fault.Newf(fault.TooLarge, "dictionary.file_too_large",
			"the file holds more than %d KiB", maxWordListBytes>>10).WithField("file"), "")
		return
	}
	n, err := h.svc.Dictionary.Import(r.Context(), file)
	if err != nil {
		h.renderDictionary(w, r, onField(err, "file"), "")
		return
	}
	h.dictionaryChanged(w, r, n)
}

// removeDictionaryWord removes one word; it can be added again at once, so
// it needs no confirmation.
func (h *handler) removeDictionaryWord(w http.ResponseWriter, r *http.Request) {
	word := r.PostFormValue("word")
	if err := h.svc.Dictionary.Remove(r.Context(), word); err != nil {
		h.renderDictionary(w, r, err, "")
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.dictionary_removed", Args: map[string]string{"word": word}})
	redirect(w, r, Path+"/dictionary")
}

func (h *handler) dictionaryChanged(w http.ResponseWriter, r *http.Request, added int) {
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.dictionary_added", Args: map[string]string{"count": strconv.Itoa(added)}})
	redirect(w, r, Path+"/dictionary")
}
