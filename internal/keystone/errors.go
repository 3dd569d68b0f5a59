package keystone

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
)

// Keystone's fixed messages (keystone/exception.py). Every 401 carries the
// same one: Keystone hides the detail of a SecurityError, and so do we, so
// that no 401 tells an unknown user from a wrong password or a lockout.
const (
	msgUnauthorized   = "The request you have made requires authentication."
	msgUnexpected     = "An unexpected error prevented the server from fulfilling your request."
	msgTooLarge       = "Request is too large."
	msgForbiddenFmt   = "You are not authorized to perform the requested action: %s."
	msgNotFoundFmt    = "Could not find %s: %s."
	msgRequirementFmt = "The password does not match the requirements: %s."
	msgValidationFmt  = "Password validation error: %s."
	msgHistoryFmt     = "The new password cannot be identical to a previous password. The total number which includes the new password must be unique is %d."
	msgAgeFmt         = "You cannot change your password at this time due to the minimum password age. Once you change your password, it must be used for %d day(s) before it can be changed. Please try again in %d day(s) or contact your administrator to reset your password."
	msgExpectingFmt   = "Expecting to find %s in %s. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error."
	msgConflictFmt    = "Conflict occurred attempting to store %s - %s."
	msgUnavailable    = "The service is temporarily unavailable. Please retry later."
	msgRateLimited    = "Too many requests. Please retry later."
	msgNoRoute        = "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again."
	msgNoMethod       = "The method is not allowed for the requested URL."
	// The scope refusals add why to the 401: they come only after the
	// password passed (or before any credential is looked at), so they
	// tell nothing a guesser could use.
	msgScopeInvalid     = msgUnauthorized + " The requested scope is not available to this user: its only domain is its account, whose one project has the account's ID and name."
	msgScopeUnsupported = msgUnauthorized + " System and trust scopes do not exist here: scope the token to the user's domain or project (both are its account)."
)

// keystoneError is Keystone's error body.
type keystoneError struct {
	Error keystoneErrorBody `json:"error"`
}

type keystoneErrorBody struct {
	Code    int    `json:"code"`
	Title   string `json:"title"`
	Message string `json:"message"`
}

// huaweiError is Huawei IAM's error body.
type huaweiError struct {
	ErrorMsg  string `json:"error_msg"`
	ErrorCode string `json:"error_code"`
}

// routeInfo is what the route table tells the error writer about a request.
type routeInfo struct {
	action string // the policy action named by 403 answers
}

type routeKey struct{}

func withRoute(ctx context.Context, ri routeInfo) context.Context {
	return context.WithValue(ctx, routeKey{}, ri)
}

func routeOf(ctx context.Context) routeInfo {
	ri, _ := ctx.Value(routeKey{}).(routeInfo)
	return ri
}

