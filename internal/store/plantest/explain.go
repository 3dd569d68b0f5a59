package plantest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Scans returns the lines of q's plan that read a whole table, on dialect
// ("sqlite" or "postgres"), planning it with args as a run would. On
// PostgreSQL sequential scans are turned off for the plan, so that a tiny
// test table's cheap scan does not hide a missing index: a Seq Scan left in
// the plan is one no index can replace.
func Scans(ctx context.Context, db *sql.DB, dialect string, st Statement) ([]string, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	args := make([]any, len(st.Args))
	for i, a := range st.Args {
		args[i] = a.Value
	}
	prefix := "EXPLAIN QUERY PLAN "
	if dialect == "postgres" {
		if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
			return nil, err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "RESET enable_seqscan") //nolint:errcheck
		prefix = "EXPLAIN "
	}
	rows, err := conn.QueryContext(ctx, prefix+st.Query, args...)
	if err != nil {
		return nil, fmt.Errorf("explain %q: %w", st.Query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		line := fmt.Sprint(vals[len(vals)-1]) // SQLite: detail; PostgreSQL: the one "QUERY PLAN" column
		if b, ok := vals[len(vals)-1].([]byte); ok {
			line = string(b)
		}
		lines = append(lines, strings.TrimSpace(line))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if dialect == "postgres" {
		var scans []string
		for _, line := range lines {
			if strings.Contains(line, "Seq Scan on ") {
				scans = append(scans, line)
			}
		}
		return scans, nil
	}
	return sqliteScans(lines), nil
}

// sqliteScans picks SQLite's whole-table reads: "SCAN t" and "SCAN t USING
// INDEX i" (every entry of an index), versus "SEARCH t USING INDEX i
// (col=?)". The name is the table's alias when the query gives one. A scan
// of a subquery's or CTE's result (declared by a CO-ROUTINE or MATERIALIZE
// line), of a constant row or of a list of values reads no table.
func sqliteScans(lines []string) []string {
	derived := map[string]bool{"CONSTANT": true}
	for _, line := range lines {
		for _, p := range []string{"CO-ROUTINE ", "MATERIALIZE "} {
			if name, ok := strings.CutPrefix(line, p); ok {
				name, _, _ = strings.Cut(name, " ")
				derived[name] = true
			}
		}
	}
	var scans []string
	for _, line := range lines {
		name, ok := strings.CutPrefix(line, "SCAN ")
		if !ok {
			continue
		}
		name, _, _ = strings.Cut(name, " ")
		if !derived[name] && !strings.HasPrefix(name, "(") && name != "json_each" {
			scans = append(scans, line)
		}
	}
	return scans
}
