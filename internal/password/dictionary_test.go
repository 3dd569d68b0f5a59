package password_test

import (
	"testing"

	"github.com/watchword/watchword/internal/password"
)

func TestLocalDictionary(t *testing.T) {
	d := password.NewLocalDictionary([]string{"password", " Admin ", "hello", "watchword2024", "Œuvre", ""})
	if d.Len() != 5 {
		t.Fatalf("Len = %d, want 5", d.Len())
	}
	tests := []struct {
		pw   string
		want bool
	}{
		{"password", true},
		{"PASSWORD", true},
		{"P@ssw0rd1!", true},
		{"p4$$w0rd", true},
		{"password2024", true},
		{"2024password!!", true},
		{"!!password", true},
		{"@dmin", true},
		{"4dm1n!", true},
		{"he110", true},
		{"HE||0", true},
		{"watchword2024", true},
		{"watchword2024!", true},
		{"watchword", false},
		{"œuvre", true},
		{"ŒUVRE1", true},
		{"passwords", false},
		{"mypassword", false},
		{"pass word", false},
		{"12345678", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := d.Contains(tt.pw); got != tt.want {
			t.Errorf("Contains(%q) = %v, want %v", tt.pw, got, tt.want)
		}
	}
	var none *password.LocalDictionary
	if none.Contains("password") || password.NewLocalDictionary(nil).Contains("password") {
		t.Fatal("an empty dictionary matched")
	}
}
