package i18n_test

import (
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/i18n"
)

// TestEveryKeyInEveryLocale fails when a locale lacks a key another has.
func TestEveryKeyInEveryLocale(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Locales(); len(got) < 2 {
		t.Fatalf("locales %v, want at least en and fr", got)
	}
	all := map[string]bool{}
	for _, l := range c.Locales() {
		for _, k := range c.Keys(l) {
			all[k] = true
		}
	}
	for _, l := range c.Locales() {
		have := map[string]bool{}
		for _, k := range c.Keys(l) {
			have[k] = true
		}
		for k := range all {
			if !have[k] {
				t.Errorf("locale %s lacks %q", l, k)
			}
		}
	}
}

func TestTranslate(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ lang, want string }{
		{"en", "At least 8 characters"},
		{"fr", "Au moins 8 caractères"},
		{"fr-CA", "Au moins 8 caractères"},
		{"de", "At least 8 characters"},
	}
	for _, tt := range tests {
		if got := c.T(tt.lang, "policy.rule.min_length", map[string]any{"min": 8}); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.lang, got, tt.want)
		}
	}
	if got := c.T("en", "no.such.key", nil); got != "no.such.key" {
		t.Errorf("missing key: got %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ header, want string }{
		{"", ""},
		{"fr", "fr"},
		{"fr-CA,fr;q=0.9,en;q=0.8", "fr"},
		{"de-DE,de;q=0.9", ""},
		{"de, en;q=0.5, fr;q=0.7", "fr"},
		{"en-GB, fr", "en"},
		{"fr;q=0, en;q=0.1", "en"},
		{"fr;q=bad", ""},
		{"fr;q=abc,en", "en"},
		{"en;q=0.5,fr;q=0.9", "fr"},
		{"FR-fr", "fr"},
		{"*", ""},
	}
	for _, tt := range tests {
		if got := c.Negotiate(tt.header); got != tt.want {
			t.Errorf("Negotiate(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
	for pref, want := range map[string]string{"fr-CA": "fr", "FR": "fr", "": "", "de": ""} {
		if got := c.Locale(pref); got != want {
			t.Errorf("Locale(%q) = %q, want %q", pref, got, want)
		}
	}
}

// TestFrenchApostrophes: French messages use the typographic apostrophe
// (’) throughout, never a mix with the straight one (issue 18).
func TestFrenchApostrophes(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range c.Keys("fr") {
		if msg := c.T("fr", k, nil); strings.Contains(msg, "'") {
			t.Errorf("%s: straight apostrophe in %q", k, msg)
		}
	}
}
