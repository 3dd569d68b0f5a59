package identity

import (
	"context"

	"github.com/watchword/watchword/internal/fault"
)

// Principal is who is calling: the holder of a verified token. Faces put it in
// the context; services read it from there.
type Principal struct {
	SessionID  string
	Kind       TokenKind
	UserID     string
	ClientID   string
	AccountID  string
	Admin      bool
	Restricted string
}

// Request carries what a face knows about the caller's connection.
type Request struct {
	IP        string
	UserAgent string
}

type principalKey struct{}
type requestKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the caller, if any.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

// WithRequest returns ctx carrying the caller's connection facts.
func WithRequest(ctx context.Context, r Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// RequestFrom returns the caller's connection facts (zero when unknown).
func RequestFrom(ctx context.Context) Request {
	r, _ := ctx.Value(requestKey{}).(Request)
	return r
}

// requireUser returns the calling user principal.
// Errors: Unauthenticated without a principal; Forbidden for an API client
// token (self-service needs a person), or a token restricted to password change.
func requireUser(ctx context.Context, allowRestricted bool) (Principal, error) {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return p, fault.New(fault.Unauthenticated, "auth.required", "authentication required")
	}
	if p.Kind != UserToken {
		return p, fault.New(fault.Forbidden, "auth.user_token_required",
			"this operation requires a user access token; API client tokens are not accepted")
	}
	if p.Restricted != "" && !allowRestricted {
		return p, fault.New(fault.Forbidden, "password.change_required",
			"the password must be changed before anything else")
	}
	return p, nil
}

// callingUser returns the calling user as stored, for the self-service
// operations that act on the caller. Errors: those of requireUser, NotFound.
func (d *Deps) callingUser(ctx context.Context, allowRestricted bool) (*User, error) {
	act := actSelf
	if allowRestricted {
		act = actSelfRestricted
	}
	_, u, err := d.actOn(ctx, act, "")
	return u, err
}

// requireAdmin returns the calling principal when it administers an account:
// the account's root user, an admin user, or an API client of that account.
func requireAdmin(ctx context.Context) (Principal, error) {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return p, fault.New(fault.Unauthenticated, "auth.required", "authentication required")
	}
	if p.Restricted != "" {
		return p, fault.New(fault.Forbidden, "password.change_required",
			"the password must be changed before anything else")
	}
	if p.Kind == UserToken && !p.Admin {
		return p, fault.New(fault.Forbidden, "auth.admin_required", "this operation requires an account administrator")
	}
	return p, nil
}
