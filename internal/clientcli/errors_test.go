package clientcli

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/api/client"
)

// TestDescribe renders a problem with its code, status, field, every failed
// rule (not those that passed or only warned) and Retry-After.
func TestDescribe(t *testing.T) {
	p := &client.Error{Status: 400, Code: "password.policy", Detail: "the password does not meet the password policy", Field: "new_password",
		RetryAfter: "30", Rules: []client.Rule{
			{ID: "min_length", Message: "At least 12 characters"}, {ID: "max_length", Passed: true, Message: "At most 128"},
			{ID: "char_types", Message: "At least 3 types"}, {ID: "strength", Warn: true, Message: "weak"},
		}}
	got := Describe(fmt.Errorf("wrapped: %w", p))
	want := "the password does not meet the password policy (password.policy, HTTP 400)\n  field: new_password\n" +
		"  failed rule min_length: At least 12 characters\n  failed rule char_types: At least 3 types\n  retry after 30 seconds"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if Describe(errors.New("plain")) != "plain" || ExitCode(p) != ExitFailure || ExitCode(nil) != 0 {
		t.Fatal("plain errors and exit codes")
	}
	if got := Report(&jsonProblem{p}); got[0] != '{' || !strings.Contains(got, `"code":"password.policy"`) || !strings.Contains(got, `"id":"char_types"`) {
		t.Fatalf("Report under -o json: %s", got)
	}
	if got := Report(p); !strings.HasPrefix(got, "watchword: the password") {
		t.Fatalf("Report: %s", got)
	}
	s := &settings{name: "work"}
	var ln *loginNeeded
	if err := s.check(&client.Error{Status: 401, Code: "auth.invalid_token"}); !errors.As(err, &ln) {
		t.Fatalf("a refused token: %v", err)
	}
	if err := s.check(&client.Error{Status: 401, Code: "password.current_invalid"}); errors.As(err, &ln) {
		t.Fatalf("a wrong current password is not a login problem: %v", err)
	}
}
