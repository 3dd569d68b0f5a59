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
	"github.com/watchword/watchword/internal/notify"
)

// screenshot saves the page under $WATCHWORD_SCREENSHOTS, when set, for a
// person to look at; the tests assert what matters themselves.
func screenshot(t *testing.T, ctx context.Context, name string) {
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

// typeInto replaces what an input holds with s, key by key, as a person
// types (each key fires the input event the live checklist listens to).
func typeInto(id, s string) chromedp.Action[chromedp.Void] {
	clear := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`(document.getElementById("`+id+`").value = "") === ""`)(ctx, t)
		return err
	})
	return chromedp.Steps(clear, chromedp.SendKeys(chromedp.ID(id), s))
}

// unexpected leaves out the 400 and 404 answers these tests ask for (a refused
// form, a spent link, a missing page), which the browser reports as failed loads.
func unexpected(problems []string) []string {
	var out []string
	for _, p := range problems {
		if !strings.Contains(p, "status of 400") && !strings.Contains(p, "status of 404") {
			out = append(out, p)
		}
	}
	return out
}

// ruleState is the class of a checklist rule: "rule pass", "rule fail".
func ruleState(ctx context.Context, t *testing.T, id string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`li[data-rule="`+id+`"]`), "class"))
	if err != nil {
		t.Fatalf("rule %s: %v", id, err)
	}
	return v.Value
}

// TestBrowserResetPasswordChecklist: the page a mailed reset link opens
// shows the policy's live checklist and strength meter, checked for the
// user the link belongs to (issue 18, point 1); once the link is spent,
// opening it again shows the invalid-link page, not a form (point 5).
func TestBrowserResetPasswordChecklist(t *testing.T) {
	const good = "Kettle-Marble-Orbit-77"
	s := mustConsole(t)
	s.mustUser(t, identity.NewUser{Name: "alice", Email: "alice@acme.example", Password: "Tr0ubadour-Zebra-Quilt"})
	if err := s.Svc.Recovery.SendResetLink(context.Background(), "alice@acme.example"); err != nil {
		t.Fatal(err)
	}
	note := s.lastNote(t, "alice@acme.example", notify.ResetLink)
	if note.Data["user"] != "alice" || note.Data["account"] != "acme" {
		t.Errorf("the reset mail does not name the user: %v", note.Data)
	}
	link := note.Secret["link"]
	path := console.Path + "/reset/" + link[strings.LastIndex(link, "/")+1:]

	ctx := mustBrowser(t, 60*time.Second)
	problems := watchProblems(t, ctx)
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v (browser problems: %v)\n%s", step, err, problems.get(), s.Log.String())
		}
	}
	must("open the link", chromedp.Do(ctx,
		chromedp.Navigate(s.URL+path),
		chromedp.WaitVisible(chromedp.ID("new")),
		// The requirements are there before anything is typed.
		chromedp.WaitVisible(chromedp.CSS(`li[data-rule="not_email_or_mobile"]`)),
	))
	// alice's email address: the rule is checked for her, and says what.
	must("type a password with her email's name part", chromedp.Do(ctx,
		typeInto("new", "Alice-Fresh-Start-9"),
		chromedp.WaitVisible(chromedp.CSS(`li[data-rule="not_email_or_mobile"].fail`)),
		chromedp.WaitVisible(chromedp.CSS(`li[data-rule="min_length"].pass`)),
	))
	label, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`li[data-rule="not_email_or_mobile"]`)))
	must("label", err)
	if !strings.Contains(label, "the name part of your email address") {
		t.Errorf("email rule label %q", label)
	}
	must("type a short one", chromedp.Do(ctx,
		typeInto("new", "ab"),
		chromedp.WaitVisible(chromedp.CSS(`li[data-rule="min_length"].fail`)),
	))
	must("type a good one", chromedp.Do(ctx,
		typeInto("new", good),
		chromedp.WaitVisible(chromedp.CSS(`li[data-rule="min_length"].pass`)),
		chromedp.WaitVisible(chromedp.CSS(`li[data-rule="not_email_or_mobile"].pass`)),
		chromedp.SendKeys(chromedp.ID("confirm"), good),
		chromedp.WaitVisible(chromedp.CSS(`[data-confirm-status].confirm-ok`)),
	))
	strength, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector("[data-strength]").value`))
	must("strength", err)
	if strength < 3 {
		t.Errorf("strength meter at %v for a strong password", strength)
	}
	screenshot(t, ctx, "reset-en")
	must("set it", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/console/reset"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("account")),
		chromedp.WaitVisible(chromedp.CSS(`.flash-success`)),
	))

	// The spent link: the page says so at once, with no form to fill.
	must("open the spent link", chromedp.Do(ctx,
		chromedp.Navigate(s.URL+path),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/console/forgot"].button`)),
	))
	body, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
	must("invalid page", err)
	if !strings.Contains(body, "This reset link cannot be used") || !strings.Contains(body, "This link is not valid or has expired.") {
		t.Errorf("spent link page:\n%s", body)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("input#new").length`)); err != nil || n != 0 {
		t.Errorf("the spent link still shows the form (%d, %v)", n, err)
	}
	screenshot(t, ctx, "reset-invalid-en")
	// The language switch stays on the page.
	must("switch to French", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.lang-switch button[value="fr"]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="fr"]`)),
	))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must("location", err)
	if !strings.HasSuffix(loc, path) {
		t.Errorf("after the switch: %s", loc)
	}
	screenshot(t, ctx, "reset-invalid-fr")
	if p := unexpected(problems.get()); len(p) > 0 {
		t.Errorf("the browser reported problems: %v", p)
	}
}

