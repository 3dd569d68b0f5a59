package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// dictionaryPageSize is how many words the dictionary page lists at once.
const dictionaryPageSize = 50

// maxWordListBytes bounds an imported word list (about 100,000 words).
const maxWordListBytes = 1 << 20

// dictionaryPage is the account's list of forbidden passwords (its local
// dictionary), for its administrators: a page of words, a search, forms to
// add words, import a file and remove a word.
type dictionaryPage struct {
	page
	Words []string
	Total int
	Query string
	// Page is the 1-based page shown; Prev and Next link the neighbours.
	Page       int
	Pages      int
	Prev, Next string
	// Added keeps what the add form held when it was refused.
	Added    string
	MaxBytes int
	// Mode is how the password policy uses the list: off, warn, enforce.
	Mode string
}

// showDictionary lists the account's words, a page at a time, filtered by
// ?q= (words containing it).
func (h *handler) showDictionary(w http.ResponseWriter, r *http.Request) {
	h.renderDictionary(w, r, nil, "")
}

func (h *handler) renderDictionary(w http.ResponseWriter, r *http.Request, err error, added string) {
	if err != nil && sessionGone(err) {
		h.fail(w, r, err)
		return
	}
	words, lerr := h.svc.Dictionary.List(r.Context())
	acct, aerr := h.svc.Accounts.Get(r.Context())
	if lerr == nil {
		lerr = aerr
	}
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	q := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("q")))
	if q != "" {
		kept := words[:0:0]
		for _, word := range words {
			if strings.Contains(word, q) {
				kept = append(kept, word)
			}
		}
		words = kept
	}
	p := dictionaryPage{page: h.newPage(w, r, "page.dictionary.title", "policies"), Total: len(words), Query: q,
		Added: added, MaxBytes: maxWordListBytes >> 20, Mode: string(acct.PasswordPolicy.LocalDictionary)}
	if p.Mode == "" {
		p.Mode = "off"
	}
	p.Pages = max(1, (len(words)+dictionaryPageSize-1)/dictionaryPageSize)
	p.Page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	p.Page = min(max(p.Page, 1), p.Pages)
	from := (p.Page - 1) * dictionaryPageSize
	p.Words = words[from:min(from+dictionaryPageSize, len(words))]
	link := func(n int) string {
		v := url.Values{"page": {strconv.Itoa(n)}}
		if q != "" {
			v.Set("q", q)
		}
		return Path + "/dictionary?" + v.Encode()
	}
	if p.Page > 1 {
		p.Prev = link(p.Page - 1)
	}
	if p.Page < p.Pages {
		p.Next = link(p.Page + 1)
	}
	status := http.StatusOK
	if err != nil {
		status = h.formFailed(r, &p.page, err)
	}
	h.render(w, r, status, "dictionary", p)
}
