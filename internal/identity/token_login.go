package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/fault"
)

// UserRef names a user the ways Keystone's password method does: by user ID,
// or by user name within an account given by name or by ID.
type UserRef struct {
	UserID      string
	UserName    string
	AccountID   string
	AccountName string
}

// TokenInfo is an issued token as a face that shows tokens describes it.
type TokenInfo struct {
	Session *Session
	// User is the token's user; nil for an API-client token.
	User *User
	// AccountName is the name of the token's account (a Keystone domain).
	AccountName string
	// PasswordExpiresAt is when the user's password stops working under the
	// account's validity period; zero when it never expires.
	PasswordExpiresAt time.Time
	// Scope is what the token was issued for.
	Scope TokenScope
	// ChainID is the session ID of the first token of the re-scope chain
	// the token descends from; empty for a token issued by a login.
	ChainID string
}

// TokenLogin is the outcome of LoginAs: the login result and, when a token
// was issued, its description.
type TokenLogin struct {
	*LoginResult
	Info *TokenInfo // nil when no token was issued
}

// unknownAccountName is a name no account can have (names start with a letter
// or digit), so that a login for an unknown user ID still runs Login's dummy
// hash and answers like a wrong password.
const unknownAccountName = "-"

// LoginAs checks a password for the user ref names and issues a user token,
// as Login does: same answer and same timing whether or not the user exists.
// A scope, when given, must name the user's own account, as a domain or as
// its project; the token then carries that scope.
// Errors: Invalid (auth.identifier_required: no user named), Unauthenticated
// (auth.invalid_credentials; auth.scope_invalid, once the password passed,
// for a scope naming another account), Unavailable (hash pool full), and
// whatever Login returns.
func (s *AuthService) LoginAs(ctx context.Context, ref UserRef, password string, scope *ScopeRef) (*TokenLogin, error) {
	out, err := s.loginAs(ctx, ref, password, scope)
	s.d.signedIn(ctx, err == nil && out.Challenge != nil, err)
	return out, err
}

func (s *AuthService) loginAs(ctx context.Context, ref UserRef, password string, scope *ScopeRef) (*TokenLogin, error) {
	in, err := s.resolveRef(ctx, ref)
	if err != nil {
		return nil, err
	}
	in.Password = password
	res, err := s.login(ctx, in)
	if err != nil {
		return nil, err
	}
	return s.finishTokenLogin(ctx, res, scope)
}

// finishTokenLogin checks the scope of a successful login against its user,
// records it on the issued token, and describes the token. A scope naming
// another account revokes the token just issued and answers
// auth.scope_invalid: Keystone authenticates before it scopes, so only
// someone who proved the password learns that the scope was the fault.
func (s *AuthService) finishTokenLogin(ctx context.Context, res *LoginResult, scope *ScopeRef) (*TokenLogin, error) {
	out := &TokenLogin{LoginResult: res}
	if res.User == nil {
		return out, nil
	}
	if scope != nil && !scope.matches(res.User) {
		if res.Session != nil {
			ev := s.d.event(ctx, "auth.token.revoke", res.User.AccountID, res.User.ID)
			ev.Outcome = "auth.scope_invalid"
			if err := s.d.Store.RevokeSession(ctx, res.Session.ID, ev); err != nil {
				return nil, err
			}
		}
		return nil, errScopeInvalid()
	}
	if res.Session == nil {
		return out, nil // a second step is pending; the scope is sent again with it
	}
	sc := scope.kind()
	if sc != ScopeNone {
		if err := s.d.Store.SetTokenScope(ctx, res.Session.ID, TokenMeta{Scope: sc}); err != nil {
			return nil, err
		}
	}
	info, err := s.describe(ctx, res.Session, res.User)
	if err != nil {
		return nil, err
	}
	info.Scope = sc
	out.Info = info
	return out, nil
}

