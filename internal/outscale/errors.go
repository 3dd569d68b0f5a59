package outscale

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
)

// The fault codes this face raises itself, while decoding the wire.
const (
	codeAuthRequired      = "outscale.auth_required"      // no Authorization header
	codeSignatureInvalid  = "outscale.signature_invalid"  // any AK/SK signature failure
	codePasswordForbidden = "outscale.password_forbidden" // login/password on an AK/SK-only call
	codeUnknownParameter  = "outscale.unknown_parameter"  // a field the call does not have
	codeMissingParameter  = "outscale.missing_parameter"  // a required field is absent or empty
	codeMalformed         = "outscale.malformed"          // not JSON, or a field of the wrong type
	codeInvalidDate       = "outscale.invalid_date"       // not an ISO 8601 date or date-time
	codeUnknownOperation  = "outscale.unknown_operation"  // no such OAPI operation or ICU action
)

// oapiError is an error as the OAPI spells it: Errors[].Code and .Type, and
// the HTTP status.
type oapiError struct {
	Code   string
	Type   string
	Status int
}

// oapiByKind is the fallback for a code with no entry below.
var oapiByKind = map[fault.Kind]oapiError{
	fault.Invalid:         {"4000", "InvalidParameterValue", http.StatusBadRequest},
	fault.Policy:          {"4000", "InvalidParameterValue", http.StatusBadRequest},
	fault.TooLarge:        {"4000", "InvalidParameterValue", http.StatusBadRequest},
	fault.Unauthenticated: {"1", "AccessDenied", http.StatusUnauthorized},
	fault.Forbidden:       {"4", "AccessDenied", http.StatusUnauthorized},
	fault.NotFound:        {"5076", "InvalidResource", http.StatusBadRequest},
	fault.Conflict:        {"9000", "ResourceConflict", http.StatusConflict},
	fault.RateLimited:     {"6", "RequestLimitExceeded", http.StatusServiceUnavailable},
	fault.Unavailable:     {"2000", "InternalError", http.StatusServiceUnavailable},
	fault.Internal:        {"2000", "InternalError", http.StatusInternalServerError},
}

// oapiByCode maps the codes Outscale gives a number of its own (README.md
// says which numbers are observed and which are chosen here).
var oapiByCode = map[string]oapiError{
	codeAuthRequired:             {"1", "AccessDenied", http.StatusUnauthorized},
	codeSignatureInvalid:         {"1", "AccessDenied", http.StatusUnauthorized},
	"auth.invalid_access_key":    {"1", "AccessDenied", http.StatusUnauthorized},
	"auth.invalid_credentials":   {"1", "AccessDenied", http.StatusUnauthorized},
	codePasswordForbidden:        {"9", "AuthFailure", http.StatusUnauthorized},
	"auth.verification_required": {"9", "AuthFailure", http.StatusUnauthorized},
	"auth.access_key_locked":     {"13", "AccessDenied", http.StatusUnauthorized},
	"password.change_required":   {"20", "PasswordExpired", http.StatusUnauthorized},
	"password.same_as_current":   {"9074", "ResourceConflict", http.StatusConflict},
	"verify.token_invalid":       {"4000", "InvalidParameterValue", http.StatusBadRequest},
	codeUnknownParameter:         {"3001", "InvalidParameter", http.StatusBadRequest},
	codeMalformed:                {"3001", "InvalidParameter", http.StatusBadRequest},
	codeUnknownOperation:         {"3001", "InvalidParameter", http.StatusBadRequest},
	codeMissingParameter:         {"7000", "MissingParameter", http.StatusBadRequest},
	"validation.email":           {"4118", "InvalidParameterValue", http.StatusBadRequest},
	codeInvalidDate:              {"4123", "InvalidParameterValue", http.StatusBadRequest},
	"access_key.state_invalid":   {"4123", "InvalidParameterValue", http.StatusBadRequest},
	"access_key.expiry_past":     {"4123", "InvalidParameterValue", http.StatusBadRequest},
	"access_key.not_found":       {"5076", "InvalidResource", http.StatusBadRequest},
	"access_key.limit_exceeded":  {"10022", "TooManyResources (QuotaExceded)", http.StatusBadRequest},
	"email.taken":                {"9073", "ResourceConflict", http.StatusConflict},
}

// oapiByOperation holds the few codes one operation numbers differently.
var oapiByOperation = map[string]map[string]oapiError{
	"CheckAuthentication": {
		"auth.invalid_credentials": {"4120", "InvalidParameterValue", http.StatusBadRequest},
		codeMissingParameter:       {"3001", "InvalidParameter", http.StatusBadRequest},
	},
	"UpdateAccessKey": {
		"access_key.not_found": {"4122", "InvalidParameterValue", http.StatusBadRequest},
	},
}

