package oscsdk218_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	osc "github.com/outscale/osc-sdk-go/v2"
	"github.com/watchword/watchword/internal/cli"
	"github.com/watchword/watchword/internal/notify/smtpsink"
	"github.com/watchword/watchword/internal/password"
)

// The account every test starts with, created by the server at start.
const (
	rootEmail    = "root@acme.test"
	rootPassword = "Tr0ubadour-Horse-Staple"
)

// cheapArgon keeps hashing fast; the cost is not what these tests test.
var cheapArgon = password.Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}

// server is the real Watchword, started in-process as `watchword serve`
// starts it, with its mail going to an SMTP sink.
type server struct {
	app  *cli.App
	sink *smtpsink.Sink
}

// mustServe builds the app with cli.NewApp on a fresh data directory (and
// databaseURL, when set), listens on 127.0.0.1:0 and serves until the test
// ends.
func mustServe(t *testing.T, databaseURL string) *server {
	t.Helper()
	sink := smtpsink.Start(t)
	cfg := cli.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), DatabaseURL: databaseURL, MaxBodyBytes: 64 << 10,
		LogLevel: "warn", Argon: cheapArgon, HashQueue: 64,
		SMTPURL: sink.URL(), MailFrom: "Watchword <no-reply@watchword.test>",
		NotifyPoll: 50 * time.Millisecond, NotifyBackoff: 200 * time.Millisecond, NotifyMaxBackoff: time.Second,
		BootstrapAccount: "acme", BootstrapEmail: rootEmail, BootstrapPassword: rootPassword}
	app, err := cli.NewApp(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatalf("new app: %v", err)
	}
	if err := app.Listen(); err != nil {
		t.Fatalf("listen: %v", err)
	}
	served := make(chan error, 1)
	go func() { served <- app.Serve() }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := app.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return &server{app: app, sink: sink}
}

// sdk returns an osc-sdk-go v2.18.1 client of the OAPI at base.
func sdk(base string) *osc.APIClient {
	cfg := osc.NewConfiguration()
	cfg.Servers = osc.ServerConfigurations{{URL: base + "/api/v1"}}
	return osc.NewAPIClient(cfg)
}

func basicCtx(login, pw string) context.Context {
	return context.WithValue(context.Background(), osc.ContextBasicAuth, osc.BasicAuth{UserName: login, Password: pw})
}

// resetLink finds the token at the end of a reset link in a mail's text.
var resetLink = regexp.MustCompile(`https?://\S+/reset/([A-Za-z0-9]+)`)

// mustResetMail waits for a reset mail to to, checks that it is the only
// mail received since the last reset of the sink, and returns the token
// ending its link. The sink is reset, so the next wait sees only new mail.
func (s *server) mustResetMail(t *testing.T, to string) string {
	t.Helper()
	m := s.sink.WaitFor(t, func(r smtpsink.Received) bool {
		return len(r.To) == 1 && r.To[0] == to && resetLink.MatchString(r.Text)
	}, 15*time.Second)
	s.wantMail(t, 1)
	s.sink.Reset()
	return resetLink.FindStringSubmatch(m.Text)[1]
}

// wantOAPIError checks an SDK error's status and Errors[0].Code and returns
// the error's Details.
func wantOAPIError(t *testing.T, err error, resp *http.Response, status int, code string) string {
	t.Helper()
	var ge osc.GenericOpenAPIError
	if !errors.As(err, &ge) || resp == nil {
		t.Fatalf("got %v, want an OAPI error %d/%s", err, status, code)
	}
	var body struct {
		Errors          []struct{ Code, Type, Details string }
		ResponseContext struct{ RequestId string }
	}
	if err := json.Unmarshal(ge.Body(), &body); err != nil {
		t.Fatalf("error body %s: %v", ge.Body(), err)
	}
	if resp.StatusCode != status || len(body.Errors) != 1 || body.Errors[0].Code != code || body.ResponseContext.RequestId == "" {
		t.Fatalf("got %d %s, want %d with code %s", resp.StatusCode, ge.Body(), status, code)
	}
	return body.Errors[0].Details
}

// wantMail checks that n messages reached the sink since its last reset.
func (s *server) wantMail(t *testing.T, n int) {
	t.Helper()
	if msgs := s.sink.Messages(); len(msgs) != n {
		subjects := make([]string, len(msgs))
		for i, m := range msgs {
			subjects[i] = strings.Join(m.To, ",") + ": " + m.Subject
		}
		t.Fatalf("got mail %q, want %d messages", subjects, n)
	}
}
