package identity_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/store/sqlite"
	"github.com/watchword/watchword/internal/testkit"
)

// mustMFACodesCore is mustSecureCore on a SQLite file the test can also
// read directly, to see what the store holds.
func mustMFACodesCore(t *testing.T) (*secureCore, *sql.DB) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "watchword.db")
	c := &secureCore{}
	fx := testkit.MustServices(t, testkit.Options{
		Open: func(tb testing.TB, now func() time.Time) *sqldb.DB {
			db, err := sqlite.Open(context.Background(), file, now)
			if err != nil {
				tb.Fatal(err)
			}
			tb.Cleanup(func() { db.Close() })
			return db
		},
		Account: identity.NewAccount{Mobile: "+33612345678", Password: secRootPassword, Locale: "en"}})
	c.fx, c.db, c.clock, c.svc, c.root = fx, fx.DB, fx.Clock, fx.Services, fx.Root
	res, err := c.login(identity.LoginInput{AccountName: "acme", Password: secRootPassword})
	if err != nil {
		t.Fatal(err)
	}
	c.admin = c.mustAuth(t, res.Token)
	raw, err := sql.Open("sqlite", file)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return c, raw
}

var recoveryCodeShape = regexp.MustCompile(`^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$`)

// TestRecoveryCodes: a TOTP user makes a set of ten one-time codes (proved
// like any MFA change), stored only as keyed hashes; one of them answers
// the login verification step instead of the device, once; a wrong one is
// a wrong code (an attempt of the challenge and of the user's sign-in);
// each use is notified and audited; a new set voids the old.
func TestRecoveryCodes(t *testing.T) {
	c, raw := mustMFACodesCore(t)
	alice, actx := c.mustAlice(t)
	if _, err := c.svc.MFA.GenerateRecoveryCodes(actx, identity.RecoveryCodesRequest{Password: secAlicePassword}); fault.CodeOf(err) != "mfa.not_found" {
		t.Fatalf("codes without a device: %v", err)
	}
	secret := c.mustBind(t, actx)
	if _, err := c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: identity.VerifyTOTP,
		Code: c.nextCode(secret), CurrentPassword: secAlicePassword}); err != nil {
		t.Fatal(err)
	}
	c.drain(t)

	_, err := c.svc.MFA.GenerateRecoveryCodes(actx, identity.RecoveryCodesRequest{})
	wantFault(t, err, fault.Invalid, "mfa.proof_required")
	_, err = c.svc.MFA.GenerateRecoveryCodes(actx, identity.RecoveryCodesRequest{Password: "Wrong-Password-1"})
	wantFault(t, err, fault.Unauthenticated, "password.current_invalid")
	_, err = c.svc.MFA.GenerateRecoveryCodes(actx, identity.RecoveryCodesRequest{Code: "000000"})
	wantFault(t, err, fault.Invalid, "verify.code_invalid")
	proof := c.nextCode(secret)
	codes, err := c.svc.MFA.GenerateRecoveryCodes(actx, identity.RecoveryCodesRequest{Code: proof})
	if err != nil || len(codes) != identity.RecoveryCodeCount {
		t.Fatalf("generate: %q %v", codes, err)
	}
	// The device's code that proved it never works again.
	_, err = c.svc.MFA.GenerateRecoveryCodes(actx, identity.RecoveryCodesRequest{Code: proof})
	wantFault(t, err, fault.Invalid, "verify.code_invalid")
	seen := map[string]bool{}
	for _, code := range codes {
		if !recoveryCodeShape.MatchString(code) || seen[code] {
			t.Fatalf("code %q (all %q)", code, codes)
		}
		seen[code] = true
	}
	if st, err := c.svc.MFA.RecoveryCodes(actx); err != nil || st.Remaining != 10 || !st.CreatedAt.Equal(c.clock.Now()) {
		t.Fatalf("status: %+v %v", st, err)
	}
	// Stored hashed: no row holds a code, whichever way it is written.
	rows, err := raw.Query(`SELECT code_hash FROM mfa_recovery_codes WHERE user_id = ?`, alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			t.Fatal(err)
		}
		n++
		for _, code := range codes {
			if strings.Contains(h, code) || strings.Contains(h, strings.ReplaceAll(code, "-", "")) {
				t.Errorf("stored %q holds the code %q", h, code)
			}
		}
		if len(h) != 64 {
			t.Errorf("stored %q is not a SHA-256 HMAC", h)
		}
	}
	rows.Close()
	if n != 10 {
		t.Fatalf("%d rows stored", n)
	}
	if msgs := c.drain(t); len(msgs) != 1 || msgs[0].Template != notify.MFAChanged || msgs[0].Data["method"] != "recovery_codes" {
		t.Fatalf("notice of the new set: %+v", msgs)
	}

	// A wrong recovery code is a wrong code: it spends the challenge's
	// attempts and leaves the right code unspent. (Ten failed sign-ins
	// lock the user: more than a challenge allows.)
	if _, err := c.svc.Accounts.SetLoginPolicy(c.admin, identity.LoginPolicy{LoginFailedTimes: 10}); err != nil {
		t.Fatal(err)
	}
	res, err := c.login(secAliceLogin(secAlicePassword))
	if err != nil || res.Challenge == nil {
		t.Fatalf("first step: %+v %v", res, err)
	}
	for range identity.LoginChallengeMaxAttempts {
		_, err = c.complete(res.Challenge.ID, "aaaaa-bbbbb")
		wantFault(t, err, fault.Invalid, "verify.code_invalid")
	}
	_, err = c.complete(res.Challenge.ID, codes[0])
	wantFault(t, err, fault.Invalid, "verify.too_many_attempts")
	if st, _ := c.svc.MFA.RecoveryCodes(actx); st.Remaining != 10 {
		t.Fatalf("a refused challenge spent a code: %+v", st)
	}
	evs, err := c.db.FindAuditEvents(context.Background(), c.root.AccountID, 100)
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, ev := range evs {
		if ev.Action == "auth.login.verify" && ev.Outcome == "verify.code_invalid" && ev.UserID == alice.ID {
			failed++
		}
	}
	if failed != identity.LoginChallengeMaxAttempts {
		t.Errorf("%d failed sign-in attempts audited for wrong recovery codes, want %d", failed, identity.LoginChallengeMaxAttempts)
	}

	// A right one signs in, typed any way, once.
	c.clock.Add(time.Minute)
	res, err = c.login(secAliceLogin(secAlicePassword))
	if err != nil {
		t.Fatal(err)
	}
	typed := " " + strings.ToUpper(strings.ReplaceAll(codes[0], "-", " ")) + " "
	done, err := c.complete(res.Challenge.ID, typed)
	if err != nil || done.Token == "" || done.Session.Method != "password+recovery_code" {
		t.Fatalf("sign in with a recovery code: %+v %v", done, err)
	}
	if st, _ := c.svc.MFA.RecoveryCodes(actx); st.Remaining != 9 {
		t.Fatalf("after a use: %+v", st)
	}
	msgs := c.drain(t)
	if len(msgs) != 1 || msgs[0].To != "alice@acme.test" || msgs[0].Data["method"] != "recovery_code_used" || msgs[0].Data["remaining"] != "9" {
		t.Fatalf("notice of the use: %+v", msgs)
	}
	evs, _ = c.db.FindAuditEvents(context.Background(), c.root.AccountID, 100)
	if evs[0].Action != "mfa.recovery_code.use" && evs[1].Action != "mfa.recovery_code.use" {
		t.Errorf("the use is not audited: %+v", evs[:2])
	}
	res, err = c.login(secAliceLogin(secAlicePassword))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.complete(res.Challenge.ID, codes[0])
	wantFault(t, err, fault.Invalid, "verify.code_invalid")
	// The device still works beside the codes.
	if _, err := c.complete(res.Challenge.ID, c.nextCode(secret)); err != nil {
		t.Fatalf("the device after a recovery code: %v", err)
	}

	// A new set (proved by the password) voids the old one.
	fresh, err := c.svc.MFA.GenerateRecoveryCodes(actx, identity.RecoveryCodesRequest{Password: secAlicePassword})
	if err != nil {
		t.Fatal(err)
	}
	res, _ = c.login(secAliceLogin(secAlicePassword))
	_, err = c.complete(res.Challenge.ID, codes[1])
	wantFault(t, err, fault.Invalid, "verify.code_invalid")
	if _, err := c.complete(res.Challenge.ID, fresh[9]); err != nil {
		t.Fatalf("a code of the new set: %v", err)
	}

	// An administrator who removes the lost device removes the codes too.
	if err := c.svc.MFA.UnbindDevice(c.admin, alice.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	if st, _ := c.svc.MFA.RecoveryCodes(actx); st.Remaining != 0 {
		t.Fatalf("codes outlived the device: %+v", st)
	}
}

// TestRecoveryCodesOnlyForTheDevice: at an email challenge a recovery code
// is no answer (and a TOTP-shaped code is checked as the device's).
func TestRecoveryCodesOnlyForTheDevice(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	_, actx := c.mustAlice(t)
	secret := c.mustBind(t, actx)
	codes, err := c.svc.MFA.GenerateRecoveryCodes(actx, identity.RecoveryCodesRequest{Code: c.nextCode(secret)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.LoginVerification.SendCode(actx, identity.VerifyEmail); err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: identity.VerifyEmail,
		Code: c.mustCode(t, "alice@acme.test"), CurrentPassword: secAlicePassword}); err != nil {
		t.Fatal(err)
	}
	c.drain(t)
	res, err := c.login(secAliceLogin(secAlicePassword))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.complete(res.Challenge.ID, codes[0])
	wantFault(t, err, fault.Invalid, "verify.code_invalid")
}
