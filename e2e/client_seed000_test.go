package e2e_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestClientSeed000 follows seed 000 to the letter with the client's
// osc-cli syntax: SendResetPasswordEmail, the token at the end of the mailed
// link, ResetAccountPassword, then a login with the new password. The
// answers are the ICU face's, byte for byte, in the seed's shapes.
func TestClientSeed000(t *testing.T) {
	data := t.TempDir()
	s := MustServe(t, append([]string{"--data", data}, bootstrapFlags()...)...)
	h := newCLIHome(t)
	h.env = append(h.env, "WATCHWORD_ENDPOINT="+s.URL)
	box := newMailbox(data)
	const newPassword = "Quartz-Lantern-Meadow-77"

	// $ osc-cli icu SendResetPasswordEmail --Email YOUR_EMAIL
	out := h.ok(t, "", "icu", "SendResetPasswordEmail", "--Email", "root@acme.test")
	sent := regexp.MustCompile(`^\{"Return":true,"ResponseMetadata":\{"RequestId":"[0-9a-f-]{36}"\}\}\n$`)
	if !sent.MatchString(out) {
		t.Fatalf("SendResetPasswordEmail printed %q", out)
	}
	token := submatch(t, resetLinkToken, box.next(t, "root@acme.test", "Reset"))

	t.Run("ErrWeakPasswordListsRules", func(t *testing.T) {
		r := h.fail(t, 1, "", []string{"icu", "ResetAccountPassword", "--Password", "short", "--Token", token},
			`"__type":"PasswordPolicyViolation"`, "min_length")
		if r.stdout != "" {
			t.Fatalf("an error printed on stdout:\n%s", r)
		}
	})

	// $ osc-cli icu ResetAccountPassword --Password "NEW_PASSWORD" --Token TOKEN
	r := h.run(t, "", "icu", "ResetAccountPassword", "--Password", newPassword, "--Token", token)
	reset := regexp.MustCompile(`^\{"Email":"root@acme.test","ResponseMetadata":\{"RequestId":"[0-9a-f-]{36}"\}\}\n$`)
	if r.code != 0 || !reset.MatchString(r.stdout) || !strings.Contains(r.stderr, "warning: --Password") {
		t.Fatalf("ResetAccountPassword:\n%s", r)
	}

	// Log in with the new password; the old one no longer works.
	out = h.ok(t, newPassword+"\n", "login", "--account", "acme", "--password-stdin")
	if !strings.Contains(out, "Logged in to "+s.URL) {
		t.Fatalf("login: %q", out)
	}
	if me := h.ok(t, "", "me", "show", "-o", "json"); !strings.Contains(me, `"email": "root@acme.test"`) {
		t.Fatalf("me show: %s", me)
	}
	h.fail(t, 1, rootPassword+"\n", []string{"login", "--account", "acme", "--password-stdin"}, "auth.invalid_credentials", "HTTP 401")

	t.Run("ErrTokenSpent", func(t *testing.T) {
		h.fail(t, 1, "", []string{"icu", "ResetAccountPassword", "--Password", "Another-Fine-Passphrase-9", "--Token", token},
			`"__type":"IcuClientException"`)
	})
	t.Run("OKUnknownEmailSameAnswer", func(t *testing.T) {
		if out := h.ok(t, "", "icu", "SendResetPasswordEmail", "--Email", "nobody@acme.test"); !sent.MatchString(out) {
			t.Fatalf("unknown email: %q", out)
		}
	})
	t.Run("OKPasswordAskedWhenLeftOut", func(t *testing.T) {
		h.ok(t, "", "icu", "SendResetPasswordEmail", "--Email", "root@acme.test")
		token := submatch(t, resetLinkToken, box.next(t, "root@acme.test", "Reset"))
		r := h.run(t, "Another-Fine-Passphrase-9\n", "icu", "ResetAccountPassword", "--Token", token, "--password-stdin")
		if r.code != 0 || !reset.MatchString(r.stdout) || strings.Contains(r.stderr, "warning") {
			t.Fatalf("ResetAccountPassword from stdin:\n%s", r)
		}
	})
}
