package cli

import (
	"flag"
	"log/slog"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/notify/delivery"
)

// newNotifier builds the outbox worker with the configured senders: SMTP or
// the dev mailbox for mail, the webhook or the dev folder for SMS.
// keys opens the secrets the store sealed.
func newNotifier(c *Config, outbox notify.Outbox, keys notify.Opener, m *metrics.Metrics, log *slog.Logger) (*delivery.Worker, error) {
	renderer, err := notify.NewRenderer(notify.Config{TemplateDir: c.TemplateDir})
	if err != nil {
		return nil, err
	}
	mail := delivery.MailConfig{From: c.MailFrom}
	var senders []delivery.Sender
	if c.SMTPURL != "" {
		s, err := delivery.NewSMTPSender(delivery.SMTPConfig{URL: c.SMTPURL, InsecureSkipVerify: c.SMTPInsecure, RequireTLS: c.SMTPRequireTLS}, mail)
		if err != nil {
			return nil, err
		}
		senders = append(senders, s)
	} else {
		s, err := delivery.NewDevMailSender(c.DataDir, mail)
		if err != nil {
			return nil, err
		}
		senders = append(senders, s)
	}
	if c.SMSWebhookURL != "" {
		s, err := delivery.NewWebhookSender(delivery.WebhookConfig{URL: c.SMSWebhookURL, Secret: c.SMSWebhookSecret})
		if err != nil {
			return nil, err
		}
		senders = append(senders, s)
	} else {
		s, err := delivery.NewDevSMSSender(c.DataDir, nil)
		if err != nil {
			return nil, err
		}
		senders = append(senders, s)
	}
	return delivery.NewWorker(outbox, renderer, delivery.WorkerConfig{PollInterval: c.NotifyPoll, Logger: log,
		BaseBackoff: c.NotifyBackoff, MaxBackoff: c.NotifyMaxBackoff, MaxAttempts: c.NotifyMaxTries, Lease: c.NotifyLease,
		Grace: c.NotifyGrace,
		Keys:  keys, OnOutcome: m.CountNotification}, senders...)
}

// notifyFlags registers the delivery flags serveFlags leaves to this file.
// Zero values mean the worker's defaults (12 tries, 8h, 5m).
func notifyFlags(fs *flag.FlagSet, c *Config) {
	fs.BoolVar(&c.SMTPRequireTLS, "smtp-require-tls", false,
		"refuse to send mail when the SMTP server offers no STARTTLS (smtp:// only; smtps:// is always TLS)")
	fs.IntVar(&c.NotifyMaxTries, "notify-max-attempts", 12,
		"delivery tries before a notification is dead (listed by 'admin outbox --status dead')")
	fs.DurationVar(&c.NotifyMaxBackoff, "notify-max-backoff", 8*time.Hour,
		"longest wait between two delivery tries")
	fs.DurationVar(&c.NotifyLease, "notify-lease", delivery.DefaultLease,
		"how long a claimed notification is one replica's unless renewed (renewed every third of it while a send runs); a crashed replica's claims are retried after it")
	fs.DurationVar(&c.NotifyGrace, "notify-grace", 10*time.Second,
		"on shutdown, how long a send in progress may finish; unsent claims are handed back at once")
	fs.DurationVar(&c.NotifyRetention, "notify-retention", identity.DefaultSentRetention,
		"how long a sent notification stays listed before it is deleted (see --notify-dead-retention for dead ones)")
}

// defaultNotifyPoll keeps delivery within a second of a commit without a
// cross-replica wake-up channel; an idle poll is one indexed read.
const defaultNotifyPoll = 500 * time.Millisecond
