package console_test

import (
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/verify"
)

// mustTOTPUser creates an IAM user of acme who signs in with a password
// and a virtual MFA device, and returns them with the device's secret.
func (s *consoleServer) mustTOTPUser(t testing.TB, name, pw string) (*identity.User, string) {
	t.Helper()
	u := s.mustUser(t, identity.NewUser{Name: name, Email: name + "@acme.test", Password: pw})
	ctx, _ := s.core.MustLogin(t, identity.LoginInput{AccountName: "acme", UserName: name, Password: pw})
	enr, err := s.Svc.MFA.CreateVirtualDevice(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	now := s.Clock.Now()
	if err := s.Svc.MFA.BindDevice(ctx, "", "", verify.TOTPCode(enr.Secret, now.Add(-30*time.Second)), verify.TOTPCode(enr.Secret, now)); err != nil {
		t.Fatal(err)
	}
	s.Clock.Add(time.Minute)
	if _, err := s.Svc.LoginVerification.Set(ctx, identity.LoginVerificationChange{Method: identity.VerifyTOTP,
		Code: verify.TOTPCode(enr.Secret, s.Clock.Now()), CurrentPassword: pw}); err != nil {
		t.Fatal(err)
	}
	s.Clock.Add(time.Minute)
	s.core.MustClaim(t) // the binding's notices
	return u, enr.Secret
}

// mustEmailVerifiedUser creates an IAM user of acme whose login
// verification sends a code by email.
func (s *consoleServer) mustEmailVerifiedUser(t testing.TB, name, pw string) *identity.User {
	t.Helper()
	u := s.mustUser(t, identity.NewUser{Name: name, Email: name + "@acme.test", Password: pw})
	ctx, _ := s.core.MustLogin(t, identity.LoginInput{AccountName: "acme", UserName: name, Password: pw})
	if _, err := s.Svc.LoginVerification.SendCode(ctx, identity.VerifyEmail); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Svc.LoginVerification.Set(ctx, identity.LoginVerificationChange{Method: identity.VerifyEmail,
		Code: s.lastCode(t, u.Email), CurrentPassword: pw}); err != nil {
		t.Fatal(err)
	}
	s.core.MustClaim(t)
	return u
}

// totpNow is the device's code for the server's clock now.
func totpNow(s *consoleServer, secret string) string { return verify.TOTPCode(secret, s.Clock.Now()) }
