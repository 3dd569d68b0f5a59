package delivery

import (
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	tests := []struct {
		name    string
		attempt int
		jitter  float64
		want    time.Duration
	}{
		{"first failure, no jitter", 1, 0.5, time.Minute},
		{"first failure, low jitter", 1, 0, 45 * time.Second},
		{"first failure, high jitter", 1, 1, 75 * time.Second},
		{"doubles", 4, 0.5, 8 * time.Minute},
		{"ninth", 9, 0.5, 256 * time.Minute},
		{"capped", 10, 0.5, 8 * time.Hour},
		{"stays capped", 40, 0.5, 8 * time.Hour},
		{"zero attempt reads as first", 0, 0.5, time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := backoff(tt.attempt, time.Minute, 8*time.Hour, tt.jitter); got != tt.want {
				t.Errorf("backoff(%d) = %v, want %v", tt.attempt, got, tt.want)
			}
		})
	}
	// The default schedule spans about a day before the twelfth, last try.
	var total time.Duration
	for a := 1; a < 12; a++ {
		total += backoff(a, time.Minute, 8*time.Hour, 0.5)
	}
	if total < 20*time.Hour || total > 28*time.Hour {
		t.Errorf("default schedule spans %v", total)
	}
}
