package postgres_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/watchword/watchword/internal/store/postgres"
	"github.com/watchword/watchword/internal/store/storetest"
)

func TestMigrations(t *testing.T) {
	url := storetest.MustPostgresURL(t)
	db, err := postgres.OpenUnmigrated(context.Background(), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	storetest.RunMigrations(t, "postgres", db, func(ctx context.Context, q string) error {
		_, err := raw.ExecContext(ctx, q)
		return err
	})
}
