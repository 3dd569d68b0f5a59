package identity

import (
	"testing"
	"time"
)

// TestPurgePace: a batch that holds the writer past the target halves the
// next (never under MinPurgeBatch, nor over the configured batch); a quick
// one doubles it back towards the configured size.
func TestPurgePace(t *testing.T) {
	p := purgePace{max: 1000, size: 1000, target: 50 * time.Millisecond}
	var sizes []int
	for _, took := range []time.Duration{250, 120, 60, 51, 40, 40, 5, 5, 5, 5, 5} {
		p.took(took * time.Millisecond)
		sizes = append(sizes, p.size)
	}
	want := []int{500, 250, 125, 62, 62, 62, 124, 248, 496, 992, 1000}
	for i := range want {
		if sizes[i] != want[i] {
			t.Fatalf("sizes %v, want %v", sizes, want)
		}
	}
	for range 10 {
		p.took(time.Second)
	}
	if p.size != MinPurgeBatch {
		t.Fatalf("after slow batches: %d, want the floor %d", p.size, MinPurgeBatch)
	}
	small := purgePace{max: 2, size: 2, target: time.Nanosecond}
	small.took(time.Second)
	if small.size != 2 {
		t.Fatalf("a configured batch under the floor shrank to %d", small.size)
	}
}
