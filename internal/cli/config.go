package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/watchword/watchword/internal/password"
)

// Config is Watchword's one configuration struct. Every field has a flag, a
// WATCHWORD_* environment variable named after it and a key of the same name
// in the --config file (see settings.go); flags win over the environment,
// which wins over the file.
type Config struct {
	Addr         string
	DataDir      string
	DatabaseURL  string // postgres://... ; empty = SQLite in DataDir
	MaxBodyBytes int64
	TrustProxy   bool
	LogLevel     string
	MetricsAddr  string // serve /metrics only here; empty = on Addr
	PprofAddr    string // serve the Go profiler here (loopback only); empty = off
	ReadyMinFree uint64 // /readyz fails below this many free bytes in DataDir
	MemoryLimit  int64  // the runtime's soft memory limit in bytes; 0 = derived from the hash pool
	PublicURL    string // base URL used in mailed links; default http://Addr
	TLSCert      string // PEM certificate file: serve HTTPS; reread on SIGHUP
	TLSKey       string // PEM private key file of TLSCert

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
	NotifyGrace      time.Duration // how long a send in progress may finish on shutdown
	NotifyRetention  time.Duration // how long a sent notification is kept before it is purged
	// NotifyDeadRetention, SessionRetention and AuditRetention say how long
	// dead notifications, ended sessions and audit events are kept;
	// PurgeEvery how often what is past keeping is deleted.
	NotifyDeadRetention time.Duration
	SessionRetention    time.Duration
	AuditRetention      time.Duration
	PurgeEvery          time.Duration
	Keyring             string // "id:base64key,..." ; empty = DataDir/secret.key
	BreachFilter        string // breached-password filter file; empty = the bundled common-password filter

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
func storeFlags(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.DataDir, "data", "./watchword-data", "data directory: SQLite file, dev mailbox, keys")
	fs.StringVar(&c.DatabaseURL, "database", "", "PostgreSQL URL; empty uses SQLite in the data directory")
}

// serveFlags registers the rest of serve's flags. Call the returned function
// after parsing to copy the values flag has no type for into c.
func serveFlags(fs *flag.FlagSet, c *Config) (apply func()) {
	storeFlags(fs, c)
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "listen address")
	fs.Int64Var(&c.MaxBodyBytes, "max-body", 64<<10, "request body limit in bytes")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", false,
		"behind a reverse proxy: take client IPs from X-Forwarded-For (the rightmost hop that is not a trusted proxy) and the scheme from X-Forwarded-Proto, from trusted proxies only")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", "", "CIDR,... of the proxies --trust-proxy believes (default: loopback and private ranges)")
	fs.StringVar(&c.LogLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&c.PublicURL, "public-url", "", "base URL for links in mail and Keystone's links (default http://ADDR, https://ADDR with --tls-cert)")
	mem := fs.Uint("argon-memory", uint(password.DefaultParams.MemoryKiB), "argon2id memory in KiB")
	it := fs.Uint("argon-iterations", uint(password.DefaultParams.Iterations), "argon2id iterations")
	par := fs.Uint("argon-parallelism", 1, "argon2id lanes")
	fs.IntVar(&c.HashWorkers, "hash-workers", 0, "password hashes run at once (default: CPU count)")
	fs.IntVar(&c.HashQueue, "hash-queue", 64, "requests allowed to wait for a hash slot before 503")
	fs.DurationVar(&c.SessionTTL, "session-ttl", 12*time.Hour, "user token lifetime")
	fs.DurationVar(&c.SessionIdle, "session-idle", 2*time.Hour, "user token idle timeout")
	fs.BoolVar(&c.BruteForceDisabled, "brute-force-disabled", false, "turn off failed-login counting and lockout (operators only)")
	fs.StringVar(&c.TOTPIssuer, "totp-issuer", "Watchword", "issuer name shown in authenticator apps")
	fs.Int64Var(&c.AvatarMaxBytes, "avatar-max-bytes", 2<<20, "avatar upload limit in bytes")
	fs.StringVar(&c.SMTPURL, "smtp-url", "", "smtp://user:pass@host:port; empty writes mail to DATA/mail")
	fs.StringVar(&c.MailFrom, "mail-from", "Watchword <no-reply@watchword.localhost>", "From address of notifications")
	fs.StringVar(&c.SMSWebhookURL, "sms-webhook-url", "", "SMS gateway webhook; empty writes SMS to DATA/sms")
	fs.StringVar(&c.SMSWebhookSecret, "sms-webhook-secret", "", "HMAC key signing SMS webhook calls")
	fs.BoolVar(&c.SMTPInsecure, "smtp-insecure", false, "accept any SMTP certificate (development only)")
	fs.DurationVar(&c.NotifyPoll, "notify-poll", defaultNotifyPoll, "outbox poll interval")
	fs.DurationVar(&c.NotifyBackoff, "notify-backoff", time.Minute, "first retry delay of a failed delivery")
	notifyFlags(fs, c)
	retentionFlags(fs, c)
	metricsFlags(fs, c)
	tlsFlags(fs, c)
	profilingFlags(fs, c)
	fs.StringVar(&c.TemplateDir, "template-dir", "", "directory overriding notification templates")
	fs.StringVar(&c.Keyring, "keyring", "", "encryption keys id:base64,... (first is current); default DATA/secret.key")
	fs.StringVar(&c.BreachFilter, "breach-filter", "", "breached-password filter built by 'watchword breach build' (default: bundled common passwords)")
	fs.StringVar(&c.BootstrapAccount, "bootstrap-account", "", "create this account at start if missing")
	fs.StringVar(&c.BootstrapEmail, "bootstrap-email", "", "its root user's email")
	fs.StringVar(&c.BootstrapPassword, "bootstrap-password", "", "its root user's password")
	fs.StringVar(&c.BootstrapMobile, "bootstrap-mobile", "", "its root user's mobile (optional)")
	return func() {
		c.Argon = password.DefaultParams
		c.Argon.MemoryKiB, c.Argon.Iterations, c.Argon.Parallelism = uint32(*mem), uint32(*it), uint8(*par)
	}
}

func (c *Config) sqlitePath() string { return filepath.Join(c.DataDir, "watchword.db") }

func ensureDir(dir string) error { return os.MkdirAll(dir, 0o700) }

// storeBound lists the flags of storeFlags, which read their variables in
// every command that opens the store.
func storeBound() []string { return []string{"data", "database"} }

// configureStore reads a store command's flags (configure, without a file)
// and prints its warnings on stderr.
func configureStore(fs *flag.FlagSet, args []string, env Env, bound []string) error {
	s, err := configure(fs, args, env, bound)
	if err != nil {
		return err
	}
	for _, w := range s.warnings {
		fmt.Fprintln(env.Stderr, "watchword: warning:", w)
	}
	return nil
}

// recoveryPublicURL is the base of mailed reset links and of Keystone's links
// and catalog: the configured public URL, else the listen address; never a
// request's Host, which the client chooses.
func recoveryPublicURL(c *Config) string {
	if c.PublicURL != "" {
		return c.PublicURL
	}
	if c.TLSCert != "" {
		return "https://" + c.Addr
	}
	return "http://" + c.Addr
}
