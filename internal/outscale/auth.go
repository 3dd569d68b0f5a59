package outscale

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// authMethods says how a call may authenticate.
type authMethods uint8

const (
	// signedOnly: an AK/SK signature.
	signedOnly authMethods = iota
	// signedOrPassword: an AK/SK signature, or the account's login and password.
	signedOrPassword
	// noAuth: nothing; any credentials sent are ignored (the reset calls,
	// whose caller has lost the password).
	noAuth
)

// The signature variants and scope services each protocol accepts.
var (
	oapiSigners = map[string]sigService{aws4.algorithm: {aws4, "oapi"}, osc4.algorithm: {osc4, "api"}}
	icuSigners  = map[string]sigService{aws4.algorithm: {aws4, "icu"}}
)

// sigService pairs a variant with the service its scope must name.
type sigService struct {
	variant sigVariant
	service string
}

// authenticateOAPI turns an OAPI request's credentials into a principal:
// a signature (AWS4 or OSC4), or Basic login:password where auth allows.
// A noAuth call gets a context with the caller's connection facts only.
// changes says whether the call changes state, which a signature may then
// do once.
func (h *handler) authenticateOAPI(r *http.Request, body []byte, auth authMethods, changes bool) (context.Context, error) {
	ctx := withRequest(r)
	if auth == noAuth {
		return ctx, nil
	}
	authz := r.Header.Get("Authorization")
	scheme, rest, _ := strings.Cut(authz, " ")
	switch {
	case authz == "":
		return nil, fault.New(fault.Unauthenticated, codeAuthRequired, "the request is not authenticated")
	case strings.EqualFold(scheme, "Basic"):
		if auth != signedOrPassword {
			return nil, fault.New(fault.Unauthenticated, codePasswordForbidden, "login/password authentication is not allowed for this call")
		}
		login, password, err := decodeBasic(rest)
		if err != nil {
			return nil, err
		}
		return h.loginPassword(ctx, login, password)
	}
	return h.verifySigned(ctx, r, body, oapiSigners, changes)
}

// verifySigned reads a SigV4-family signature: its form first, which costs
// nothing, then, through the core, the rules every AK/SK face shares: the
// clock-skew window, the per-IP lockout (13), the key's state, the HMAC and
// the replay window of calls that change state. Every failure after the key
// lookup gets the same answer, so it tells nothing about the key.
func (h *handler) verifySigned(ctx context.Context, r *http.Request, body []byte, accepted map[string]sigService, changes bool) (context.Context, error) {
	bad := func(msg string) error { return fault.New(fault.Unauthenticated, codeSignatureInvalid, msg) }
	sig, err := parseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return nil, bad(err.Error())
	}
	want, ok := accepted[sig.variant.algorithm]
	if !ok || sig.service != want.service {
		return nil, bad("this endpoint takes " + describe(accepted))
	}
	date, t, err := sig.requestTime(r)
	if err != nil {
		return nil, bad(err.Error())
	}
	_, u, err := h.svc.AccessKeys.Authenticate(ctx, identity.SignedRequest{AccessKeyID: sig.accessKey, Time: t, Signature: sig.sig, Changes: changes,
		Check: func(secret []byte) bool { return sig.verify(r, r.URL.Path, body, date, secret) == nil }})
	switch fault.CodeOf(err) {
	case "auth.invalid_access_key":
		return nil, bad("the access key or the signature is invalid")
	case "auth.request_time_skewed", "auth.request_replayed":
		return nil, bad(fault.As(err).Message)
	}
	if err != nil {
		return nil, err
	}
	return identity.WithPrincipal(ctx, identity.KeyPrincipal(u)), nil
}

// describe names the accepted signatures, e.g. "AWS4-HMAC-SHA256 for
// service oapi or OSC4-HMAC-SHA256 for service api".
func describe(accepted map[string]sigService) string {
	parts := make([]string, 0, len(accepted))
	for alg, s := range accepted {
		parts = append(parts, fmt.Sprintf("%s for service %s", alg, s.service))
	}
	sort.Strings(parts)
	return strings.Join(parts, " or ")
}

// loginPassword checks a login (an email, or an account name) and password
// through the core, which runs the hash in its bounded pool and counts
// failures as for a sign-in, but opens no session and starts no login
// verification; the request then acts as that user.
func (h *handler) loginPassword(ctx context.Context, login, password string) (context.Context, error) {
	u, err := h.svc.Auth.VerifyPassword(ctx, loginInput(login, password))
	if err != nil {
		return nil, err
	}
	p := identity.Principal{Kind: identity.UserToken, UserID: u.ID, AccountID: u.AccountID, Admin: u.IsAdmin()}
	return identity.WithPrincipal(ctx, p), nil
}

// loginInput reads an Outscale login: an email when it has an @, else an
// account name (its root user).
func loginInput(login, password string) identity.LoginInput {
	if strings.Contains(login, "@") {
		return identity.LoginInput{Email: login, Password: password}
	}
	return identity.LoginInput{AccountName: login, Password: password}
}

// decodeBasic reads "base64(login:password)" in the standard alphabet
// (osc-sdk-go) or the URL-safe one (osc-cli), padded or not.
func decodeBasic(b64 string) (login, password string, err error) {
	b64 = strings.TrimSpace(b64)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		raw, err := enc.DecodeString(b64)
		if err != nil {
			continue
		}
		if login, password, ok := strings.Cut(string(raw), ":"); ok && login != "" {
			return login, password, nil
		}
		break
	}
	return "", "", fault.New(fault.Unauthenticated, "auth.invalid_credentials", "the Basic credentials are malformed")
}

// withRequest starts a request's context with the caller's connection
// facts: those the server's middleware found (it knows whether to trust a
// proxy's X-Forwarded-For), else the connection's own address. The lockouts
// count per client IP, so behind a trusted proxy it must not be the proxy's.
func withRequest(r *http.Request) context.Context {
	if req := identity.RequestFrom(r.Context()); req.IP != "" {
		return r.Context()
	}
	return identity.WithRequest(r.Context(), identity.Request{IP: httpx.RemoteIP(r), UserAgent: r.UserAgent()})
}
