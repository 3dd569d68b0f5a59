package identity

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"time"

	"github.com/watchword/watchword/internal/fault"
)

// Page asks for one page of a list. Lists page by keyset: the cursor names
// the last item given, and the next page starts after it, so a page costs the
// same at the millionth row as at the first, and rows added or removed
// meanwhile never shift a page.
type Page struct {
	// Limit is the page size: 0 means DefaultPageSize; above MaxPageSize
	// it is refused.
	Limit int
	// Cursor is the Next of the page before; empty for the first page.
	Cursor string
}

// Page sizes.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// After is a decoded cursor: the sort key and ID of the last item given,
// which the store continues after. Lists ordered by time use At, lists
// ordered by a name use Name; ID breaks ties.
type After struct {
	At   time.Time
	Name string
	ID   string
}

// Paged is one page and the cursor of the next ("" when this is the last).
type Paged[T any] struct {
	Items []T
	Next  string
}

func errPage(code, msg string) error { return fault.New(fault.Invalid, code, msg) }

// limit returns the page size, or Invalid (page.limit) when out of range.
func (p Page) limit() (int, error) {
	switch {
	case p.Limit == 0:
		return DefaultPageSize, nil
	case p.Limit < 0 || p.Limit > MaxPageSize:
		return 0, errPage("page.limit", "limit must be between 1 and "+strconv.Itoa(MaxPageSize))
	}
	return p.Limit, nil
}

// after decodes the cursor of list, nil for the first page, or Invalid
// (page.cursor).
func (p Page) after(list string) (*After, error) {
	if p.Cursor == "" {
		return nil, nil
	}
	bad := errPage("page.cursor", "the cursor is not one this list gave")
	raw, err := base64.RawURLEncoding.DecodeString(p.Cursor)
	if err != nil || len(raw) > 1024 {
		return nil, bad
	}
	c, err := url.ParseQuery(string(raw))
	if err != nil || c.Get("l") != list || c.Get("i") == "" {
		return nil, bad
	}
	a := &After{Name: c.Get("n"), ID: c.Get("i")}
	if t := c.Get("t"); t != "" {
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return nil, bad
		}
		a.At = time.Unix(0, n).UTC()
	}
	return a, nil
}

// encodeCursor makes the cursor that continues list after a: its list (so
// that a cursor of one list is refused by another), sort key and ID, as a
// query string in base64url. It positions a page only: every list still
// reads within the caller's own account or user.
func encodeCursor(list string, a After) string {
	c := url.Values{"l": {list}, "i": {a.ID}}
	if a.Name != "" {
		c.Set("n", a.Name)
	}
	if !a.At.IsZero() {
		c.Set("t", strconv.FormatInt(a.At.UnixNano(), 10))
	}
	return base64.RawURLEncoding.EncodeToString([]byte(c.Encode()))
}

// paginate reads one page of list: fetch returns up to limit items after
// the cursor's (one more than the page, to know whether another follows),
// key says where an item sits in the order.
func paginate[T any](p Page, list string, fetch func(limit int, after *After) ([]T, error), key func(T) After) (Paged[T], error) {
	limit, err := p.limit()
	if err != nil {
		return Paged[T]{}, err
	}
	after, err := p.after(list)
	if err != nil {
		return Paged[T]{}, err
	}
	items, err := fetch(limit+1, after)
	if err != nil {
		return Paged[T]{}, err
	}
	out := Paged[T]{Items: items}
	if len(items) > limit {
		out.Items = items[:limit]
		out.Next = encodeCursor(list, key(items[limit-1]))
	}
	return out, nil
}
