package notify

import "testing"

func TestLocalizeData(t *testing.T) {
	in := map[string]string{"time": "Wed, 25 Nov 2026 10:55:40 UTC", "name": "Ada"}
	tests := []struct{ locale, want string }{
		{"fr", "25 novembre 2026 à 10:55 UTC"},
		{"en", "Wed, 25 Nov 2026 10:55:40 UTC"},
	}
	for _, tt := range tests {
		if got := localizeData(in, tt.locale)["time"]; got != tt.want {
			t.Errorf("%s: %q, want %q", tt.locale, got, tt.want)
		}
	}
	if in["time"] != "Wed, 25 Nov 2026 10:55:40 UTC" {
		t.Fatal("the caller's data was modified")
	}
	if got := localizeData(map[string]string{"time": "not a date"}, "fr")["time"]; got != "not a date" {
		t.Errorf("unparseable time changed: %q", got)
	}
}
