package form

import (
	"net/http"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// dateLayout is how an <input type="date"> posts its value.
const dateLayout = "2006-01-02"

// AccessKey is the form creating an access key: an optional tag and an
// optional expiry date (the key stops working at the start of that day, UTC).
type AccessKey struct {
	Tag     string
	Expires string
}

// NewAccessKey reads the form.
func NewAccessKey(r *http.Request) AccessKey {
	return AccessKey{Tag: value(r, "tag"), Expires: value(r, "expires")}
}

// Input is the core's new key. Errors: Invalid (form.date, on field expires).
func (f AccessKey) Input() (identity.NewAccessKey, error) {
	in := identity.NewAccessKey{Tag: f.Tag}
	if f.Expires != "" {
		t, err := time.Parse(dateLayout, f.Expires)
		if err != nil {
			return in, fault.New(fault.Invalid, "form.date", "give a date as YYYY-MM-DD").WithField("expires")
		}
		in.ExpiresAt = t
	}
	return in, nil
}

// AccessKeyState reads the state a key is switched to; the core checks it.
func AccessKeyState(r *http.Request) identity.AccessKeyUpdate {
	s := identity.AccessKeyState(value(r, "state"))
	return identity.AccessKeyUpdate{State: &s}
}
