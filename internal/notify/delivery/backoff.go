package delivery

import "time"

// backoff is the wait after the attempt-th failed try: base doubled per
// earlier attempt, capped at max, then scaled by 0.75+0.5*jitter (jitter in
// [0,1)) so messages that failed together, in an outage, do not all come
// back together. With the defaults (1m, 8h, 12 attempts) the eleven waits
// are 1, 2, 4 … 256 minutes, then 8h twice: about 24.5 hours in all.
func backoff(attempt int, base, max time.Duration, jitter float64) time.Duration {
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	return time.Duration(float64(d) * (0.75 + 0.5*jitter))
}
