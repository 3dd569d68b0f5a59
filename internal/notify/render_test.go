package notify_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/notify"
)

// allIDs mirrors the template IDs in notification.go; a new ID must get
// templates, and this list reminds whoever adds one.
var allIDs = []string{
	notify.PasswordChangedShowEmail, notify.PasswordChangedHideEmail,
	notify.ResetLink, notify.ResetCode, notify.VerificationCode,
	notify.EmailChanged, notify.MobileChanged, notify.MFAChanged,
	notify.EmailChangeRequested, notify.MobileChangeRequested,
	notify.LoginVerificationChanged, notify.Lockout,
	notify.AccessKeyCreated, notify.AskAdministrator,
}

func fullData() map[string]string {
	return map[string]string{
		"name": "Alice", "email": "alice@example.com", "account": "acme",
		"link": "https://ww.example/reset/TOKEN123", "code": "482913", "expires_minutes": "30",
		"ip": "198.51.100.7", "time": "Tue, 03 Mar 2026 10:00:00 UTC",
		"old_email": "old@example.com", "new_email": "new@example.com",
		"mobile": "+33 6 •• •• •• 78", "method": "totp", "key_id": "AKID0001", "user": "bob",
	}
}

func mustRenderer(t *testing.T, cfg notify.Config) *notify.Renderer {
	t.Helper()
	r, err := notify.NewRenderer(cfg)
	if err != nil {
		t.Fatalf("NewRenderer: %v", err)
	}
	return r
}

func TestRenderEveryTemplate(t *testing.T) {
	r := mustRenderer(t, notify.Config{})
	for _, id := range allIDs {
		for _, theme := range []string{"", "dark"} {
			en, err := r.Render(notify.Notification{Template: id, Locale: "en", Theme: theme, Data: fullData()})
			if err != nil {
				t.Fatalf("%s/en/%q: %v", id, theme, err)
			}
			fr, err := r.Render(notify.Notification{Template: id, Locale: "fr", Theme: theme, Data: fullData()})
			if err != nil {
				t.Fatalf("%s/fr/%q: %v", id, theme, err)
			}
			for loc, out := range map[string]notify.Rendered{"en": en, "fr": fr} {
				for part, s := range map[string]string{"subject": out.Subject, "text": out.Text, "html": out.HTML, "sms": out.SMS} {
					if strings.TrimSpace(s) == "" {
						t.Errorf("%s/%s/%q: empty %s", id, loc, theme, part)
					}
					if strings.Contains(s, "<no value>") || strings.Contains(s, "{{") {
						t.Errorf("%s/%s/%q: %s has unrendered parts: %q", id, loc, theme, part, s)
					}
				}
			}
			// French uses the typographic apostrophe throughout (issue 18).
			for part, s := range map[string]string{"subject": fr.Subject, "text": fr.Text, "sms": fr.SMS} {
				if strings.Contains(s, "'") {
					t.Errorf("%s/fr/%q: straight apostrophe in the %s: %q", id, theme, part, s)
				}
			}
			if !strings.HasPrefix(en.Text, "Hello Alice,") || !strings.HasPrefix(fr.Text, "Bonjour Alice,") {
				t.Errorf("%s/%q: greetings %q / %q", id, theme, firstLine(en.Text), firstLine(fr.Text))
			}
			// Every French subject has an accented letter: a cheap check
			// that the French files kept theirs.
			if !strings.ContainsAny(fr.Subject, "éèàêçù") {
				t.Errorf("%s: French subject without accents: %q", id, fr.Subject)
			}
			if en.Subject == fr.Subject {
				t.Errorf("%s: same subject in both locales: %q", id, en.Subject)
			}
		}
	}
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

func TestRenderFallbacks(t *testing.T) {
	r := mustRenderer(t, notify.Config{})
	const darkMark, lightMark = "#0d1117", "#f4f5f7"
	tests := []struct {
		name, id, locale, theme string
		wantFrench              bool
		wantMark                string
	}{
		{"default en", notify.PasswordChangedShowEmail, "en", "", false, lightMark},
		{"default fr", notify.PasswordChangedShowEmail, "fr", "", true, lightMark},
		{"region falls to language", notify.PasswordChangedShowEmail, "fr-CA", "", true, lightMark},
		{"underscore and charset", notify.PasswordChangedShowEmail, "fr_FR.UTF-8", "", true, lightMark},
		{"missing locale falls to en", notify.PasswordChangedShowEmail, "de", "", false, lightMark},
		{"empty locale is en", notify.PasswordChangedShowEmail, "", "", false, lightMark},
		{"demo theme", notify.PasswordChangedShowEmail, "en", "dark", false, darkMark},
		{"demo theme fr", notify.PasswordChangedHideEmail, "fr", "dark", true, darkMark},
		{"theme id case-folded", notify.PasswordChangedHideEmail, "EN", "Dark", false, darkMark},
		{"theme and missing locale", notify.PasswordChangedShowEmail, "de", "dark", false, darkMark},
		{"unknown theme falls back", notify.PasswordChangedShowEmail, "fr", "no-such-theme", true, lightMark},
		{"path-like theme is just unknown", notify.PasswordChangedShowEmail, "en", "../dark", false, lightMark},
		{"theme without this template", notify.ResetLink, "fr", "dark", true, lightMark},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := r.Render(notify.Notification{Template: tt.id, Locale: tt.locale, Theme: tt.theme, Data: fullData()})
			if err != nil {
				t.Fatal(err)
			}
			if french := strings.HasPrefix(out.Text, "Bonjour"); french != tt.wantFrench {
				t.Errorf("French = %v, want %v: %q", french, tt.wantFrench, firstLine(out.Text))
			}
			if !strings.Contains(out.HTML, tt.wantMark) {
				t.Errorf("HTML lacks %s", tt.wantMark)
			}
		})
	}
}

