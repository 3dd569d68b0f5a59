package delivery

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"net/url"
	"time"

	"github.com/watchword/watchword/internal/notify"
)

// SMTPConfig configures the SMTP sender.
type SMTPConfig struct {
	// URL is smtp://[user:pass@]host[:port] (port 25 by default; STARTTLS
	// whenever the server offers it) or smtps://... (implicit TLS, port 465
	// by default). Credentials, when present, are sent with AUTH PLAIN.
	URL string
	// RequireTLS refuses to send over smtp:// when the server does not offer
	// STARTTLS, instead of sending in clear.
	RequireTLS bool
	// RootCAs verifies the server certificate; nil means the system roots.
	RootCAs *x509.CertPool
	// InsecureSkipVerify accepts any server certificate. Tests and
	// development only.
	InsecureSkipVerify bool
	// Timeout bounds one delivery, dial to QUIT. Default 30s.
	Timeout time.Duration
	// HelloName is the name given in EHLO. Default "localhost".
	HelloName string
}

// SMTPSender delivers mail through one SMTP server, one connection per
// message. It uses the standard library's net/smtp client: go-smtp's client
// can only start TLS on a connection it dials itself and refuses servers
// without STARTTLS, so "STARTTLS when offered" would take two connections.
type SMTPSender struct {
	addr, host  string
	implicitTLS bool
	user, pass  string
	hasAuth     bool
	tls         *tls.Config
	cfg         SMTPConfig
	mail        MailConfig
}

// NewSMTPSender checks cfg and mail and returns a sender. It does not
// connect: an unreachable server at startup is a retry, not a crash.
func NewSMTPSender(cfg SMTPConfig, mail MailConfig) (*SMTPSender, error) {
	if _, err := mail.validate(); err != nil {
		return nil, err
	}
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, errors.New("notify: SMTP URL does not parse") // the URL may hold a password: keep it out
	}
	s := &SMTPSender{cfg: cfg, mail: mail, host: u.Hostname()}
	port := u.Port()
	switch u.Scheme {
	case "smtp":
		if port == "" {
			port = "25"
		}
	case "smtps":
		s.implicitTLS = true
		if port == "" {
			port = "465"
		}
	default:
		return nil, fmt.Errorf("notify: SMTP URL scheme %q: want smtp or smtps", u.Scheme)
	}
	if s.host == "" {
		return nil, errors.New("notify: SMTP URL has no host")
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		s.hasAuth = true
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	if s.cfg.Timeout <= 0 {
		s.cfg.Timeout = 30 * time.Second
	}
	if s.cfg.HelloName == "" {
		s.cfg.HelloName = "localhost"
	}
	s.tls = &tls.Config{
		ServerName:         s.host,
		RootCAs:            cfg.RootCAs,
		InsecureSkipVerify: cfg.InsecureSkipVerify, //nolint:gosec // opt-in, for tests and development
		MinVersion:         tls.VersionTLS12,
	}
	return s, nil
}

// Channel reports Email.
func (s *SMTPSender) Channel() notify.Channel { return notify.Email }

// Send delivers one message. A recipient or message the server refuses with
// a 5xx reply is a Permanent error; everything else may pass on a retry.
func (s *SMTPSender) Send(ctx context.Context, m notify.Message, r notify.Rendered) error {
	msg, err := ComposeMail(s.mail, m, r)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()

	conn, err := s.dial(ctx)
	if err != nil {
		return fmt.Errorf("smtp: dial %s: %w", s.addr, err)
	}
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	// A cancelled ctx must also unblock a read in progress.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp: greeting: %w", err)
	}
	defer c.Close()
	if err := s.session(c, msg); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%w (%w)", err, ctx.Err())
		}
		return err
	}
	// The message is accepted once DATA ends with 250; a failed QUIT
	// changes nothing, and retrying would deliver it twice.
	_ = c.Quit()
	return nil
}

func (s *SMTPSender) dial(ctx context.Context) (net.Conn, error) {
	d := &net.Dialer{}
	if s.implicitTLS {
		td := &tls.Dialer{NetDialer: d, Config: s.tls}
		return td.DialContext(ctx, "tcp", s.addr)
	}
	return d.DialContext(ctx, "tcp", s.addr)
}

// session runs EHLO, STARTTLS, AUTH and the mail transaction.
func (s *SMTPSender) session(c *smtp.Client, msg Mail) error {
	if err := c.Hello(s.cfg.HelloName); err != nil {
		return fmt.Errorf("smtp: EHLO: %w", err)
	}
	if !s.implicitTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(s.tls); err != nil {
				return fmt.Errorf("smtp: STARTTLS: %w", err)
			}
		} else if s.cfg.RequireTLS {
			return errors.New("smtp: server does not offer STARTTLS and TLS is required")
		}
	}
	if s.hasAuth {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("smtp: server does not offer AUTH")
		}
		// PlainAuth itself refuses to send the password in clear to any
		// host but localhost.
		if err := c.Auth(smtp.PlainAuth("", s.user, s.pass, s.host)); err != nil {
			return fmt.Errorf("smtp: AUTH: %w", err)
		}
	}
	if err := c.Mail(msg.From); err != nil {
		return fmt.Errorf("smtp: MAIL FROM: %w", err)
	}
	if err := c.Rcpt(msg.To); err != nil {
		return refused("RCPT TO", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if _, err := w.Write(msg.Data); err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return refused("end of DATA", err)
	}
	return nil
}

// refused marks a 5xx reply to RCPT or to the message as Permanent: the
// server judged this recipient or this content, and will judge it the same
// way again. A 5xx to MAIL FROM or AUTH stays retryable because it usually
// means our configuration is wrong, and fixing it should save the queue.
func refused(step string, err error) error {
	err = fmt.Errorf("smtp: %s: %w", step, err)
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 && te.Code < 600 {
		return notify.Permanent(err)
	}
	return err
}
