package console_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/identity"
)

// screenshotDir is where browser tests leave their screenshots when
// WATCHWORD_SCREENSHOTS names a directory (for people to look at); unset,
// none are written.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("WATCHWORD_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// chrome drives one browser tab against s, failing with the server's log
// and the browser's problems.
type chrome struct {
	t        *testing.T
	ctx      context.Context
	s        *consoleServer
	base     string
	problems *pageProblems
}

func (s *consoleServer) chrome(t *testing.T) *chrome {
	t.Helper()
	ctx := mustBrowser(t, 40*time.Second)
	return &chrome{t: t, ctx: ctx, s: s, base: s.URL + console.Path, problems: watchProblems(t, ctx)}
}

func (c *chrome) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	if err := chromedp.Do(c.ctx, actions...); err != nil {
		c.t.Fatalf("%s: %v (browser problems: %v)\n%s", step, err, c.problems.get(), c.s.Log.String())
	}
}

func (c *chrome) text(sel string) string {
	c.t.Helper()
	s, err := chromedp.Run(c.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		c.t.Fatalf("read %s: %v (browser problems: %v)", sel, err, c.problems.get())
	}
	return s
}

// login signs in through the form; the caller waits for what follows.
func (c *chrome) login(account, user, pw string) {
	c.t.Helper()
	c.do("log in", chromedp.Navigate(c.base+"/login"), chromedp.WaitVisible(chromedp.CSS(`#account`)),
		chromedp.SendKeys(chromedp.CSS(`#account`), account), chromedp.SendKeys(chromedp.CSS(`#user`), user),
		chromedp.SendKeys(chromedp.CSS(`#password`), pw),
		chromedp.Click(chromedp.CSS(`form[action="/console/login"] button[type=submit]`)))
}

// french switches the page to French with the header's language switch.
func (c *chrome) french() {
	c.t.Helper()
	c.do("switch to French", chromedp.Click(chromedp.CSS(`.lang-switch button[value=fr]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang=fr]`)))
}

func (c *chrome) clean() {
	c.t.Helper()
	if p := c.problems.get(); len(p) > 0 {
		c.t.Errorf("the browser reported problems: %v", p)
	}
}

// TestBrowserConfirmDelete: "Delete this user" and an access key's Delete
// lead to a confirm page; Cancel goes back with nothing deleted, the
// confirm button deletes.
func TestBrowserConfirmDelete(t *testing.T) {
	s := mustConsole(t)
	erin := s.mustUser(t, identity.NewUser{Name: "erin", Email: "erin@acme.test", Password: "Orbit-Kettle-Marble-99"})
	if _, err := s.Svc.AccessKeys.Create(s.asRoot(t), identity.NewAccessKey{UserName: "erin"}); err != nil {
		t.Fatal(err)
	}
	key, err := s.Svc.AccessKeys.Create(s.asRoot(t), identity.NewAccessKey{Tag: "nightly-backup"})
	if err != nil {
		t.Fatal(err)
	}
	c := s.chrome(t)
	c.login("acme", "", rootPassword)
	c.do("user page", chromedp.WaitVisible(chromedp.CSS(`#keys-title`)), chromedp.Navigate(c.base+"/users/"+erin.ID),
		chromedp.Click(chromedp.CSS(`a[href="/console/users/`+erin.ID+`/delete"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#confirm-title`)))
	if got := c.text(`.confirm`); !strings.Contains(got, "The user erin will be deleted") || !strings.Contains(got, "their access keys (1)") {
		t.Errorf("confirm page: %q", got)
	}
	shoot(t, c.ctx, "confirm-user-delete-en")
	c.do("cancel", chromedp.Click(chromedp.CSS(`.confirm a.button`)), chromedp.WaitVisible(chromedp.CSS(`#details-title`)))
	if _, err := s.Svc.Users.Get(s.asRoot(t), erin.ID); err != nil {
		t.Fatalf("Cancel deleted the user: %v", err)
	}
	c.do("confirm", chromedp.Click(chromedp.CSS(`a[href="/console/users/`+erin.ID+`/delete"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#confirm-title`)),
		chromedp.Click(chromedp.CSS(`.confirm button.danger`)), chromedp.WaitVisible(chromedp.CSS(`.flash-success`)))
	if got := c.text(`.flash-success`); !strings.Contains(got, "The user has been deleted.") {
		t.Errorf("after delete: %q", got)
	}
	if _, err := s.Svc.Users.Get(s.asRoot(t), erin.ID); err == nil {
		t.Fatal("the user is still there")
	}

	c.do("key delete", chromedp.Navigate(c.base+"/profile"),
		chromedp.Click(chromedp.CSS(`a[href="/console/access-keys/`+key.Key.ID+`/delete"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#confirm-title`)))
	c.french()
	if got := c.text(`.confirm`); !strings.Contains(got, "La clé d’accès "+key.Key.ID+" sera supprimée.") || !strings.Contains(got, "nightly-backup") {
		t.Errorf("French key confirm page: %q", got)
	}
	shoot(t, c.ctx, "confirm-key-delete-fr")
	c.do("confirm key", chromedp.Click(chromedp.CSS(`.confirm button.danger`)), chromedp.WaitVisible(chromedp.CSS(`.flash-success`)))
	if keys, _ := s.Svc.AccessKeys.List(s.asRoot(t), identity.AccessKeyFilter{}); len(keys) != 0 {
		t.Errorf("%d keys left", len(keys))
	}
	c.clean()
}

