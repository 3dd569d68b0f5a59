package secret_test

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/secret"
)

func TestLoadOrCreateKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "secret.key")

	first, err := secret.LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Fatalf("mode = %v, want 0600", info.Mode().Perm())
	}
	sealed, _ := first.Seal([]byte("totp"), []byte("u1"))

	second, err := secret.LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := second.Open(sealed, []byte("u1")); err != nil || string(got) != "totp" {
		t.Fatalf("reloaded key does not open: %q, %v", got, err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".watchword-key-*"))
	if len(leftovers) != 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
}

func TestLoadOrCreateKeyFileRace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secret.key")
	rings := make([]*secret.Keyring, 4)
	var wg sync.WaitGroup
	for i := range rings {
		wg.Go(func() {
			k, err := secret.LoadOrCreateKeyFile(path)
			if err != nil {
				t.Error(err)
			}
			rings[i] = k
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	sealed, _ := rings[0].Seal([]byte("x"), nil)
	for i, k := range rings {
		if _, err := k.Open(sealed, nil); err != nil {
			t.Fatalf("creator %d got a different key: %v", i, err)
		}
	}
}

func TestLoadOrCreateKeyFileRefuses(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		content  string
		mode     os.FileMode
		wantCode string
	}{
		{"world readable", "k1:" + secret.GenerateKey(), 0o644, "secret.keyfile_mode"},
		{"garbage", "not a key", 0o600, "secret.keyring_invalid"},
		{"operator keyring", "k9:" + secret.GenerateKey() + ",k1:" + secret.GenerateKey(), 0o600, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if runtime.GOOS == "windows" && tt.mode != 0o600 {
				t.Skip("no permission bits on Windows")
			}
			path := filepath.Join(dir, tt.name)
			if err := os.WriteFile(path, []byte(tt.content), tt.mode); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tt.mode); err != nil { // umask-proof
				t.Fatal(err)
			}
			k, err := secret.LoadOrCreateKeyFile(path)
			if tt.wantCode != "" {
				if fault.CodeOf(err) != tt.wantCode {
					t.Fatalf("err = %v, want %s", err, tt.wantCode)
				}
				return
			}
			if err != nil || k.CurrentID() != "k9" {
				t.Fatalf("got %v, %v", k, err)
			}
		})
	}
}
