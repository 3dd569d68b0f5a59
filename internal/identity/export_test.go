package identity

// RateLimiter is the store-backed rate limiter the services share, for
// tests of its windows; no face uses it directly.
func (s *Services) RateLimiter() *limiter { return s.Recovery.limiter() }
