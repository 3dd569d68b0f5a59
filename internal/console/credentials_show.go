package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

// credentialsPage is My Credentials (seed 003): email, mobile, avatar,
// login verification and the virtual MFA device.
type credentialsPage struct {
	page
	Verification *identity.LoginVerificationStatus
	MFA          *identity.MFAStatus
	// AvatarVersion changes with the picture, so the browser refetches it.
	AvatarVersion string
	AvatarDefault bool
}

// showCredentials shows My Credentials.
func (h *handler) showCredentials(w http.ResponseWriter, r *http.Request) {
	p, err := h.credentialsPage(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "credentials", p)
}

func (h *handler) credentialsPage(w http.ResponseWriter, r *http.Request) (credentialsPage, error) {
	p := credentialsPage{page: h.newPage(w, r, "page.credentials.title", "credentials")}
	var err error
	if p.Verification, err = h.svc.LoginVerification.Status(r.Context()); err != nil {
		return p, err
	}
	if p.MFA, err = h.svc.MFA.Status(r.Context()); err != nil {
		return p, err
	}
	a, err := h.svc.Avatars.Mine(r.Context())
	if err != nil {
		return p, err
	}
	p.AvatarVersion, p.AvatarDefault = trimQuotes(a.ETag), a.Default
	return p, nil
}

// credentialsFailed shows My Credentials again with err on it.
func (h *handler) credentialsFailed(w http.ResponseWriter, r *http.Request, err error) {
	if sessionGone(err) {
		h.fail(w, r, err)
		return
	}
	p, lerr := h.credentialsPage(w, r)
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	h.render(w, r, h.formFailed(r, &p.page, err), "credentials", p)
}

func trimQuotes(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}
