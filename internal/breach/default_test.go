package breach_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/breach"
)

func TestDefault(t *testing.T) {
	f, err := breach.Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	if f.Len() < 47000 {
		t.Errorf("Len = %d, want the ~47,000 zxcvbn passwords", f.Len())
	}
	tests := []struct {
		password string
		want     bool
	}{
		{"password", true},
		{"123456", true},
		{"qwerty", true},
		{"ｑｗｅｒｔｙ", true},  // full-width, NFKC folds it to "qwerty"
		{"michael", true}, // missing from zxcvbn's compiled list, present in its data file
		{"iloveyou", true},
		{"x7$Kq9!vLm2#Rt8@Zp4&Wn6^Hc1*Bd3%", false},
		{"correct horse battery staple 1f0e", false},
	}
	for _, tt := range tests {
		if got := f.Contains(tt.password); got != tt.want {
			t.Errorf("Contains(%q) = %v, want %v", tt.password, got, tt.want)
		}
	}
}

// TestDefaultUpToDate regenerates default.wwbf the way gen does and compares
// bytes, so a change to the format, the builder or the zxcvbn list without
// `go generate ./internal/breach` fails here.
func TestDefaultUpToDate(t *testing.T) {
	want, err := os.ReadFile("default.wwbf")
	if err != nil {
		t.Fatal(err)
	}
	// go test puts GOROOT/bin first on PATH, so this is the go running us.
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/trustelem/zxcvbn").Output()
	if err != nil || len(bytes.TrimSpace(dir)) == 0 {
		t.Fatalf("locating zxcvbn (run go mod download): %v", err)
	}
	raw, err := os.ReadFile(filepath.Join(string(bytes.TrimSpace(dir)), "data", "passwords.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var list []string
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			list = append(list, f[0])
		}
	}
	got := MustBuild(t, strings.Join(list, "\n"), breach.BuildOptions{})
	if !bytes.Equal(got, want) {
		t.Fatalf("default.wwbf is stale (%d bytes, regenerated %d): run go generate ./internal/breach", len(want), len(got))
	}
}
