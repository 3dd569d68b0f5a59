// Package plantest checks that the statements the core runs on its hot paths
// are served by indexes. It traces every statement a real workload sends
// through database/sql (a driver wrapper, so nothing in the store changes
// for it), then asks the database for each statement's plan.
package plantest

import (
	"context"
	"database/sql/driver"
	"sync"
)

// Statement is one traced statement and the arguments of its first run.
type Statement struct {
	Query string
	Args  []driver.NamedValue
}

// Tracer records the distinct statements run through its connector.
type Tracer struct {
	mu    sync.Mutex
	on    bool
	seen  map[string]bool
	stmts []Statement
}

// Start records from now on; Stop stops and returns what was recorded.
func (t *Tracer) Start() {
	t.mu.Lock()
	t.on, t.seen, t.stmts = true, map[string]bool{}, nil
	t.mu.Unlock()
}

// Stop stops recording and returns the distinct statements, first run first.
func (t *Tracer) Stop() []Statement {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.on = false
	return t.stmts
}

func (t *Tracer) record(q string, args []driver.NamedValue) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.on || t.seen[q] {
		return
	}
	t.seen[q] = true
	t.stmts = append(t.stmts, Statement{Query: q, Args: append([]driver.NamedValue(nil), args...)})
}

// Connector opens connections of d to dsn whose statements t records.
func (t *Tracer) Connector(d driver.Driver, dsn string) driver.Connector {
	return &connector{d: d, dsn: dsn, t: t}
}

type connector struct {
	d   driver.Driver
	dsn string
	t   *Tracer
}

func (c *connector) Connect(context.Context) (driver.Conn, error) {
	inner, err := c.d.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &conn{inner: inner, t: c.t}, nil
}

func (c *connector) Driver() driver.Driver { return c.d }

// conn passes everything to the driver's connection, recording statements.
// Every driver this project uses implements the context interfaces.
type conn struct {
	inner driver.Conn
	t     *Tracer
}

func (c *conn) Prepare(q string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), q)
}

func (c *conn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	s, err := c.inner.(driver.ConnPrepareContext).PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return &stmt{inner: s, q: q, t: c.t}, nil
}

func (c *conn) Close() error { return c.inner.Close() }

func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *conn) BeginTx(ctx context.Context, o driver.TxOptions) (driver.Tx, error) {
	return c.inner.(driver.ConnBeginTx).BeginTx(ctx, o)
}

func (c *conn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	c.t.record(q, args)
	return c.inner.(driver.ExecerContext).ExecContext(ctx, q, args)
}

func (c *conn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	c.t.record(q, args)
	return c.inner.(driver.QueryerContext).QueryContext(ctx, q, args)
}

// CheckNamedValue lets the driver convert arguments its own way (pgx does).
func (c *conn) CheckNamedValue(v *driver.NamedValue) error {
	if nc, ok := c.inner.(driver.NamedValueChecker); ok {
		return nc.CheckNamedValue(v)
	}
	return driver.ErrSkip
}

func (c *conn) ResetSession(ctx context.Context) error {
	if r, ok := c.inner.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

type stmt struct {
	inner driver.Stmt
	q     string
	t     *Tracer
}

func (s *stmt) Close() error  { return s.inner.Close() }
func (s *stmt) NumInput() int { return s.inner.NumInput() }

func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return nil, driver.ErrSkip // database/sql uses the context form below
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return nil, driver.ErrSkip
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.t.record(s.q, args)
	return s.inner.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.t.record(s.q, args)
	return s.inner.(driver.StmtQueryContext).QueryContext(ctx, args)
}

func (s *stmt) CheckNamedValue(v *driver.NamedValue) error {
	if nc, ok := s.inner.(driver.NamedValueChecker); ok {
		return nc.CheckNamedValue(v)
	}
	return driver.ErrSkip
}
