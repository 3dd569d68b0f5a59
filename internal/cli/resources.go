package cli

import (
	"fmt"
	"path/filepath"

	"github.com/watchword/watchword/internal/breach"
	"github.com/watchword/watchword/internal/secret"
)

// loadKeyring returns the configured encryption keys, or the data directory's
// generated key file for a zero-configuration start. Replicas on PostgreSQL
// must share keys: give them all the same --keyring.
func loadKeyring(c *Config) (*secret.Keyring, error) {
	if c.Keyring != "" {
		return secret.ParseKeyring(c.Keyring)
	}
	if err := ensureDir(c.DataDir); err != nil {
		return nil, err
	}
	return secret.LoadOrCreateKeyFile(filepath.Join(c.DataDir, "secret.key"))
}

// loadBreachFilter opens the configured breached-password filter, or the one
// bundled in the binary. A corrupt file stops the start: a check that silently
// passes everything is worse than no start.
func loadBreachFilter(c *Config) (*breach.Filter, error) {
	if c.BreachFilter == "" {
		return breach.Default()
	}
	f, err := breach.Open(c.BreachFilter)
	if err != nil {
		return nil, fmt.Errorf("breach filter %s: %w", c.BreachFilter, err)
	}
	return f, nil
}
