package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
)

// faceProbe is one write through one face, and how that face says "come
// back later": every probe must answer 503 with Retry-After, in its own
// format, while the store cannot take writes, and succeed once it can again.
type faceProbe struct {
	name string
	send func(t *testing.T, s *Server) (*http.Response, []byte)
	// unavailable checks the body of the 503.
	unavailable func(body []byte) bool
}

func post(t *testing.T, url, contentType, body string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	for k, v := range header {
		req.Header[k] = v
	}
	return send(t, http.DefaultClient, req)
}

func send(t *testing.T, c *http.Client, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

// consoleLogin signs in through the console's form, CSRF cookie and all.
func consoleLogin(t *testing.T, s *Server) (*http.Response, []byte) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/console/login", nil)
	if res, _ := send(t, c, req); res.StatusCode != http.StatusOK {
		t.Fatalf("console login page: %d", res.StatusCode)
	}
	u, _ := url.Parse(s.URL + "/console/")
	token := ""
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "ww_csrf" {
			token = ck.Value
		}
	}
	form := url.Values{"account": {"acme"}, "password": {rootPassword}, "csrf_token": {token}}
	req, _ = http.NewRequest(http.MethodPost, s.URL+"/console/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", s.URL)
	return send(t, c, req)
}

var writeProbes = []faceProbe{
	{"v1", func(t *testing.T, s *Server) (*http.Response, []byte) {
		return post(t, s.URL+"/v1/auth/login", "application/json", `{"account":"acme","password":"`+rootPassword+`"}`, nil)
	}, func(b []byte) bool { return bytes.Contains(b, []byte(`"code":"store.unavailable"`)) }},
	{"keystone", func(t *testing.T, s *Server) (*http.Response, []byte) {
		return post(t, s.URL+"/v3/auth/tokens", "application/json", `{"auth":{"identity":{"methods":["password"],"password":`+
			`{"user":{"name":"acme","domain":{"name":"acme"},"password":"`+rootPassword+`"}}}}}`, nil)
	}, func(b []byte) bool {
		return bytes.Contains(b, []byte(`"code":503`)) && bytes.Contains(b, []byte(`"title":"Service Unavailable"`))
	}},
	{"outscale-icu", func(t *testing.T, s *Server) (*http.Response, []byte) {
		return post(t, s.URL+"/", "application/x-amz-json-1.1", `{"Action":"SendResetPasswordEmail","Email":"root@acme.test"}`,
			http.Header{"X-Amz-Target": {"TinaIcuService.SendResetPasswordEmail"}})
	}, func(b []byte) bool { return bytes.Contains(b, []byte(`"__type":"IcuServerException"`)) }},
	{"console", consoleLogin, func(b []byte) bool { return bytes.Contains(b, []byte("<html")) }},
}

// scimProbe reads through SCIM: a token check, which needs the store.
func scimProbe(token string) faceProbe {
	return faceProbe{"scim", func(t *testing.T, s *Server) (*http.Response, []byte) {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/v2.0/Me", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		return send(t, http.DefaultClient, req)
	}, func(b []byte) bool {
		return bytes.Contains(b, []byte(`urn:ietf:params:scim:api:messages:2.0:Error`)) && bytes.Contains(b, []byte(`"status":"503"`))
	}}
}

// huaweiProbe reads a user through Huawei's /v3.0 extensions with a
// Keystone token (signed in before the outage); its token check needs the
// store, and Huawei answers errors as {"error_msg","error_code"}.
func huaweiProbe(t *testing.T, s *Server) faceProbe {
	res, body := writeProbes[1].send(t, s)
	var tok struct {
		Token struct {
			User struct {
				ID string `json:"id"`
			} `json:"user"`
		} `json:"token"`
	}
	if err := json.Unmarshal(body, &tok); err != nil || res.Header.Get("X-Subject-Token") == "" || tok.Token.User.ID == "" {
		t.Fatalf("keystone sign-in for the huawei probe: %d %s", res.StatusCode, body)
	}
	token, userID := res.Header.Get("X-Subject-Token"), tok.Token.User.ID
	return faceProbe{"huawei", func(t *testing.T, s *Server) (*http.Response, []byte) {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/v3.0/OS-USER/users/"+userID, nil)
		req.Header.Set("X-Auth-Token", token)
		return send(t, http.DefaultClient, req)
	}, func(b []byte) bool {
		return bytes.Contains(b, []byte(`"error_code":`)) && bytes.Contains(b, []byte(`"error_msg":`))
	}}
}

// mustUnavailable checks that every probe answers 503 + Retry-After in its
// face's format, and /readyz 503 while /healthz stays 200.
func mustUnavailable(t *testing.T, s *Server, probes []faceProbe) {
	t.Helper()
	for _, p := range probes {
		res, body := p.send(t, s)
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || !p.unavailable(body) {
			t.Errorf("%s during the outage: %d Retry-After=%q %.300s", p.name, res.StatusCode, res.Header.Get("Retry-After"), body)
		}
	}
	if res, body := get(t, s.URL+"/readyz"); res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Errorf("/readyz during the outage: %d %s", res.StatusCode, body)
	}
	if res, _ := get(t, s.URL+"/healthz"); res.StatusCode != http.StatusOK {
		t.Errorf("/healthz during the outage: %d (alive is not ready)", res.StatusCode)
	}
}

