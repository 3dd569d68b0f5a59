package console_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/verify"
)

func TestChangeEmail(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	if got := text(b.get(console.Path + "/credentials").Body); !strings.Contains(got, "root@acme.test") {
		t.Fatalf("credentials page:\n%s", got)
	}
	base := console.Path + "/credentials/contact/email"
	p := b.get(base)
	if p.Status != http.StatusOK || !strings.Contains(text(p.Body), "Verify identity") {
		t.Fatalf("step 1: %d\n%s", p.Status, text(p.Body))
	}
	p = b.post(base+"/identity-code", url.Values{"channel": {"email"}})
	if p.Status != http.StatusOK || !strings.Contains(text(p.Body), "A code was sent to") {
		t.Fatalf("identity code: %d\n%s", p.Status, text(p.Body))
	}
	code := s.lastCode(t, "root@acme.test")
	p = b.post(base+"/identity", url.Values{"code": {wrongCode(code)}})
	if p.Status != http.StatusBadRequest || !strings.Contains(text(p.Body), tr(t, "en", "error.verify.code_invalid")) {
		t.Fatalf("wrong identity code: %d\n%s", p.Status, text(p.Body))
	}
	p = b.post(base+"/identity", url.Values{"code": {code}})
	m := regexp.MustCompile(`name="ticket" value="([^"]+)"`).FindStringSubmatch(p.Body)
	if p.Status != http.StatusOK || m == nil {
		t.Fatalf("identity: %d\n%s", p.Status, text(p.Body))
	}
	ticket := m[1]
	p = b.post(base+"/code", url.Values{"ticket": {ticket}, "address": {"new@acme.test"}})
	if p.Status != http.StatusOK || !strings.Contains(text(p.Body), "A code was sent to") || !strings.Contains(p.Body, ticket) {
		t.Fatalf("bind code: %d\n%s", p.Status, text(p.Body))
	}
	code = s.lastCode(t, "new@acme.test")
	p = b.post(base, url.Values{"ticket": {ticket}, "address": {"new@acme.test"}, "code": {wrongCode(code)}})
	if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, `value="new@acme.test"`) {
		t.Fatalf("wrong bind code: %d\n%s", p.Status, text(p.Body))
	}
	p = b.post(base, url.Values{"ticket": {ticket}, "address": {"new@acme.test"}, "code": {code}})
	if p.Status != http.StatusSeeOther || p.Location() != console.Path+"/credentials" {
		t.Fatalf("bind: %d\n%s", p.Status, text(p.Body))
	}
	got := text(b.get(console.Path + "/credentials").Body)
	if !strings.Contains(got, "Your email address has been changed.") || !strings.Contains(got, "new@acme.test") {
		t.Errorf("after the change:\n%s", got)
	}
	if p := b.get(console.Path + "/credentials/contact/fax"); p.Status != http.StatusNotFound {
		t.Errorf("unknown contact kind: %d", p.Status)
	}
}

