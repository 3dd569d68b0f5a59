package identity

import (
	"context"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/verify"
)

// NewCaptcha stores a fresh CAPTCHA challenge for the console's Forgot
// Password form and returns its ID; the image and audio are fetched by ID.
// Challenges live in the store, so any replica renders and checks any one.
// Errors: RateLimited (rate_limit.exceeded), Internal.
func (s *RecoveryService) NewCaptcha(ctx context.Context) (string, error) {
	cfg := s.cfg()
	if err := s.limiter().allow(ctx, "captcha.new:ip", RequestFrom(ctx).IP, cfg.Limits.CaptchaPerIP); err != nil {
		return "", err
	}
	ch := verify.NewChallenge()
	now := s.d.Clock()
	c := &Captcha{ID: ch.ID, Answer: ch.Answer, AnswerHash: ch.AnswerHash, ExpiresAt: now.Add(cfg.CaptchaTTL), CreatedAt: now}
	if err := s.d.Store.CreateCaptcha(ctx, c); err != nil {
		return "", err
	}
	return c.ID, nil
}

// CaptchaImage renders a challenge as a PNG of verify.ImageWidth ×
// verify.ImageHeight. Reloading gives the same picture.
// Errors: NotFound (captcha.not_found, also for an expired or answered
// challenge), Internal.
func (s *RecoveryService) CaptchaImage(ctx context.Context, id string) ([]byte, error) {
	c, err := s.liveCaptcha(ctx, id)
	if err != nil {
		return nil, err
	}
	return verify.RenderImage(c.Answer, verify.ImageWidth, verify.ImageHeight)
}

// CaptchaAudio renders a challenge as spoken digits (WAV) in lang, or in
// English where no voice exists (verify.AudioLanguage says which).
// Errors: NotFound (captcha.not_found), Internal.
func (s *RecoveryService) CaptchaAudio(ctx context.Context, id, lang string) ([]byte, error) {
	c, err := s.liveCaptcha(ctx, id)
	if err != nil {
		return nil, err
	}
	return verify.RenderAudio(c.Answer, lang)
}

func (s *RecoveryService) liveCaptcha(ctx context.Context, id string) (*Captcha, error) {
	c, err := s.d.Store.FindCaptcha(ctx, id)
	if err == nil && !s.d.Clock().Before(c.ExpiresAt) {
		err = fault.New(fault.NotFound, "captcha.not_found", "no such CAPTCHA; get a new one")
	}
	return c, err
}

// checkCaptcha spends a challenge and checks its answer: whatever the
// outcome the challenge is gone, so each gets one guess.
// Errors: Invalid (captcha.invalid for a wrong, missing, spent or expired
// challenge alike), Internal.
func (s *RecoveryService) checkCaptcha(ctx context.Context, id, answer string) error {
	bad := fault.New(fault.Invalid, "captcha.invalid", "the CAPTCHA answer is wrong or has expired; try a new one").WithField("captcha_answer")
	if id == "" {
		return bad
	}
	c, err := s.d.Store.TakeCaptcha(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return bad
	}
	if err != nil {
		return err
	}
	if !verify.CheckAnswer(c.AnswerHash, answer) || !s.d.Clock().Before(c.ExpiresAt) {
		return bad
	}
	return nil
}
