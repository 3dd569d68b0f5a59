// Package migrations holds Watchword's forward-only SQL migrations, shared by
// both dialects. A file NNNN_name.sql applies to both; NNNN_name.sqlite.sql or
// NNNN_name.postgres.sql, when present, replaces it for that dialect.
package migrations

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.sql
var files embed.FS

// Migration is one step of the schema.
type Migration struct {
	Name string // NNNN_name, the key recorded in schema_migrations
	SQL  string
}

// For returns the migrations of a dialect ("sqlite" or "postgres") in order.
func For(dialect string) ([]Migration, error) {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, err
	}
	chosen := map[string]string{} // name -> file
	for _, e := range entries {
		base := strings.TrimSuffix(e.Name(), ".sql")
		name, d, hasDialect := strings.Cut(base, ".")
		switch {
		case !hasDialect:
			if _, ok := chosen[name]; !ok {
				chosen[name] = e.Name()
			}
		case d == dialect:
			chosen[name] = e.Name()
		}
	}
	names := make([]string, 0, len(chosen))
	for n := range chosen {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]Migration, 0, len(names))
	for _, n := range names {
		b, err := files.ReadFile(chosen[n])
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Name: n, SQL: string(b)})
	}
	return out, nil
}