// TestBindFirstMobile: with nothing bound, the password proves identity.
func TestBindFirstMobile(t *testing.T) {
	s := mustConsole(t)
	s.mustUser(t, identity.NewUser{Name: "dave", Password: "Tr0ubadour-Zebra-Quilt"})
	b := s.browser(t)
	b.Lang = "fr"
	b.mustLogin("acme", "dave", "Tr0ubadour-Zebra-Quilt")
	base := console.Path + "/credentials/contact/mobile"
	if p := b.get(base); !strings.Contains(p.Body, `name="password"`) {
		t.Fatal("no password field when nothing is bound")
	}
	p := b.post(base+"/identity", url.Values{"password": {"wrong"}})
	if p.Status != http.StatusUnauthorized || !strings.Contains(text(p.Body), "Le mot de passe actuel est incorrect.") {
		t.Fatalf("wrong password: %d\n%s", p.Status, text(p.Body))
	}
	p = b.post(base+"/identity", url.Values{"password": {"Tr0ubadour-Zebra-Quilt"}})
	ticket := regexp.MustCompile(`name="ticket" value="([^"]+)"`).FindStringSubmatch(p.Body)[1]
	if p := b.post(base+"/code", url.Values{"ticket": {ticket}, "address": {"0612"}}); p.Status != http.StatusBadRequest {
		t.Errorf("bad number: %d", p.Status)
	}
	b.post(base+"/code", url.Values{"ticket": {ticket}, "address": {"+33612345678"}})
	p = b.post(base, url.Values{"ticket": {ticket}, "address": {"+33612345678"}, "code": {s.lastCode(t, "+33612345678")}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("bind: %d\n%s", p.Status, text(p.Body))
	}
	if got := text(b.get(console.Path + "/credentials").Body); !strings.Contains(got, "+33612345678") {
		t.Errorf("after binding:\n%s", got)
	}
}

func TestAvatar(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	first := b.get(console.Path + "/credentials/avatar")
	if first.Status != http.StatusOK || first.Header.Get("Content-Type") != "image/png" || first.Header.Get("ETag") == "" {
		t.Fatalf("default avatar: %d %v", first.Status, first.Header)
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL+console.Path+"/credentials/avatar", nil)
	req.Header.Set("If-None-Match", first.Header.Get("ETag"))
	if p := b.do(req); p.Status != http.StatusNotModified {
		t.Errorf("revalidation: %d", p.Status)
	}
	var pic bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		img.Set(x, x%30, color.RGBA{200, 30, 30, 255})
	}
	_ = png.Encode(&pic, img)
	upload := func(name string, data []byte, token string) page {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("csrf_token", token)
		if data != nil {
			fw, _ := mw.CreateFormFile("avatar", name)
			_, _ = fw.Write(data)
		}
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, s.URL+console.Path+"/credentials/avatar", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return b.do(req)
	}
	if p := upload("a.png", pic.Bytes(), "forged"); p.Status != http.StatusForbidden {
		t.Errorf("forged token: %d", p.Status)
	}
	if p := upload("a.txt", []byte("not a picture"), b.csrf()); p.Status != http.StatusBadRequest ||
		!strings.Contains(text(p.Body), tr(t, "en", "error.avatar.format")) {
		t.Errorf("not a picture: %d\n%s", p.Status, text(p.Body))
	}
	if p := upload("", nil, b.csrf()); p.Status != http.StatusBadRequest {
		t.Errorf("no file: %d", p.Status)
	}
	if p := upload("a.png", pic.Bytes(), b.csrf()); p.Status != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", p.Status, text(p.Body))
	}
	after := b.get(console.Path + "/credentials/avatar")
	if after.Header.Get("ETag") == first.Header.Get("ETag") {
		t.Error("the avatar did not change")
	}
	if p := b.post(console.Path+"/credentials/avatar/delete", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("reset: %d", p.Status)
	}
	if b.get(console.Path+"/credentials/avatar").Header.Get("ETag") != first.Header.Get("ETag") {
		t.Error("the default avatar is not back")
	}
}

