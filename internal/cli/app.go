package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/api"
	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/health"
	"github.com/watchword/watchword/internal/i18n"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/keystone"
	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/notify/delivery"
	"github.com/watchword/watchword/internal/outscale"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/scim"
	"github.com/watchword/watchword/internal/server"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// App is a running Watchword: config → store → services → faces → server.
// It holds no logic of its own, only the wiring.
type App struct {
	Config   Config
	Log      *slog.Logger
	DB       *sqldb.DB
	Services *identity.Services
	Metrics  *metrics.Metrics

	listener net.Listener
	http     *http.Server
	// cert is the served certificate with --tls-cert; nil serves HTTP.
	cert     *certificate
	notifier *delivery.Worker
	stop     []func()

	// metricsListener serves /metrics when --metrics-addr is set.
	metricsListener net.Listener
	// pprofURL is where the profiler listens, when --pprof-addr is set.
	pprofURL string
}

// NewApp opens the store and builds the services and faces.
func NewApp(ctx context.Context, c Config, logOut io.Writer) (*App, error) {
	log := newLogger(logOut, c.LogLevel)
	proxies, err := server.ParseTrustedProxies(c.TrustedProxies)
	if err != nil {
		return nil, err
	}
	// The certificate is read before the store opens: a wrong path stops
	// the start at once, saying which file.
	cert, err := loadCertificate(&c)
	if err != nil {
		return nil, err
	}
	db, err := openStore(ctx, &c)
	if err != nil {
		return nil, err
	}
	m := metrics.New()
	db.SetErrorObserver(m.StoreError)
	workers := hashWorkers(&c)
	pool := password.NewPool(password.PoolConfig{Params: c.Argon, Workers: workers, Queue: c.HashQueue,
		Observer: m.ObserveHash, OnWait: m.ObserveHashWait})
	m.WatchHashPool(pool.Load)
	keyring, err := loadKeyring(&c)
	if err != nil {
		db.Close()
		return nil, err
	}
	if err := checkKeyring(ctx, db, keyring, log); err != nil {
		db.Close()
		return nil, err
	}
	// The outbox seals the codes and links of queued notifications with it.
	db.SetSealer(keyring)
	db.OnAudit(auditLogger(log))
	blocklist, err := loadBreachFilter(&c)
	if err != nil {
		db.Close()
		return nil, err
	}
	svc := identity.New(identity.Deps{Store: db, Hasher: pool, Log: log, Keyring: keyring, Blocklist: blocklist, Observer: m,
		Config: identity.Config{SessionTTL: c.SessionTTL, SessionIdle: c.SessionIdle,
			BruteForceDisabled: c.BruteForceDisabled, TOTPIssuer: c.TOTPIssuer, AvatarMaxBytes: c.AvatarMaxBytes,
			Recovery: identity.RecoveryConfig{PublicURL: recoveryPublicURL(&c)}, Retention: retentionConfig(&c)}})
	a := &App{Config: c, Log: log, DB: db, Services: svc, Metrics: m, cert: cert}
	if err := a.bootstrap(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if a.notifier, err = newNotifier(&c, db, keyring, m, log); err != nil {
		db.Close()
		return nil, err
	}
	cat, err := i18n.Load()
	if err != nil {
		db.Close()
		return nil, err
	}
	con, err := console.New(console.Config{PublicURL: c.PublicURL, MaxFormBytes: c.MaxBodyBytes}, svc, cat, log)
	if err != nil {
		db.Close()
		return nil, err
	}
	ks := keystone.New(keystone.Config{MaxBodyBytes: c.MaxBodyBytes, TrustProxy: c.TrustProxy,
		PublicURL: recoveryPublicURL(&c)}, svc, log)
	osc := outscale.New(outscale.Config{MaxBodyBytes: c.MaxBodyBytes}, svc, log)
	// Each face is named in its requests' context, for the sign-in counts.
	osc = server.Face(identity.FaceOutscale, osc)
	faces := server.Faces{API: server.Face(identity.FaceAPI, api.New(api.Config{MaxBodyBytes: c.MaxBodyBytes, Catalog: cat}, svc, log)), Mounts: map[string]http.Handler{
		"/v2.0": server.Face(identity.FaceSCIM, scim.New(scim.Config{MaxBodyBytes: c.MaxBodyBytes}, svc, log)),
		"/v3":   server.Face(identity.FaceKeystone, ks),
		"/v3.0": server.Face(identity.FaceHuawei, ks),
		"/api":  osc, // the face routes on full paths: signatures cover them
	}}
	faces.Mounts[console.Path] = server.Face(identity.FaceConsole, con)
	// Outscale claims osc-cli's //api/... paths and ICU's POST / calls by header.
	faces.Intercept = append(faces.Intercept, func(next http.Handler) http.Handler { return outscale.Front(osc, next) })
	a.http = &http.Server{
		Handler: server.Handler(server.Config{TrustProxy: c.TrustProxy, TrustedProxies: proxies, MetricsElsewhere: c.MetricsAddr != ""},
			faces, health.Join(db, health.DiskFree(c.DataDir, c.ReadyMinFree)), m, log),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	if cert != nil {
		a.http.TLSConfig = cert.tlsConfig()
		a.logCertificate("serving HTTPS", cert.cur.Load())
	}
	return a, nil
}

// bootstrap creates the configured first account unless it exists.
func (a *App) bootstrap(ctx context.Context) error {
	c := a.Config
	if c.BootstrapAccount == "" {
		return nil
	}
	_, _, err := a.Services.Accounts.Create(ctx, identity.NewAccount{Name: c.BootstrapAccount, Email: c.BootstrapEmail,
		Mobile: c.BootstrapMobile, Password: c.BootstrapPassword})
	if fault.Is(err, fault.Conflict) {
		return nil // created by an earlier start or another replica
	}
	if err != nil {
		return fmt.Errorf("bootstrap account: %w", err)
	}
	a.Log.Info("bootstrap account created", "name", c.BootstrapAccount)
	return nil
}

// Listen binds the listen address (":0" picks a free port) and starts the
// background workers. They start here, not in Serve, because Serve runs on
// its own goroutine: Shutdown, called from the goroutine that called Listen,
// must find every worker registered, without racing Serve for a.stop.
func (a *App) Listen() error {
	l, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return err
	}
	a.listener = l
	if err := a.listenMetrics(); err != nil {
		l.Close()
		return err
	}
	if err := a.listenPprof(); err != nil {
		l.Close()
		for _, stop := range a.stop {
			stop()
		}
		return err
	}
	a.startWorkers()
	return nil
}

// URL is the base URL the app serves on.
func (a *App) URL() string {
	if a.cert != nil {
		return "https://" + a.listener.Addr().String()
	}
	return "http://" + a.listener.Addr().String()
}

// startWorkers starts notification delivery and the retention purge, each
// stopped by Shutdown.
func (a *App) startWorkers() {
	if a.Config.DatabaseURL == "" {
		// SQLite: this process is the file's only one, so any claim still
		// leased was its crashed predecessor's; deliver those now rather
		// than after the lease.
		if n, err := a.DB.ReclaimOutbox(context.Background()); err != nil {
			a.Log.Warn("reclaiming notifications claimed before a crash failed", "err", err)
		} else if n > 0 {
			a.Log.Info("reclaimed notifications claimed before a crash", "count", n)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := a.notifier.Run(ctx); err != nil && ctx.Err() == nil {
			a.Log.Error("notification worker stopped", "err", err)
		}
	}()
	a.stop = append(a.stop, func() { cancel(); <-done })
	a.stop = append(a.stop, a.startPurge(a.Config.PurgeEvery))
}

// Serve serves until Shutdown (Listen has started the background workers);
// it returns nil after a clean shutdown.
func (a *App) Serve() error {
	var err error
	if a.cert != nil {
		err = a.http.ServeTLS(a.listener, "", "") // the certificate comes from TLSConfig
	} else {
		err = a.http.Serve(a.listener)
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown lets in-flight requests finish, then closes the store.
func (a *App) Shutdown(ctx context.Context) error {
	err := a.http.Shutdown(ctx)
	for _, stop := range a.stop {
		stop()
	}
	return errors.Join(err, a.DB.Close())
}

// Banner says where everything is.
func (a *App) Banner() string {
	var b strings.Builder
	u := a.URL()
	fmt.Fprintf(&b, "Watchword is running.\n")
	fmt.Fprintf(&b, "  console        %s%s/\n", u, console.Path)
	fmt.Fprintf(&b, "  API (native)   %s/v1   (OpenAPI: %s/v1/openapi.json)\n", u, u)
	fmt.Fprintf(&b, "  Keystone/IAM   %s/v3   (Huawei IAM: %s/v3.0)\n", u, u)
	fmt.Fprintf(&b, "  health         %s/healthz (alive)  %s/readyz (ready)  metrics: %s\n", u, u, a.MetricsURL())
	if a.pprofURL != "" {
		fmt.Fprintf(&b, "  profiler       %s\n", a.pprofURL)
	}
	if a.Config.DatabaseURL == "" {
		fmt.Fprintf(&b, "  database       SQLite %s\n", a.Config.sqlitePath())
	} else {
		fmt.Fprintf(&b, "  database       PostgreSQL\n")
	}
	if a.Config.SMTPURL == "" {
		fmt.Fprintf(&b, "  dev mail       %s\n", filepath.Join(a.Config.DataDir, "mail"))
	}
	if a.Config.SMSWebhookURL == "" {
		fmt.Fprintf(&b, "  dev SMS        %s\n", filepath.Join(a.Config.DataDir, "sms"))
	}
	return b.String()
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}
