package keystone

import (
	"net/http"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

type userInfoRequest struct {
	User *userInfoJSON `json:"user"`
}

func (userInfoRequest) wrapper() string { return "user" }

// userInfoJSON is Huawei's UpdateUserInformation body ({"email"} or
// {"mobile"}, one at a time here) plus Watchword's verification fields:
// the core changes a contact only after proving the user (a code to a bound
// factor, or the password when none is bound) and the new address (a code
// sent to it).
type userInfoJSON struct {
	Email  *string `json:"email"`
	Mobile *string `json:"mobile"` // "0086-13812345678" or "+8613812345678"
	// VerifyChannel is where the identity code goes: email (default) or sms.
	VerifyChannel string `json:"verify_channel"`
	// IdentityCode answers the identity code; Password replaces it when no
	// email or mobile is bound.
	IdentityCode string `json:"identity_code"`
	Password     string `json:"password"`
	// Ticket and Code answer the code sent to the new address.
	Ticket string `json:"ticket"`
	Code   string `json:"code"`
}

type verificationBody struct {
	Verification verificationJSON `json:"verification"`
}

// verificationJSON tells the client what to send next.
type verificationJSON struct {
	Next      string `json:"next"` // identity_code, then code
	Ticket    string `json:"ticket,omitempty"`
	Channel   string `json:"channel"`
	SentTo    string `json:"sent_to"`
	ExpiresAt string `json:"expires_at"`
}

// updateUserInfo is PUT /v3.0/OS-USER/users/{user_id}/info: the user
// changes their own email or mobile in three calls to this URL.
//  1. {"email"} → 202, a code sent to a bound factor (verify_channel);
//  2. {"email","identity_code"} (or "password" with nothing bound) → 202,
//     a code sent to the new address and a ticket;
//  3. {"email","ticket","code"} → 204, bound; the old address is told.
func (h *handler) updateUserInfo(w http.ResponseWriter, r *http.Request) {
	var in userInfoRequest
	if !h.read(w, r, &in, true) {
		return
	}
	u := in.User
	kind, address, err := contactOf(u)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	if err := h.svc.Users.RequireSelf(ctx, r.PathValue("user_id")); err != nil {
		h.writeError(w, r, err)
		return
	}
	switch {
	case u.Ticket != "" || u.Code != "":
		_, err = h.svc.Contacts.Bind(ctx, kind, identity.ContactChange{Ticket: u.Ticket, Address: address, Code: u.Code})
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case u.IdentityCode != "" || u.Password != "":
		t, err := h.svc.Contacts.VerifyIdentity(ctx, kind, identity.IdentityProof{Code: u.IdentityCode, Password: u.Password})
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		sent, err := h.svc.Contacts.SendBindCode(ctx, kind, t.Token, address)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		writeVerification(w, "code", t.Token, sent)
	default:
		ch := notify.Email
		switch u.VerifyChannel {
		case "", "email":
		case "sms":
			ch = notify.SMS
		default:
			h.writeError(w, r, invalid("huawei.channel", "verify_channel must be email or sms", "verify_channel"))
			return
		}
		sent, err := h.svc.Contacts.SendIdentityCode(ctx, kind, ch)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		writeVerification(w, "identity_code", "", sent)
	}
}

// contactOf reads which contact the request changes, and its new value.
func contactOf(u *userInfoJSON) (identity.ContactKind, string, error) {
	switch {
	case u == nil || (u.Email == nil && u.Mobile == nil):
		return "", "", invalid("huawei.missing", "email or mobile is required", "")
	case u.Email != nil && u.Mobile != nil:
		return "", "", invalid("huawei.one_contact", "change the email and the mobile one at a time", "mobile")
	case u.Email != nil:
		return identity.ContactEmail, *u.Email, nil
	}
	m := strings.TrimSpace(*u.Mobile)
	if area, phone, ok := strings.Cut(m, "-"); ok && !strings.HasPrefix(m, "+") {
		joined, err := joinMobile(&area, &phone)
		if err != nil {
			return "", "", err
		}
		m = *joined
	}
	if m == "" {
		return "", "", fault.New(fault.Invalid, "validation.mobile", "mobile is required").WithField("mobile")
	}
	return identity.ContactMobile, m, nil
}

func writeVerification(w http.ResponseWriter, next, ticket string, sent *identity.ContactCodeSent) {
	reply(w, http.StatusAccepted, verificationBody{Verification: verificationJSON{Next: next, Ticket: ticket,
		Channel: string(sent.Channel), SentTo: sent.To, ExpiresAt: sent.ExpiresAt.UTC().Format(time.RFC3339)}})
}
