package identity_test

import (
	"context"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// deviceRemovingStore removes the user's virtual MFA device just before
// the core's login verification write: a device unbound between the core's
// check and its write, made certain.
type deviceRemovingStore struct {
	identity.Store
	db *sqldb.DB
}

func (s *deviceRemovingStore) SetLoginVerification(ctx context.Context, w identity.LoginVerificationWrite) error {
	if err := s.db.DeleteMFADevice(ctx, identity.MFARemoval{UserID: w.UserID}); err != nil {
		return err
	}
	return s.Store.SetLoginVerification(ctx, w)
}

// TestTOTPVerificationNeedsTheDeviceAtWrite: the core requires an active
// device for totp in the write itself, so a device removed after the core
// checked it leaves the method unchanged rather than one no code can pass.
func TestTOTPVerificationNeedsTheDeviceAtWrite(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	alice, actx := c.mustAlice(t)
	c.mustBind(t, actx)
	svc := identity.New(identity.Deps{Store: &deviceRemovingStore{Store: c.db, db: c.db}, Clock: c.fx.Now, Hasher: c.fx.Pool,
		Keyring: c.fx.Keyring})
	_, err := svc.LoginVerification.SetFor(c.admin, alice.ID, identity.VerifyTOTP)
	wantFault(t, err, fault.Conflict, "login_verification.mfa_required")
	if u, _ := c.db.FindUserByID(context.Background(), alice.ID); u.LoginVerification == identity.VerifyTOTP {
		t.Fatal("login verification became totp with no device left")
	}
}
