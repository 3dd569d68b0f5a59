package e2e_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
)

// TestAccessKeyLifecycle drives access keys through /v1 on the real binary:
// the limit of 10, expiry, deactivation, deletion; and checks the secret key
// appears in no log line and nowhere in the SQLite files in plaintext.
func TestAccessKeyLifecycle(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	s := MustServe(t, append([]string{"--data", data, "--log-level", "debug"}, bootstrapFlags()...)...)
	root := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})

	first, err := root.CreateAccessKey(ctx, "", client.NewAccessKey{Tag: "ci"})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.ID) != 20 || len(first.SecretKey) != 40 || first.State != "ACTIVE" {
		t.Fatalf("created key: %+v", first)
	}
	keys, err := root.AccessKeys(ctx, "")
	if err != nil || len(keys) != 1 || keys[0].SecretKey != "" {
		t.Fatalf("list shows the secret or misses the key: %+v %v", keys, err)
	}

	t.Run("ErrLimit", func(t *testing.T) {
		for i := 1; i < 10; i++ {
			if _, err := root.CreateAccessKey(ctx, "", client.NewAccessKey{}); err != nil {
				t.Fatalf("key %d: %v", i+1, err)
			}
		}
		_, err := root.CreateAccessKey(ctx, "", client.NewAccessKey{})
		MustFail(t, err, http.StatusConflict, "access_key.limit_exceeded")
	})
	t.Run("ExpiryAndState", func(t *testing.T) {
		past := time.Now().Add(-time.Hour)
		_, err := root.UpdateAccessKey(ctx, "", first.ID, client.AccessKeyUpdate{ExpiresAt: &past})
		MustFail(t, err, http.StatusBadRequest, "access_key.expiry_past")
		future := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
		inactive := "INACTIVE"
		k, err := root.UpdateAccessKey(ctx, "", first.ID, client.AccessKeyUpdate{ExpiresAt: &future, State: &inactive})
		if err != nil || k.State != "INACTIVE" || k.ExpiresAt == nil || !k.ExpiresAt.Equal(future) {
			t.Fatalf("update: %+v %v", k, err)
		}
		k, err = root.UpdateAccessKey(ctx, "", first.ID, client.AccessKeyUpdate{RemoveExpiry: true})
		if err != nil || k.ExpiresAt != nil {
			t.Fatalf("remove expiry: %+v %v", k, err)
		}
		bad := "BROKEN"
		_, err = root.UpdateAccessKey(ctx, "", first.ID, client.AccessKeyUpdate{State: &bad})
		MustFail(t, err, http.StatusBadRequest, "access_key.state_invalid")
	})
	t.Run("Delete", func(t *testing.T) {
		if err := root.DeleteAccessKey(ctx, "", first.ID); err != nil {
			t.Fatal(err)
		}
		MustFail(t, root.DeleteAccessKey(ctx, "", first.ID), http.StatusNotFound, "access_key.not_found")
	})

	// The secret must not be in the logs, nor in any database file.
	s.MustStop(t)
	if bytes.Contains([]byte(s.stderr.String()+s.stdout.String()), []byte(first.SecretKey)) {
		t.Fatal("the secret key was logged")
	}
	files, _ := filepath.Glob(filepath.Join(data, "watchword.db*"))
	if len(files) == 0 {
		t.Fatal("no SQLite files found to inspect")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(first.SecretKey)) {
			t.Fatalf("the secret key is stored in plaintext in %s", f)
		}
	}
}
