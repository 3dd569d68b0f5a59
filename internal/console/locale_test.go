package console

import "testing"

func TestPreferredLanguage(t *testing.T) {
	supported := []string{"en", "fr"}
	tests := []struct{ name, in, want string }{
		{"empty", "", "en"},
		{"fr", "fr", "fr"},
		{"region", "fr-CA,fr;q=0.9", "fr"},
		{"order", "de-DE,fr;q=0.8,en;q=0.7", "fr"},
		{"q wins over order", "en;q=0.5,fr;q=0.9", "fr"},
		{"unsupported only", "de,es", "en"},
		{"q zero refuses", "fr;q=0,en;q=0.1", "en"},
		{"bad q skipped", "fr;q=abc,en", "en"},
		{"case", "FR-fr", "fr"},
		{"wildcard", "*", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := preferredLanguage(tt.in, supported); got != tt.want {
				t.Errorf("preferredLanguage(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLocalPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/console/sessions", "/console/sessions"},
		{"/console/profile?x=1", "/console/profile?x=1"},
		{"", "/console/profile"},
		{"/console", "/console/profile"},
		{"/v1/me", "/console/profile"},
		{"https://evil.example/console/", "/console/profile"},
		{"//evil.example/console/", "/console/profile"},
		{"/console/../v1", "/console/profile"},
		{"/console/\\evil", "/console/profile"},
		{"/console/x\r\nSet-Cookie: a=b", "/console/profile"},
	}
	for _, tt := range tests {
		if got := localPath(tt.in); got != tt.want {
			t.Errorf("localPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
