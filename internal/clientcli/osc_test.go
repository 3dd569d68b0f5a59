package clientcli

import (
	"errors"
	"reflect"
	"testing"

	"github.com/spf13/cobra"
)

// TestParseOSC reads osc-cli's argument style: --Name value and
// --Name=value, JSON for lists and objects, booleans, and the command's own
// lower-case options; anything else is a usage error.
func TestParseOSC(t *testing.T) {
	c := &cobra.Command{Use: "api"}
	call, help, err := parseOSC(c, apiOps, []string{"UpdateAccessKey", "--AccessKeyId", "AK1", "--State=INACTIVE",
		"--Filters", `{"States": ["ACTIVE"]}`, "--DryRun", "true", "--Tag", "123", "--profile", "work", "--endpoint=http://x",
		"--password-stdin", "--authentication-method", "password", "--login", "acme", "-o", "json"})
	if err != nil || help {
		t.Fatal(err, help)
	}
	want := map[string]any{"AccessKeyId": "AK1", "State": "INACTIVE", "Filters": map[string]any{"States": []any{"ACTIVE"}},
		"DryRun": true, "Tag": "123"}
	if call.op.name != "UpdateAccessKey" || !reflect.DeepEqual(call.params, want) || call.profile != "work" ||
		call.endpoint != "http://x" || !call.src.stdin || call.authMethod != "password" || call.login != "acme" {
		t.Fatalf("parsed %+v", call)
	}
	if call, _, err := parseOSC(c, icuOps, []string{"ListAccessKeys", "--MaxItems", "5"}); err != nil || call.params["MaxItems"] != 5 {
		t.Fatalf("MaxItems: %+v %v", call, err)
	}
	if _, help, _ := parseOSC(c, apiOps, []string{"ReadAccounts", "--help"}); !help {
		t.Fatal("--help not seen")
	}
	for _, args := range [][]string{
		{}, {"NoSuchOperation"}, {"ReadAccounts", "extra"}, {"ReadAccounts", "--FirstName"}, {"ReadAccounts", "--lower", "x"},
		{"ReadAccounts", "--Filters", "{not json"}, {"ReadAccounts", "--authentication-method", "magic"},
		{"ListAccessKeys", "--MaxItems", "many"}, {"ReadAccounts", "-o", "yaml"},
	} {
		_, _, err := parseOSC(c, append(apiOps, oscOp{name: "ListAccessKeys"}), args)
		var u *UsageError
		if !errors.As(err, &u) || ExitCode(err) != ExitUsage {
			t.Errorf("%q: want a usage error, got %v", args, err)
		}
	}
}
