package cli

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/store/postgres"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/store/sqlite"
)

// openStore opens PostgreSQL when a URL is configured, else the embedded
// SQLite file in the data directory; both apply migrations on open.
func openStore(ctx context.Context, c *Config) (*sqldb.DB, error) {
	if c.DatabaseURL != "" {
		return postgres.Open(ctx, c.DatabaseURL, time.Now)
	}
	if err := ensureDir(c.DataDir); err != nil {
		return nil, err
	}
	return sqlite.Open(ctx, c.sqlitePath(), time.Now)
}
