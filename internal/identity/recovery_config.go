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
	// InviteTTL is how long the link of a new user's invitation works;
	// default 7 days.
	InviteTTL time.Duration
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

// withDefault fills what r leaves unset: a zero Count takes n (a negative
// one stays, switching the limit off), a non-positive Window takes w.
func (r *RateLimit) withDefault(n int, w time.Duration) {
	if r.Count == 0 {
		r.Count = n
	}
	if r.Window <= 0 {
		r.Window = w
	}
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
	dur(&c.InviteTTL, 7*24*time.Hour)
	dur(&c.CodeTTL, verify.CodeLifetime)
	dur(&c.TicketTTL, 10*time.Minute)
	dur(&c.CaptchaTTL, verify.ChallengeLifetime)
	if c.MaxCodeAttempts <= 0 {
		c.MaxCodeAttempts = verify.CodeMaxAttempts
	}
	l := &c.Limits
	l.RequestPerIP.withDefault(30, time.Hour)
	l.RequestPerIdentifier.withDefault(5, 15*time.Minute)
	l.SendPerUser.withDefault(5, 15*time.Minute)
	l.VerifyPerIP.withDefault(60, time.Hour)
	l.VerifyPerIdentifier.withDefault(10, 15*time.Minute)
	l.VerifyPerUser.withDefault(20, 24*time.Hour)
	l.ResetPerIP.withDefault(30, time.Hour)
	l.CaptchaPerIP.withDefault(60, time.Hour)
	l.ContactPerUser.withDefault(10, time.Hour)
	return c
}
