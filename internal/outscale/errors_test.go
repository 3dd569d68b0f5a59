package outscale

import (
	"errors"
	"testing"

	"github.com/watchword/watchword/internal/fault"
)

func TestOAPIErrorFor(t *testing.T) {
	tests := []struct {
		name      string
		operation string
		err       error
		want      oapiError
	}{
		{"bad email", "UpdateAccount", fault.New(fault.Invalid, "validation.email", ""), oapiError{"4118", "InvalidParameterValue", 400}},
		{"email taken", "UpdateAccount", fault.New(fault.Conflict, "email.taken", ""), oapiError{"9073", "ResourceConflict", 409}},
		{"unknown parameter", "UpdateAccount", fault.New(fault.Invalid, codeUnknownParameter, ""), oapiError{"3001", "InvalidParameter", 400}},
		{"missing parameter", "DeleteAccessKey", fault.New(fault.Invalid, codeMissingParameter, ""), oapiError{"7000", "MissingParameter", 400}},
		{"missing login", "CheckAuthentication", fault.New(fault.Invalid, codeMissingParameter, ""), oapiError{"3001", "InvalidParameter", 400}},
		{"wrong password, check", "CheckAuthentication", fault.New(fault.Unauthenticated, "auth.invalid_credentials", ""), oapiError{"4120", "InvalidParameterValue", 400}},
		{"wrong password, basic", "ReadAccessKeys", fault.New(fault.Unauthenticated, "auth.invalid_credentials", ""), oapiError{"1", "AccessDenied", 401}},
		{"bad signature", "ReadAccounts", fault.New(fault.Unauthenticated, codeSignatureInvalid, ""), oapiError{"1", "AccessDenied", 401}},
		{"password not allowed", "ReadAccounts", fault.New(fault.Unauthenticated, codePasswordForbidden, ""), oapiError{"9", "AuthFailure", 401}},
		{"unknown key, update", "UpdateAccessKey", fault.New(fault.NotFound, "access_key.not_found", ""), oapiError{"4122", "InvalidParameterValue", 400}},
		{"unknown key, delete", "DeleteAccessKey", fault.New(fault.NotFound, "access_key.not_found", ""), oapiError{"5076", "InvalidResource", 400}},
		{"bad state", "UpdateAccessKey", fault.New(fault.Invalid, "access_key.state_invalid", ""), oapiError{"4123", "InvalidParameterValue", 400}},
		{"login verification on", "ReadAccessKeys", fault.New(fault.Unauthenticated, "auth.verification_required", ""), oapiError{"9", "AuthFailure", 401}},
		{"bad keys locked out", "ReadAccounts", fault.New(fault.RateLimited, "auth.access_key_locked", ""), oapiError{"13", "AccessDenied", 401}},
		{"expired password", "CheckAuthentication", fault.New(fault.Forbidden, "password.change_required", ""), oapiError{"20", "PasswordExpired", 401}},
		{"reset to the current password", "ResetAccountPassword", fault.New(fault.Policy, "password.same_as_current", ""), oapiError{"9074", "ResourceConflict", 409}},
		{"reset with a bad token", "ResetAccountPassword", fault.New(fault.Invalid, "verify.token_invalid", ""), oapiError{"4000", "InvalidParameterValue", 400}},
		{"weak password", "ResetAccountPassword", fault.New(fault.Policy, "password.policy", ""), oapiError{"4000", "InvalidParameterValue", 400}},
		{"reset requests limited", "SendResetPasswordEmail", fault.New(fault.RateLimited, "rate_limit.exceeded", ""), oapiError{"6", "RequestLimitExceeded", 503}},
		{"forbidden falls back to its kind", "UpdateAccount", fault.New(fault.Forbidden, "auth.admin_required", ""), oapiError{"4", "AccessDenied", 401}},
		{"foreign error is internal", "ReadAccounts", errors.New("boom"), oapiError{"2000", "InternalError", 500}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := oapiErrorFor(tt.operation, fault.As(tt.err)); got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDescribeFault(t *testing.T) {
	rules := []fault.Rule{
		{ID: "min_length", Passed: false, Message: "At least 17 characters"},
		{ID: "char_types", Passed: true, Message: "At least 2 of these character types"},
		{ID: "local_dictionary", Passed: false, Warn: true, Message: "Not in the account's list"},
		{ID: "history", Passed: false, Message: "Not one of your last 10 passwords", Args: map[string]any{"count": 10}},
	}
	tests := []struct {
		name string
		err  *fault.Error
		want string
	}{
		{"not a policy fault", fault.New(fault.Invalid, "verify.token_invalid", "This link is not valid"), "This link is not valid"},
		{"policy without rules", fault.New(fault.Policy, "password.same_as_current", "must differ"), "must differ"},
		{"failed enforced rules only, history in Outscale's words", &fault.Error{Kind: fault.Policy, Code: "password.policy", Message: "x", Rules: rules},
			"the password does not meet the password policy; failed rules: min_length (At least 17 characters); " +
				"history (Password must not match previous 10 password(s))"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := describeFault(tt.err); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}
