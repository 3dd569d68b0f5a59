package identity

import (
	"context"
	"crypto/subtle"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/password"
)

// AuthService logs people and clients in and checks their tokens.
type AuthService struct{ d *Deps }

// LoginInput identifies a user by email, or by account name plus user name
// (the user name defaults to the account name: the root user).
type LoginInput struct {
	AccountName string
	UserName    string
	Email       string
	Password    string
	// CaptchaID and CaptchaAnswer are a CAPTCHA the console showed because
	// the client's address is slowed down; API faces leave them empty.
	CaptchaID     string
	CaptchaAnswer string
}

// LoginResult is an issued user token, or the pending second step of a
// login: Challenge is nil when a token was issued, and set (Token empty,
// Session nil) when the user's login verification asks for a code first.
type LoginResult struct {
	Token   string
	Session *Session
	User    *User
	// PasswordChangeRequired: the token may only be used to change the password
	// (it expired, or an administrator set it).
	PasswordChangeRequired bool
	// Challenge is the second step to answer with CompleteLogin.
	Challenge *LoginChallenge
	// Recent is the previous sign-in, when the login policy shows it.
	Recent *RecentLogin
	// Notice is the account's custom_info_for_login, shown after sign-in.
	Notice string
}

// errBadCredentials is the one answer for unknown user, wrong password,
// disabled user and user without a password, so none can be told apart.
func errBadCredentials() error {
	return fault.New(fault.Unauthenticated, "auth.invalid_credentials", "the login or password is incorrect")
}

// Login checks a password and issues a user token, or, when the user's
// login verification is on, returns a LoginChallenge instead (for sms and
// email, the code is queued) and issues nothing until CompleteLogin. The
// password hash runs before any write and outside any transaction, and runs
// for unknown users too, so timing does not tell whether a user exists.
// The password is proved by checkPassword, as every password proof is: the
// attempt is counted before the hash runs, per user and client IP, per user
// and day, and per client IP; a locked user gets the same answer, after the
// same work, as a wrong password, and a slowed-down client IP gets
// auth.too_many_attempts.
// Errors: Invalid (no identifier; captcha.invalid for a wrong CAPTCHA),
// Unauthenticated (auth.invalid_credentials),
// Forbidden (login_verification.unreachable: the method's mobile or email
// is gone), RateLimited (auth.too_many_attempts), Unavailable (hash pool full).
func (s *AuthService) Login(ctx context.Context, in LoginInput) (*LoginResult, error) {
	res, err := s.login(ctx, in)
	s.d.signedIn(ctx, err == nil && res.Challenge != nil, err)
	return res, err
}

// login is Login without its count, for the faces' variants that count
// their own outcome (LoginAs).
func (s *AuthService) login(ctx context.Context, in LoginInput) (*LoginResult, error) {
	u, err := s.findForLogin(ctx, in)
	if err != nil && !fault.Is(err, fault.NotFound) {
		return nil, err
	}
	// A CAPTCHA answered with the password lets a slowed-down address
	// through: the console asks for one once the core answered
	// auth.too_many_attempts. It is spent whatever the outcome.
	human := false
	if in.CaptchaID != "" {
		if err := (&RecoveryService{d: s.d}).checkCaptcha(ctx, in.CaptchaID, in.CaptchaAnswer); err != nil {
			return nil, err
		}
		human = true
	}
	g, err := s.d.checkPassword(ctx, u, in.Password, "auth.login", errBadCredentials(), human)
	if err != nil {
		return nil, err
	}
	res, restricted, err := s.passwordProved(ctx, u, g)
	if err != nil {
		return nil, err
	}
	if methodOf(u) != VerifyOff {
		// Failures are forgotten only once the second step passes, so that
		// the password alone never resets the count of wrong codes.
		s.d.release(ctx, g)
		res.Challenge, err = s.challenge(ctx, u, restricted)
		if err != nil {
			return nil, err
		}
		return res, nil
	}
	s.d.succeed(ctx, g)
	return s.finish(ctx, res, g, "password", restricted)
}

// passwordProved starts the result of a sign-in whose password g proved,
// with the restriction its session will carry (an expired or
// administrator-set password): a dormant user is refused, as a wrong
// password is, and g released.
func (s *AuthService) passwordProved(ctx context.Context, u *User, g *loginGuard) (*LoginResult, string, error) {
	if dormant, err := s.d.dormant(ctx, g); err != nil || dormant {
		s.d.release(ctx, g)
		if err != nil {
			return nil, "", err
		}
		return nil, "", s.refuse(ctx, u)
	}
	acct, err := s.d.Store.FindAccountByID(ctx, u.AccountID)
	if err != nil {
		s.d.release(ctx, g)
		return nil, "", err
	}
	res := &LoginResult{User: u, PasswordChangeRequired: u.ForcePasswordChange || passwordExpired(acct.PasswordPolicy, u, s.d.Clock())}
	restricted := ""
	if res.PasswordChangeRequired {
		restricted = "password_change"
	}
	return res, restricted, nil
}

