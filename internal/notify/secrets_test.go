package notify_test

import (
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/secret"
)

func testKeyring(t *testing.T) *secret.Keyring {
	t.Helper()
	k, err := secret.NewKeyring(secret.Key{ID: "k1", Secret: make([]byte, secret.KeySize)})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealSecretsBindsTheRow(t *testing.T) {
	k := testKeyring(t)
	sealed, err := notify.SealSecrets(k, "m1", map[string]string{"code": "482913"})
	if err != nil || sealed == "" || strings.Contains(sealed, "482913") {
		t.Fatalf("sealed = %q, %v", sealed, err)
	}
	m, err := notify.OpenSecrets(k, notify.Message{ID: "m1", Sealed: sealed})
	if err != nil || m.Secret["code"] != "482913" || m.Sealed != "" {
		t.Fatalf("opened = %+v, %v", m, err)
	}
	// Copied onto another row, it no longer opens.
	if _, err := notify.OpenSecrets(k, notify.Message{ID: "m2", Sealed: sealed}); err == nil {
		t.Fatal("a sealed value opened for another row")
	}
	if _, err := notify.SealSecrets(nil, "m1", map[string]string{"code": "1"}); err != notify.ErrNoSealer {
		t.Fatalf("sealing without a keyring = %v, want ErrNoSealer", err)
	}
	if s, err := notify.SealSecrets(nil, "m1", nil); s != "" || err != nil {
		t.Fatalf("nothing to seal = %q, %v", s, err)
	}
}
