package identity

import (
	"strings"
	"time"

	"github.com/watchword/watchword/internal/verify"
)

// RecoveryConfig tunes Forgot Password, CAPTCHAs and contact changes.
// Zero fields take the defaults of withDefaults.
type RecoveryConfig struct {
	// PublicURL is the base of mailed links: {PublicURL}/reset/{token}.
	PublicURL string
	// LinkTTL is how long a mailed reset link works; default 30 min.
	LinkTTL time.Duration
	// CodeTTL is how long a code works; default 10 min.
	CodeTTL time.Duration
	// TicketTTL is how long a verified code or identity check may be acted
	// on; default 10 min.
	TicketTTL time.Duration
	// CaptchaTTL is how long a CAPTCHA may be answered; default 10 min.
	CaptchaTTL time.Duration
	// MaxCodeAttempts is how many wrong answers burn a code; default 5.
	MaxCodeAttempts int
	Limits          RecoveryLimits
}

// RateLimit allows Count requests per Window. A zero Count takes the
// default; a negative one switches the limit off.
type RateLimit struct {
	Count  int
	Window time.Duration
}

// RecoveryLimits are the rate limits of recovery and verification. They
// apply to these flows only: nothing here ever slows or blocks a login.
type RecoveryLimits struct {
	// RequestPerIP, RequestPerIdentifier bound reset requests.
	RequestPerIP         RateLimit
	RequestPerIdentifier RateLimit
	// SendPerUser bounds the messages one user receives from reset requests;
	// past it, requests still get the usual answer but nothing is sent, so
	// strangers can neither flood a mailbox nor learn that the user exists.
	SendPerUser RateLimit
	// VerifyPerIP, VerifyPerIdentifier bound reset-code checks.
	VerifyPerIP         RateLimit
	VerifyPerIdentifier RateLimit
	// VerifyPerUser caps one user's reset-code checks, all identifier forms
	// (account name, email, mobile) and all codes together; past it a check
	// fails as a wrong code does.
	VerifyPerUser RateLimit
	// ResetPerIP bounds attempts to set a password with a token or ticket.
	ResetPerIP RateLimit
	// CaptchaPerIP bounds new CAPTCHA challenges.
	CaptchaPerIP RateLimit
	// ContactPerUser bounds a user's contact-change codes and checks.
	ContactPerUser RateLimit
}

func (c RecoveryConfig) withDefaults() RecoveryConfig {
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	dur := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	dur(&c.LinkTTL, verify.TokenLifetime)
	dur(&c.CodeTTL, verify.CodeLifetime)
	dur(&c.TicketTTL, 10*time.Minute)
	dur(&c.CaptchaTTL, verify.ChallengeLifetime)
	if c.MaxCodeAttempts <= 0 {
		c.MaxCodeAttempts = verify.CodeMaxAttempts
	}
	lim := func(l *RateLimit, n int, w time.Duration) {
		if l.Count == 0 {
			l.Count = n
		}
		if l.Window <= 0 {
			l.Window = w
		}
	}
	l := &c.Limits
	lim(&l.RequestPerIP, 30, time.Hour)
	lim(&l.RequestPerIdentifier, 5, 15*time.Minute)
	lim(&l.SendPerUser, 5, 15*time.Minute)
	lim(&l.VerifyPerIP, 60, time.Hour)
	lim(&l.VerifyPerIdentifier, 10, 15*time.Minute)
	lim(&l.VerifyPerUser, 20, 24*time.Hour)
	lim(&l.ResetPerIP, 30, time.Hour)
	lim(&l.CaptchaPerIP, 60, time.Hour)
	lim(&l.ContactPerUser, 10, time.Hour)
	return c
}