// mustRecover waits for /readyz and then checks that every probe succeeds,
// with no restart.
func mustRecover(t *testing.T, s *Server, probes []faceProbe) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, body := get(t, s.URL+"/readyz")
		if res.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz after the outage: %d %s", res.StatusCode, body)
		}
		time.Sleep(200 * time.Millisecond)
	}
	for _, p := range probes {
		if res, body := p.send(t, s); res.StatusCode >= 400 {
			t.Errorf("%s after the outage: %d %.300s", p.name, res.StatusCode, body)
		}
	}
}

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	return send(t, http.DefaultClient, req)
}

// TestOutageDiskFull: with the data directory's file system full, writes
// answer 503 + Retry-After on every face (never 500) and /readyz says so;
// once space is back, everything works again without a restart. The data
// directory is a small tmpfs (the tests run as root, as CI does).
func TestOutageDiskFull(t *testing.T) {
	dir := t.TempDir()
	if err := exec.Command("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", dir).Run(); err != nil {
		t.Fatalf("mounting a tmpfs for the full-disk test needs root (as the test command and CI run): %v", err)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	s := MustServe(t, append(bootstrapFlags(), "--data", dir, "--ready-min-free", "1048576")...)
	root := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})

	filler := filepath.Join(dir, "filler")
	fill(t, filler)
	// The first writes may still fit in pages SQLite already holds: write
	// until the store refuses, and never accept a 500 on the way.
	refused := false
	for i := 0; i < 200 && !refused; i++ {
		res, body := writeProbes[0].send(t, s)
		switch res.StatusCode {
		case http.StatusOK:
		case http.StatusServiceUnavailable:
			refused = true
		default:
			t.Fatalf("login on a full disk: %d %s", res.StatusCode, body)
		}
	}
	if !refused {
		t.Fatal("200 logins on a full disk all succeeded: the disk is not full")
	}
	mustUnavailable(t, s, writeProbes)
	// Reads still work: a full disk is no reason to refuse them.
	if _, err := root.Me(context.Background()); err != nil {
		t.Errorf("GET /v1/me on a full disk: %v", err)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	mustRecover(t, s, writeProbes)
	if strings.Contains(s.stderr.String(), `"level":"ERROR"`) {
		t.Errorf("the outage was logged as an internal error:\n%s", s.stderr)
	}
}

// fill writes zeros to path until the file system is full.
func fill(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 256<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return
			}
			t.Fatal(err)
		}
	}
}

// TestOutagePostgresDown: with PostgreSQL stopped, every face answers 503 +
// Retry-After in its format and /readyz says so; once it is back, the same
// process serves again.
func TestOutagePostgresDown(t *testing.T) {
	out, err := exec.Command("../scripts/pg-throwaway", "start").Output()
	if err != nil {
		t.Fatalf("pg-throwaway start: %v", err)
	}
	vars := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "="); ok {
			vars[k] = strings.Trim(v, "'")
		}
	}
	pgDir, pgURL := vars["WATCHWORD_PG_DIR"], vars["WATCHWORD_TEST_POSTGRES_URL"]
	if pgDir == "" || pgURL == "" {
		t.Fatalf("pg-throwaway printed %q", out)
	}
	t.Cleanup(func() { _ = exec.Command("../scripts/pg-throwaway", "stop", pgDir).Run() })
	pg := func(cmd string) {
		if out, err := exec.Command("../scripts/pg-throwaway", cmd, pgDir).CombinedOutput(); err != nil {
			t.Fatalf("pg-throwaway %s: %v %s", cmd, err, out)
		}
	}

	s := MustServe(t, append(bootstrapFlags(), "--data", t.TempDir(), "--database", pgURL)...)
	root := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
	probes := append(writeProbes[:len(writeProbes):len(writeProbes)], scimProbe(root.Token()), huaweiProbe(t, s))
	for _, p := range probes {
		if res, body := p.send(t, s); res.StatusCode >= 400 {
			t.Fatalf("%s before the outage: %d %s", p.name, res.StatusCode, body)
		}
	}
	pg("pause")
	mustUnavailable(t, s, probes)
	_, err = root.Me(context.Background())
	MustFail(t, err, http.StatusServiceUnavailable, "store.unavailable")
	if ce := (*client.Error)(nil); !errors.As(err, &ce) || ce.RetryAfter != "5" {
		t.Errorf("GET /v1/me with PostgreSQL down: %v, want Retry-After 5", err)
	}
	pg("resume")
	mustRecover(t, s, probes)
	if strings.Contains(s.stderr.String(), `"level":"ERROR"`) {
		t.Errorf("the outage was logged as an internal error:\n%s", s.stderr)
	}
}