func TestRenderShowHideEmail(t *testing.T) {
	r := mustRenderer(t, notify.Config{})
	for _, loc := range []string{"en", "fr"} {
		for _, theme := range []string{"", "dark"} {
			show, err := r.Render(notify.Notification{Template: notify.PasswordChangedShowEmail, Locale: loc, Theme: theme, Data: fullData()})
			if err != nil {
				t.Fatal(err)
			}
			hide, err := r.Render(notify.Notification{Template: notify.PasswordChangedHideEmail, Locale: loc, Theme: theme, Data: fullData()})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{show.Text, show.HTML, show.SMS} {
				if !strings.Contains(s, "alice@example.com") {
					t.Errorf("%s/%q show_email part lacks the address: %q", loc, theme, s)
				}
			}
			for _, s := range []string{hide.Subject, hide.Text, hide.HTML, hide.SMS} {
				if strings.Contains(s, "alice@example.com") {
					t.Errorf("%s/%q not_show_email part shows the address: %q", loc, theme, s)
				}
			}
		}
	}
}

func TestRenderErrors(t *testing.T) {
	r := mustRenderer(t, notify.Config{})
	tests := []struct {
		name string
		n    notify.Notification
		want error
	}{
		{"unknown template", notify.Notification{Template: "no_such_template", Locale: "en"}, notify.ErrUnknownTemplate},
		{"path as template", notify.Notification{Template: "../en/reset_link", Locale: "en"}, notify.ErrUnknownTemplate},
		{"reset link without link", notify.Notification{Template: notify.ResetLink, Locale: "fr", Data: map[string]string{"name": "A"}}, notify.ErrMissingData},
		{"code without code", notify.Notification{Template: notify.VerificationCode, Locale: "en"}, notify.ErrMissingData},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.Render(tt.n)
			if !errors.Is(err, tt.want) || !notify.IsPermanent(err) {
				t.Fatalf("err = %v, want permanent %v", err, tt.want)
			}
		})
	}
}

