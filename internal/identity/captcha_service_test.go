package identity_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

func TestCaptcha(t *testing.T) {
	c := mustRecoveryCore(t, generous)
	ctx := from("192.0.2.20")
	newCaptcha := func() (id, answer string) {
		t.Helper()
		id, err := c.svc.Recovery.NewCaptcha(ctx)
		if err != nil {
			t.Fatal(err)
		}
		stored, err := c.db.FindCaptcha(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return id, stored.Answer
	}
	request := func(id, answer string) error {
		_, err := c.svc.Recovery.RequestReset(ctx, identity.ResetRequest{Method: identity.RecoverByLink,
			RecoveryIdentifier: identity.RecoveryIdentifier{Email: "root@acme.test"},
			RequireCaptcha:     true, CaptchaID: id, CaptchaAnswer: answer})
		return err
	}
	wrong := func(a string) string { return string([]byte{'0' + (a[0]-'0'+1)%10}) + a[1:] }

	t.Run("Render", func(t *testing.T) {
		id, _ := newCaptcha()
		img, err := c.svc.Recovery.CaptchaImage(ctx, id)
		if err != nil || !bytes.HasPrefix(img, []byte("\x89PNG")) {
			t.Fatalf("image: %d bytes, %v", len(img), err)
		}
		again, _ := c.svc.Recovery.CaptchaImage(ctx, id)
		if !bytes.Equal(img, again) {
			t.Fatal("reloading gave another picture")
		}
		wav, err := c.svc.Recovery.CaptchaAudio(ctx, id, "fr-FR")
		if err != nil || !bytes.HasPrefix(wav, []byte("RIFF")) {
			t.Fatalf("audio: %d bytes, %v", len(wav), err)
		}
		_, err = c.svc.Recovery.CaptchaImage(ctx, "nope")
		wantFault(t, err, fault.NotFound, "captcha.not_found")
	})
	t.Run("RightAnswerOnce", func(t *testing.T) {
		id, answer := newCaptcha()
		if err := request(id, " "+answer+" "); err != nil {
			t.Fatal(err)
		}
		c.oneMessage(t, notify.ResetLink, "root@acme.test")
		wantFault(t, request(id, answer), fault.Invalid, "captcha.invalid")
	})
	t.Run("WrongAnswerBurnsIt", func(t *testing.T) {
		id, answer := newCaptcha()
		wantFault(t, request(id, wrong(answer)), fault.Invalid, "captcha.invalid")
		wantFault(t, request(id, answer), fault.Invalid, "captcha.invalid")
		_, err := c.svc.Recovery.CaptchaImage(ctx, id)
		wantFault(t, err, fault.NotFound, "captcha.not_found")
		if msgs := c.messages(t); len(msgs) != 0 {
			t.Fatalf("a refused CAPTCHA still sent %+v", msgs)
		}
	})
	t.Run("Expired", func(t *testing.T) {
		id, answer := newCaptcha()
		c.clock.Add(10 * time.Minute)
		_, err := c.svc.Recovery.CaptchaAudio(ctx, id, "en")
		wantFault(t, err, fault.NotFound, "captcha.not_found")
		wantFault(t, request(id, answer), fault.Invalid, "captcha.invalid")
	})
	t.Run("Missing", func(t *testing.T) {
		wantFault(t, request("", ""), fault.Invalid, "captcha.invalid")
	})
	t.Run("APIFacesSkipIt", func(t *testing.T) {
		_, err := c.svc.Recovery.RequestReset(ctx, identity.ResetRequest{Method: identity.RecoverByLink,
			RecoveryIdentifier: identity.RecoveryIdentifier{Email: "root@acme.test"}, CaptchaID: "ignored"})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestLimiter(t *testing.T) {
	c := mustRecoveryCore(t, nil)
	ctx := context.Background()
	for i := range 3 {
		if _, err := c.svc.RateLimiter().Allow(ctx, "test:k", 3, time.Minute); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
	}
	wait, err := c.svc.RateLimiter().Allow(ctx, "test:k", 3, time.Minute)
	wantFault(t, err, fault.RateLimited, "rate_limit.exceeded")
	if wait != time.Minute || fault.As(err).RetryAfter != time.Minute {
		t.Fatalf("retry after %v / %v, want 1m", wait, fault.As(err).RetryAfter)
	}
	c.clock.Add(40 * time.Second)
	if wait, _ := c.svc.RateLimiter().Allow(ctx, "test:k", 3, time.Minute); wait != 20*time.Second {
		t.Fatalf("retry after %v, want 20s", wait)
	}
	if _, err := c.svc.RateLimiter().Allow(ctx, "test:other", 3, time.Minute); err != nil {
		t.Fatalf("another key: %v", err)
	}
	c.clock.Add(20 * time.Second)
	if _, err := c.svc.RateLimiter().Allow(ctx, "test:k", 3, time.Minute); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	_, err = c.svc.RateLimiter().Allow(ctx, "test:k", 0, time.Minute)
	wantFault(t, err, fault.Invalid, "rate_limit.invalid")
}

// Limits hold for strangers exactly as for users, and never touch login.
func TestRecoveryRateLimits(t *testing.T) {
	c := mustRecoveryCore(t, func(cfg *identity.RecoveryConfig) {
		cfg.Limits.RequestPerIdentifier = identity.RateLimit{Count: 2, Window: 15 * time.Minute}
		cfg.Limits.RequestPerIP = identity.RateLimit{Count: 6, Window: time.Hour}
	})
	ctx := from("192.0.2.30")
	request := func(ctx context.Context, id identity.RecoveryIdentifier) error {
		_, err := c.svc.Recovery.RequestReset(ctx, identity.ResetRequest{RecoveryIdentifier: id, Method: identity.RecoverByLink})
		return err
	}
	for _, id := range []identity.RecoveryIdentifier{{Email: "root@acme.test"}, {Email: "nobody@acme.test"}} {
		for range 2 {
			if err := request(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		err := request(ctx, id)
		wantFault(t, err, fault.RateLimited, "rate_limit.exceeded")
		if got := fault.As(err).RetryAfter; got != 15*time.Minute {
			t.Fatalf("retry after %v", got)
		}
	}
	// The flood stopped at the limit; the owner still logs in.
	if len(c.messages(t)) != 2 {
		t.Fatal("sent past the per-identifier limit")
	}
	c.login(t, identity.LoginInput{AccountName: "acme", Password: rcRootPassword})
	// Six requests from this IP so far: the seventh is refused whoever it names.
	wantFault(t, request(ctx, identity.RecoveryIdentifier{AccountName: "acme"}), fault.RateLimited, "rate_limit.exceeded")
	if err := request(from("192.0.2.31"), identity.RecoveryIdentifier{AccountName: "acme"}); err != nil {
		t.Fatalf("another IP: %v", err)
	}
}

// Past the per-user cap, requests are answered as usual but send nothing.
func TestRecoverySendCapIsSilent(t *testing.T) {
	c := mustRecoveryCore(t, func(cfg *identity.RecoveryConfig) {
		cfg.Limits.SendPerUser = identity.RateLimit{Count: 2, Window: time.Hour}
	})
	ids := []identity.RecoveryIdentifier{{Email: "root@acme.test"}, {AccountName: "acme"}, {Mobile: rcRootMobile}}
	for _, id := range ids {
		if _, err := c.svc.Recovery.RequestReset(from("192.0.2.32"), identity.ResetRequest{RecoveryIdentifier: id, Method: identity.RecoverByEmail}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(c.messages(t)); n != 2 {
		t.Fatalf("sent %d messages, want 2", n)
	}
}
