package scim_test

import (
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/identity"
)

// mustUser creates a user of acme as its root user and returns its ID.
func (f *fixture) mustUser(t *testing.T, name string) string {
	t.Helper()
	u, err := f.svc.Users.Create(f.rootCtx(t), identity.NewUser{Name: name, Password: "Plain-Walrus-User-2026"})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// groupsPath is /v2.0/Groups?filter=… with the filter escaped as a client
// does, and more parameters as name, value pairs.
func groupsPath(filter string, more ...string) string {
	q := url.Values{}
	if filter != "" {
		q.Set("filter", filter)
	}
	for i := 0; i+1 < len(more); i += 2 {
		q.Set(more[i], more[i+1])
	}
	return "/v2.0/Groups?" + q.Encode()
}

// memberValues returns the sorted member values of a group resource.
func memberValues(g map[string]any) []string {
	out := []string{}
	list, _ := g["members"].([]any)
	for _, m := range list {
		out = append(out, str(m.(map[string]any)["value"]))
	}
	sort.Strings(out)
	return out
}

// same reports whether got holds exactly the IDs of want, in any order.
func same(got []string, want ...string) bool {
	w := append([]string{}, want...)
	sort.Strings(w)
	return strings.Join(got, ",") == strings.Join(w, ",")
}

// patchOps is a PATCH body of the given operations (JSON).
func patchOps(ops string) string {
	return `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[` + ops + `]}`
}
