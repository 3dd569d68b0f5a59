package console_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/watchword/watchword/internal/console"
)

// chromiumPath is Debian's Chromium, which scripts/install-test-deps installs.
const chromiumPath = "/usr/bin/chromium"

// mustBrowser starts a headless Chromium with a fresh profile and returns
// a context for its tab, limited to timeout. It fails, never skips, when
// Chromium cannot start; only the -short lane leaves browser tests out.
func mustBrowser(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("needs Chromium; the -short lane leaves it out (./scripts/test runs it)")
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first run starts the browser; it must not carry the timeout,
	// which would stop the browser itself.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("Chromium (%s) does not start: %v; run scripts/install-test-deps", chromiumPath, err)
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	t.Cleanup(cancel)
	return tctx
}

// pageProblems collects what the browser reports going wrong: script
// exceptions, and errors such as content the CSP blocked.
type pageProblems struct {
	mu   sync.Mutex
	list []string
}

func watchProblems(t *testing.T, ctx context.Context) *pageProblems {
	t.Helper()
	p := &pageProblems{}
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	entries := chromedp.Events(ctx, log.EntryAdded)
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			p.add("exception: " + ev.ExceptionDetails.Text)
		}
	}()
	go func() {
		for ev, err := range entries {
			if err != nil {
				return
			}
			if ev.Entry.Level == log.EntryLevelError {
				p.add("error: " + ev.Entry.Text + " " + ev.Entry.URL)
			}
		}
	}()
	return p
}

func (p *pageProblems) add(s string) { p.mu.Lock(); p.list = append(p.list, s); p.mu.Unlock() }

func (p *pageProblems) get() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.list...)
}

// TestBrowserChangePassword drives Chromium through the console: log in,
// change the password with the form (the live checklist included), see
// the success message, log out, and log in with the new password.
func TestBrowserChangePassword(t *testing.T) {
	const newPassword = "Correct-Battery-Horse-42"
	s := mustConsole(t)
	ctx := mustBrowser(t, 20*time.Second)
	problems := watchProblems(t, ctx)
	base := s.URL + console.Path
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v (browser problems: %v)\n%s", step, err, problems.get(), s.Log.String())
		}
	}
	login := func(pw string) {
		t.Helper()
		must("log in", chromedp.Do(ctx,
			chromedp.Navigate(base+"/login"),
			chromedp.WaitVisible(chromedp.ID("account")),
			chromedp.SendKeys(chromedp.ID("account"), "acme"),
			chromedp.SendKeys(chromedp.ID("password"), pw),
			chromedp.Click(chromedp.CSS(`form[action="/console/login"] button[type=submit]`)),
			chromedp.WaitVisible(chromedp.ID("keys-title")),
		))
	}

	login(rootPassword)
	title, err := chromedp.Run(ctx, chromedp.Title())
	must("title", err)
	if title != "Profile and access keys · Watchword" {
		t.Errorf("profile title %q", title)
	}
	profilePNG, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	must("profile screenshot", err)

	must("fill the password form", chromedp.Do(ctx,
		chromedp.Navigate(base+"/password"),
		chromedp.WaitVisible(chromedp.ID("current")),
		chromedp.SendKeys(chromedp.ID("current"), rootPassword),
		chromedp.SendKeys(chromedp.ID("new"), newPassword),
		chromedp.SendKeys(chromedp.ID("confirm"), newPassword),
		// The script marks the rules once the server has evaluated them.
		chromedp.WaitVisible(chromedp.CSS(`li[data-rule="min_length"].pass`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-confirm-status].confirm-ok`)),
	))
	class, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`li[data-rule="char_types"]`), "class"))
	must("rule class", err)
	if class.Value != "rule pass" {
		t.Errorf("char_types rule class %q", class.Value)
	}
	strength, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector("[data-strength]").value`))
	must("strength", err)
	if strength < 3 {
		t.Errorf("strength meter at %v for a strong password", strength)
	}
	passwordPNG, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	must("password screenshot", err)

	must("submit the password form", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/console/password"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash-success`)),
	))
	flash, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.flash-success`)))
	must("flash", err)
	if !strings.Contains(flash, "Your password has been changed.") {
		t.Errorf("message after the change: %q", flash)
	}

	must("log out", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`details.menu summary`)),
		chromedp.Click(chromedp.CSS(`form[action="/console/logout"] button`)),
		// The page before had a success message too: wait for the login form.
		chromedp.WaitVisible(chromedp.ID("account")),
		chromedp.WaitVisible(chromedp.CSS(`.flash-success`)),
	))
	signedOut, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.flash-success`)))
	must("signed out", err)
	if !strings.Contains(signedOut, "You are signed out.") {
		t.Errorf("message after logout: %q", signedOut)
	}

	login(newPassword)
	if p := problems.get(); len(p) > 0 {
		t.Errorf("the browser reported problems: %v", p)
	}
	for name, png := range map[string][]byte{"profile": profilePNG, "password": passwordPNG} {
		if err := os.WriteFile("/tmp/console-"+name+".png", png, 0o644); err != nil {
			t.Error(err)
		}
	}
}
