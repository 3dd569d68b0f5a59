package secret_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/secret"
)

func mustKeyring(tb testing.TB, spec string) *secret.Keyring {
	tb.Helper()
	k, err := secret.ParseKeyring(spec)
	if err != nil {
		tb.Fatalf("ParseKeyring(%q): %v", spec, err)
	}
	return k
}

func TestParseKeyring(t *testing.T) {
	key := secret.GenerateKey()
	raw, _ := base64.StdEncoding.DecodeString(key)
	url := base64.RawURLEncoding.EncodeToString(raw)
	short := base64.StdEncoding.EncodeToString(raw[:16])
	tests := []struct {
		name    string
		spec    string
		current string
		wantErr bool
	}{
		{"one", "k1:" + key, "k1", false},
		{"first is current", "k2:" + key + ",k1:" + url, "k2", false},
		{"spaces and trailing comma", " k2 : " + key + " , k1:" + url + ",", "k2", false},
		{"empty", "", "", true},
		{"no colon", key, "", true},
		{"empty id", ":" + key, "", true},
		{"dot in id", "k.1:" + key, "", true},
		{"long id", strings.Repeat("k", 33) + ":" + key, "", true},
		{"duplicate id", "k1:" + key + ",k1:" + url, "", true},
		{"not base64", "k1:***", "", true},
		{"16-byte key", "k1:" + short, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := secret.ParseKeyring(tt.spec)
			if tt.wantErr {
				if fault.CodeOf(err) != "secret.keyring_invalid" || fault.KindOf(err) != fault.Invalid {
					t.Fatalf("err = %v, want secret.keyring_invalid", err)
				}
				if strings.Contains(err.Error(), key) {
					t.Fatalf("error leaks the key: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if k.CurrentID() != tt.current {
				t.Fatalf("CurrentID = %q, want %q", k.CurrentID(), tt.current)
			}
		})
	}
}

func TestGenerateKey(t *testing.T) {
	a, b := secret.GenerateKey(), secret.GenerateKey()
	if a == b {
		t.Fatal("two generated keys are equal")
	}
	raw, err := base64.StdEncoding.DecodeString(a)
	if err != nil || len(raw) != secret.KeySize {
		t.Fatalf("GenerateKey = %q: %d bytes, %v", a, len(raw), err)
	}
}

func TestDeriveKey(t *testing.T) {
	k1 := mustKeyring(t, "a:"+secret.GenerateKey())
	k2 := mustKeyring(t, "b:"+secret.GenerateKey())
	x, y := k1.DeriveKey("verify.code"), k1.DeriveKey("verify.code")
	if len(x) != 32 || string(x) != string(y) {
		t.Fatal("DeriveKey is not a stable 32-byte key")
	}
	if string(x) == string(k1.DeriveKey("other")) {
		t.Fatal("purposes share a key")
	}
	if string(x) == string(k2.DeriveKey("verify.code")) {
		t.Fatal("different keyrings derive the same key")
	}
}
