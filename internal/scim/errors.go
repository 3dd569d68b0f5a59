package scim

import (
	"net/http"
	"strconv"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/password"
)

const errorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"

// scimError is RFC 7644 §3.12's error body; status is a string.
type scimError struct {
	Schemas  []string `json:"schemas"`
	Status   string   `json:"status"`
	ScimType string   `json:"scimType,omitempty"`
	Detail   string   `json:"detail,omitempty"`
}

// statusByCode overrides the kind's status where IBM Verify differs: a wrong
// current password is a bad request (INVALID_CREDS), the token being valid.
var statusByCode = map[string]int{
	"password.current_invalid": http.StatusBadRequest,
	// An If-Match that names another version, whether the face saw it or
	// the core's compare-and-swap did (RFC 7644 §3.14).
	"scim.precondition":      http.StatusPreconditionFailed,
	"user.version_mismatch":  http.StatusPreconditionFailed,
	"group.version_mismatch": http.StatusPreconditionFailed,
}

// scimTypeByCode gives IBM Verify's password keywords (and RFC keywords) for
// the core's codes.
var scimTypeByCode = map[string]string{
	"password.current_invalid":      "INVALID_CREDS",
	"password.same_as_current":      "PWD_IN_HISTORY",
	"password.min_age":              "PWD_TOO_YOUNG",
	"password.in_dictionary":        "PWD_IN_DICTIONARY",
	"password.in_global_dictionary": "PWD_IN_GLOBAL_DICTIONARY",
	"request.malformed":             "invalidSyntax",
	"request.empty":                 "invalidSyntax",
	"request.type":                  "invalidValue",
	"request.content_type":          "invalidSyntax",
	"scim.schemas":                  "invalidValue",
	"email.taken":                   "uniqueness",
	"user.name_taken":               "uniqueness",
	"group.name_taken":              "uniqueness",
	"scim.filter":                   "invalidFilter",
	"scim.path":                     "invalidPath",
	"scim.value":                    "invalidValue",
	"scim.no_target":                "noTarget",
	"scim.mutability":               "mutability",
	"scim.patch_op":                 "invalidValue",
	"scim.paging":                   "invalidValue",
	"user.root_protected":           "mutability",
	"user.root_rename":              "mutability",
	"validation.name":               "invalidValue",
	"validation.email":              "invalidValue",
	"validation.mobile":             "invalidValue",
	"validation.locale":             "invalidValue",
	"validation.text":               "invalidValue",
	"validation.required":           "invalidValue",
	"validation.members":            "invalidValue",
	"group.member_unknown":          "invalidValue",
	"group.builtin":                 "mutability",
}

// scimTypeByRule names the first failed policy rule the way IBM Verify does.
var scimTypeByRule = map[string]string{
	"min_length":        "PWD_TOO_SHORT",
	"char_types":        "PWD_MIN_OTHERS_FAILED",
	"max_consecutive":   "PWD_MAX_CONSECUTIVE_REPEATED_CHARS_FAILED",
	"history":           "PWD_IN_HISTORY",
	"min_age":           "PWD_TOO_YOUNG",
	"local_dictionary":  "PWD_IN_DICTIONARY",
	"global_dictionary": "PWD_IN_GLOBAL_DICTIONARY",
}

// fail answers err as a SCIM error, with the dictionary header IBM Verify
// sets on enforced dictionary refusals.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	fe := fault.As(err)
	status := httpx.Status(fe.Kind)
	if s, ok := statusByCode[fe.Code]; ok {
		status = s
	}
	body := scimError{Schemas: []string{errorSchema}, Status: strconv.Itoa(status), Detail: fe.Message}
	if status == http.StatusBadRequest || status == http.StatusConflict {
		// RFC 7644 §3.12 gives scimType for 400s (and uniqueness for 409).
		body.ScimType = scimTypeByCode[fe.Code]
	}
	if fe.Kind == fault.Policy && body.ScimType == "" {
		body.ScimType = "FAILURE_UNKNOWN"
		for _, rule := range fe.Rules {
			if !rule.Passed && !rule.Warn {
				if t, ok := scimTypeByRule[rule.ID]; ok {
					body.ScimType = t
				}
				break
			}
		}
	}
	if h := password.EnforcedHeader(fe.Code); h != "" {
		w.Header().Set("isv-dictionary-policy", h)
	}
	if fe.Kind == fault.Internal {
		h.log.Error("internal error", "request_id", r.Header.Get("X-Request-Id"), "path", r.URL.Path, "err", err)
		body.Detail = "internal error"
	}
	httpx.SetRetryAfter(w.Header(), fe.RetryAfter)
	httpx.WriteJSON(w, status, mediaType, body)
}

// notFound answers a path the face does not serve.
func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.fail(w, r, fault.New(fault.NotFound, "route.not_found", "no such resource"))
}

// methodNotAllowed answers a path the face serves, with another method;
// the mux has set Allow.
func (h *handler) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	httpx.WriteJSON(w, http.StatusMethodNotAllowed, mediaType, scimError{Schemas: []string{errorSchema}, Status: "405",
		Detail: "this endpoint does not accept " + r.Method})
}
