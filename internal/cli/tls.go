package cli

import (
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"sync/atomic"
	"time"
)

// tlsFlags registers --tls-cert and --tls-key.
func tlsFlags(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.TLSCert, "tls-cert", "",
		"PEM certificate (chain) file: serve HTTPS on --addr with --tls-key; both are read again on SIGHUP")
	fs.StringVar(&c.TLSKey, "tls-key", "", "PEM private key file of --tls-cert")
}

// certificate is the served TLS certificate. A reload swaps the whole pair
// at once, so each handshake sees the old pair or the new one, never half
// of each, and connections already open keep theirs: nothing is dropped.
type certificate struct {
	certFile, keyFile string
	cur               atomic.Pointer[tls.Certificate]
}

// loadCertificate reads the pair --tls-cert and --tls-key name, or says
// which of them is missing.
func loadCertificate(c *Config) (*certificate, error) {
	switch {
	case c.TLSCert == "" && c.TLSKey == "":
		return nil, nil
	case c.TLSCert == "" || c.TLSKey == "":
		return nil, errors.New("--tls-cert and --tls-key go together: give both to serve HTTPS, or neither")
	}
	cert := &certificate{certFile: c.TLSCert, keyFile: c.TLSKey}
	if _, err := cert.reload(); err != nil {
		return nil, err
	}
	return cert, nil
}

// reload reads the files again and, when they hold a usable pair, serves
// it from the next handshake on; otherwise the current pair stays.
func (c *certificate) reload() (*tls.Certificate, error) {
	pair, err := tls.LoadX509KeyPair(c.certFile, c.keyFile)
	if err != nil {
		return nil, fmt.Errorf("TLS certificate %s with key %s: %w", c.certFile, c.keyFile, err)
	}
	c.cur.Store(&pair)
	return &pair, nil
}

// get is tls.Config.GetCertificate.
func (c *certificate) get(*tls.ClientHelloInfo) (*tls.Certificate, error) { return c.cur.Load(), nil }

// tlsConfig is the server's TLS configuration over c: TLS 1.2 at least,
// Go's default cipher suites (all with forward secrecy and AEAD), HTTP/2
// and HTTP/1.1.
func (c *certificate) tlsConfig() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12, GetCertificate: c.get, NextProtos: []string{"h2", "http/1.1"}}
}

// ReloadTLS reads --tls-cert and --tls-key again (serve calls it on
// SIGHUP). New handshakes get the new certificate; open connections are
// left alone. A pair that does not load is logged and the current one
// kept, so a botched renewal never takes the service down.
func (a *App) ReloadTLS() {
	if a.cert == nil {
		a.Log.Info("SIGHUP: no TLS certificate to reload (serving plain HTTP)")
		return
	}
	pair, err := a.cert.reload()
	if err != nil {
		a.Log.Error("TLS certificate not reloaded; still serving the previous one", "err", err)
		return
	}
	a.logCertificate("TLS certificate reloaded", pair)
}

// logCertificate logs which certificate is served, and warns when it has
// expired or expires within 14 days.
func (a *App) logCertificate(msg string, pair *tls.Certificate) {
	leaf := pair.Leaf
	if leaf == nil {
		a.Log.Info(msg, "file", a.cert.certFile)
		return
	}
	a.Log.Info(msg, "file", a.cert.certFile, "subject", leaf.Subject.String(), "serial", leaf.SerialNumber.String(),
		"not_after", leaf.NotAfter.UTC().Format(time.RFC3339))
	if left := time.Until(leaf.NotAfter); left < 14*24*time.Hour {
		a.Log.Warn("TLS certificate expires soon or has expired", "file", a.cert.certFile, "not_after", leaf.NotAfter.UTC().Format(time.RFC3339))
	}
}
