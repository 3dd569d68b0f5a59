package outscale

import "net/http"

// Operations lists the OAPI operations and the ICU actions of a face New
// built, for the tests that walk every call.
func Operations(face http.Handler) (oapi, icu []string) {
	h := face.(*handler)
	for name := range h.oapi {
		oapi = append(oapi, name)
	}
	for name := range h.icu {
		icu = append(icu, name)
	}
	return oapi, icu
}
