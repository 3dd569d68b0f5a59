package api

import (
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// pageParams reads ?limit= and ?cursor=. Lists page by cursor only: an
// offset is refused rather than ignored, so that a client written for
// offsets learns at once instead of reading the first page over and over.
func pageParams(r *http.Request) (identity.Page, error) {
	q := r.URL.Query()
	if q.Has("offset") {
		return identity.Page{}, fault.New(fault.Invalid, "page.offset",
			"lists page by cursor: pass the next_cursor of the page before as ?cursor=").WithField("offset")
	}
	p := identity.Page{Cursor: q.Get("cursor")}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return p, fault.New(fault.Invalid, "page.limit",
				"limit must be an integer between 1 and "+strconv.Itoa(identity.MaxPageSize)+" (0 for the default)").WithField("limit")
		}
		p.Limit = n
	}
	return p, nil
}

// writePage answers one page, items converted by conv, with the next page's
// URL in a Link header (RFC 8288) besides next_cursor; or err.
func writePage[T, J any](w http.ResponseWriter, r *http.Request, log *slog.Logger, page identity.Paged[T], err error, conv func(T) J) {
	if err != nil {
		writeError(w, r, log, err)
		return
	}
	out := pageJSON[J]{Items: make([]J, 0, len(page.Items)), NextCursor: page.Next}
	for _, it := range page.Items {
		out.Items = append(out.Items, conv(it))
	}
	if page.Next != "" {
		q := r.URL.Query()
		q.Set("cursor", page.Next)
		next := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		w.Header().Set("Link", "<"+next.String()+`>; rel="next"`)
	}
	httpx.WriteJSON(w, http.StatusOK, "", out)
}
