package keystone

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
)

func TestKeystoneMessage(t *testing.T) {
	rules := func(ids ...string) []fault.Rule {
		var out []fault.Rule
		for _, id := range ids {
			out = append(out, fault.Rule{ID: id, Message: "rule " + id, Args: map[string]any{"count": 4, "minutes": 1441}})
		}
		return out
	}
	tests := []struct {
		name string
		err  *fault.Error
		want string
	}{
		{"Unauthenticated", fault.New(fault.Unauthenticated, "password.current_invalid", "wrong"), msgUnauthorized},
		{"Forbidden", fault.New(fault.Forbidden, "password.not_own", "no"), "You are not authorized to perform the requested action: identity:change_password."},
		{"UserNotFound", fault.New(fault.NotFound, "user.not_found", "no"), "Could not find user: u1."},
		{"RouteNotFound", fault.New(fault.NotFound, "route.not_found", "no"), msgNoRoute},
		{"TooLarge", fault.New(fault.TooLarge, "request.too_large", "big"), msgTooLarge},
		{"Unavailable", fault.New(fault.Unavailable, "hash.busy", "busy"), msgUnavailable},
		{"Internal", fault.New(fault.Internal, "store.error", "secret detail"), msgUnexpected},
		{"Conflict", fault.New(fault.Conflict, "user.name_taken", "a user with this name already exists"), "Conflict occurred attempting to store user - a user with this name already exists."},
		{"Rules", &fault.Error{Kind: fault.Policy, Code: "password.policy", Rules: rules("min_length", "char_types")}, "The password does not match the requirements: rule min_length; rule char_types."},
		{"RulesBeforeHistory", &fault.Error{Kind: fault.Policy, Code: "password.policy", Rules: rules("min_length", "history")}, "The password does not match the requirements: rule min_length."},
		{"History", &fault.Error{Kind: fault.Policy, Code: "password.policy", Rules: rules("history")}, "The new password cannot be identical to a previous password. The total number which includes the new password must be unique is 4."},
		{"MinAge", &fault.Error{Kind: fault.Policy, Code: "password.min_age", Rules: rules("min_age")}, "it must be used for 2 day(s) before it can be changed. Please try again in 2 day(s)"},
		{"Same", fault.New(fault.Policy, "password.same_as_current", "same"), "Password validation error: The new password must be different from the old password."},
		{"FaceText", fault.New(fault.Invalid, "keystone.schema", "Invalid input for field 'user': x"), "Invalid input for field 'user': x"},
		{"CoreField", fault.New(fault.Invalid, "validation.name", "name must be short").WithField("name"), "Invalid input for field 'name': name must be short"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/v3/users/u1/password", nil)
			r.SetPathValue("user_id", "u1")
			r = r.WithContext(withRoute(r.Context(), routeInfo{action: "identity:change_password"}))
			status := httpx.Status(tt.err.Kind)
			if got := keystoneMessage(status, tt.err, r); !strings.Contains(got, tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHuaweiBody(t *testing.T) {
	tests := []struct {
		name   string
		err    *fault.Error
		status int
		code   string
		msg    string
	}{
		{"Field", fault.New(fault.Invalid, "password.policy_invalid", "x").WithField("minimum_password_length"), 400, "IAM.0007", "Request parameter minimum_password_length is invalid."},
		{"Body", fault.New(fault.Invalid, "keystone.body", "x"), 400, "IAM.0011", "Request body is invalid."},
		{"Missing", fault.New(fault.Invalid, "huawei.missing", "x"), 400, "1100", "Mandatory parameters are not specified."},
		{"Same", fault.New(fault.Policy, "password.same_as_current", "x"), 400, "1108", "The new password must be different from the old password."},
		{"Weak", &fault.Error{Kind: fault.Policy, Code: "password.policy", Rules: []fault.Rule{{ID: "min_length", Message: "At least 8 characters"}}}, 400, "1118", "The password is weak: At least 8 characters."},
		{"NameTaken", fault.New(fault.Conflict, "user.name_taken", "x"), 400, "1109", "The username already exists."},
		{"OtherConflict", fault.New(fault.Conflict, "mfa.already_bound", "bound"), 409, "IAM.0002", "Conflict occurred attempting to store mfa - bound."},
		{"Unauthenticated", fault.New(fault.Unauthenticated, "auth.invalid_token", "x"), 401, "IAM.0001", msgUnauthorized},
		{"Forbidden", fault.New(fault.Forbidden, "auth.admin_required", "x"), 403, "IAM.0003", "Policy doesn't allow iam:users:updateUser to be performed."},
		{"NotFound", fault.New(fault.NotFound, "user.not_found", "x"), 404, "IAM.0004", "Could not find user: u1."},
		{"Code", fault.New(fault.Invalid, "verify.code_invalid", "x"), 400, "IAM.0007", "Request parameter code is invalid."},
		{"Internal", fault.New(fault.Internal, "store.error", "secret"), 500, "IAM.0006", msgUnexpected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("PUT", "/v3.0/OS-USER/users/u1", nil)
			r.SetPathValue("user_id", "u1")
			r = r.WithContext(withRoute(r.Context(), routeInfo{action: "iam:users:updateUser"}))
			status, body := huaweiBody(httpx.Status(tt.err.Kind), tt.err, r)
			if status != tt.status || body.ErrorCode != tt.code || body.ErrorMsg != tt.msg {
				t.Fatalf("got %d %+v, want %d %s %q", status, body, tt.status, tt.code, tt.msg)
			}
		})
	}
}

func TestDecode(t *testing.T) {
	type inner struct {
		Password *string `json:"password"`
	}
	tests := []struct {
		name   string
		ct     string
		body   string
		strict bool
		kind   fault.Kind
		want   string
	}{
		{"OK", "application/json;charset=utf8", `{"password":"x"}`, true, "", ""},
		{"NoContentType", "", `{"password":"x"}`, true, "", ""},
		{"ContentType", "text/plain", `{}`, true, fault.Invalid, "Expecting to find application/json in Content-Type header."},
		{"Malformed", "application/json", `{"password":`, true, fault.Invalid, "Expecting to find valid JSON in request body."},
		{"Empty", "application/json", ``, true, fault.Invalid, "Expecting to find valid JSON in request body."},
		{"Trailing", "application/json", `{} {}`, true, fault.Invalid, "Expecting to find valid JSON in request body."},
		{"Type", "application/json", `{"password":1}`, true, fault.Invalid, "Invalid input for field 'password': expected string, got number"},
		{"Unknown", "application/json", `{"x":1}`, true, fault.Invalid, "Additional properties are not allowed ('x' was unexpected)"},
		{"UnknownLenient", "application/json", `{"x":1}`, false, "", ""},
		{"TooLarge", "application/json", `{"password":"` + strings.Repeat("a", 100) + `"}`, true, fault.TooLarge, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/", strings.NewReader(tt.body))
			if tt.ct != "" {
				r.Header.Set("Content-Type", tt.ct)
			}
			var dst inner
			err := decode(r, 64, &dst, tt.strict)
			if fault.KindOf(err) != tt.kind || (tt.want != "" && !strings.Contains(fault.As(err).Message, tt.want)) {
				t.Fatalf("got %v, want %s %q", err, tt.kind, tt.want)
			}
		})
	}
}
