package cli

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/watchword/watchword/internal/password"
)

// Config is Watchword's one configuration struct. Every field has a flag and
// a WATCHWORD_* environment variable; flags win.
type Config struct {
	Addr         string
	DataDir      string
	DatabaseURL  string // postgres://... ; empty = SQLite in DataDir
	MaxBodyBytes int64
	TrustProxy   bool
	LogLevel     string
	MetricsAddr  string // serve /metrics only here; empty = on Addr
	PublicURL    string // base URL used in mailed links; default http://Addr

	Argon       password.Params
	HashWorkers int
	HashQueue   int
	SessionTTL  time.Duration
	SessionIdle time.Duration

	BruteForceDisabled bool   // operators' off switch for failed-login counting and lockout
	TOTPIssuer         string // name shown in authenticator apps
	AvatarMaxBytes     int64  // avatar upload limit

	SMTPURL          string
	MailFrom         string
	SMSWebhookURL    string
	SMSWebhookSecret string
	TemplateDir      string
	SMTPInsecure     bool          // accept any SMTP server certificate (development and tests)
	NotifyPoll       time.Duration // how often the outbox worker looks for due messages
	NotifyBackoff    time.Duration // wait after a first failed delivery; doubles up to 8h
	SMTPRequireTLS   bool          // refuse to send mail in clear when the server offers no STARTTLS
	NotifyMaxTries   int           // delivery tries before a notification is dead
	NotifyMaxBackoff time.Duration // longest wait between two tries
	NotifyLease      time.Duration // how long a claimed notification is one replica's
	NotifyRetention  time.Duration // how long a sent notification is kept before it is purged
	Keyring          string        // "id:base64key,..." ; empty = DataDir/secret.key
	BreachFilter     string        // breached-password filter file; empty = the bundled common-password filter

	// TrustedProxies lists the proxies (CIDRs or addresses) whose
	// X-Forwarded-For hops --trust-proxy believes; empty = loopback and
	// private ranges.
	TrustedProxies string

	BootstrapAccount  string
	BootstrapEmail    string
	BootstrapPassword string
	BootstrapMobile   string
}

// storeFlags registers the flags every command that opens the store needs.
func storeFlags(fs *flag.FlagSet, c *Config, getenv func(string) string) {
	fs.StringVar(&c.DataDir, "data", envOr(getenv, "WATCHWORD_DATA", "./watchword-data"), "data directory: SQLite file, dev mailbox, keys")
	fs.StringVar(&c.DatabaseURL, "database", envOr(getenv, "WATCHWORD_DATABASE_URL", ""), "PostgreSQL URL; empty uses SQLite in the data directory")
}

