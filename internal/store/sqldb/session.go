package sqldb

import (
	"context"
	"database/sql"

	"time"

	"github.com/watchword/watchword/internal/identity"
)

const sessionColumns = `s.id, s.token_hash, s.kind, COALESCE(s.user_id, ''), COALESCE(s.client_id, ''), s.account_id, s.method,
	s.restricted, s.ip, s.user_agent, s.created_at, s.last_seen_at, s.expires_at, s.idle_until, s.revoked_at,
	COALESCE(u.is_root OR u.is_admin, FALSE)`

const sessionFrom = ` FROM sessions s LEFT JOIN users u ON u.id = s.user_id`

func scanSession(row interface{ Scan(...any) error }) (*identity.Session, error) {
	var s identity.Session
	var kind string
	var created, seen, expires, idle int64
	var revoked sql.NullInt64
	if err := row.Scan(&s.ID, &s.TokenHash, &kind, &s.UserID, &s.ClientID, &s.AccountID, &s.Method, &s.Restricted,
		&s.IP, &s.UserAgent, &created, &seen, &expires, &idle, &revoked, &s.Admin); err != nil {
		return nil, err
	}
	s.Kind = identity.TokenKind(kind)
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.IdleUntil = fromMicros(created), fromMicros(seen), fromMicros(expires), fromMicros(idle)
	if revoked.Valid {
		t := fromMicros(revoked.Int64)
		s.RevokedAt = &t
	}
	return &s, nil
}

// CreateSession stores a session and its audit event.
func (db *DB) CreateSession(ctx context.Context, s *identity.Session, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, token_hash, kind, user_id, client_id, account_id, method,
			restricted, ip, user_agent, created_at, last_seen_at, expires_at, idle_until)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11,$12,$13)`,
			s.ID, s.TokenHash, string(s.Kind), nullable(s.UserID), nullable(s.ClientID), s.AccountID, s.Method, s.Restricted,
			s.IP, s.UserAgent, micros(s.CreatedAt), micros(s.ExpiresAt), micros(s.IdleUntil)); err != nil {
			return err
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}

// FindSessionByTokenHash is the per-request token check: one indexed lookup.
func (db *DB) FindSessionByTokenHash(ctx context.Context, hash string) (*identity.Session, error) {
	s, err := scanSession(db.lookup.QueryRowContext(ctx, `SELECT `+sessionColumns+sessionFrom+` WHERE s.token_hash = $1`, hash))
	if err == sql.ErrNoRows {
		return nil, notFound("session.not_found", "no such session")
	}
	return s, db.classify(err)
}

// TouchSession moves a session's last-seen time and idle deadline forward.
func (db *DB) TouchSession(ctx context.Context, id string, seen, idleUntil time.Time) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at=$2, idle_until=$3 WHERE id=$1 AND revoked_at IS NULL`,
			id, micros(seen), micros(idleUntil))
		return err
	})
}

// FindSessions lists a user's sessions that are not revoked, newest first.
func (db *DB) FindSessions(ctx context.Context, userID string) ([]*identity.Session, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+sessionColumns+sessionFrom+
		` WHERE s.user_id = $1 AND s.revoked_at IS NULL ORDER BY s.created_at DESC`, userID)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	var out []*identity.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, db.classify(err)
		}
		out = append(out, s)
	}
	return out, db.classify(rows.Err())
}

// RevokeSession revokes one session.
func (db *DB) RevokeSession(ctx context.Context, id string, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		res, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at=$2 WHERE id=$1 AND revoked_at IS NULL`, id, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("session.not_found", "no such session")
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}

// revokeUserSessions revokes every live session of a user except keep.
func revokeUserSessions(ctx context.Context, tx *sql.Tx, userID, keep string, now int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at=$3 WHERE user_id=$1 AND id<>$2 AND revoked_at IS NULL`,
		userID, keep, now)
	return err
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
