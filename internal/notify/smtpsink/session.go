package smtpsink

import (
	"io"
	"slices"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// session is one SMTP connection's state. go-smtp starts a new one after
// STARTTLS, so tls is fixed for its life.
type session struct {
	sink *Sink
	tls  bool
	user string
	from string
	to   []string
}

func (s *Sink) newSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &session{sink: s, tls: isTLS}, nil
}

// AuthMechanisms offers PLAIN when the sink has credentials.
func (s *session) AuthMechanisms() []string {
	if s.sink.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

// Auth checks PLAIN credentials.
func (s *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain || s.sink.user == "" {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != s.sink.user || password != s.sink.pass {
			return smtp.ErrAuthFailed
		}
		s.user = username
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.sink.user != "" && s.user == "" {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	time.Sleep(s.sink.delay)
	rec := parse(data)
	rec.From, rec.To, rec.Data = s.from, slices.Clone(s.to), data
	rec.TLS, rec.User = s.tls, s.user
	s.sink.record(rec)
	return nil
}

func (s *session) Reset() {
	s.from, s.to = "", nil
}

func (s *session) Logout() error { return nil }
