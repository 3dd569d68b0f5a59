package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/identity"
)

var userLinkRE = regexp.MustCompile(`/console/users/([0-9a-f]{32})`)

func TestAdminUsers(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	p := b.post(console.Path+"/users", url.Values{"name": {"erin"}, "email": {"erin@acme.test"}, "password": {"Kettle-Marble-Orbit-77"},
		"confirm": {"Kettle-Marble-Orbit-78"}, "force_change": {"on"}})
	if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, `value="erin"`) {
		t.Fatalf("mismatched confirmation: %d\n%s", p.Status, text(p.Body))
	}
	p = b.post(console.Path+"/users", url.Values{"name": {"erin"}, "email": {"erin@acme.test"}, "password": {"short"}, "confirm": {"short"}})
	if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, `class="rule fail"`) {
		t.Fatalf("weak password: %d\n%s", p.Status, text(p.Body))
	}
	p = b.post(console.Path+"/users", url.Values{"name": {"erin"}, "email": {"erin@acme.test"}, "password": {"Kettle-Marble-Orbit-77"},
		"confirm": {"Kettle-Marble-Orbit-77"}, "force_change": {"on"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", p.Status, text(p.Body))
	}
	userPath := p.Location()
	p = b.get(userPath)
	if p.Status != http.StatusOK || !strings.Contains(text(p.Body), "User erin has been created.") {
		t.Fatalf("user page: %d\n%s", p.Status, text(p.Body))
	}
	if p := b.post(console.Path+"/users", url.Values{"name": {"erin"}}); p.Status != http.StatusConflict {
		t.Errorf("duplicate name: %d", p.Status)
	}

	if got := text(b.get(console.Path + "/users").Body); !strings.Contains(got, "erin@acme.test") || !strings.Contains(got, "IAM user") {
		t.Errorf("users list:\n%s", got)
	}
	// erin must change the administrator's password first.
	e := s.browser(t)
	if p := e.post(console.Path+"/login", url.Values{"account": {"acme"}, "user": {"erin"}, "password": {"Kettle-Marble-Orbit-77"}}); p.Location() != console.Path+"/password" {
		t.Errorf("erin's first login goes to %q", p.Location())
	}

	p = b.post(userPath, url.Values{"display_name": {"Erin E."}, "email": {"erin@acme.test"}, "locale": {"fr"}, "admin": {"on"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("update: %d\n%s", p.Status, text(p.Body))
	}
	u, err := s.Svc.Users.Get(s.asRoot(t), strings.TrimPrefix(userPath, console.Path+"/users/"))
	if err != nil || u.DisplayName != "Erin E." || !u.Admin || u.Enabled || u.Locale != "fr" {
		t.Fatalf("after update: %+v %v", u, err)
	}
	if p := b.post(userPath, url.Values{"email": {"bad"}, "enabled": {"on"}}); p.Status != http.StatusBadRequest {
		t.Errorf("bad email: %d", p.Status)
	}
	if p := b.post(userPath, url.Values{"enabled": {"on"}, "email": {"erin@acme.test"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("enable: %d", p.Status)
	}

	p = b.post(userPath+"/password", url.Values{"password": {"Orbit-Kettle-Marble-99"}, "confirm": {"Orbit-Kettle-Marble-99"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("set password: %d\n%s", p.Status, text(p.Body))
	}
	s.browser(t).mustLogin("acme", "erin", "Orbit-Kettle-Marble-99")

	for i := 0; i < 6; i++ {
		s.browser(t).post(console.Path+"/login", url.Values{"account": {"acme"}, "user": {"erin"}, "password": {"wrong"}})
	}
	if got := text(b.get(userPath).Body); !strings.Contains(got, "Locked out after failed sign-ins until") {
		t.Fatalf("no lockout shown:\n%s", got)
	}
	if p := b.post(userPath+"/unlock", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("unlock: %d", p.Status)
	}
	s.browser(t).mustLogin("acme", "erin", "Orbit-Kettle-Marble-99")

	if p := b.post(userPath+"/delete", url.Values{"confirm": {"yes"}}); p.Status != http.StatusSeeOther || p.Location() != console.Path+"/users" {
		t.Fatalf("delete: %d", p.Status)
	}
	if p := b.get(userPath); p.Status != http.StatusNotFound {
		t.Errorf("deleted user's page: %d", p.Status)
	}
	root := userLinkRE.FindStringSubmatch(b.get(console.Path + "/users").Body)
	if p := b.post(console.Path+"/users/"+root[1]+"/delete", url.Values{"confirm": {"yes"}}); p.Status != http.StatusBadRequest {
		t.Errorf("delete the root user: %d", p.Status)
	}
}

func TestAdminPagesRefuseIAMUsers(t *testing.T) {
	s := mustConsole(t)
	s.mustUser(t, identity.NewUser{Name: "frank", Password: "Tr0ubadour-Zebra-Quilt"})
	b := s.browser(t)
	b.mustLogin("acme", "frank", "Tr0ubadour-Zebra-Quilt")
	if strings.Contains(b.get(console.Path+"/profile").Body, `href="/console/users"`) {
		t.Error("an IAM user is offered the users page")
	}
	// Reading the policies is anyone's (the core decides); changing them is not.
	for _, path := range []string{"/users", "/users/new"} {
		p := b.get(console.Path + path)
		if path == "/users/new" {
			p = b.post(console.Path+"/users", url.Values{"name": {"x"}})
		}
		if p.Status != http.StatusForbidden || !strings.Contains(text(p.Body), "Only an administrator of the account") {
			t.Errorf("%s: %d\n%s", path, p.Status, text(p.Body))
		}
	}
	for _, path := range []string{"/policies/password", "/policies/login"} {
		if p := b.post(console.Path+path, url.Values{"min_length": {"10"}}); p.Status != http.StatusForbidden {
			t.Errorf("%s: %d", path, p.Status)
		}
	}
}

func TestPolicies(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	p := b.post(console.Path+"/policies/password", url.Values{"preset": {"nist"}})
	if p.Status != http.StatusOK || !strings.Contains(p.Body, `name="min_length" value="15"`) || !strings.Contains(text(p.Body), "NIST SP 800-63B-4") {
		t.Fatalf("preset: %d\n%s", p.Status, text(p.Body))
	}
	acct, _ := s.Svc.Accounts.Get(s.asRoot(t))
	if acct.PasswordPolicy.MinLength != 8 {
		t.Fatal("loading a preset saved it")
	}
	form := url.Values{"min_length": {"12"}, "max_length": {"64"}, "min_char_types": {"3"}, "history_count": {"2"},
		"local_dictionary": {"warn"}, "global_dictionary": {"enforce"}, "not_username": {"on"}}
	if p := b.post(console.Path+"/policies/password", form); p.Status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", p.Status, text(p.Body))
	}
	acct, _ = s.Svc.Accounts.Get(s.asRoot(t))
	if pol := acct.PasswordPolicy; pol.MinLength != 12 || pol.MaxLength != 64 || pol.MinCharTypes != 3 || pol.HistoryCount != 2 ||
		pol.LocalDictionary != "warn" || !pol.NotUsername || pol.NotEmailOrMobile {
		t.Errorf("saved policy %+v", pol)
	}
	// The change-password checklist follows the policy.
	if got := text(b.get(console.Path + "/password").Body); !strings.Contains(got, "At least 12 characters") || !strings.Contains(got, "Not one of your last 2 passwords") {
		t.Errorf("checklist:\n%s", got)
	}
	form.Set("min_length", "abc")
	if p := b.post(console.Path+"/policies/password", form); p.Status != http.StatusBadRequest || !strings.Contains(text(p.Body), "Give a whole number.") {
		t.Errorf("not a number: %d\n%s", p.Status, text(p.Body))
	}
	form.Set("min_length", "0")
	if p := b.post(console.Path+"/policies/password", form); p.Status != http.StatusBadRequest {
		t.Errorf("out of range: %d", p.Status)
	}

	login := url.Values{"login_failed_times": {"3"}, "period_with_login_failures": {"20"}, "lockout_duration": {"30"},
		"custom_info_for_login": {"Welcome to ACME"}, "show_recent_login_info": {"on"}}
	if p := b.post(console.Path+"/policies/login", login); p.Status != http.StatusSeeOther {
		t.Fatalf("login policy: %d\n%s", p.Status, text(p.Body))
	}
	c := s.browser(t)
	c.mustLogin("acme", "", rootPassword)
	if got := text(c.get(console.Path + "/profile").Body); !strings.Contains(got, "Welcome to ACME") || !strings.Contains(got, "Last sign-in:") {
		t.Errorf("after login with the policy:\n%s", got)
	}
	login.Set("login_failed_times", "1000")
	if p := b.post(console.Path+"/policies/login", login); p.Status != http.StatusBadRequest {
		t.Errorf("out of range: %d", p.Status)
	}
}

// TestRootProtectedFromIAMAdmins: an IAM administrator sees the root user
// but changes nothing of it, its lock included (issue 11): each change is
// refused with 403 and the console's message, and the root user stays.
func TestRootProtectedFromIAMAdmins(t *testing.T) {
	s := mustConsole(t)
	s.mustUser(t, identity.NewUser{Name: "ops", Email: "ops@acme.test", Admin: true, Password: "Night-Owl-Battery-42"})
	b := s.browser(t)
	b.mustLogin("acme", "ops", "Night-Owl-Battery-42")
	var rootPath string
	for _, m := range userLinkRE.FindAllStringSubmatch(b.get(console.Path+"/users").Body, -1) {
		if u, err := s.Svc.Users.Get(s.asRoot(t), m[1]); err == nil && u.Root {
			rootPath = console.Path + "/users/" + m[1]
		}
	}
	if rootPath == "" {
		t.Fatal("the root user is not listed")
	}
	if p := b.get(rootPath); p.Status != http.StatusOK {
		t.Fatalf("reading the root user: %d", p.Status)
	}
	for path, form := range map[string]url.Values{
		"":          {"display_name": {"owned"}, "enabled": {"on"}, "email": {"mallory@evil.test"}},
		"/password": {"password": {"Orbit-Kettle-Marble-99"}, "confirm": {"Orbit-Kettle-Marble-99"}},
		"/unlock":   nil,
		"/delete":   {"confirm": {"yes"}},
	} {
		p := b.post(rootPath+path, form)
		if p.Status != http.StatusForbidden || !strings.Contains(text(p.Body), "The enterprise administrator cannot be changed this way.") {
			t.Errorf("POST %s: %d\n%s", rootPath+path, p.Status, text(p.Body))
		}
	}
	root, err := s.Svc.Users.Get(s.asRoot(t), rootPath[len(console.Path+"/users/"):])
	if err != nil || root.Email != "root@acme.test" || root.DisplayName == "owned" {
		t.Fatalf("the root user changed: %+v %v", root, err)
	}
	s.browser(t).mustLogin("acme", "", rootPassword)
}