func TestRenderEscapingAndOneLineSubject(t *testing.T) {
	r := mustRenderer(t, notify.Config{})
	data := fullData()
	data["name"] = "<script>alert(1)</script>"
	data["link"] = "javascript:alert(1)"
	out, err := r.Render(notify.Notification{Template: notify.ResetLink, Locale: "en", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.HTML, "<script>") || strings.Contains(out.HTML, `href="javascript:`) {
		t.Errorf("HTML not escaped: %s", out.HTML)
	}
	if !strings.Contains(out.Text, "<script>") {
		t.Errorf("text part should carry data verbatim")
	}
	// An operator template that puts data in the subject still yields one line.
	dir := t.TempDir()
	writeTemplate(t, dir, "notifications/user_management/login/en/lockout.xml",
		`<notification><subject>Locked {{.name}}</subject><text>t</text><sms>s</sms></notification>`)
	r = mustRenderer(t, notify.Config{TemplateDir: dir})
	out, err = r.Render(notify.Notification{Template: notify.Lockout, Locale: "en",
		Data: map[string]string{"name": "x\r\nBcc: evil@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(out.Subject, "\r\n") || out.Subject != "Locked x Bcc: evil@example.com" {
		t.Errorf("subject = %q", out.Subject)
	}
	if out.HTML != "" {
		t.Errorf("a template without <html> renders no HTML, got %q", out.HTML)
	}
}

func writeTemplate(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestOperatorOverrides(t *testing.T) {
	dir := t.TempDir()
	tmpl := func(subject string) string {
		return `<?xml version="1.0"?><notification><subject>` + subject +
			`</subject><text>
			Hi {{.name}},
			  indented
			</text><html><![CDATA[<p>{{.name}}</p>]]></html><sms>{{.code}}</sms></notification>`
	}
	writeTemplate(t, dir, "notifications/user_management/login/en/verification_code.xml", tmpl("operator default"))
	writeTemplate(t, dir, "themes/dark/notifications/user_management/login/en/user_password_change_show_email.xml", tmpl("operator dark"))
	writeTemplate(t, dir, "themes/acme/notifications/user_management/login/fr/reset_code.xml", tmpl("acme fr"))
	writeTemplate(t, dir, "README.txt", "not a template: ignored")
	r := mustRenderer(t, notify.Config{TemplateDir: dir})

	tests := []struct {
		name, id, locale, theme, want string
	}{
		{"operator replaces embedded default", notify.VerificationCode, "en", "", "operator default"},
		{"embedded locale kept beside override", notify.VerificationCode, "fr", "", "Votre code de vérification Watchword"},
		{"operator replaces embedded theme", notify.PasswordChangedShowEmail, "en", "dark", "operator dark"},
		{"operator adds a theme", notify.ResetCode, "fr-BE", "acme", "acme fr"},
		{"new theme falls back by locale first", notify.ResetCode, "en", "acme", "Your Watchword password reset code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := r.Render(notify.Notification{Template: tt.id, Locale: tt.locale, Theme: tt.theme, Data: fullData()})
			if err != nil {
				t.Fatal(err)
			}
			if out.Subject != tt.want {
				t.Errorf("subject = %q, want %q", out.Subject, tt.want)
			}
		})
	}
	out, _ := r.Render(notify.Notification{Template: notify.VerificationCode, Locale: "en", Data: fullData()})
	if out.Text != "Hi Alice,\n  indented" {
		t.Errorf("text not dedented: %q", out.Text)
	}
	if got := r.Themes(); strings.Join(got, ",") != "acme,dark" {
		t.Errorf("Themes = %v", got)
	}
}

func TestBrokenOperatorTemplatesFailFast(t *testing.T) {
	good := `<notification><subject>s</subject><text>t</text><sms>m</sms></notification>`
	tests := []struct{ name, path, content string }{
		{"bad XML", "notifications/user_management/login/en/lockout.xml", `<notification><subject>s</subject>`},
		{"bad text template", "notifications/user_management/login/en/lockout.xml", `<notification><subject>{{.name</subject><text>t</text><sms>m</sms></notification>`},
		{"bad html template", "notifications/user_management/login/en/lockout.xml", `<notification><subject>s</subject><text>t</text><html><![CDATA[{{if}}]]></html><sms>m</sms></notification>`},
		{"fails at execution", "notifications/user_management/login/en/lockout.xml", `<notification><subject>{{.name.first}}</subject><text>t</text><sms>m</sms></notification>`},
		{"missing sms", "notifications/user_management/login/en/lockout.xml", `<notification><subject>s</subject><text>t</text></notification>`},
		{"unknown template ID", "notifications/user_management/login/en/lockut.xml", good},
		{"misplaced file", "notifications/user_management/en/lockout.xml", good},
		{"bad locale dir", "notifications/user_management/login/english!/lockout.xml", good},
		{"bad theme dir", "themes/Bad Theme/notifications/user_management/login/en/lockout.xml", good},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTemplate(t, dir, tt.path, tt.content)
			if _, err := notify.NewRenderer(notify.Config{TemplateDir: dir}); err == nil {
				t.Fatal("NewRenderer accepted a broken template")
			}
		})
	}
	if _, err := notify.NewRenderer(notify.Config{TemplateDir: filepath.Join(t.TempDir(), "missing")}); err == nil {
		t.Fatal("NewRenderer accepted a missing template dir")
	}
}

func TestRenderMethodWording(t *testing.T) {
	r := mustRenderer(t, notify.Config{})
	tests := []struct{ id, method, locale, want string }{
		{notify.MFAChanged, "bound", "en", "A virtual MFA device was bound"},
		{notify.MFAChanged, "unbound", "fr", "Le dispositif MFA virtuel a été dissocié"},
		{notify.MFAChanged, "recovery_code_used", "en", "A recovery code was used instead of your virtual MFA device"},
		{notify.MFAChanged, "recovery_code_used", "fr", "Un code de secours a été utilisé à la place de votre dispositif MFA virtuel"},
		{notify.MFAChanged, "recovery_codes", "en", "A new set of recovery codes was made"},
		{notify.MFAChanged, "recovery_codes", "fr", "Une nouvelle série de codes de secours a été créée"},
		{notify.LoginVerificationChanged, "off", "en", "Login verification was turned off"},
		{notify.LoginVerificationChanged, "sms", "fr", "par un code envoyé par SMS"},
		{notify.LoginVerificationChanged, "totp", "en", "a code from your authenticator app"},
		{notify.LoginVerificationChanged, "email", "fr", "par un code envoyé par e-mail"},
	}
	for _, tt := range tests {
		t.Run(tt.id+"/"+tt.method+"/"+tt.locale, func(t *testing.T) {
			data := fullData()
			data["method"] = tt.method
			out, err := r.Render(notify.Notification{Template: tt.id, Locale: tt.locale, Data: data})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.Text, tt.want) || !strings.Contains(out.HTML, tt.want) {
				t.Errorf("text %q lacks %q", out.Text, tt.want)
			}
		})
	}
}

// TestResetLinkNamesTheUser: the reset mail of an IAM user names the user,
// not only the account, whose password one would otherwise take it for.
func TestResetLinkNamesTheUser(t *testing.T) {
	r := mustRenderer(t, notify.Config{})
	d := fullData()
	for lang, want := range map[string]string{"en": "of user bob in account acme", "fr": "de l’utilisateur bob du compte acme"} {
		out, err := r.Render(notify.Notification{Template: notify.ResetLink, Locale: lang, Data: d})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.Text, want) {
			t.Errorf("%s: %q lacks %q", lang, out.Text, want)
		}
	}
	delete(d, "user")
	out, err := r.Render(notify.Notification{Template: notify.ResetLink, Locale: "en", Data: d})
	if err != nil || !strings.Contains(out.Text, "the password of account acme.") {
		t.Errorf("root user's mail: %q %v", out.Text, err)
	}
}
