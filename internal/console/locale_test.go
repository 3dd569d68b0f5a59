package console

import "testing"

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
