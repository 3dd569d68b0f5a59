package password_test

import (
	"testing"

	"github.com/watchword/watchword/internal/breach"
	"github.com/watchword/watchword/internal/password"
)

// TestDefaultPolicyRefusesNameAndCommonVariants: the default policy with the
// bundled common-password list refuses what issue 18 found it accepting for
// an account named demo, and still accepts a passphrase.
func TestDefaultPolicyRefusesNameAndCommonVariants(t *testing.T) {
	global, err := breach.Default()
	if err != nil {
		t.Fatal(err)
	}
	demo := password.Subject{Username: "demo", AccountName: "demo", Email: "ops@demo.example"}
	tests := []struct {
		pw     string
		failed []string
	}{
		{"demo1234", []string{"not_username", "global_dictionary"}},
		{"omed-omed", []string{"not_username"}},
		{"Omed-Demo-2026", []string{"not_username"}},
		{"sunshine2024!", []string{"global_dictionary"}},
		{"Tr0ubadour-Horse-Staple", nil},
	}
	for _, tt := range tests {
		t.Run(tt.pw, func(t *testing.T) {
			ev := password.DefaultPolicy().EvaluateWith(tt.pw, demo, password.Dictionaries{Global: global})
			var failed []string
			for _, r := range ev.Failed() {
				failed = append(failed, r.ID)
			}
			if len(failed) != len(tt.failed) {
				t.Fatalf("failed rules %v, want %v", failed, tt.failed)
			}
			for i := range failed {
				if failed[i] != tt.failed[i] {
					t.Fatalf("failed rules %v, want %v", failed, tt.failed)
				}
			}
		})
	}
}
