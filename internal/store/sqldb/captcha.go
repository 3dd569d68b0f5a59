package sqldb

import (
	"context"
	"database/sql"

	"github.com/watchword/watchword/internal/identity"
)

const captchaColumns = `id, answer, answer_hash, expires_at, created_at`

func scanCaptcha(row interface{ Scan(...any) error }) (*identity.Captcha, error) {
	var c identity.Captcha
	var expires, created int64
	if err := row.Scan(&c.ID, &c.Answer, &c.AnswerHash, &expires, &created); err != nil {
		if err == sql.ErrNoRows {
			return nil, notFound("captcha.not_found", "no such CAPTCHA; get a new one")
		}
		return nil, err
	}
	c.ExpiresAt, c.CreatedAt = fromMicros(expires), fromMicros(created)
	return &c, nil
}

// CreateCaptcha stores a challenge.
func (db *DB) CreateCaptcha(ctx context.Context, c *identity.Captcha) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO captchas (`+captchaColumns+`) VALUES ($1,$2,$3,$4,$5)`,
			c.ID, c.Answer, c.AnswerHash, micros(c.ExpiresAt), now)
		return err
	})
}

// FindCaptcha returns a challenge.
func (db *DB) FindCaptcha(ctx context.Context, id string) (*identity.Captcha, error) {
	c, err := scanCaptcha(db.read.QueryRowContext(ctx, `SELECT `+captchaColumns+` FROM captchas WHERE id = $1`, id))
	return c, db.classify(err)
}

// TakeCaptcha deletes a challenge and returns it, in one statement: of two
// racing answers only one gets the row.
func (db *DB) TakeCaptcha(ctx context.Context, id string) (*identity.Captcha, error) {
	var out *identity.Captcha
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		c, err := scanCaptcha(tx.QueryRowContext(ctx, `DELETE FROM captchas WHERE id = $1 RETURNING `+captchaColumns, id))
		out = c
		return err
	})
	return out, err
}
