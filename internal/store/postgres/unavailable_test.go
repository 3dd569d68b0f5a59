package postgres

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestIsUnavailable: the outages a retry may cure are store.unavailable (503),
// every other server error stays what it is (a 500 or a conflict).
func TestIsUnavailable(t *testing.T) {
	for code, want := range map[string]bool{
		"57P01": true, // admin shutdown
		"53300": true, // too many connections
		"53100": true, // disk full
		"25006": true, // read-only transaction (a standby)
		"08006": true, // connection failure
		"58030": true, // I/O error
		"23505": false, "42601": false, "40001": false, "22001": false,
	} {
		err := fmt.Errorf("wrapped: %w", &pgconn.PgError{Code: code})
		if got := isUnavailable(err); got != want {
			t.Errorf("SQLSTATE %s: unavailable = %v, want %v", code, got, want)
		}
	}
	// Nothing listens on port 1: the connection is refused.
	_, err := pgconn.Connect(context.Background(), "postgres://u@127.0.0.1:1/db?sslmode=disable&connect_timeout=2")
	if err == nil || !isUnavailable(fmt.Errorf("open: %w", err)) {
		t.Errorf("connection refused: %v is not unavailable", err)
	}
	if isUnavailable(fmt.Errorf("plain")) {
		t.Error("an error from outside the driver is unavailable")
	}
}