// serveFlags registers the rest of serve's flags. Call the returned function
// after parsing to copy the values flag has no type for into c.
func serveFlags(fs *flag.FlagSet, c *Config, getenv func(string) string) (apply func()) {
	storeFlags(fs, c, getenv)
	fs.StringVar(&c.Addr, "addr", envOr(getenv, "WATCHWORD_ADDR", "127.0.0.1:8080"), "listen address")
	fs.Int64Var(&c.MaxBodyBytes, "max-body", envInt(getenv, "WATCHWORD_MAX_BODY", 64<<10), "request body limit in bytes")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", envOr(getenv, "WATCHWORD_TRUST_PROXY", "") == "true", "take client IPs from X-Forwarded-For: the rightmost hop that is not a trusted proxy")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", envOr(getenv, "WATCHWORD_TRUSTED_PROXIES", ""), "CIDR,... of the proxies --trust-proxy believes (default: loopback and private ranges)")
	fs.StringVar(&c.LogLevel, "log-level", envOr(getenv, "WATCHWORD_LOG_LEVEL", "info"), "debug, info, warn or error")
	fs.StringVar(&c.PublicURL, "public-url", envOr(getenv, "WATCHWORD_PUBLIC_URL", ""), "base URL for links in mail (default http://ADDR)")
	mem := fs.Uint("argon-memory", uint(envInt(getenv, "WATCHWORD_ARGON_MEMORY_KIB", int64(password.DefaultParams.MemoryKiB))), "argon2id memory in KiB")
	it := fs.Uint("argon-iterations", uint(envInt(getenv, "WATCHWORD_ARGON_ITERATIONS", int64(password.DefaultParams.Iterations))), "argon2id iterations")
	par := fs.Uint("argon-parallelism", uint(envInt(getenv, "WATCHWORD_ARGON_PARALLELISM", 1)), "argon2id lanes")
	fs.IntVar(&c.HashWorkers, "hash-workers", int(envInt(getenv, "WATCHWORD_HASH_WORKERS", 0)), "password hashes run at once (default: CPU count)")
	fs.IntVar(&c.HashQueue, "hash-queue", int(envInt(getenv, "WATCHWORD_HASH_QUEUE", 64)), "requests allowed to wait for a hash slot before 503")
	fs.DurationVar(&c.SessionTTL, "session-ttl", envDur(getenv, "WATCHWORD_SESSION_TTL", 12*time.Hour), "user token lifetime")
	fs.DurationVar(&c.SessionIdle, "session-idle", envDur(getenv, "WATCHWORD_SESSION_IDLE", 2*time.Hour), "user token idle timeout")
	fs.BoolVar(&c.BruteForceDisabled, "brute-force-disabled", envOr(getenv, "WATCHWORD_BRUTE_FORCE_DISABLED", "") == "true", "turn off failed-login counting and lockout (operators only)")
	fs.StringVar(&c.TOTPIssuer, "totp-issuer", envOr(getenv, "WATCHWORD_TOTP_ISSUER", "Watchword"), "issuer name shown in authenticator apps")
	fs.Int64Var(&c.AvatarMaxBytes, "avatar-max-bytes", envInt(getenv, "WATCHWORD_AVATAR_MAX_BYTES", 2<<20), "avatar upload limit in bytes")
	fs.StringVar(&c.SMTPURL, "smtp-url", envOr(getenv, "WATCHWORD_SMTP_URL", ""), "smtp://user:pass@host:port; empty writes mail to DATA/mail")
	fs.StringVar(&c.MailFrom, "mail-from", envOr(getenv, "WATCHWORD_MAIL_FROM", "Watchword <no-reply@watchword.localhost>"), "From address of notifications")
	fs.StringVar(&c.SMSWebhookURL, "sms-webhook-url", envOr(getenv, "WATCHWORD_SMS_WEBHOOK_URL", ""), "SMS gateway webhook; empty writes SMS to DATA/sms")
	fs.StringVar(&c.SMSWebhookSecret, "sms-webhook-secret", envOr(getenv, "WATCHWORD_SMS_WEBHOOK_SECRET", ""), "HMAC key signing SMS webhook calls")
	fs.BoolVar(&c.SMTPInsecure, "smtp-insecure", envOr(getenv, "WATCHWORD_SMTP_INSECURE", "") == "true", "accept any SMTP certificate (development only)")
	fs.DurationVar(&c.NotifyPoll, "notify-poll", envDur(getenv, "WATCHWORD_NOTIFY_POLL", defaultNotifyPoll), "outbox poll interval")
	fs.DurationVar(&c.NotifyBackoff, "notify-backoff", envDur(getenv, "WATCHWORD_NOTIFY_BACKOFF", time.Minute), "first retry delay of a failed delivery")
	notifyFlags(fs, c, getenv)
	metricsFlags(fs, c, getenv)
	fs.StringVar(&c.TemplateDir, "template-dir", envOr(getenv, "WATCHWORD_TEMPLATE_DIR", ""), "directory overriding notification templates")
	fs.StringVar(&c.Keyring, "keyring", envOr(getenv, "WATCHWORD_KEYRING", ""), "encryption keys id:base64,... (first is current); default DATA/secret.key")
	fs.StringVar(&c.BreachFilter, "breach-filter", envOr(getenv, "WATCHWORD_BREACH_FILTER", ""), "breached-password filter built by 'watchword breach build' (default: bundled common passwords)")
	fs.StringVar(&c.BootstrapAccount, "bootstrap-account", envOr(getenv, "WATCHWORD_BOOTSTRAP_ACCOUNT", ""), "create this account at start if missing")
	fs.StringVar(&c.BootstrapEmail, "bootstrap-email", envOr(getenv, "WATCHWORD_BOOTSTRAP_EMAIL", ""), "its root user's email")
	fs.StringVar(&c.BootstrapPassword, "bootstrap-password", envOr(getenv, "WATCHWORD_BOOTSTRAP_PASSWORD", ""), "its root user's password")
	fs.StringVar(&c.BootstrapMobile, "bootstrap-mobile", envOr(getenv, "WATCHWORD_BOOTSTRAP_MOBILE", ""), "its root user's mobile (optional)")
	return func() {
		c.Argon = password.DefaultParams
		c.Argon.MemoryKiB, c.Argon.Iterations, c.Argon.Parallelism = uint32(*mem), uint32(*it), uint8(*par)
	}
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func envInt(getenv func(string) string, key string, def int64) int64 {
	if v, err := strconv.ParseInt(getenv(key), 10, 64); err == nil {
		return v
	}
	return def
}

func envDur(getenv func(string) string, key string, def time.Duration) time.Duration {
	if v, err := time.ParseDuration(getenv(key)); err == nil {
		return v
	}
	return def
}

func (c *Config) sqlitePath() string { return filepath.Join(c.DataDir, "watchword.db") }

func ensureDir(dir string) error { return os.MkdirAll(dir, 0o700) }
