package cli

import (
	"context"
	"time"
)

// recoveryPurgeEvery is how often expired recovery codes, tokens, CAPTCHAs
// and rate-limit windows are deleted. They are refused once expired anyway;
// this only keeps the tables small.
const recoveryPurgeEvery = 10 * time.Minute

// startRecoveryPurge deletes expired recovery rows every interval, in the
// background, and returns the function that stops it. Every replica may run
// it: a delete of what another replica already deleted is harmless.
func (a *App) startRecoveryPurge(every time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if n, err := a.Services.Recovery.Purge(ctx); err != nil && ctx.Err() == nil {
					a.Log.Warn("recovery purge failed", "err", err)
				} else if n > 0 {
					a.Log.Debug("recovery purge", "rows", n)
				}
			}
		}
	}()
	return func() { cancel(); <-done }
}

// recoveryPublicURL is the base of mailed reset links and of Keystone's links
// and catalog: the configured public URL, else the listen address; never a
// request's Host, which the client chooses.
func recoveryPublicURL(c *Config) string {
	if c.PublicURL != "" {
		return c.PublicURL
	}
	return "http://" + c.Addr
}
