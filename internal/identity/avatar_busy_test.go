package identity

import (
	"context"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
)

// TestAvatarDecodeSlots: uploads beyond the decode slots wait, then get
// Unavailable rather than all decoding at once.
func TestAvatarDecodeSlots(t *testing.T) {
	s := newAvatarService(&Deps{})
	var releases []func()
	for i := 0; i < maxAvatarDecodes; i++ {
		r, err := s.decodeSlot(context.Background())
		if err != nil {
			t.Fatalf("slot %d: %v", i, err)
		}
		releases = append(releases, r)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := s.decodeSlot(ctx); fault.CodeOf(err) != "avatar.busy" || fault.As(err).RetryAfter == 0 {
		t.Fatalf("a third decode got %v, want avatar.busy with Retry-After", err)
	}
	releases[0]()
	if r, err := s.decodeSlot(context.Background()); err != nil {
		t.Fatalf("after a release: %v", err)
	} else {
		r()
	}
}
