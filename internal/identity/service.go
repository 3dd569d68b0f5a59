package identity

import (
	"context"
	"log/slog"
	"time"

	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/secret"
	"github.com/watchword/watchword/internal/verify"
)

// Config tunes the core.
type Config struct {
	SessionTTL  time.Duration // absolute lifetime of a user token; default 12h
	SessionIdle time.Duration // idle timeout; default 2h
	ClientTTL   time.Duration // lifetime of an API-client token; default 1h
	// Recovery tunes Forgot Password, CAPTCHAs and contact changes.
	Recovery RecoveryConfig
	// Proof bounds the codes given to prove a change of a second factor.
	Proof ProofLimits
	// BruteForceDisabled is the operators' off switch for counting failed
	// sign-ins and locking users and IPs out.
	BruteForceDisabled bool
	// TOTPIssuer names the service in authenticator apps; default "Watchword".
	TOTPIssuer string
	// AvatarMaxBytes bounds avatar uploads; default 2 MiB.
	AvatarMaxBytes int64
	// Retention says how long ended sessions and audit events are kept.
	Retention RetentionConfig
	// SignatureMaxSkew is how far an AK/SK-signed request's time may be
	// from the server's, either way; default DefaultSignatureMaxSkew. It is
	// also how long an accepted signature is remembered against replays.
	SignatureMaxSkew time.Duration
}

func (c Config) withDefaults() Config {
	if c.SessionTTL <= 0 {
		c.SessionTTL = 12 * time.Hour
	}
	if c.SessionIdle <= 0 {
		c.SessionIdle = 2 * time.Hour
	}
	if c.ClientTTL <= 0 {
		c.ClientTTL = time.Hour
	}
	c.Retention = c.Retention.withDefaults()
	if c.SignatureMaxSkew <= 0 {
		c.SignatureMaxSkew = DefaultSignatureMaxSkew
	}
	if c.TOTPIssuer == "" {
		c.TOTPIssuer = "Watchword"
	}
	return c
}

// Deps are what the services need from the outside.
type Deps struct {
	Store  Store
	Hasher *password.Pool
	Clock  Clock
	Log    *slog.Logger
	Config Config
	// Keyring seals access-key secret keys at rest.
	Keyring *secret.Keyring
	// MaxAccessKeys is how many access keys a user may hold; 0 means DefaultMaxAccessKeys.
	MaxAccessKeys int
	// Blocklist is the global breached-password filter; nil disables the
	// global dictionary rule whatever the policy says.
	Blocklist password.Blocklist
	// Codes hashes one-time codes under a server key; nil derives one from
	// Keyring (verify.NewCodeHasher(Keyring.DeriveKey(purpose))).
	Codes *verify.CodeHasher
	// NewCode makes the one-time codes sent to users; nil means
	// verify.RandomCode. Tests that need codes they can tell apart pass a
	// deterministic source.
	NewCode func() string
	// Observer hears of sign-ins, lockouts and wrong codes, for metrics;
	// nil counts nothing.
	Observer Observer
}

// Services are the core's operations, grouped by what they act on.
type Services struct {
	Accounts  *AccountService
	Users     *UserService
	Auth      *AuthService
	Passwords *PasswordService
	// AccessKeys manages access keys and resolves them for signature checks.
	AccessKeys *AccessKeyService
	// Dictionary manages each account's local password dictionary.
	Dictionary *DictionaryService
	// Recovery is Forgot Password with its CAPTCHA, and reset links.
	Recovery *RecoveryService
	// Contacts changes the caller's email or mobile after verification.
	Contacts *ContactService
	// MFA manages virtual MFA devices.
	MFA *MFAService
	// LoginVerification sets the second step a user's login requires.
	LoginVerification *LoginVerificationService
	// Avatars changes and shows users' pictures.
	Avatars *AvatarService
	// Notifications shows administrators undelivered notifications and retries them.
	Notifications *NotificationService
	// Retention deletes ended sessions, old audit events and spent secrets.
	Retention *RetentionService
	// Groups manages an account's user groups, the admin group included.
	Groups *GroupService
	// Audit shows administrators their account's audit trail.
	Audit *AuditService
}

// New builds the services over d.
func New(d Deps) *Services {
	if d.Clock == nil {
		d.Clock = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Observer == nil {
		d.Observer = nopObserver{}
	}
	if d.NewCode == nil {
		d.NewCode = verify.RandomCode
	}
	d.Config = d.Config.withDefaults()
	return &Services{
		Accounts:   &AccountService{d: &d},
		Users:      &UserService{d: &d},
		Auth:       &AuthService{d: &d},
		Passwords:  &PasswordService{d: &d},
		AccessKeys: &AccessKeyService{d: &d},
		Dictionary: &DictionaryService{d: &d},
		Recovery:   &RecoveryService{d: &d},
		Contacts:   &ContactService{d: &d},
		MFA:        &MFAService{d: &d},

		LoginVerification: &LoginVerificationService{d: &d},
		Avatars:           newAvatarService(&d),
		Notifications:     &NotificationService{d: &d},
		Retention:         &RetentionService{d: &d},
		Groups:            &GroupService{d: &d},
		Audit:             &AuditService{d: &d},
	}
}

// event starts an audit event for the caller in ctx.
func (d *Deps) event(ctx context.Context, action, accountID, userID string) AuditEvent {
	ev := AuditEvent{ID: newID(), Action: action, AccountID: accountID, UserID: userID,
		Outcome: "success", IP: RequestFrom(ctx).IP, CreatedAt: d.Clock()}
	if p, ok := PrincipalFrom(ctx); ok {
		ev.ActorID = p.UserID
		if p.Kind == ClientToken {
			ev.ActorID = p.ClientID
		}
	}
	return ev
}