func TestLoginVerificationAndMFA(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)

	// Bind a virtual MFA device with two consecutive codes.
	p := b.post(console.Path+"/credentials/mfa", nil)
	m := regexp.MustCompile(`<code>([A-Z2-7]{16,})</code>`).FindStringSubmatch(p.Body)
	if p.Status != http.StatusOK || m == nil {
		t.Fatalf("create: %d\n%s", p.Status, text(p.Body))
	}
	secret := m[1]
	if q := b.get(console.Path + "/credentials/mfa/qr"); q.Status != http.StatusOK || q.Header.Get("Content-Type") != "image/png" {
		t.Errorf("QR code: %d", q.Status)
	}
	now := s.Clock.Now()
	p = b.post(console.Path+"/credentials/mfa/confirm", url.Values{"first": {"000000"}, "second": {"111111"}})
	if p.Status != http.StatusBadRequest {
		t.Errorf("wrong codes: %d", p.Status)
	}
	p = b.post(console.Path+"/credentials/mfa/confirm", url.Values{
		"first": {verify.TOTPCode(secret, now.Add(-30*time.Second))}, "second": {verify.TOTPCode(secret, now)}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("bind: %d\n%s", p.Status, text(p.Body))
	}
	if got := text(b.get(console.Path + "/credentials").Body); !strings.Contains(got, "Your virtual MFA device is bound.") {
		t.Errorf("after binding:\n%s", got)
	}
	if q := b.get(console.Path + "/credentials/mfa/qr"); q.Status != http.StatusNotFound {
		t.Errorf("the QR code of a bound device is still served: %d", q.Status)
	}

	// Switch login verification to the device.
	s.Clock.Add(time.Minute)
	p = b.post(console.Path+"/credentials/verification/code", url.Values{"method": {"totp"}})
	if p.Status != http.StatusBadRequest || !strings.Contains(text(p.Body), tr(t, "en", "error.login_verification.use_device")) {
		t.Errorf("send code for totp: %d\n%s", p.Status, text(p.Body))
	}
	p = b.post(console.Path+"/credentials/verification", url.Values{"method": {"totp"}, "code": {verify.TOTPCode(secret, s.Clock.Now())},
		"current_password": {rootPassword}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("set totp: %d\n%s", p.Status, text(p.Body))
	}
	if got := text(b.get(console.Path + "/credentials").Body); !strings.Contains(got, "Virtual MFA device") {
		t.Errorf("after switching:\n%s", got)
	}

	// A new login now asks for the device's code.
	s.Clock.Add(time.Minute)
	c := s.browser(t)
	c.Lang = "fr"
	p = c.post(console.Path+"/login", url.Values{"account": {"acme"}, "password": {rootPassword}})
	if p.Location() != console.Path+"/login/verify" {
		t.Fatalf("login: %d to %q", p.Status, p.Location())
	}
	if got := text(c.get(console.Path + "/login/verify").Body); !strings.Contains(got, "application d’authentification") {
		t.Errorf("code page:\n%s", got)
	}
	if p := c.post(console.Path+"/login/verify", url.Values{"code": {verify.TOTPCode(secret, s.Clock.Now())}}); p.Status != http.StatusSeeOther {
		t.Fatalf("verify: %d\n%s", p.Status, text(p.Body))
	}

	// The device cannot go while login verification uses it; switch off first.
	s.Clock.Add(time.Minute)
	p = b.post(console.Path+"/credentials/mfa/delete", url.Values{"password": {rootPassword}})
	if p.Status != http.StatusConflict {
		t.Errorf("unbind in use: %d\n%s", p.Status, text(p.Body))
	}
	p = b.post(console.Path+"/credentials/verification", url.Values{"method": {"off"}, "code": {verify.TOTPCode(secret, s.Clock.Now())}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("set off: %d\n%s", p.Status, text(p.Body))
	}
	if p := b.post(console.Path+"/credentials/mfa/delete", url.Values{"password": {rootPassword}}); p.Status != http.StatusSeeOther {
		t.Fatalf("unbind: %d\n%s", p.Status, text(p.Body))
	}
	st, err := s.Svc.MFA.Status(s.asRoot(t))
	if err != nil || st.Bound || st.Pending {
		t.Errorf("device after unbind: %+v %v", st, err)
	}
}

// TestLoginVerificationBySMS: a code is sent to the new factor, and the
// wrong one is refused.
func TestLoginVerificationBySMS(t *testing.T) {
	s := mustConsole(t)
	// A proven mobile, bound in the store: an account update only starts
	// the change (account_contact_test.go).
	if _, err := s.DB.UpdateUser(context.Background(), identity.UserWrite{UserID: s.core.Root.ID,
		Update: identity.UserUpdate{Mobile: ptr("+33612345678"), MobileVerified: ptr(true)}}); err != nil {
		t.Fatal(err)
	}
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	p := b.post(console.Path+"/credentials/verification/code", url.Values{"method": {"sms"}})
	if p.Status != http.StatusOK || !strings.Contains(text(p.Body), "A code was sent to") {
		t.Fatalf("send: %d\n%s", p.Status, text(p.Body))
	}
	code := s.lastNote(t, "+33612345678", notify.VerificationCode).Secret["code"]
	if code == "" {
		msgs, _ := s.DB.ClaimOutbox(context.Background(), 10, time.Hour)
		t.Fatalf("no code: %v", msgs)
	}
	if p := b.post(console.Path+"/credentials/verification", url.Values{"method": {"sms"}, "code": {wrongCode(code)}, "current_password": {rootPassword}}); p.Status != http.StatusBadRequest {
		t.Errorf("wrong code: %d", p.Status)
	}
	if p := b.post(console.Path+"/credentials/verification", url.Values{"method": {"sms"}, "code": {code}, "current_password": {rootPassword}}); p.Status != http.StatusSeeOther {
		t.Fatalf("set: %d\n%s", p.Status, text(p.Body))
	}
}

func ptr[T any](v T) *T { return &v }
