package delivery_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/notify/delivery"
	"github.com/watchword/watchword/internal/notify/smtpsink"
)

type harness struct {
	clock  *fakeClock
	outbox *fakeOutbox
	out    *outcomes
	worker *delivery.Worker
}

func newHarness(t *testing.T, cfg delivery.WorkerConfig, senders ...delivery.Sender) *harness {
	t.Helper()
	h := &harness{clock: &fakeClock{t: created}, out: &outcomes{}}
	h.outbox = &fakeOutbox{clock: h.clock.Now}
	cfg.Clock, cfg.OnOutcome = h.clock.Now, h.out.add
	w, err := delivery.NewWorker(h.outbox, mustRenderer(t, notify.Config{}), cfg, senders...)
	if err != nil {
		t.Fatal(err)
	}
	h.worker = w
	return h
}

func (h *harness) drain(t *testing.T, want int) {
	t.Helper()
	n, err := h.worker.DrainOnce(context.Background())
	if err != nil || n != want {
		t.Fatalf("DrainOnce = %d, %v; want %d", n, err, want)
	}
}

func email(to, tmpl, locale string) notify.Notification {
	return notify.Notification{Channel: notify.Email, To: to, Template: tmpl, Locale: locale, Data: fullData()}
}

func TestWorkerRetriesThroughOutageAndDeliversOnce(t *testing.T) {
	sink := smtpsink.Start(t)
	smtp, err := delivery.NewSMTPSender(delivery.SMTPConfig{URL: sink.URL(), Timeout: 5 * time.Second}, mailCfg())
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, delivery.WorkerConfig{MaxAttempts: 5, BaseBackoff: time.Minute, MaxBackoff: 10 * time.Minute}, smtp)
	ids := []string{
		h.outbox.add(email("a@example.com", notify.ResetLink, "fr")),
		h.outbox.add(email("b@example.com", notify.PasswordChangedShowEmail, "en")),
		h.outbox.add(email("c@example.com", notify.VerificationCode, "fr-CA")),
	}
	if err := sink.Stop(); err != nil {
		t.Fatal(err)
	}

	h.drain(t, 3) // all fail: the server is down
	h.drain(t, 0) // nothing is due yet
	for _, id := range ids {
		r := h.outbox.get(id)
		if r.state != "pending" || r.lastErr == "" {
			t.Fatalf("%s after a failure: %+v", id, r)
		}
		if wait := r.due.Sub(h.clock.Now()); wait < 45*time.Second || wait > 75*time.Second {
			t.Errorf("%s: first retry in %v, want 1m±25%%", id, wait)
		}
	}
	h.clock.Advance(2 * time.Minute)
	h.drain(t, 3) // still down
	for _, id := range ids {
		r := h.outbox.get(id)
		if wait := r.due.Sub(h.clock.Now()); wait < 90*time.Second || wait > 150*time.Second {
			t.Errorf("%s: second retry in %v, want 2m±25%%", id, wait)
		}
	}

	if err := sink.Restart(); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(3 * time.Minute)
	h.drain(t, 3)
	h.clock.Advance(time.Hour)
	h.drain(t, 0)

	msgs := sink.Messages()
	if len(msgs) != 3 {
		t.Fatalf("sink has %d messages, want 3", len(msgs))
	}
	seen := map[string]int{}
	for _, m := range msgs {
		seen[m.Header.Get("Message-ID")]++
	}
	for _, id := range ids {
		if r := h.outbox.get(id); r.state != "sent" || r.msg.Attempts != 3 {
			t.Errorf("%s: %+v", id, r)
		}
		if n := seen["<"+id+".watchword@watchword.test>"]; n != 1 {
			t.Errorf("%s delivered %d times", id, n)
		}
	}
	if h.out.count(delivery.OutcomeRetry) != 6 || h.out.count(delivery.OutcomeSent) != 3 || h.out.count(delivery.OutcomeDead) != 0 {
		t.Errorf("outcomes = %v", h.out.got)
	}
}

// failingSender fails every send and counts them.
type failingSender struct {
	mu    sync.Mutex
	calls int
	err   error
}

func (s *failingSender) Channel() notify.Channel { return notify.Email }
func (s *failingSender) Send(context.Context, notify.Message, notify.Rendered) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	return s.err
}

func TestWorkerDeadLettersAfterMaxAttempts(t *testing.T) {
	fs := &failingSender{err: errors.New("421 try later")}
	h := newHarness(t, delivery.WorkerConfig{MaxAttempts: 3, BaseBackoff: time.Minute, MaxBackoff: time.Hour}, fs)
	id := h.outbox.add(email("a@example.com", notify.Lockout, "en"))
	for range 3 {
		h.drain(t, 1)
		h.clock.Advance(2 * time.Hour)
	}
	h.drain(t, 0)
	r := h.outbox.get(id)
	if r.state != "dead" || r.lastErr != "421 try later" || fs.calls != 3 {
		t.Errorf("row %+v after %d calls", r, fs.calls)
	}
	if h.out.count(delivery.OutcomeRetry) != 2 || h.out.count(delivery.OutcomeDead) != 1 {
		t.Errorf("outcomes = %v", h.out.got)
	}
}

