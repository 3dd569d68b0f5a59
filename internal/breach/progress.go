package breach

import (
	"fmt"
	"io"
	"time"
)

// progressEvery is how often the read loop offers an update; the display
// itself is throttled by time so that fast and slow inputs both stay readable.
const (
	progressEvery    = 1 << 16 // lines
	progressInterval = 250 * time.Millisecond
)

// progress draws a one-line, '\r'-updated status for long builds. A nil
// writer makes every method a no-op. Write errors are ignored: a closed
// terminal must not fail a build.
type progress struct {
	w     io.Writer
	total int64 // input bytes, 0 if unknown
	start time.Time
	last  time.Time
}

func newProgress(w io.Writer, total int64) *progress {
	now := time.Now()
	return &progress{w: w, total: total, start: now, last: now}
}

// reading redraws the read line, at most every progressInterval unless final.
func (p *progress) reading(read int64, lines, kept uint64, final bool) {
	if p.w == nil {
		return
	}
	now := time.Now()
	if !final && now.Sub(p.last) < progressInterval {
		return
	}
	p.last = now
	rate := float64(read) / max(now.Sub(p.start).Seconds(), 1e-9)
	size := formatBytes(read)
	if p.total > 0 {
		size = fmt.Sprintf("%s / %s (%.1f%%)", size, formatBytes(p.total), 100*float64(read)/float64(p.total))
	}
	end := ""
	if final {
		end = "\n"
	}
	// Trailing spaces erase the tail of a longer previous line.
	fmt.Fprintf(p.w, "\rbreach: read %s, %d lines, %d kept, %s/s    %s", size, lines, kept, formatBytes(int64(rate)), end)
}

// step prints one line for a phase that has no incremental progress.
func (p *progress) step(format string, args ...any) {
	if p.w == nil {
		return
	}
	fmt.Fprintf(p.w, "breach: "+format+"\n", args...)
}

func formatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
