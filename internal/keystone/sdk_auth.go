package keystone

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// codeSignature is the face's fault code for a signed request refused
// before the core sees it (its form, its headers); the message is the
// detail Huawei's "Incorrect IAM authentication information: …" gives.
const codeSignature = "huawei.signature_invalid"

// authenticateSigned turns a Huawei SDK signature into the principal of the
// key's user. The face only reads the wire: the Authorization header,
// X-Sdk-Date and the canonical request; the core applies the rules every
// AK/SK face shares (clock skew, lockout, key state, replay). It returns r
// with its body restored for the handler.
func (h *handler) authenticateSigned(r *http.Request) (*http.Request, identity.Principal, error) {
	bad := func(err error) error { return fault.New(fault.Unauthenticated, codeSignature, err.Error()) }
	if r.Header.Get("X-Auth-Token") != "" {
		return r, identity.Principal{}, bad(sigErrorf("send X-Auth-Token or an AK/SK signature, not both"))
	}
	if r.Header.Get("X-Security-Token") != "" {
		return r, identity.Principal{}, bad(sigErrorf("temporary security credentials are not issued by this server"))
	}
	sig, err := parseSDKAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return r, identity.Principal{}, bad(err)
	}
	date, t, err := requestTime(r)
	if err != nil {
		return r, identity.Principal{}, bad(err)
	}
	if err := checkPayload(r); err != nil {
		return r, identity.Principal{}, bad(err)
	}
	body, err := httpx.ReadBody(r, h.cfg.MaxBodyBytes)
	var de *httpx.DecodeError
	switch {
	case errors.As(err, &de) && de.Reason == httpx.BodyTooLarge:
		return r, identity.Principal{}, fault.Newf(fault.TooLarge, "request.too_large", "the body is larger than %d bytes", h.cfg.MaxBodyBytes)
	case err != nil:
		return r, identity.Principal{}, invalid("keystone.body", "the request body could not be read", "")
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	// Only Huawei's clients sign so: counted as the Huawei face on /v3 too.
	ctx := identity.WithFace(withClientIP(r), identity.FaceHuawei)
	changes := r.Method != http.MethodGet && r.Method != http.MethodHead
	_, u, err := h.svc.AccessKeys.Authenticate(ctx, identity.SignedRequest{AccessKeyID: sig.accessKey, Time: t,
		Signature: sig.sig, Changes: changes,
		Check: func(secret []byte) bool { return sig.verify(r, body, date, secret) }})
	if err != nil {
		return r, identity.Principal{}, err
	}
	// The SDK names the account it means in X-Domain-Id (its
	// credentials' domain ID): a key of another account is a mistake to
	// say, not a request to run as someone else.
	if d := r.Header.Get("X-Domain-Id"); d != "" && d != u.AccountID {
		return r, identity.Principal{}, bad(sigErrorf("X-Domain-Id %s is not the account of access key %s", d, sig.accessKey))
	}
	return r.WithContext(ctx), identity.KeyPrincipal(u), nil
}

// withClientIP gives r's context the caller's connection facts: those the
// server's middleware found (it knows whether to trust a proxy), else the
// connection's own address, as when the face is served on its own. The
// access-key lockout counts per client IP.
func withClientIP(r *http.Request) context.Context {
	if req := identity.RequestFrom(r.Context()); req.IP != "" {
		return r.Context()
	}
	return identity.WithRequest(r.Context(), identity.Request{IP: httpx.RemoteIP(r), UserAgent: r.UserAgent()})
}
