package api

import (
	"net/http"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

// Changing the caller's email or mobile takes four calls per kind (seed 003):
// identity-code, verify-identity, code, then the bind itself. The handlers
// are built per kind, so the route table names each path.

// The kinds, named here so the route table needs no import of the core.
const (
	emailContact  = identity.ContactEmail
	mobileContact = identity.ContactMobile
)

type identityCodeRequest struct {
	Channel string `json:"channel"`
}

type codeSentJSON struct {
	Channel   string    `json:"channel"`
	To        string    `json:"to"`
	ExpiresAt time.Time `json:"expires_at"`
}

func toCodeSentJSON(s *identity.ContactCodeSent) codeSentJSON {
	return codeSentJSON{Channel: string(s.Channel), To: s.To, ExpiresAt: s.ExpiresAt}
}

func (h *handler) sendIdentityCode(k identity.ContactKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var in identityCodeRequest
		if !h.read(w, r, &in) {
			return
		}
		sent, err := h.svc.Contacts.SendIdentityCode(r.Context(), k, notify.Channel(in.Channel))
		if err != nil {
			writeError(w, r, h.log, err)
			return
		}
		httpx.WriteJSON(w, http.StatusAccepted, "", toCodeSentJSON(sent))
	}
}

type identityProofRequest struct {
	Code     string `json:"code"`
	Password string `json:"password"`
}

func (h *handler) verifyIdentity(k identity.ContactKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var in identityProofRequest
		if !h.read(w, r, &in) {
			return
		}
		t, err := h.svc.Contacts.VerifyIdentity(r.Context(), k, identity.IdentityProof{Code: in.Code, Password: in.Password})
		if err != nil {
			writeError(w, r, h.log, err)
			return
		}
		httpx.WriteJSON(w, http.StatusOK, "", ticketJSON{Ticket: t.Token, ExpiresAt: t.ExpiresAt})
	}
}

// contactRequest is the body of the last two steps: the address field is
// named after the kind (email or mobile); code belongs to the bind only.
type contactRequest struct {
	Ticket string  `json:"ticket"`
	Email  *string `json:"email"`
	Mobile *string `json:"mobile"`
	Code   *string `json:"code"`
}

// readContact decodes a contactRequest, refusing the fields this step of
// kind k does not take.
func (h *handler) readContact(w http.ResponseWriter, r *http.Request, k identity.ContactKind, withCode bool) (identity.ContactChange, bool) {
	var in contactRequest
	if !h.read(w, r, &in) {
		return identity.ContactChange{}, false
	}
	addr, other, otherName := in.Email, in.Mobile, "mobile"
	if k == identity.ContactMobile {
		addr, other, otherName = in.Mobile, in.Email, "email"
	}
	unknown := ""
	switch {
	case other != nil:
		unknown = otherName
	case in.Code != nil && !withCode:
		unknown = "code"
	}
	if unknown != "" {
		writeError(w, r, h.log, fault.Newf(fault.Invalid, "request.unknown_field", "unknown field %q", unknown).WithField(unknown))
		return identity.ContactChange{}, false
	}
	out := identity.ContactChange{Ticket: in.Ticket}
	if addr != nil {
		out.Address = *addr
	}
	if in.Code != nil {
		out.Code = *in.Code
	}
	return out, true
}

func (h *handler) sendContactCode(k identity.ContactKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		in, ok := h.readContact(w, r, k, false)
		if !ok {
			return
		}
		sent, err := h.svc.Contacts.SendBindCode(r.Context(), k, in.Ticket, in.Address)
		if err != nil {
			writeError(w, r, h.log, err)
			return
		}
		httpx.WriteJSON(w, http.StatusAccepted, "", toCodeSentJSON(sent))
	}
}

func (h *handler) bindContact(k identity.ContactKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		in, ok := h.readContact(w, r, k, true)
		if !ok {
			return
		}
		u, err := h.svc.Contacts.Bind(r.Context(), k, in)
		if err != nil {
			writeError(w, r, h.log, err)
			return
		}
		httpx.WriteJSON(w, http.StatusOK, "", toUserJSON(u))
	}
}
