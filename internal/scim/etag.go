package scim

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

// ETag is the weak entity tag of a resource at version (RFC 7644 §3.14),
// also its meta.version.
func ETag(version int64) string { return `W/"` + strconv.FormatInt(version, 10) + `"` }

// CheckIfMatch answers a request's If-Match against the resource's current
// version: nil when absent, "*", or listing the current tag (weak or
// strong form). A face reads the resource, calls this, then hands version
// to the core's compare-and-swap, so a change made between the two is
// refused too.
// Errors: Conflict (scim.precondition: 412 Precondition Failed).
func CheckIfMatch(r *http.Request, version int64) error {
	h := r.Header.Get("If-Match")
	if h == "" || matchesTag(h, version) {
		return nil
	}
	return errPrecondition()
}

// NotModified reports whether a GET's If-None-Match names the current
// version, to be answered 304 Not Modified.
func NotModified(r *http.Request, version int64) bool {
	h := r.Header.Get("If-None-Match")
	return h != "" && matchesTag(h, version)
}

func matchesTag(header string, version int64) bool {
	want := strconv.FormatInt(version, 10)
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" {
			return true
		}
		t = strings.TrimPrefix(t, "W/")
		if strings.Trim(t, `"`) == want && strings.HasPrefix(t, `"`) && strings.HasSuffix(t, `"`) {
			return true
		}
	}
	return false
}

func errPrecondition() error {
	return fault.New(fault.Conflict, "scim.precondition", "the resource has changed: its version is not the one If-Match names")
}
