package fault_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/watchword/watchword/internal/fault"
)

func TestKindAndCode(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		wantKind fault.Kind
		wantCode string
	}{
		{"Nil", nil, "", ""},
		{"Fault", fault.New(fault.Policy, "password.same_as_current", "differ"), fault.Policy, "password.same_as_current"},
		{"Wrapped", fmt.Errorf("saving: %w", fault.New(fault.Conflict, "user.name_taken", "taken")), fault.Conflict, "user.name_taken"},
		{"Foreign", io.ErrUnexpectedEOF, fault.Internal, "internal"},
		{"ForeignContext", context.Canceled, fault.Internal, "internal"},
		{"WrapIsInternal", fault.Wrap(io.EOF, "store.read"), fault.Internal, "store.read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fault.KindOf(tt.err); got != tt.wantKind {
				t.Errorf("KindOf = %q, want %q", got, tt.wantKind)
			}
			if got := fault.CodeOf(tt.err); got != tt.wantCode {
				t.Errorf("CodeOf = %q, want %q", got, tt.wantCode)
			}
			if tt.err != nil && !fault.Is(tt.err, tt.wantKind) {
				t.Errorf("Is(%q) = false", tt.wantKind)
			}
		})
	}
	if fault.Is(nil, fault.Internal) {
		t.Error("Is(nil, Internal) = true: a nil error has no kind")
	}
}

func TestAsKeepsTheCause(t *testing.T) {
	cause := errors.New("disk full")
	err := fmt.Errorf("write: %w", fault.Wrap(cause, "store.write"))
	if !errors.Is(err, cause) {
		t.Fatal("errors.Is lost the cause through Wrap")
	}
	fe := fault.As(err)
	if fe.Kind != fault.Internal || fe.Message != "internal error" {
		t.Fatalf("As = %+v: an internal error must carry only generic text", fe)
	}
	foreign := fault.As(cause)
	if foreign.Err != cause || foreign.Code != "internal" {
		t.Fatalf("As(foreign) = %+v, want it wrapped as internal", foreign)
	}
	if fault.As(nil) != nil {
		t.Fatal("As(nil) != nil")
	}
}

func TestErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  *fault.Error
		want string
	}{
		{"OK", fault.New(fault.Invalid, "validation.email", "not an email address"), "validation.email: not an email address"},
		{"OKFormatted", fault.Newf(fault.Invalid, "verify.qr_size", "size must be %d-%d", 64, 1024), "verify.qr_size: size must be 64-1024"},
		{"OKWithCause", fault.Wrap(io.EOF, "store.read"), "store.read: internal error: EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Fatalf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWithField(t *testing.T) {
	err := fault.New(fault.Invalid, "validation.required", "required").WithField("email")
	if err.Field != "email" || fault.As(error(err)).Field != "email" {
		t.Fatalf("Field = %q", err.Field)
	}
}
