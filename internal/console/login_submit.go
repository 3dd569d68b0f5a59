package console

import (
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/verify"
)

// maxNoticeRunes bounds the account's login notice carried to the next page.
const maxNoticeRunes = 500

// submitLogin checks the password. The core either issues a token, or asks
// for a verification code first; then the code's page comes next.
func (h *handler) submitLogin(w http.ResponseWriter, r *http.Request) {
	f := form.NewLogin(r)
	res, err := h.svc.Auth.Login(r.Context(), f.Input())
	if err != nil {
		h.loginFailed(w, r, f, err)
		return
	}
	if res.Challenge != nil {
		h.setPendingLogin(w, r, pendingLogin{ID: res.Challenge.ID, Method: res.Challenge.Method,
			Destination: res.Challenge.Destination, Next: f.Next}, res.Challenge.ExpiresAt)
		redirect(w, r, Path+"/login/verify")
		return
	}
	h.signedIn(w, r, res, f.Next)
}

// loginFailed shows the form again with err. While the address is slowed
// down (the core said auth.too_many_attempts, or the form already carried
// a security check), the form carries a new CAPTCHA: answered with the
// password, it lets a person through where a script waits.
func (h *handler) loginFailed(w http.ResponseWriter, r *http.Request, f form.Login, err error) {
	f.Password, f.CaptchaAnswer = "", ""
	p := loginPage{page: h.newPage(w, r, "page.login.title", ""), Form: f}
	code := fault.CodeOf(err)
	if code == "auth.too_many_attempts" || code == "captcha.invalid" || f.CaptchaID != "" {
		id, cerr := h.svc.Recovery.NewCaptcha(r.Context())
		if cerr != nil {
			h.fail(w, r, cerr)
			return
		}
		p.Form.CaptchaID, p.CaptchaID = id, id
		p.CaptchaWidth, p.CaptchaHeight = verify.ImageWidth, verify.ImageHeight
	}
	h.render(w, r, h.formFailed(r, &p.page, err), "login", p)
}

// signedIn stores the new session and goes on: to the password page when
// the password must be changed first, else where the login was asked from.
func (h *handler) signedIn(w http.ResponseWriter, r *http.Request, res *identity.LoginResult, next string) {
	h.setSession(w, r, res.Token, res.Session.ExpiresAt)
	var notes []flash
	if res.Recent != nil && !res.Recent.At.IsZero() {
		notes = append(notes, flash{Kind: "success", Key: "page.flash.recent_login", Args: map[string]string{
			"time": formatTime(res.Recent.At), "ip": res.Recent.IP, "failures": strconv.Itoa(res.Recent.FailedAttempts)}})
	}
	if res.Notice != "" {
		notice := res.Notice
		if utf8.RuneCountInString(notice) > maxNoticeRunes {
			notice = string([]rune(notice)[:maxNoticeRunes]) + "…"
		}
		notes = append(notes, flash{Kind: "warning", Key: "page.flash.login_notice", Args: map[string]string{"notice": notice}})
	}
	if len(notes) > 0 {
		h.setFlash(w, r, notes...)
	}
	if res.PasswordChangeRequired {
		// The password page says why itself, once (page.password.restricted).
		redirect(w, r, Path+"/password")
		return
	}
	redirect(w, r, localPath(next))
}