// isHuawei reports whether r is on Huawei's /v3.0 extensions, or signed
// with Huawei's AK/SK signature (only Huawei's SDK and KooCLI sign so),
// which answer errors in Huawei's format.
func isHuawei(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/v3.0/") || isSDKSigned(r) }

// writeError answers err in the request's flavour. Internal errors are logged
// once, with the request ID, and answered with generic text.
func (h *handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	fe := fault.As(err)
	status := httpx.Status(fe.Kind)
	if fe.Kind == fault.Internal {
		h.log.Error("internal error", "request_id", r.Header.Get("X-Request-Id"), "method", r.Method, "path", r.URL.Path, "err", err)
	}
	httpx.SetRetryAfter(w.Header(), fe.RetryAfter)
	if isHuawei(r) {
		status, body := huaweiBody(status, fe, r)
		reply(w, status, body)
		return
	}
	if strings.HasPrefix(fe.Code, "verify.") {
		// A wrong, used or expired passcode fails authentication, as
		// Keystone's totp plugin answers it.
		status = http.StatusUnauthorized
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Keystone uri="`+h.baseURL(r)+`"`)
	}
	reply(w, status, keystoneError{Error: keystoneErrorBody{Code: status, Title: http.StatusText(status),
		Message: keystoneMessage(status, fe, r)}})
}

// keystoneMessage is the message Keystone gives for fe.
func keystoneMessage(status int, fe *fault.Error, r *http.Request) string {
	switch status {
	case http.StatusUnauthorized:
		switch fe.Code {
		case "auth.scope_invalid":
			return msgScopeInvalid
		case "auth.scope_unsupported":
			return msgScopeUnsupported
		}
		return msgUnauthorized
	case http.StatusForbidden:
		return fmt.Sprintf(msgForbiddenFmt, routeOf(r.Context()).action)
	case http.StatusNotFound:
		return notFoundMessage(fe, r)
	case http.StatusRequestEntityTooLarge:
		return msgTooLarge
	case http.StatusServiceUnavailable:
		return msgUnavailable
	case http.StatusTooManyRequests:
		return msgRateLimited
	case http.StatusInternalServerError:
		return msgUnexpected
	case http.StatusConflict:
		return fmt.Sprintf(msgConflictFmt, conflictTarget(fe.Code), fe.Message)
	}
	if fe.Kind == fault.Policy {
		return policyMessage(fe)
	}
	if strings.HasPrefix(fe.Code, "keystone.") {
		return fe.Message // the face's own decoding errors already carry Keystone's text
	}
	if fe.Field != "" {
		return fmt.Sprintf("Invalid input for field '%s': %s", fe.Field, fe.Message)
	}
	return fe.Message
}

// notFoundMessage names what was not found, as Keystone's NotFound
// subclasses do: "Could not find user: <id>.", "Could not find token: <id>.".
func notFoundMessage(fe *fault.Error, r *http.Request) string {
	switch fe.Code {
	case "route.not_found":
		return msgNoRoute
	case "token.not_found":
		return fmt.Sprintf(msgNotFoundFmt, "token", r.Header.Get("X-Subject-Token"))
	}
	target, _, _ := strings.Cut(fe.Code, ".")
	return fmt.Sprintf(msgNotFoundFmt, target, pathID(r))
}

// pathID is the resource ID named by the request path, if any.
func pathID(r *http.Request) string {
	for _, name := range []string{"user_id", "domain_id", "project_id"} {
		if v := r.PathValue(name); v != "" {
			return v
		}
	}
	return ""
}

// policyMessage renders a refused password as Keystone's password errors do,
// naming every failed rule.
func policyMessage(fe *fault.Error) string {
	switch fe.Code {
	case "password.same_as_current":
		return fmt.Sprintf(msgValidationFmt, "The new password must be different from the old password")
	case "password.min_age":
		minutes := ruleArg(fe.Rules, "min_age", "minutes")
		days := (minutes + 24*60 - 1) / (24 * 60)
		return fmt.Sprintf(msgAgeFmt, days, days)
	}
	var failed []string
	history := false
	for _, rule := range fe.Rules {
		if rule.Passed || rule.Warn {
			continue
		}
		if rule.ID == "history" {
			history = true
			continue
		}
		failed = append(failed, rule.Message)
	}
	if len(failed) == 0 && history {
		return fmt.Sprintf(msgHistoryFmt, ruleArg(fe.Rules, "history", "count"))
	}
	if len(failed) == 0 {
		return fmt.Sprintf(msgValidationFmt, strings.TrimSuffix(fe.Message, "."))
	}
	return fmt.Sprintf(msgRequirementFmt, strings.Join(failed, "; "))
}

// ruleArg reads an integer argument of a rule.
func ruleArg(rules []fault.Rule, id, arg string) int {
	for _, r := range rules {
		if r.ID == id {
			switch v := r.Args[arg].(type) {
			case int:
				return v
			case float64:
				return int(v)
			}
		}
	}
	return 0
}

// conflictTarget names the entity of a Conflict code ("user.name_taken" → "user").
func conflictTarget(code string) string {
	target, _, _ := strings.Cut(code, ".")
	return target
}

// huaweiBody is Huawei IAM's answer for fe. Huawei answers some conflicts
// and refused passwords with 400 and a numeric user-management code
// (api-iam iam_02_0006), so the status may change.
func huaweiBody(status int, fe *fault.Error, r *http.Request) (int, huaweiError) {
	if msg, ok := signatureMessage(fe); ok {
		return http.StatusUnauthorized, huaweiError{msgIAMAuth + msg, "APIGW.0301"}
	}
	switch fe.Code {
	case "user.name_taken":
		return http.StatusBadRequest, huaweiError{"The username already exists.", "1109"}
	case "email.taken":
		return http.StatusBadRequest, huaweiError{"The email address has already been used.", "1110"}
	case "mobile.taken":
		return http.StatusBadRequest, huaweiError{"The mobile number has already been used.", "1111"}
	case "password.same_as_current":
		return status, huaweiError{"The new password must be different from the old password.", "1108"}
	case "password.current_invalid":
		return http.StatusBadRequest, huaweiError{"Incorrect password.", "1103"}
	case "validation.email":
		return status, huaweiError{"Invalid email address.", "1102"}
	case "validation.mobile":
		return status, huaweiError{"Invalid mobile number.", "1104"}
	case "validation.name":
		return status, huaweiError{"Invalid username.", "1101"}
	case "huawei.areacode_phone":
		return status, huaweiError{"The country code and mobile number must be set at the same time.", "1106"}
	case "user.root_protected":
		return status, huaweiError{"The account administrator cannot be deleted.", "1107"}
	}
	switch fe.Kind {
	case fault.Policy:
		return status, huaweiError{"The password is weak: " + strings.TrimPrefix(policyMessage(fe), "The password does not match the requirements: "), "1118"}
	case fault.Invalid:
		switch {
		case strings.HasPrefix(fe.Code, "verify.") && fe.Field == "":
			param := "code"
			if strings.Contains(r.URL.Path, "/OS-MFA/") {
				param = "authentication_code"
			}
			return status, huaweiError{"Request parameter " + param + " is invalid.", "IAM.0007"}
		case fe.Code == "huawei.missing":
			return status, huaweiError{"Mandatory parameters are not specified.", "1100"}
		case fe.Field != "":
			return status, huaweiError{"Request parameter " + fe.Field + " is invalid.", "IAM.0007"}
		}
		return status, huaweiError{"Request body is invalid.", "IAM.0011"}
	case fault.Unauthenticated:
		return status, huaweiError{msgUnauthorized, "IAM.0001"}
	case fault.Forbidden:
		return status, huaweiError{"Policy doesn't allow " + routeOf(r.Context()).action + " to be performed.", "IAM.0003"}
	case fault.NotFound:
		if fe.Code == "route.not_found" {
			return status, huaweiError{"Could not find resource: " + r.URL.Path + ".", "IAM.0004"}
		}
		target, _, _ := strings.Cut(fe.Code, ".")
		return status, huaweiError{fmt.Sprintf(msgNotFoundFmt, target, pathID(r)), "IAM.0004"}
	case fault.Conflict:
		return status, huaweiError{fmt.Sprintf(msgConflictFmt, conflictTarget(fe.Code), fe.Message), "IAM.0002"}
	case fault.TooLarge:
		return status, huaweiError{msgTooLarge, "IAM.0011"}
	case fault.RateLimited:
		return status, huaweiError{msgRateLimited, "IAM.0010"}
	case fault.Unavailable:
		return status, huaweiError{msgUnavailable, "IAM.0012"}
	}
	return http.StatusInternalServerError, huaweiError{msgUnexpected, "IAM.0006"}
}

// msgIAMAuth starts every refusal of an AK/SK signature, as Huawei's API
// gateway words them (APIGW.0301, 401).
const msgIAMAuth = "Incorrect IAM authentication information: "

// signatureMessage is the detail of a refused AK/SK signature. Once the key
// is looked up every failure reads the same (Huawei's gateway says "ak …
// not exist" for an unknown key, which would tell which keys exist); the
// lockout keeps Huawei's 401 and wording, with Retry-After.
func signatureMessage(fe *fault.Error) (string, bool) {
	switch fe.Code {
	case codeSignature, "auth.request_time_skewed", "auth.request_replayed":
		return fe.Message, true
	case "auth.invalid_access_key":
		return "verify aksk signature fail", true
	case "auth.access_key_locked":
		return "AK access failed to reach the limit,forbidden", true
	}
	return "", false
}

// reply answers v as JSON (httpx.WriteJSON). What the face answers depends
// on the token sent, which caches must know.
func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Add("Vary", "X-Auth-Token")
	httpx.WriteJSON(w, status, "", v)
}
