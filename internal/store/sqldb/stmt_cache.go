package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// stmtCache runs the hot lookups (token check, user, account, API client)
// through statements prepared once. On SQLite, parsing and planning a
// statement costs more than running an indexed lookup, and database/sql
// prepares afresh for every query made on a *sql.DB: a profile of GET /v1/me
// spent over a third of its CPU in SQLite's parser. PostgreSQL's driver
// (pgx) already caches statements per connection, so there the cache passes
// queries straight to the pool.
//
// Only fixed query texts go through it, so it stays small.
type stmtCache struct {
	pool    *sql.DB
	enabled bool
	mu      sync.RWMutex
	stmts   map[string]*sql.Stmt
}

func newStmtCache(pool *sql.DB, enabled bool) *stmtCache {
	return &stmtCache{pool: pool, enabled: enabled, stmts: map[string]*sql.Stmt{}}
}

func (c *stmtCache) get(ctx context.Context, q string) (*sql.Stmt, error) {
	c.mu.RLock()
	s := c.stmts[q]
	c.mu.RUnlock()
	if s != nil {
		return s, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.stmts[q]; s != nil {
		return s, nil
	}
	// Prepare without the caller's deadline: the statement outlives the request.
	s, err := c.pool.PrepareContext(context.WithoutCancel(ctx), q)
	if err != nil {
		return nil, err
	}
	c.stmts[q] = s
	return s, nil
}

// QueryRowContext runs q through its cached statement.
func (c *stmtCache) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if c.enabled {
		if s, err := c.get(ctx, q); err == nil {
			return s.QueryRowContext(ctx, args...)
		}
		// A statement that does not prepare fails the same way unprepared,
		// and the *sql.Row carries that error to Scan.
	}
	return c.pool.QueryRowContext(ctx, q, args...)
}

// QueryContext runs q through its cached statement.
func (c *stmtCache) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if !c.enabled {
		return c.pool.QueryContext(ctx, q, args...)
	}
	s, err := c.get(ctx, q)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var err error
	for q, s := range c.stmts {
		err = errors.Join(err, s.Close())
		delete(c.stmts, q)
	}
	return err
}