// oapiErrorFor picks the wire error for fe raised by operation.
func oapiErrorFor(operation string, fe *fault.Error) oapiError {
	if e, ok := oapiByOperation[operation][fe.Code]; ok {
		return e
	}
	if e, ok := oapiByCode[fe.Code]; ok {
		return e
	}
	if e, ok := oapiByKind[fe.Kind]; ok {
		return e
	}
	return oapiByKind[fault.Internal]
}

// writeOAPIError answers with {"Errors":[...],"ResponseContext":...}.
// Internal errors are logged once, with the request ID, and answered with
// generic text.
func (h *handler) writeOAPIError(w http.ResponseWriter, r *http.Request, operation string, rc responseContext, err error) {
	fe := fault.As(err)
	e := oapiErrorFor(operation, fe)
	details := describeFault(fe)
	if fe.Kind == fault.Internal {
		h.log.Error("internal error", "request_id", rc.RequestID, "operation", operation, "err", err)
		details = "internal error"
	}
	setRetryAfter(w, fe)
	httpx.WriteJSONBare(w, e.Status, oapiContentType, errorResponse{
		Errors:          []wireErrorItem{{Code: e.Code, Type: e.Type, Details: details}},
		ResponseContext: rc,
	})
}

// icuError is an error as ICU spells it: {"__type","message"} and a status;
// Message, when set, replaces the fault's.
type icuError struct {
	Type    string
	Status  int
	Message string
}

var icuByKind = map[fault.Kind]icuError{
	fault.Invalid:         {Type: "IcuClientException", Status: http.StatusBadRequest},
	fault.Policy:          {Type: "PasswordPolicyViolation", Status: http.StatusBadRequest},
	fault.TooLarge:        {Type: "IcuClientException", Status: http.StatusBadRequest},
	fault.Unauthenticated: {Type: "AuthFailure", Status: http.StatusUnauthorized},
	fault.Forbidden:       {Type: "AccessDenied", Status: http.StatusForbidden},
	fault.NotFound:        {Type: "NoSuchEntity", Status: http.StatusBadRequest},
	fault.Conflict:        {Type: "IcuClientException", Status: http.StatusBadRequest},
	fault.RateLimited:     {Type: "Throttling", Status: http.StatusServiceUnavailable},
	fault.Unavailable:     {Type: "IcuServerException", Status: http.StatusServiceUnavailable},
	fault.Internal:        {Type: "IcuServerException", Status: http.StatusInternalServerError},
}

var icuByCode = map[string]icuError{
	"access_key.limit_exceeded": {Type: "LimitExceeded", Status: http.StatusBadRequest},
	"password.change_required":  {Type: "AuthFailure", Status: http.StatusUnauthorized},
	// What Outscale's ICU was seen answering once brute-force locked.
	"auth.access_key_locked": {Type: "IcuServerException", Status: http.StatusInternalServerError, Message: "Internal Error"},
}

// icuAuthFailure is the message Outscale's ICU gives every authentication failure.
const icuAuthFailure = "Outscale was not able to validate the provided access credentials. Invalid login/password or password has expired."

// writeICUError answers with {"__type","message"} and x-amz-requestid.
func (h *handler) writeICUError(w http.ResponseWriter, action, requestID string, err error) {
	fe := fault.As(err)
	e, ok := icuByCode[fe.Code]
	if !ok {
		if e, ok = icuByKind[fe.Kind]; !ok {
			e = icuByKind[fault.Internal]
		}
	}
	msg := describeFault(fe)
	switch {
	case fe.Kind == fault.Internal:
		h.log.Error("internal error", "request_id", requestID, "action", action, "err", err)
		msg = "Internal Error"
	case e.Message != "":
		msg = e.Message
	case e.Type == "AuthFailure":
		msg = icuAuthFailure
	}
	setRetryAfter(w, fe)
	w.Header().Set("x-amz-requestid", requestID)
	httpx.WriteJSONBare(w, e.Status, icuContentType, icuErrorBody{Type: e.Type, Message: msg})
}

func setRetryAfter(w http.ResponseWriter, fe *fault.Error) {
	if fe.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(fe.RetryAfter.Seconds()+0.5)))
	}
}

// describeFault is the text a client gets for fe: its message, or for a
// refused password every enforced rule that failed, by ID and wording, so
// that a client can name them all.
func describeFault(fe *fault.Error) string {
	if fe.Kind != fault.Policy {
		return fe.Message
	}
	var failed []string
	for _, r := range fe.Rules {
		if !r.Passed && !r.Warn {
			failed = append(failed, r.ID+" ("+ruleText(r)+")")
		}
	}
	if len(failed) == 0 {
		return fe.Message
	}
	return "the password does not meet the password policy; failed rules: " + strings.Join(failed, "; ")
}

// ruleText words a policy rule; the history rule as Outscale's ICU does.
func ruleText(r fault.Rule) string {
	if n, ok := r.Args["count"]; ok && r.ID == "history" {
		return fmt.Sprintf("Password must not match previous %v password(s)", n)
	}
	return r.Message
}
