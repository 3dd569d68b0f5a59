package cli

import (
	"math"
	"runtime/debug"
	"testing"

	"github.com/watchword/watchword/internal/password"
)

// TestMemoryLimitFromHashPool: the soft memory limit is the base plus one
// and a half argon2id memories per hash worker, or the flag, and GOMEMLIMIT
// wins over both.
func TestMemoryLimitFromHashPool(t *testing.T) {
	defer debug.SetMemoryLimit(math.MaxInt64)
	c := &Config{HashWorkers: 16, Argon: password.Params{MemoryKiB: 19456}}
	want := int64(256<<20 + 16*19456*1024*3/2)
	if got := applyMemoryLimit(c); got != want || debug.SetMemoryLimit(-1) != want {
		t.Fatalf("derived limit %d (runtime %d), want %d", got, debug.SetMemoryLimit(-1), want)
	}
	c.MemoryLimit = 1 << 30
	if got := applyMemoryLimit(c); got != 1<<30 || debug.SetMemoryLimit(-1) != 1<<30 {
		t.Fatalf("--memory-limit: %d", got)
	}
	t.Setenv("GOMEMLIMIT", "2GiB")
	debug.SetMemoryLimit(math.MaxInt64)
	if got := applyMemoryLimit(c); got != 0 || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		t.Fatalf("with GOMEMLIMIT set: %d", got)
	}
}
