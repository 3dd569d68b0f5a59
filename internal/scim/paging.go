package scim

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

// MaxResults is the most resources one list answer holds; a larger count
// gets this many (RFC 7644 §3.4.2.4), as ServiceProviderConfig's
// filter.maxResults says.
const MaxResults = 200

// listSchema is the URN of a list answer.
const listSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

// Paging is a list's window (RFC 7644 §3.4.2.4): the 1-based index of its
// first resource and how many it holds at most.
type Paging struct {
	StartIndex int
	Count      int
}

// ParsePaging reads startIndex and count from q: startIndex below 1 is 1,
// count below 0 is 0 and above MaxResults is MaxResults, count absent is
// MaxResults.
// Errors: Invalid (scim.paging, invalidValue) for a value that is no integer.
func ParsePaging(q url.Values) (Paging, error) {
	pg := Paging{StartIndex: 1, Count: MaxResults}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"startIndex", &pg.StartIndex}, {"count", &pg.Count}} {
		raw := strings.TrimSpace(q.Get(p.name))
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			return pg, fault.Newf(fault.Invalid, "scim.paging", "%s must be an integer", p.name).WithField(p.name)
		}
		*p.dst = n
	}
	pg.StartIndex = max(pg.StartIndex, 1)
	pg.Count = min(max(pg.Count, 0), MaxResults)
	return pg, nil
}

// Window gathers one page of a list read in order: Offer every resource
// that matches, and it keeps those of the page and counts them all.
type Window struct {
	Paging
	Total int
	Items []any
}

// Wants reports whether the next resource offered falls in the page, so
// that building it can be skipped when it does not.
func (w *Window) Wants() bool {
	n := w.Total + 1
	return n >= w.StartIndex && len(w.Items) < w.Count
}

// Offer counts one matching resource and keeps item when it is in the page.
func (w *Window) Offer(item any) {
	if w.Wants() {
		w.Items = append(w.Items, item)
	}
	w.Total++
}

// ListResponse is RFC 7644 §3.4.2's list answer.
type ListResponse struct {
	Schemas      []string `json:"schemas"`
	TotalResults int      `json:"totalResults"`
	StartIndex   int      `json:"startIndex"`
	ItemsPerPage int      `json:"itemsPerPage"`
	Resources    []any    `json:"Resources"`
}

// Response is the window as a list answer.
func (w *Window) Response() ListResponse {
	items := w.Items
	if items == nil {
		items = []any{}
	}
	return ListResponse{Schemas: []string{listSchema}, TotalResults: w.Total, StartIndex: w.StartIndex,
		ItemsPerPage: len(items), Resources: items}
}

// list is a whole list (discovery's) as one answer.
func list(items ...any) ListResponse {
	w := Window{Paging: Paging{StartIndex: 1, Count: len(items)}}
	for _, it := range items {
		w.Offer(it)
	}
	return w.Response()
}
