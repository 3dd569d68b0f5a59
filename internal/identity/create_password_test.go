package identity_test

import (
	"context"
	"testing"

	"github.com/watchword/watchword/internal/breach"
	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/testkit"
)

// TestCreateRunsWholePolicy is hole 10 of issue 11 in the core: creating
// an account (admin create-account, --bootstrap-*) or a user took a common
// password, because creation ran the policy without its dictionaries. Both
// now run the whole policy, as every other password set does.
func TestCreateRunsWholePolicy(t *testing.T) {
	filter, err := breach.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := testkit.MustServices(t, testkit.Options{Blocklist: filter})
	for _, pw := range []string{"password1", "Qwerty123", "P@ssw0rd"} {
		t.Run("ErrAccount"+pw, func(t *testing.T) {
			_, _, err := c.Services.Accounts.Create(context.Background(), identity.NewAccount{Name: "weak", Email: "root@weak.test", Password: pw})
			if fault.CodeOf(err) != "password.in_global_dictionary" || len(fault.As(err).Rules) == 0 {
				t.Fatalf("got %v, want password.in_global_dictionary with its rules", err)
			}
		})
		t.Run("ErrUser"+pw, func(t *testing.T) {
			_, err := c.Services.Users.Create(c.RootCtx, identity.NewUser{Name: "weak", Email: "weak@acme.test", Password: pw})
			if fault.CodeOf(err) != "password.in_global_dictionary" {
				t.Fatalf("got %v, want password.in_global_dictionary", err)
			}
		})
	}
	if _, _, err := c.Services.Accounts.Create(context.Background(), identity.NewAccount{Name: "strong", Email: "root@strong.test",
		Password: "Marble-Orchid-Lantern-8"}); err != nil {
		t.Fatal(err)
	}
}
