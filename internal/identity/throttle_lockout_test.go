package identity_test

import (
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
)

// TestLockoutAfter: each lockout since the last success doubles the next,
// up to the cap.
func TestLockoutAfter(t *testing.T) {
	r := identity.ThrottleRule{Lockout: 15 * time.Minute, MaxLockout: time.Hour}
	for lockouts, want := range []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, time.Hour, time.Hour} {
		if got := r.LockoutAfter(lockouts); got != want {
			t.Errorf("after %d lockouts: %v, want %v", lockouts, got, want)
		}
	}
	if got := (identity.ThrottleRule{Lockout: 24 * time.Hour, MaxLockout: 24 * time.Hour}).LockoutAfter(3); got != 24*time.Hour {
		t.Errorf("a day's lock: %v", got)
	}
}
