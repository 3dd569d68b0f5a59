package notify

import (
	"strings"
	"testing"
)

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
