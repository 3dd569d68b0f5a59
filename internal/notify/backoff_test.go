package notify

import (
	"strings"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	tests := []struct {
		name    string
		attempt int
		jitter  float64
		want    time.Duration
	}{
		{"first failure, no jitter", 1, 0.5, time.Minute},
		{"first failure, low jitter", 1, 0, 45 * time.Second},
		{"first failure, high jitter", 1, 1, 75 * time.Second},
		{"doubles", 4, 0.5, 8 * time.Minute},
		{"ninth", 9, 0.5, 256 * time.Minute},
		{"capped", 10, 0.5, 8 * time.Hour},
		{"stays capped", 40, 0.5, 8 * time.Hour},
		{"zero attempt reads as first", 0, 0.5, time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := backoff(tt.attempt, time.Minute, 8*time.Hour, tt.jitter); got != tt.want {
				t.Errorf("backoff(%d) = %v, want %v", tt.attempt, got, tt.want)
			}
		})
	}
	// The default schedule spans about a day before the twelfth, last try.
	var total time.Duration
	for a := 1; a < 12; a++ {
		total += backoff(a, time.Minute, 8*time.Hour, 0.5)
	}
	if total < 20*time.Hour || total > 28*time.Hour {
		t.Errorf("default schedule spans %v", total)
	}
}

func TestLocaleChain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "en"},
		{"en", "en"},
		{"en-GB", "en-gb,en"},
		{"fr", "fr,en"},
		{"fr-CA", "fr-ca,fr,en"},
		{"fr_CA.UTF-8", "fr-ca,fr,en"},
		{" FR ", "fr,en"},
	}
	for _, tt := range tests {
		got := localeChain(tt.in)
		if s := strings.Join(got, ","); s != tt.want {
			t.Errorf("localeChain(%q) = %s, want %s", tt.in, s, tt.want)
		}
	}
}

func TestTidy(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"dedent", "\n    a\n      b\n    c\n  ", "a\n  b\nc"},
		{"blank lines kept inside", "\n\ta\n\n\tb\n", "a\n\nb"},
		{"crlf", "\r\n  a\r\n  b\r\n", "a\nb"},
		{"trailing spaces", "a   \nb", "a\nb"},
	}
	for _, tt := range tests {
		if got := tidy(tt.in); got != tt.want {
			t.Errorf("%s: tidy = %q, want %q", tt.name, got, tt.want)
		}
	}
}
