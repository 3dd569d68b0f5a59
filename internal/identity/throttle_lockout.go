package identity

import "time"

// LockoutAfter is how long r's key locks when it reaches MaxFailures, given
// the lockouts it had since its last success: each repeat doubles Lockout,
// up to MaxLockout. The store calls it inside the write that counts the
// failure, so that the decision is the core's and the count stays atomic.
func (r ThrottleRule) LockoutAfter(lockouts int) time.Duration {
	d := r.Lockout
	for i := 0; i < lockouts && d < r.MaxLockout; i++ {
		d *= 2
	}
	return min(d, r.MaxLockout)
}