func TestWorkerPermanentFailuresDieAtOnce(t *testing.T) {
	tests := []struct {
		name       string
		n          notify.Notification
		senderErr  error
		wantCalled bool
	}{
		{"unknown template", email("a@example.com", "no_such_template", "en"), nil, false},
		{"missing required data", notify.Notification{Channel: notify.Email, To: "a@example.com", Template: notify.ResetLink, Locale: "en"}, nil, false},
		{"sender says permanent", email("a@example.com", notify.Lockout, "en"), notify.Permanent(errors.New("550 no such user")), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &failingSender{err: tt.senderErr}
			h := newHarness(t, delivery.WorkerConfig{}, fs)
			id := h.outbox.add(tt.n)
			h.drain(t, 1)
			if r := h.outbox.get(id); r.state != "dead" || r.msg.Attempts != 1 || r.lastErr == "" {
				t.Errorf("row = %+v", r)
			}
			if (fs.calls > 0) != tt.wantCalled {
				t.Errorf("sender called %d times", fs.calls)
			}
		})
	}
}

func TestWorkerInjectedRecipientDies(t *testing.T) {
	sink := smtpsink.Start(t)
	smtp, err := delivery.NewSMTPSender(delivery.SMTPConfig{URL: sink.URL()}, mailCfg())
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, delivery.WorkerConfig{}, smtp)
	id := h.outbox.add(email("a@b.c\r\nBcc: x@y.z", notify.Lockout, "en"))
	h.drain(t, 1)
	if r := h.outbox.get(id); r.state != "dead" {
		t.Errorf("row = %+v", r)
	}
	if n := len(sink.Messages()); n != 0 {
		t.Errorf("sink got %d messages", n)
	}
}

func TestWorkerWithoutSenderForChannelRetries(t *testing.T) {
	h := newHarness(t, delivery.WorkerConfig{}, &failingSender{})
	id := h.outbox.add(notify.Notification{Channel: notify.SMS, To: "+33612345678", Template: notify.VerificationCode, Locale: "fr", Data: fullData()})
	h.drain(t, 1)
	if r := h.outbox.get(id); r.state != "pending" || r.lastErr == "" {
		t.Errorf("row = %+v", r)
	}
}

func TestWorkerRunDeliversOnKick(t *testing.T) {
	sink := smtpsink.Start(t, smtpsink.WithStartTLS(), smtpsink.WithAuth("u", "p"))
	smtp, err := delivery.NewSMTPSender(delivery.SMTPConfig{URL: sink.URL(), RootCAs: sink.CertPool()}, mailCfg())
	if err != nil {
		t.Fatal(err)
	}
	sms := &failingSender{}
	smsSender := channelSender{Sender: sms, ch: notify.SMS}
	h := newHarness(t, delivery.WorkerConfig{PollInterval: time.Hour}, smtp, smsSender)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.worker.Run(ctx) }()

	id := h.outbox.add(email("kick@example.com", notify.EmailChanged, "fr"))
	h.worker.Kick()
	got := sink.WaitFor(t, func(r smtpsink.Received) bool { return r.To[0] == "kick@example.com" }, 10*time.Second)
	if got.Subject != "Votre adresse e-mail Watchword a été modifiée" {
		t.Errorf("subject = %q", got.Subject)
	}
	h.outbox.add(notify.Notification{Channel: notify.SMS, To: "+33612345678", Template: notify.ResetCode, Locale: "en", Data: fullData()})
	h.worker.Kick()
	deadline := time.Now().Add(10 * time.Second)
	for h.out.count(delivery.OutcomeSent) < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
	if r := h.outbox.get(id); r.state != "sent" {
		t.Errorf("row = %+v", r)
	}
	if sms.calls != 1 {
		t.Errorf("SMS sender called %d times", sms.calls)
	}
}

// channelSender serves another channel with a fake.
type channelSender struct {
	delivery.Sender
	ch notify.Channel
}

func (c channelSender) Channel() notify.Channel { return c.ch }

func TestNewWorkerRefusesTwoSendersForAChannel(t *testing.T) {
	_, err := delivery.NewWorker(&fakeOutbox{clock: time.Now}, mustRenderer(t, notify.Config{}), delivery.WorkerConfig{},
		&failingSender{}, &failingSender{})
	if err == nil {
		t.Fatal("NewWorker accepted two email senders")
	}
}
