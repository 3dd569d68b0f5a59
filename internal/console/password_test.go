package console_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/identity"
)

func TestChangePassword(t *testing.T) {
	const newPassword = "Correct-Battery-Horse-42"
	tests := []struct {
		name                  string
		current, new, confirm string
		status                int
		want                  map[string]string
	}{
		{"ErrConfirmMismatch", rootPassword, newPassword, newPassword + "x", http.StatusBadRequest,
			map[string]string{"en": "error.password.confirmation_mismatch", "fr": "error.password.confirmation_mismatch"}},
		{"ErrCurrentWrong", "wrong", newPassword, newPassword, http.StatusUnauthorized,
			map[string]string{"en": "error.password.current_invalid", "fr": "error.password.current_invalid"}},
		{"ErrPolicy", rootPassword, "short", "short", http.StatusBadRequest,
			map[string]string{"en": "error.password.policy", "fr": "error.password.policy"}},
		{"ErrSameAsCurrent", rootPassword, rootPassword, rootPassword, http.StatusBadRequest,
			map[string]string{"en": "error.password.same_as_current", "fr": "error.password.same_as_current"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustConsole(t)
			for _, lang := range []string{"en", "fr"} {
				b := s.browser(t)
				b.Lang = lang
				b.mustLogin("acme", "", rootPassword)
				p := b.post(console.Path+"/password", url.Values{"current": {tt.current}, "new": {tt.new}, "confirm": {tt.confirm}})
				if p.Status != tt.status {
					t.Fatalf("%s: status %d, want %d\n%s", lang, p.Status, tt.status, text(p.Body))
				}
				checkHeaders(t, "/password", p)
				if want := tr(t, lang, tt.want[lang]); !strings.Contains(text(p.Body), want) {
					t.Errorf("%s: %q not in\n%s", lang, want, text(p.Body))
				}
				if tt.name == "ErrPolicy" && !strings.Contains(p.Body, `data-rule="min_length" class="rule fail"`) {
					t.Errorf("the failed rule is not marked:\n%s", p.Body)
				}
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		s := mustConsole(t)
		other := s.browser(t)
		other.mustLogin("acme", "", rootPassword)
		b := s.browser(t)
		b.mustLogin("acme", "", rootPassword)
		p := b.post(console.Path+"/password", url.Values{"current": {rootPassword}, "new": {newPassword}, "confirm": {newPassword}})
		if p.Status != http.StatusSeeOther || p.Location() != console.Path+"/password" {
			t.Fatalf("change: %d to %q\n%s", p.Status, p.Location(), text(p.Body))
		}
		if got := text(b.get(console.Path + "/password").Body); !strings.Contains(got, "Your password has been changed.") {
			t.Errorf("no success message in\n%s", got)
		}
		if p := other.get(console.Path + "/profile"); p.Status != http.StatusSeeOther {
			t.Errorf("the other session survived the change: %d", p.Status)
		}
		if p := b.get(console.Path + "/profile"); p.Status != http.StatusOK {
			t.Errorf("this session did not survive the change: %d", p.Status)
		}
		if p := s.browser(t).post(console.Path+"/login", url.Values{"account": {"acme"}, "password": {rootPassword}}); p.Status != http.StatusUnauthorized {
			t.Errorf("the old password still works: %d", p.Status)
		}
		s.browser(t).mustLogin("acme", "", newPassword)
	})
}

// TestPasswordChangeRequired: a user whose administrator set the password
// is sent to change it, and can do nothing else first.
func TestPasswordChangeRequired(t *testing.T) {
	s := mustConsole(t)
	s.mustUser(t, identity.NewUser{Name: "bob", Password: "Tr0ubadour-Zebra-Quilt", ForceChange: true})
	b := s.browser(t)
	p := b.post(console.Path+"/login", url.Values{"account": {"acme"}, "user": {"bob"}, "password": {"Tr0ubadour-Zebra-Quilt"}})
	if p.Status != http.StatusSeeOther || p.Location() != console.Path+"/password" {
		t.Fatalf("login: %d to %q", p.Status, p.Location())
	}
	// One banner says why, not two near-identical ones (issue 18).
	if body := b.get(console.Path + "/password").Body; !strings.Contains(text(body), "Your password must be changed before you can do anything else.") ||
		strings.Count(body, `class="flash flash-warning"`) != 1 {
		t.Errorf("want exactly one notice in\n%s", text(body))
	}
	if p := b.get(console.Path + "/profile"); p.Status != http.StatusSeeOther || p.Location() != console.Path+"/password" {
		t.Errorf("profile before the change: %d to %q", p.Status, p.Location())
	}
	p = b.post(console.Path+"/password", url.Values{"current": {"Tr0ubadour-Zebra-Quilt"}, "new": {"Kettle-Marble-Orbit-77"}, "confirm": {"Kettle-Marble-Orbit-77"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("change: %d\n%s", p.Status, text(p.Body))
	}
	if p := b.get(console.Path + "/profile"); p.Status != http.StatusOK {
		t.Errorf("profile after the change: %d", p.Status)
	}
}

// TestPasswordCheck: the live check evaluates the policy without
// changing anything, and needs the CSRF header.
func TestPasswordCheck(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	check := func(pw string, header http.Header) (int, map[string]any) {
		body, _ := json.Marshal(map[string]string{"password": pw})
		req, _ := http.NewRequest(http.MethodPost, b.base.String()+console.Path+"/password/check", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		for k, v := range header {
			req.Header[k] = v
		}
		p := b.do(req)
		var out map[string]any
		_ = json.Unmarshal([]byte(p.Body), &out)
		return p.Status, out
	}
	status, out := check("abc", http.Header{"X-Csrf-Token": {b.csrf()}})
	if status != http.StatusOK {
		t.Fatalf("check: %d %v", status, out)
	}
	rules, _ := out["rules"].([]any)
	if len(rules) == 0 || out["strength"] == nil {
		t.Fatalf("check: %v", out)
	}
	first := rules[0].(map[string]any)
	if first["id"] != "min_length" || first["passed"] != false || first["message"] != "At least 8 characters" {
		t.Errorf("first rule %v", first)
	}
	b.Lang = "fr"
	_, out = check("Correct-Battery-Horse-42", http.Header{"X-Csrf-Token": {b.csrf()}})
	for _, r := range out["rules"].([]any) {
		if r.(map[string]any)["passed"] != true {
			t.Errorf("rule %v fails for a good password", r)
		}
	}
	if out["strength"].(float64) < 3 || out["rules"].([]any)[0].(map[string]any)["message"] != "Au moins 8 caractères" {
		t.Errorf("fr check %v", out)
	}
	if status, _ := check("abc", nil); status != http.StatusForbidden {
		t.Errorf("without the CSRF header: %d", status)
	}
	if status, _ := check("abc", http.Header{"X-Csrf-Token": {b.csrf()}, "Origin": {"https://evil.example"}}); status != http.StatusForbidden {
		t.Errorf("from another origin: %d", status)
	}
	if strings.Contains(s.Log.String(), "Correct-Battery") {
		t.Error("the candidate was logged")
	}
	if _, err := s.Svc.Auth.Login(context.Background(), identity.LoginInput{AccountName: "acme", Password: rootPassword}); err != nil {
		t.Errorf("checking changed the password: %v", err)
	}
}