// finish issues the session of a complete sign-in and fills in what the
// login policy shows.
func (s *AuthService) finish(ctx context.Context, res *LoginResult, g *loginGuard, method, restricted string) (*LoginResult, error) {
	res.Notice = g.policy.CustomInfoForLogin
	if g.policy.ShowRecentLoginInfo {
		at, ip, err := s.d.Store.LastLogin(ctx, res.User.ID)
		if err != nil {
			return nil, err
		}
		res.Recent = &RecentLogin{At: at, IP: ip, FailedAttempts: g.failures}
	}
	var err error
	res.Token, res.Session, err = s.issueFor(ctx, res.User, method, restricted, g.policy)
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (s *AuthService) findForLogin(ctx context.Context, in LoginInput) (*User, error) {
	switch {
	case in.Email != "":
		return s.d.Store.FindUserByEmail(ctx, strings.ToLower(strings.TrimSpace(in.Email)))
	case in.AccountName != "":
		name := in.UserName
		if name == "" {
			name = in.AccountName
		}
		return s.d.Store.FindUserByName(ctx, in.AccountName, name)
	default:
		return nil, fault.New(fault.Invalid, "auth.identifier_required", "give an email, or an account name and user name")
	}
}

func (s *AuthService) refuse(ctx context.Context, u *User) error {
	if u != nil {
		ev := s.d.event(ctx, "auth.login", u.AccountID, u.ID)
		ev.Outcome = "auth.invalid_credentials"
		if err := s.d.Store.AddAuditEvent(ctx, ev); err != nil {
			s.d.Log.Warn("audit failed", "err", err)
		}
	}
	return errBadCredentials()
}

// passwordExpired applies the policy's validity period.
func passwordExpired(p password.Policy, u *User, now time.Time) bool {
	return p.MaxAgeDays > 0 && !u.PasswordChangedAt.IsZero() &&
		now.After(u.PasswordChangedAt.Add(time.Duration(p.MaxAgeDays)*24*time.Hour))
}

// issueFor creates a user session with the lifetimes pol sets and returns its token.
func (s *AuthService) issueFor(ctx context.Context, u *User, method, restricted string, pol LoginPolicy) (string, *Session, error) {
	token, hash := newToken()
	now := s.d.Clock()
	r := RequestFrom(ctx)
	ttl, idle := s.d.sessionTimes(pol)
	sess := &Session{ID: newID(), TokenHash: hash, Kind: UserToken, UserID: u.ID, AccountID: u.AccountID,
		Method: method, Restricted: restricted, IP: r.IP, UserAgent: truncate(r.UserAgent, 255),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(ttl), IdleUntil: now.Add(idle)}
	ev := s.d.event(ctx, "auth.login", u.AccountID, u.ID)
	ev.ActorID = u.ID
	if err := s.d.Store.CreateSession(ctx, sess, ev); err != nil {
		return "", nil, err
	}
	return token, sess, nil
}

// Authenticate turns a bearer token into the principal it stands for: one
// indexed lookup, and a write only when the idle deadline needs moving.
// Errors: Unauthenticated for a missing, unknown, expired or revoked token.
func (s *AuthService) Authenticate(ctx context.Context, token string) (Principal, error) {
	bad := fault.New(fault.Unauthenticated, "auth.invalid_token", "the token is missing, invalid or expired")
	if token == "" || len(token) > 512 {
		return Principal{}, bad
	}
	sess, err := s.d.Store.FindSessionByTokenHash(ctx, hashToken(token))
	if fault.Is(err, fault.NotFound) {
		return Principal{}, bad
	}
	if err != nil {
		return Principal{}, err
	}
	now := s.d.Clock()
	if !sess.Active(now) {
		return Principal{}, bad
	}
	// Move the idle deadline at most once a minute, so reads stay reads.
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.d.Store.TouchSession(ctx, sess.ID, now, now.Add(s.idleFor(sess))); err != nil {
			s.d.Log.Warn("touch session failed", "err", err)
		}
	}
	p := Principal{SessionID: sess.ID, Kind: sess.Kind, UserID: sess.UserID, ClientID: sess.ClientID,
		AccountID: sess.AccountID, Restricted: sess.Restricted}
	p.Admin = sess.Kind == ClientToken || sess.Admin
	return p, nil
}

// idleFor is how far a use moves a session's idle deadline: the idle
// timeout it was issued with (a login policy may have set it), which
// IdleUntil - LastSeenAt keeps since every touch moves both together.
func (s *AuthService) idleFor(sess *Session) time.Duration {
	if sess.Kind == ClientToken {
		return s.d.Config.ClientTTL
	}
	if idle := sess.IdleUntil.Sub(sess.LastSeenAt); idle > 0 {
		return idle
	}
	return s.d.Config.SessionIdle
}

// Logout revokes the caller's own token. Errors: Unauthenticated.
func (s *AuthService) Logout(ctx context.Context) error {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return fault.New(fault.Unauthenticated, "auth.required", "authentication required")
	}
	return s.d.Store.RevokeSession(ctx, p.SessionID, s.d.event(ctx, "auth.logout", p.AccountID, p.UserID))
}

// RevokeSession revokes one of the calling user's sessions.
// Errors: Unauthenticated, Forbidden, NotFound.
func (s *AuthService) RevokeSession(ctx context.Context, id string) error {
	p, err := requireUser(ctx, true)
	if err != nil {
		return err
	}
	sessions, err := s.d.Store.FindSessions(ctx, p.UserID)
	if err != nil {
		return err
	}
	for _, sess := range sessions {
		if subtle.ConstantTimeCompare([]byte(sess.ID), []byte(id)) == 1 {
			return s.d.Store.RevokeSession(ctx, id, s.d.event(ctx, "session.revoke", p.AccountID, p.UserID))
		}
	}
	return fault.New(fault.NotFound, "session.not_found", "no such session")
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
