package form_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

func post(t *testing.T, v url.Values) *http.Request {
	t.Helper()
	r, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := r.ParseForm(); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestLogin(t *testing.T) {
	tests := []struct {
		name string
		in   url.Values
		want identity.LoginInput
	}{
		{"account", url.Values{"account": {" acme "}, "password": {" pw "}}, identity.LoginInput{AccountName: "acme", Password: " pw "}},
		{"IAM user", url.Values{"account": {"acme"}, "user": {"alice"}, "password": {"pw"}}, identity.LoginInput{AccountName: "acme", UserName: "alice", Password: "pw"}},
		{"email", url.Values{"account": {"root@acme.test"}, "password": {"pw"}}, identity.LoginInput{Email: "root@acme.test", Password: "pw"}},
		{"name with @ and a user", url.Values{"account": {"a@b"}, "user": {"u"}, "password": {"pw"}}, identity.LoginInput{AccountName: "a@b", UserName: "u", Password: "pw"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := form.NewLogin(post(t, tt.in)).Input(); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
	if got := form.NewLoginCode(post(t, url.Values{"code": {" 123 456 "}})).Code; got != "123456" {
		t.Errorf("code %q", got)
	}
}

func TestPasswordChange(t *testing.T) {
	tests := []struct {
		name, new, confirm, wantCode string
	}{
		{"OK", "a b", "a b", ""},
		{"ErrMismatch", "abc", "abd", "password.confirmation_mismatch"},
		{"ErrSpaces matter", "abc ", "abc", "password.confirmation_mismatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := form.NewPasswordChange(post(t, url.Values{"current": {"x"}, "new": {tt.new}, "confirm": {tt.confirm}})).Validate()
			if fault.CodeOf(err) != tt.wantCode {
				t.Errorf("err %v, want %q", err, tt.wantCode)
			}
			if err != nil && fault.As(err).Field != "confirm" {
				t.Errorf("field %q", fault.As(err).Field)
			}
		})
	}
}

func TestAccount(t *testing.T) {
	f := form.NewAccount(post(t, url.Values{"first_name": {" Ada "}, "email": {"a@b.test"}, "additional_emails": {"x@b.test, y@b.test\r\n\nz@b.test"}}))
	u := f.Update()
	if *u.FirstName != "Ada" || *u.Email != "a@b.test" || *u.City != "" || strings.Join(*u.AdditionalEmails, " ") != "x@b.test y@b.test z@b.test" {
		t.Errorf("update %+v", u)
	}
	if u := form.NewAccount(post(t, url.Values{})).Update(); u.AdditionalEmails == nil || len(*u.AdditionalEmails) != 0 {
		t.Errorf("no additional emails should clear them: %v", u.AdditionalEmails)
	}
	back := form.AccountFrom(identity.AccountProfile{AdditionalEmails: []string{"x@b.test", "y@b.test"}})
	if back.AdditionalEmails != "x@b.test\ny@b.test" {
		t.Errorf("from profile %q", back.AdditionalEmails)
	}
}

func TestAccessKey(t *testing.T) {
	tests := []struct {
		name, expires string
		want          time.Time
		wantCode      string
	}{
		{"no expiry", "", time.Time{}, ""},
		{"date", "2030-02-03", time.Date(2030, 2, 3, 0, 0, 0, 0, time.UTC), ""},
		{"ErrDate", "03/02/2030", time.Time{}, "form.date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := form.NewAccessKey(post(t, url.Values{"tag": {"ci"}, "expires": {tt.expires}})).Input()
			if fault.CodeOf(err) != tt.wantCode || !in.ExpiresAt.Equal(tt.want) || (err == nil && in.Tag != "ci") {
				t.Errorf("got %+v, %v", in, err)
			}
		})
	}
}
