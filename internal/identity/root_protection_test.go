package identity_test

import (
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/testkit"
)

// TestRootProtectedFromIAMAdmins: an IAM administrator may manage users, but
// nothing that would let it take the root user over — its login
// verification, its MFA device, its attributes.
func TestRootProtectedFromIAMAdmins(t *testing.T) {
	c := testkit.MustServices(t, testkit.Options{})
	const pw = "Admin-Battery-42"
	if _, err := c.Services.Users.Create(c.RootCtx, identity.NewUser{Name: "ops", Email: "ops@acme.test", Admin: true, Password: pw}); err != nil {
		t.Fatal(err)
	}
	admin, _ := c.MustLogin(t, identity.LoginInput{AccountName: "acme", UserName: "ops", Password: pw})
	root := c.Root.ID
	name := "x"
	tests := []struct {
		name string
		call func() error
	}{
		{"LoginVerificationSetFor", func() error { _, err := c.Services.LoginVerification.SetFor(admin, root, "email"); return err }},
		{"CreateVirtualDevice", func() error { _, err := c.Services.MFA.CreateVirtualDevice(admin, root, ""); return err }},
		{"UnbindDevice", func() error { return c.Services.MFA.UnbindDevice(admin, root, "any", "") }},
		{"UpdateDetail", func() error {
			_, err := c.Services.Users.UpdateDetail(admin, root, identity.UserChange{User: identity.UserUpdate{DisplayName: &name}})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run("Err"+tt.name, func(t *testing.T) {
			if err := tt.call(); fault.CodeOf(err) != "user.root_protected" {
				t.Fatalf("got %v, want user.root_protected", err)
			}
		})
	}
}
