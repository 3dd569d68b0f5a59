package e2e_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// testCA is a throwaway certificate authority for the TLS tests.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pool *x509.CertPool
}

func mustCA(tb testing.TB) *testCA {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Watchword test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testCA{cert: cert, key: key, pool: pool}
}

// mustIssue writes a server certificate for 127.0.0.1 with serial, signed
// by ca, and its key, as PEM files at certFile and keyFile.
func (ca *testCA) mustIssue(tb testing.TB, serial int64, certFile, keyFile string) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		tb.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		tb.Fatal(err)
	}
	// Written beside and renamed into place, as a renewal tool does, so
	// the server never reads half a file.
	for file, block := range map[string]*pem.Block{certFile: {Type: "CERTIFICATE", Bytes: der}, keyFile: {Type: "PRIVATE KEY", Bytes: keyDER}} {
		if err := os.WriteFile(file+".new", pem.EncodeToMemory(block), 0o600); err != nil {
			tb.Fatal(err)
		}
		if err := os.Rename(file+".new", file); err != nil {
			tb.Fatal(err)
		}
	}
}

// servedSerial makes a new TLS handshake with s (trusting only ca) and
// returns the serial of the certificate it presents.
func servedSerial(tb testing.TB, s *Server, ca *testCA) int64 {
	tb.Helper()
	conn, err := tls.Dial("tcp", strings.TrimPrefix(s.URL, "https://"), &tls.Config{RootCAs: ca.pool, ServerName: "127.0.0.1"})
	if err != nil {
		tb.Fatalf("TLS handshake: %v", err)
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0].SerialNumber.Int64()
}

// TestTLSServeAndReload: with --tls-cert and --tls-key the server speaks
// HTTPS only; a client trusting the CA gets 200 and HSTS; after the files
// are replaced and SIGHUP sent, a new handshake gets the new certificate
// while a connection opened before goes on working; a file that does not
// load on SIGHUP leaves the current certificate served.
func TestTLSServeAndReload(t *testing.T) {
	ca := mustCA(t)
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	ca.mustIssue(t, 1001, certFile, keyFile)
	s := MustServe(t, "--data", t.TempDir(), "--log-level", "info", "--tls-cert", certFile, "--tls-key", keyFile)
	if !strings.HasPrefix(s.URL, "https://127.0.0.1:") {
		t.Fatalf("banner URL %s, want https://", s.URL)
	}
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.pool}}, Timeout: 10 * time.Second}
	res, err := c.Get(s.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body) // read to the end, so the connection goes back to the pool
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Strict-Transport-Security") != "max-age=31536000" {
		t.Fatalf("GET /healthz over HTTPS: %d, Strict-Transport-Security %q", res.StatusCode, res.Header.Get("Strict-Transport-Security"))
	}
	if got := res.TLS.PeerCertificates[0].SerialNumber.Int64(); got != 1001 {
		t.Fatalf("served serial %d, want 1001", got)
	}
	// Plain HTTP on the HTTPS port is refused, never served.
	if res, err := http.Get("http://" + strings.TrimPrefix(s.URL, "https://") + "/healthz"); err == nil {
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest {
			t.Fatalf("plain HTTP on the HTTPS port: %d", res.StatusCode)
		}
	}

	ca.mustIssue(t, 1002, certFile, keyFile)
	if err := s.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	if !s.stderr.WaitFor("TLS certificate reloaded") {
		t.Fatalf("no reload logged:\n%s", s.stderr)
	}
	if got := servedSerial(t, s, ca); got != 1002 {
		t.Fatalf("after SIGHUP a new handshake got serial %d, want 1002", got)
	}
	// The connection opened before the reload was not dropped: the
	// client's pooled connection still serves, with the old certificate.
	res, err = c.Get(s.URL + "/healthz")
	if err != nil {
		t.Fatalf("the connection opened before the reload: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.TLS.PeerCertificates[0].SerialNumber.Int64() != 1001 {
		t.Fatalf("pooled connection after reload: %d, serial %v", res.StatusCode, res.TLS.PeerCertificates[0].SerialNumber)
	}

	// A renewal gone wrong: the new certificate does not match the key.
	if err := os.WriteFile(certFile, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	if !s.stderr.WaitFor("TLS certificate not reloaded") {
		t.Fatalf("no failed reload logged:\n%s", s.stderr)
	}
	if got := servedSerial(t, s, ca); got != 1002 {
		t.Fatalf("after a failed reload the server presents serial %d, want 1002 still", got)
	}
	s.MustStop(t)
}

// TestTLSBadCertificateRefusesToStart: a certificate path that does not
// load, or a certificate without its key, stops serve at once with a
// message naming the problem and a non-zero exit.
func TestTLSBadCertificateRefusesToStart(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.crt")
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"Missing", []string{"--tls-cert", missing, "--tls-key", missing}, "TLS certificate " + missing},
		{"NoKey", []string{"--tls-cert", missing}, "--tls-cert and --tls-key go together"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, tt.args...)
			out, errOut, err := run(args...)
			if err == nil {
				t.Fatalf("serve started with %v:\n%s", tt.args, out)
			}
			if !strings.Contains(errOut, tt.want) || !strings.Contains(errOut, "no such file") && tt.name == "Missing" {
				t.Fatalf("stderr does not say %q:\n%s", tt.want, errOut)
			}
		})
	}
}
