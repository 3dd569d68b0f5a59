package keystone

import (
	"net/http"

	"github.com/watchword/watchword/internal/httpx"
)

// Routes lists the route table of a face New built, as "METHOD pattern",
// for the tests that walk every route.
func Routes(face http.Handler) []string {
	return face.(*httpx.Mux).Patterns()
}
