package sqldb

import (
	"context"
	"database/sql"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// AddDictionaryWords adds words, keeping those already present, unless the
// account would then hold more than limit.
func (db *DB) AddDictionaryWords(ctx context.Context, accountID string, words []string, limit int, ev identity.AuditEvent) (int, error) {
	added := 0
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO dictionary_words (account_id, word, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (account_id, word) DO NOTHING`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, w := range words {
			res, err := stmt.ExecContext(ctx, accountID, w, now)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			added += int(n)
		}
		var total int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM dictionary_words WHERE account_id = $1`, accountID).Scan(&total); err != nil {
			return err
		}
		if total > limit {
			return fault.Newf(fault.Invalid, "dictionary.too_large", "an account's dictionary holds at most %d words", limit)
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
	return added, err
}

// RemoveDictionaryWord removes one word.
func (db *DB) RemoveDictionaryWord(ctx context.Context, accountID, word string, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM dictionary_words WHERE account_id = $1 AND word = $2`, accountID, word)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("dictionary.word_not_found", "no such word in the dictionary")
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}

// DictionaryWords lists an account's words alphabetically.
func (db *DB) DictionaryWords(ctx context.Context, accountID string) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT word FROM dictionary_words WHERE account_id = $1 ORDER BY word`, accountID)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, db.classify(err)
		}
		out = append(out, w)
	}
	return out, db.classify(rows.Err())
}