// TestBrowserAdminSetPassword: the administrator's Set password form has
// the live checklist, checked for the user (their email address) and
// worded for them (issue 18, points 1 and 2); after a refused submit the
// list still follows what is typed; the language switch then stays on the
// user's page (point 7).
func TestBrowserAdminSetPassword(t *testing.T) {
	s := mustConsole(t)
	alice := s.mustUser(t, identity.NewUser{Name: "alice", Email: "alice@acme.example", Password: "Tr0ubadour-Zebra-Quilt"})
	ctx := mustBrowser(t, 60*time.Second)
	problems := watchProblems(t, ctx)
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v (browser problems: %v)\n%s", step, err, problems.get(), s.Log.String())
		}
	}
	base := s.URL + console.Path
	userPath := console.Path + "/users/" + alice.ID
	must("log in and open alice", chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.ID("account")),
		chromedp.SendKeys(chromedp.ID("account"), "acme"),
		chromedp.SendKeys(chromedp.ID("password"), rootPassword),
		chromedp.Click(chromedp.CSS(`form[action="/console/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("keys-title")),
		chromedp.Navigate(s.URL+userPath),
		chromedp.WaitVisible(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS(`li[data-rule="not_email_or_mobile"]`)),
		typeInto("password", "Alice-Fresh-Start-9"),
		chromedp.WaitVisible(chromedp.CSS(`li[data-rule="not_email_or_mobile"].fail`)),
	))
	label, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`li[data-rule="not_email_or_mobile"]`)))
	must("label", err)
	if !strings.Contains(label, "the user's email address") || strings.Contains(label, "your") {
		t.Errorf("email rule label on the administrator's form %q", label)
	}
	must("submit it", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("confirm"), "Alice-Fresh-Start-9"),
		chromedp.Click(chromedp.CSS(`form[action="`+userPath+`/password"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#password[aria-invalid="true"]`)),
		chromedp.WaitVisible(chromedp.CSS(`li[data-rule="not_email_or_mobile"].fail`)),
	))
	if got := ruleState(ctx, t, "min_length"); got != "rule pass" {
		t.Fatalf("after the refusal, min_length is %q", got)
	}
	// The list follows the new input, not the refused password.
	must("type a short one", chromedp.Do(ctx,
		typeInto("password", "ab"),
		chromedp.WaitVisible(chromedp.CSS(`li[data-rule="min_length"].fail`)),
	))
	screenshot(t, ctx, "user-password-en")
	must("switch to French", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.lang-switch button[value="fr"]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="fr"]`)),
		chromedp.WaitVisible(chromedp.ID("password")),
	))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must("location", err)
	if !strings.HasSuffix(loc, userPath) {
		t.Errorf("the language switch after a refused form went to %s, not %s", loc, userPath)
	}
	must("type in French", chromedp.Do(ctx,
		typeInto("password", "Alice-Fresh-Start-9"),
		chromedp.WaitVisible(chromedp.CSS(`li[data-rule="not_email_or_mobile"].fail`)),
	))
	frLabel, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`li[data-rule="not_email_or_mobile"]`)))
	must("French label", err)
	if !strings.Contains(frLabel, "de l’utilisateur") {
		t.Errorf("French label %q", frLabel)
	}
	screenshot(t, ctx, "user-password-fr")

	// The sessions page names the sign-in method and the browser in words.
	must("sessions", chromedp.Do(ctx,
		chromedp.Navigate(base+"/sessions"),
		chromedp.WaitVisible(chromedp.CSS(`td.agent`)),
	))
	row, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`tr.current`)))
	must("session row", err)
	if !strings.Contains(row, "Headless Chrome sous Linux") || !strings.Contains(row, "Mot de passe") {
		t.Errorf("session row %q", row)
	}
	screenshot(t, ctx, "sessions-fr")
	must("404 keeps the menu", chromedp.Do(ctx,
		chromedp.Navigate(base+"/no-such-page"),
		chromedp.WaitVisible(chromedp.CSS(`nav.nav a[href="/console/profile"]`)),
	))
	screenshot(t, ctx, "not-found-fr")
	for _, p := range []string{"/account/edit", "/users/new", "/profile", "/credentials"} {
		must(p, chromedp.Do(ctx, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS(`main h1`))))
		screenshot(t, ctx, strings.ReplaceAll(strings.Trim(p, "/"), "/", "-")+"-fr")
	}
	if p := unexpected(problems.get()); len(p) > 0 {
		t.Errorf("the browser reported problems: %v", p)
	}
}
