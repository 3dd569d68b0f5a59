package identity_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/verify"
)

func TestMFABindWithTwoConsecutiveCodes(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	_, alice := c.mustAlice(t)
	enr, err := c.svc.MFA.Begin(alice)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enr.URI, "otpauth://totp/Watchword:alice@acme?") || !strings.Contains(enr.URI, "secret="+enr.Secret) ||
		!bytes.HasPrefix(enr.QRCodePNG, []byte("\x89PNG")) || !strings.HasSuffix(enr.SerialNumber, ":mfa/alice") {
		t.Fatalf("enrollment: %+v", enr)
	}
	u, _ := c.db.FindUserByName(context.Background(), "acme", "alice")
	stored, err := c.db.FindMFADevice(context.Background(), u.ID)
	if err != nil || stored.State != identity.MFAPending || strings.Contains(stored.SealedSecret, enr.Secret) || stored.SealedSecret == "" {
		t.Fatalf("the secret must be sealed at rest: %+v %v", stored, err)
	}
	if png, err := c.svc.MFA.QRCode(alice, 128); err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("QR code of the pending device: %v", err)
	}
	if st, _ := c.svc.MFA.Status(alice); st.Bound || !st.Pending {
		t.Fatalf("status before binding: %+v", st)
	}
	// The device is not active yet: login verification cannot use it.
	_, err = c.svc.LoginVerification.Set(alice, identity.LoginVerificationChange{Method: identity.VerifyTOTP, Code: verify.TOTPCode(enr.Secret, c.clock.Now()), CurrentPassword: secAlicePassword})
	wantFault(t, err, fault.Conflict, "login_verification.mfa_required")

	now := c.clock.Now()
	prev, cur := verify.TOTPCode(enr.Secret, now.Add(-30*time.Second)), verify.TOTPCode(enr.Secret, now)
	tests := []struct{ name, first, second string }{
		{"ErrSameCodeTwice", cur, cur},
		{"ErrReversed", cur, prev},
		{"ErrWrong", "000000", cur},
		{"ErrNotDigits", "abcdef", "ghijkl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantFault(t, c.svc.MFA.Confirm(alice, tt.first, tt.second), fault.Invalid, "verify.code_invalid")
		})
	}
	if err := c.svc.MFA.Confirm(alice, prev, cur); err != nil {
		t.Fatal(err)
	}
	if st, _ := c.svc.MFA.Status(alice); !st.Bound || st.Pending || !st.BoundAt.Equal(now) {
		t.Fatalf("status after binding: %+v", st)
	}
	_, err = c.svc.MFA.QRCode(alice, 128)
	wantFault(t, err, fault.NotFound, "mfa.not_pending")
	_, err = c.svc.MFA.Begin(alice)
	wantFault(t, err, fault.Conflict, "mfa.already_bound")
	msgs := c.drain(t)
	if len(msgs) != 1 || msgs[0].Template != notify.MFAChanged || msgs[0].To != "alice@acme.test" || msgs[0].Data["method"] != "bound" {
		t.Fatalf("bind notice: %+v", msgs)
	}
	// The codes that bound the device never work again, not even to unbind.
	wantFault(t, c.svc.MFA.Unbind(alice, identity.MFAUnbind{Code: cur}), fault.Invalid, "verify.code_invalid")
}

