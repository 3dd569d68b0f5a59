package verify_test

import (
	"testing"

	"github.com/watchword/watchword/internal/verify"
)

func TestEqual(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"", "", true},
		{"abc", "abc", true},
		{"abc", "abd", false},
		{"abc", "ab", false},
		{"", "a", false},
	}
	for _, tt := range tests {
		if got := verify.Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("Equal(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// checkUniform fails when any symbol of alphabet is missing from counts or
// strays more than tolerance (a fraction) from the mean.
func checkUniform(t *testing.T, counts map[rune]int, alphabet string, tolerance float64) {
	t.Helper()
	total := 0
	for _, n := range counts {
		total += n
	}
	if len(counts) != len([]rune(alphabet)) {
		t.Fatalf("%d distinct symbols, want %d", len(counts), len([]rune(alphabet)))
	}
	mean := float64(total) / float64(len(counts))
	for _, r := range alphabet {
		if dev := float64(counts[r])/mean - 1; dev > tolerance || dev < -tolerance {
			t.Errorf("symbol %q appears %d times, mean %.0f: biased", r, counts[r], mean)
		}
	}
}
