package delivery_test

import (
	"testing"

	"github.com/watchword/watchword/internal/notify"
)

// fullData fills every template the delivery tests send.
func fullData() map[string]string {
	return map[string]string{"name": "Alice", "email": "alice@example.com", "account": "acme",
		"link": "https://ww.example/reset/TOKEN123", "code": "482913", "expires_minutes": "30",
		"ip": "198.51.100.7", "time": "Tue, 03 Mar 2026 10:00:00 UTC",
		"old_email": "old@example.com", "new_email": "new@example.com"}
}

// mustRenderer is the embedded templates' renderer.
func mustRenderer(t *testing.T, cfg notify.Config) *notify.Renderer {
	t.Helper()
	r, err := notify.NewRenderer(cfg)
	if err != nil {
		t.Fatalf("NewRenderer: %v", err)
	}
	return r
}
