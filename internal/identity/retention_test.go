package identity_test

import (
	"context"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/testkit"
)

// TestRetentionPurgesEndedSessions: a session logged out stays listed for
// the grace, then goes, batch by batch; a live session stays.
func TestRetentionPurgesEndedSessions(t *testing.T) {
	c := testkit.MustServices(t, testkit.Options{Config: identity.Config{
		SessionTTL: time.Hour, Retention: identity.RetentionConfig{Sessions: 24 * time.Hour, Batch: 2}}})
	in := identity.LoginInput{AccountName: "acme", Password: testkit.RootPassword}
	for range 5 {
		c.MustLogin(t, in) // expire after an hour
	}
	c.Clock.Add(2 * time.Hour)
	c.MustLogin(t, in) // expires an hour later than the five

	batches := 0
	onBatch := func(k identity.PurgeKind, n int) {
		if k == identity.PurgeSessions {
			batches++
		}
	}
	// Expired an hour ago: inside the grace.
	if n, err := c.Services.Retention.Purge(context.Background(), onBatch); err != nil || n[identity.PurgeSessions] != 0 {
		t.Fatalf("within the grace: %v %v", n, err)
	}
	c.Clock.Add(24 * time.Hour)
	_, live2 := c.MustLogin(t, in)
	n, err := c.Services.Retention.Purge(context.Background(), onBatch)
	if err != nil || n[identity.PurgeSessions] != 5 || batches != 3 {
		t.Fatalf("past the grace: %v %v in %d batches, want the first 5 sessions in 3", n, err, batches)
	}
	if _, err := c.Services.Auth.Authenticate(context.Background(), live2); err != nil {
		t.Fatalf("a live session was purged: %v", err)
	}
	c.Clock.Add(time.Hour + time.Second)
	if n, err := c.Services.Retention.Purge(context.Background(), nil); err != nil || n[identity.PurgeSessions] != 1 {
		t.Fatalf("an hour on: %v %v, want the sixth too", n, err)
	}
}