func TestMFAUnbind(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	alice, actx := c.mustAlice(t)
	secret := c.mustBind(t, actx)
	c.drain(t)

	wantFault(t, c.svc.MFA.Unbind(actx, identity.MFAUnbind{}), fault.Invalid, "mfa.proof_required")
	wantFault(t, c.svc.MFA.Unbind(actx, identity.MFAUnbind{Code: "123456"}), fault.Invalid, "verify.code_invalid")
	wantFault(t, c.svc.MFA.Unbind(actx, identity.MFAUnbind{Password: "wrong"}), fault.Unauthenticated, "password.current_invalid")

	// While login verification uses the device, its owner cannot remove it.
	if _, err := c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: identity.VerifyTOTP, Code: c.nextCode(secret), CurrentPassword: secAlicePassword}); err != nil {
		t.Fatal(err)
	}
	wantFault(t, c.svc.MFA.Unbind(actx, identity.MFAUnbind{Code: c.nextCode(secret)}), fault.Conflict, "mfa.in_use")
	if _, err := c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: identity.VerifyOff, Code: c.nextCode(secret)}); err != nil {
		t.Fatal(err)
	}
	c.drain(t)

	t.Run("OKWithCode", func(t *testing.T) {
		if err := c.svc.MFA.Unbind(actx, identity.MFAUnbind{Code: c.nextCode(secret)}); err != nil {
			t.Fatal(err)
		}
		if st, _ := c.svc.MFA.Status(actx); st.Bound || st.Pending {
			t.Fatalf("status after unbind: %+v", st)
		}
		msgs := c.drain(t)
		if len(msgs) != 1 || msgs[0].Template != notify.MFAChanged || msgs[0].Data["method"] != "unbound" {
			t.Fatalf("unbind notice: %+v", msgs)
		}
	})
	t.Run("OKWithPassword", func(t *testing.T) {
		c.mustBind(t, actx)
		if err := c.svc.MFA.Unbind(actx, identity.MFAUnbind{Password: secAlicePassword}); err != nil {
			t.Fatal(err)
		}
		wantFault(t, c.svc.MFA.Unbind(actx, identity.MFAUnbind{Password: secAlicePassword}), fault.NotFound, "mfa.not_found")
	})
	t.Run("AdministratorNeedsNoCode", func(t *testing.T) {
		secret := c.mustBind(t, actx)
		if _, err := c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: identity.VerifyTOTP, Code: c.nextCode(secret), CurrentPassword: secAlicePassword}); err != nil {
			t.Fatal(err)
		}
		c.drain(t)
		// Alice lost her phone: the administrator removes the device, and
		// her login verification falls back to off so she can sign in.
		if err := c.svc.MFA.UnbindDevice(c.admin, alice.ID, "", "any"); err != nil {
			t.Fatal(err)
		}
		u, _ := c.db.FindUserByID(context.Background(), alice.ID)
		if u.LoginVerification != identity.VerifyOff {
			t.Fatalf("login verification after the administrator's unbind: %q", u.LoginVerification)
		}
		templates := map[string]bool{}
		for _, m := range c.drain(t) {
			templates[m.Template] = true
		}
		if !templates[notify.MFAChanged] || !templates[notify.LoginVerificationChanged] {
			t.Fatalf("notices: %v", templates)
		}
		if res, err := c.login(secAliceLogin(secAlicePassword)); err != nil || res.Challenge != nil || res.Token == "" {
			t.Fatalf("login after the unbind: %+v %v", res, err)
		}
	})
}

// TestMFAHuaweiOperations drives the by-user operations the Keystone face
// maps Huawei's virtual-MFA calls onto.
func TestMFAHuaweiOperations(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	alice, actx := c.mustAlice(t)
	enr, err := c.svc.MFA.CreateVirtualDevice(c.admin, alice.ID, "alice-phone")
	if err != nil {
		t.Fatal(err)
	}
	if enr.SerialNumber != "iam:"+alice.AccountID+":mfa/alice-phone" || enr.Secret == "" {
		t.Fatalf("created: %+v", enr)
	}
	_, err = c.svc.MFA.CreateVirtualDevice(c.admin, c.root.ID, "alice-phone")
	wantFault(t, err, fault.Conflict, "mfa.serial_taken")
	_, err = c.svc.MFA.CreateVirtualDevice(actx, c.root.ID, "")
	wantFault(t, err, fault.Forbidden, "auth.admin_required")
	_, err = c.svc.MFA.CreateVirtualDevice(c.admin, "nope", "")
	wantFault(t, err, fault.NotFound, "user.not_found")

	now := c.clock.Now()
	first, second := verify.TOTPCode(enr.Secret, now.Add(-30*time.Second)), verify.TOTPCode(enr.Secret, now)
	wantFault(t, c.svc.MFA.BindDevice(actx, alice.ID, "iam:x:mfa/other", first, second), fault.NotFound, "mfa.not_found")
	if err := c.svc.MFA.BindDevice(actx, alice.ID, enr.SerialNumber, first, second); err != nil {
		t.Fatal(err)
	}
	dev, err := c.svc.MFA.Device(c.admin, alice.ID)
	if err != nil || dev.SerialNumber != enr.SerialNumber || dev.State != identity.MFAActive || dev.SealedSecret != "" {
		t.Fatalf("show: %+v %v", dev, err)
	}
	list, err := c.svc.MFA.ListDevices(c.admin)
	if err != nil || len(list) != 1 || list[0].UserID != alice.ID || list[0].SealedSecret != "" {
		t.Fatalf("list: %+v %v", list, err)
	}
	_, err = c.svc.MFA.ListDevices(actx)
	wantFault(t, err, fault.Forbidden, "auth.admin_required")
	// The user unbinding their own device gives a current code.
	wantFault(t, c.svc.MFA.UnbindDevice(actx, alice.ID, enr.SerialNumber, "000000"), fault.Invalid, "verify.code_invalid")
	if err := c.svc.MFA.UnbindDevice(actx, alice.ID, enr.SerialNumber, c.nextCode(enr.Secret)); err != nil {
		t.Fatal(err)
	}
}