// TestBrowserRecoveryCodeLogin: a TOTP user makes recovery codes in the
// console, sees them once, and later signs in with one of them through
// "Lost your device?" at the verification step.
func TestBrowserRecoveryCodeLogin(t *testing.T) {
	s := mustConsole(t)
	const pw = "Orbit-Kettle-Marble-99"
	_, secret := s.mustTOTPUser(t, "frank", pw)
	c := s.chrome(t)
	c.login("acme", "frank", pw)
	c.do("code page", chromedp.WaitVisible(chromedp.CSS(`#code`)))
	shoot(t, c.ctx, "login-verify-totp-en")
	c.do("totp", chromedp.SendKeys(chromedp.CSS(`#code`), totpNow(s, secret)),
		chromedp.Click(chromedp.CSS(`form[action="/console/login/verify"] button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`#keys-title`)),
		chromedp.Navigate(c.base+"/credentials/mfa"),
		chromedp.Click(chromedp.CSS(`a[href="/console/credentials/mfa/recovery-codes"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#rc-title`)))
	shoot(t, c.ctx, "recovery-codes-en")
	c.french()
	c.do("make codes", chromedp.SendKeys(chromedp.CSS(`#password`), pw),
		chromedp.Click(chromedp.CSS(`form[action="/console/credentials/mfa/recovery-codes"] button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-recovery-codes]`)))
	codes, err := chromedp.Run(c.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("[data-recovery-codes] code")].map(e => e.textContent)`))
	if err != nil || len(codes) != identity.RecoveryCodeCount {
		t.Fatalf("codes shown: %q %v", codes, err)
	}
	shoot(t, c.ctx, "recovery-codes-shown-fr")
	c.do("done", chromedp.Click(chromedp.CSS(`a.primary-link`)), chromedp.WaitVisible(chromedp.CSS(`[data-recovery-remaining]`)))
	if n, err := chromedp.Run(c.ctx, chromedp.Evaluate[int](`document.querySelectorAll("[data-recovery-codes]").length`)); err != nil || n != 0 {
		t.Errorf("the codes are shown again: %d %v", n, err)
	}
	if got := c.text(`[data-recovery-remaining]`); got != "10" {
		t.Errorf("codes left: %q", got)
	}

	s.Clock.Add(time.Minute)
	d := s.chrome(t)
	d.login("acme", "frank", pw)
	d.do("open the recovery form", chromedp.WaitVisible(chromedp.CSS(`#code`)),
		chromedp.Click(chromedp.CSS(`details.recovery-option summary`)), chromedp.WaitVisible(chromedp.CSS(`#recovery_code`)))
	shoot(t, d.ctx, "login-verify-recovery-en")
	d.do("use a code", chromedp.SendKeys(chromedp.CSS(`#recovery_code`), strings.ToUpper(codes[2])),
		chromedp.Click(chromedp.CSS(`details.recovery-option button`)), chromedp.WaitVisible(chromedp.CSS(`#keys-title`)))
	note := s.lastNote(t, "frank@acme.test", "mfa_changed")
	if note.Data["method"] != "recovery_code_used" {
		t.Errorf("use notice: %+v", note.Data)
	}
	c.clean()
	d.clean()
}

// TestBrowserDictionaryImport: an administrator imports a word list file
// into the forbidden passwords and pages through it.
func TestBrowserDictionaryImport(t *testing.T) {
	s := mustConsole(t)
	var list strings.Builder
	list.WriteString("# forbidden at acme\n")
	for _, w := range []string{"Acme2026", "rocket-launch", "summer-sale"} {
		list.WriteString(w + "\n")
	}
	for i := range 60 {
		list.WriteString("product-" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "\n")
	}
	file := filepath.Join(t.TempDir(), "words.txt")
	if err := os.WriteFile(file, []byte(list.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	c := s.chrome(t)
	c.login("acme", "", rootPassword)
	c.do("dictionary", chromedp.WaitVisible(chromedp.CSS(`#keys-title`)), chromedp.Navigate(c.base+"/policies"),
		chromedp.Click(chromedp.CSS(`a[href="/console/dictionary"]`)), chromedp.WaitVisible(chromedp.CSS(`#import-title`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{file}),
		chromedp.Click(chromedp.CSS(`form[action="/console/dictionary/import"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash-success`)))
	if got := c.text(`.flash-success`); !strings.Contains(got, "Words added: 63.") {
		t.Fatalf("after import: %q", got)
	}
	if got := c.text(`main`); !strings.Contains(got, "Page 1 of 2") || !strings.Contains(got, "acme2026") {
		t.Errorf("first page: %q", got)
	}
	shoot(t, c.ctx, "dictionary-en")
	c.do("next page", chromedp.Click(chromedp.CSS(`a[rel=next]`)), chromedp.WaitVisible(chromedp.CSS(`a[rel=prev]`)))
	c.french()
	if got := c.text(`main`); !strings.Contains(got, "Page 2 sur 2") {
		t.Errorf("second page in French: %q", got)
	}
	shoot(t, c.ctx, "dictionary-fr")
	words, err := s.Svc.Dictionary.List(s.asRoot(t))
	if err != nil || len(words) != 63 {
		t.Fatalf("stored: %d %v", len(words), err)
	}

	// The undelivered notifications, reached from the policies page.
	s.core.MustClaim(t)
	s.mustUser(t, identity.NewUser{Name: "jo", Email: "jo@acme.test", Password: "Orbit-Kettle-Marble-99"})
	if _, err := s.Svc.AccessKeys.Create(s.asRoot(t), identity.NewAccessKey{UserName: "jo"}); err != nil {
		t.Fatal(err)
	}
	for _, m := range s.core.MustClaim(t) {
		if err := s.DB.MarkOutboxFailed(context.Background(), m.ID, time.Time{}, "550 5.1.1 mailbox unavailable", true); err != nil {
			t.Fatal(err)
		}
	}
	c.do("notifications", chromedp.Navigate(c.base+"/policies"), chromedp.Click(chromedp.CSS(`a[href="/console/notifications"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/retry"] button`)))
	shoot(t, c.ctx, "notifications-fr")
	c.do("retry", chromedp.Click(chromedp.CSS(`form[action$="/retry"] button`)), chromedp.WaitVisible(chromedp.CSS(`.flash-success`)))
	if got := c.text(`.flash-success`); !strings.Contains(got, "jo@acme.test") {
		t.Errorf("after retry: %q", got)
	}
	c.do("forgot", chromedp.Navigate(c.base+"/forgot"), chromedp.WaitVisible(chromedp.CSS(`.captcha img`)))
	shoot(t, c.ctx, "forgot-captcha-fr")
	c.clean()
}

// TestBrowserResendCode: at an email verification step "Send a new code"
// sends one; the new code signs in.
func TestBrowserResendCode(t *testing.T) {
	s := mustConsole(t)
	const pw = "Orbit-Kettle-Marble-99"
	s.mustEmailVerifiedUser(t, "gina", pw)
	c := s.chrome(t)
	c.login("acme", "gina", pw)
	c.do("code page", chromedp.WaitVisible(chromedp.CSS(`#code`)))
	s.lastCode(t, "gina@acme.test")
	c.do("resend", chromedp.Click(chromedp.CSS(`form[action="/console/login/verify/resend"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash-success`)))
	if got := c.text(`.flash-success`); !strings.Contains(got, "A new code was sent to g•••@acme.test.") {
		t.Errorf("after resend: %q", got)
	}
	shoot(t, c.ctx, "login-verify-resent-en")
	c.do("sign in", chromedp.SendKeys(chromedp.CSS(`#code`), s.lastCode(t, "gina@acme.test")),
		chromedp.Click(chromedp.CSS(`form[action="/console/login/verify"] button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`#keys-title`)))
	c.clean()
}
