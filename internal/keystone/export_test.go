package keystone

import "net/http"

// Routes lists the route table of a face New built, as "METHOD pattern",
// for the tests that walk every route.
func Routes(face http.Handler) []string {
	var out []string
	for _, r := range face.(*handler).routes() {
		out = append(out, r.method+" "+r.pattern)
	}
	return out
}
