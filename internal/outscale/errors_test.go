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
