// Package smtpsink runs a real SMTP server on the loopback interface and
// keeps every message it accepts, so tests can check the mail their code
// sends, and stop and restart the server to play an outage.
package smtpsink

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Option configures a Sink.
type Option func(*Sink)

// WithStartTLS offers STARTTLS with a self-signed certificate for 127.0.0.1
// and localhost; CertPool trusts it. AUTH is then only offered after
// STARTTLS, as real servers do.
func WithStartTLS() Option { return func(s *Sink) { s.startTLS = true } }

// WithImplicitTLS makes the sink speak TLS from the first byte, as smtps://
// servers do, with the same certificate as WithStartTLS; URL then says
// smtps.
func WithImplicitTLS() Option { return func(s *Sink) { s.implicitTLS = true } }

// WithDelay makes the sink take d to accept each message's data, as a slow
// mail server does: long enough for a test to stop a sender mid-delivery.
func WithDelay(d time.Duration) Option { return func(s *Sink) { s.delay = d } }

// WithAuth requires AUTH PLAIN with these credentials before MAIL FROM.
// Without WithStartTLS it is offered in clear, which only loopback allows.
func WithAuth(username, password string) Option {
	return func(s *Sink) { s.user, s.pass = username, password }
}

// Sink is a running (or stopped) SMTP server and what it has received. Its
// methods are safe for concurrent use.
type Sink struct {
	startTLS    bool
	implicitTLS bool
	delay       time.Duration
	user, pass  string
	tlsConfig   *tls.Config
	pool        *x509.CertPool
	addr        string

	mu       sync.Mutex
	srv      *smtp.Server
	listener net.Listener
	served   chan struct{} // closed when the current Serve returns
	msgs     []Received
	arrived  chan struct{} // closed and replaced at each message
}

// New starts a sink on 127.0.0.1 and a free port. Close it when done.
func New(opts ...Option) (*Sink, error) {
	s := &Sink{arrived: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	if s.startTLS || s.implicitTLS {
		cert, pool, err := selfSigned()
		if err != nil {
			return nil, err
		}
		s.tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		s.pool = pool
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.addr = l.Addr().String()
	s.serve(l)
	return s, nil
}

// Start is New for tests: it fails tb on error and closes the sink when the
// test ends.
func Start(tb testing.TB, opts ...Option) *Sink {
	tb.Helper()
	s, err := New(opts...)
	if err != nil {
		tb.Fatalf("smtpsink: %v", err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// Addr is the host:port the sink listens on, the same across restarts.
func (s *Sink) Addr() string { return s.addr }

// URL is smtp://[user:pass@]127.0.0.1:PORT (smtps:// with WithImplicitTLS),
// credentials included when the sink requires them.
func (s *Sink) URL() string {
	u := url.URL{Scheme: "smtp", Host: s.addr}
	if s.implicitTLS {
		u.Scheme = "smtps"
	}
	if s.user != "" {
		u.User = url.UserPassword(s.user, s.pass)
	}
	return u.String()
}

// CertPool trusts the sink's certificate; nil without TLS.
func (s *Sink) CertPool() *x509.CertPool { return s.pool }

// Messages returns what the sink has received so far, oldest first.
func (s *Sink) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.msgs)
}

// Reset forgets the messages received so far.
func (s *Sink) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = nil
}

// WaitFor returns the first message, received before or during the wait,
// for which match is true (nil matches any). It fails tb after timeout.
func (s *Sink) WaitFor(tb testing.TB, match func(Received) bool, timeout time.Duration) Received {
	tb.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		arrived := s.arrived
		for _, m := range s.msgs {
			if match == nil || match(m) {
				s.mu.Unlock()
				return m
			}
		}
		n := len(s.msgs)
		s.mu.Unlock()
		select {
		case <-arrived:
		case <-deadline.C:
			tb.Fatalf("smtpsink: no matching message within %v (%d received)", timeout, n)
			return Received{}
		}
	}
}

// Stop closes the listener and every open connection; clients then get
// "connection refused" until Restart. Stopping a stopped sink does nothing.
func (s *Sink) Stop() error {
	s.mu.Lock()
	srv, l, served := s.srv, s.listener, s.served
	s.srv, s.listener = nil, nil
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	err := srv.Close()
	// Server.Close only closes listeners Serve has registered; a Stop right
	// after a start can come first, so close ours too.
	_ = l.Close()
	<-served
	if errors.Is(err, smtp.ErrServerClosed) {
		err = nil
	}
	return err
}

// Restart listens again on the same address after Stop; the messages
// received before are kept. Restarting a running sink does nothing.
func (s *Sink) Restart() error {
	s.mu.Lock()
	running := s.srv != nil
	s.mu.Unlock()
	if running {
		return nil
	}
	l, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("smtpsink: relisten on %s: %w", s.addr, err)
	}
	s.serve(l)
	return nil
}

// Close stops the sink for good.
func (s *Sink) Close() error { return s.Stop() }

// serve runs a fresh server on l: a go-smtp Server cannot serve again once
// closed.
func (s *Sink) serve(l net.Listener) {
	srv := smtp.NewServer(smtp.BackendFunc(s.newSession))
	srv.Domain = "localhost"
	if s.startTLS {
		srv.TLSConfig = s.tlsConfig
	}
	if s.implicitTLS {
		l = tls.NewListener(l, s.tlsConfig)
	}
	srv.AllowInsecureAuth = !s.startTLS
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.MaxMessageBytes = 10 << 20
	srv.ErrorLog = log.New(io.Discard, "", 0)
	served := make(chan struct{})
	s.mu.Lock()
	s.srv, s.listener, s.served = srv, l, served
	s.mu.Unlock()
	go func() {
		defer close(served)
		if err := srv.Serve(l); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			srv.ErrorLog.Printf("serve: %v", err)
		}
	}()
}

// record keeps a message and wakes every WaitFor.
func (s *Sink) record(r Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, r)
	close(s.arrived)
	s.arrived = make(chan struct{})
}