// kind is the scope ref asks for: none for nil, the account (a domain)
// unless it says project.
func (ref *ScopeRef) kind() TokenScope {
	switch {
	case ref == nil:
		return ScopeNone
	case ref.Kind == ScopeProject:
		return ScopeProject
	}
	return ScopeAccount
}

// resolveRef turns ref into Login's input. A user or account ID that names
// nothing becomes a name that matches nothing, so Login still hashes.
func (s *AuthService) resolveRef(ctx context.Context, ref UserRef) (LoginInput, error) {
	switch {
	case ref.UserID != "":
		u, err := s.d.Store.FindUserByID(ctx, ref.UserID)
		if fault.Is(err, fault.NotFound) {
			return LoginInput{AccountName: unknownAccountName, UserName: unknownAccountName}, nil
		}
		if err != nil {
			return LoginInput{}, err
		}
		return LoginInput{AccountName: u.AccountName, UserName: u.Name}, nil
	case ref.UserName == "":
		return LoginInput{}, fault.New(fault.Invalid, "auth.identifier_required", "give a user ID, or a user name and its account")
	case ref.AccountName != "":
		return LoginInput{AccountName: ref.AccountName, UserName: ref.UserName}, nil
	case ref.AccountID != "":
		a, err := s.d.Store.FindAccountByID(ctx, ref.AccountID)
		if fault.Is(err, fault.NotFound) {
			return LoginInput{AccountName: unknownAccountName, UserName: ref.UserName}, nil
		}
		if err != nil {
			return LoginInput{}, err
		}
		return LoginInput{AccountName: a.Name, UserName: ref.UserName}, nil
	}
	return LoginInput{}, fault.New(fault.Invalid, "auth.identifier_required", "give a user ID, or a user name and its account")
}

// describe builds the TokenInfo of a user session.
func (s *AuthService) describe(ctx context.Context, sess *Session, u *User) (*TokenInfo, error) {
	acct, err := s.d.Store.FindAccountByID(ctx, u.AccountID)
	if err != nil {
		return nil, err
	}
	return &TokenInfo{Session: sess, User: u, AccountName: acct.Name, PasswordExpiresAt: passwordExpiry(acct.PasswordPolicy, u)}, nil
}

// CompleteLoginAs answers the second step of a login LoginAs started (its
// Challenge.ID, Keystone's auth receipt) with code, as CompleteLogin does.
// ref, when it names a user, must name the challenge's user, and a scope is
// checked and recorded as LoginAs does; a mismatch revokes the token just
// issued and answers as a wrong code would not tell apart.
// Errors: those of CompleteLogin; Unauthenticated (auth.invalid_credentials)
// for a ref or scope naming someone else.
func (s *AuthService) CompleteLoginAs(ctx context.Context, challengeID, code string, ref UserRef, scope *ScopeRef) (*TokenLogin, error) {
	out, err := s.completeLoginAs(ctx, challengeID, code, ref, scope)
	s.d.signedIn(ctx, false, err)
	return out, err
}

func (s *AuthService) completeLoginAs(ctx context.Context, challengeID, code string, ref UserRef, scope *ScopeRef) (*TokenLogin, error) {
	res, err := s.completeLogin(ctx, challengeID, code)
	if err != nil {
		return nil, err
	}
	if !refMatches(ref, res.User) {
		ev := s.d.event(ctx, "auth.token.revoke", res.User.AccountID, res.User.ID)
		ev.Outcome = "auth.receipt_user_mismatch"
		if err := s.d.Store.RevokeSession(ctx, res.Session.ID, ev); err != nil {
			return nil, err
		}
		return nil, errBadCredentials()
	}
	return s.finishTokenLogin(ctx, res, scope)
}

// refMatches reports whether ref names u, or names nobody.
func refMatches(ref UserRef, u *User) bool {
	switch {
	case ref.UserID != "":
		return ref.UserID == u.ID
	case ref.UserName != "":
		return ref.UserName == u.Name &&
			((ref.AccountName != "" && ref.AccountName == u.AccountName) || (ref.AccountID != "" && ref.AccountID == u.AccountID))
	}
	return true
}
