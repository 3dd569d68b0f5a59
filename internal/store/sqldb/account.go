package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
)

const accountColumns = `id, name, first_name, last_name, company_name, job_title, email, additional_emails,
	mobile_number, phone_number, city, state_province, country, zip_code, vat_number, password_policy, created_at, updated_at`

func scanAccount(row interface{ Scan(...any) error }) (*identity.Account, error) {
	var a identity.Account
	var emails, policy string
	var created, updated int64
	p := &a.Profile
	if err := row.Scan(&a.ID, &a.Name, &p.FirstName, &p.LastName, &p.CompanyName, &p.JobTitle, &p.Email, &emails,
		&p.MobileNumber, &p.PhoneNumber, &p.City, &p.StateProvince, &p.Country, &p.ZipCode, &p.VatNumber, &policy,
		&created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(emails), &p.AdditionalEmails); err != nil {
		return nil, err
	}
	var err error
	if a.PasswordPolicy, err = decodePasswordPolicy(policy, password.DefaultPolicy()); err != nil {
		return nil, err
	}
	a.CreatedAt, a.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &a, nil
}

// CreateAccount inserts an account and its root user in one transaction.
func (db *DB) CreateAccount(ctx context.Context, a *identity.Account, root *identity.User, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		if err := checkNameFree(ctx, tx, a.Name); err != nil {
			return err
		}
		if err := checkEmailFree(ctx, tx, a.Profile.Email, ""); err != nil {
			return err
		}
		emails, _ := json.Marshal(nonNil(a.Profile.AdditionalEmails))
		policy, err := encodePasswordPolicy(a.PasswordPolicy)
		if err != nil {
			return err
		}
		p := a.Profile
		if _, err := tx.ExecContext(ctx, `INSERT INTO accounts (`+accountColumns+`)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$17)`,
			a.ID, a.Name, p.FirstName, p.LastName, p.CompanyName, p.JobTitle, p.Email, string(emails),
			p.MobileNumber, p.PhoneNumber, p.City, p.StateProvince, p.Country, p.ZipCode, p.VatNumber, policy, now); err != nil {
			return err
		}
		if err := insertUser(ctx, tx, root, now); err != nil {
			return err
		}
		if err := insertAdminGroup(ctx, tx, a.ID, now); err != nil {
			return err
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}

func checkNameFree(ctx context.Context, tx *sql.Tx, name string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM accounts WHERE name = $1`, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fault.New(fault.Conflict, "account.name_taken", "an account with this name already exists").WithField("name")
	}
	return nil
}

// FindAccountByID returns an account.
func (db *DB) FindAccountByID(ctx context.Context, id string) (*identity.Account, error) {
	a, err := findAccount(ctx, db.lookup, id)
	return a, db.classify(err)
}

func findAccount(ctx context.Context, q queryer, id string) (*identity.Account, error) {
	a, err := scanAccount(q.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, notFound("account.not_found", "no such account")
	}
	return a, err
}

// errContactUnproven is why UpdateAccount refuses an email or mobile: the
// core sends those through BindContact, once the new address is proven.
var errContactUnproven = errors.New("sqldb: UpdateAccount was given an email or mobile; they change only through BindContact")

// UpdateAccount applies w's profile fields, stores its codes (voiding the
// earlier ones of their purpose) and queues its notifications, in one
// transaction. The email and mobile, the root user's, are never written here.
func (db *DB) UpdateAccount(ctx context.Context, id string, w identity.AccountWrite) (*identity.Account, error) {
	if w.Update.Email != nil || w.Update.MobileNumber != nil {
		return nil, fault.Wrap(errContactUnproven, "account.contact_unproven")
	}
	var out *identity.Account
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		a, err := findAccount(ctx, tx, id)
		if err != nil {
			return err
		}
		p := w.Update.Apply(a.Profile)
		emails, _ := json.Marshal(nonNil(p.AdditionalEmails))
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET first_name=$2, last_name=$3, company_name=$4, job_title=$5,
			additional_emails=$6, phone_number=$7, city=$8, state_province=$9, country=$10,
			zip_code=$11, vat_number=$12, updated_at=$13 WHERE id=$1`,
			id, p.FirstName, p.LastName, p.CompanyName, p.JobTitle, string(emails),
			p.PhoneNumber, p.City, p.StateProvince, p.Country, p.ZipCode, p.VatNumber, now); err != nil {
			return err
		}
		for _, c := range w.Codes {
			if err := voidSecrets(ctx, tx, c.UserID, []identity.Purpose{c.Purpose}); err != nil {
				return err
			}
			if err := insertCode(ctx, tx, c, now); err != nil {
				return err
			}
		}
		if err := db.insertAudit(ctx, tx, w.Audit, now); err != nil {
			return err
		}
		if err := db.insertNotifications(ctx, tx, w.Notifications, now); err != nil {
			return err
		}
		out, err = findAccount(ctx, tx, id)
		return err
	})
	return out, err
}

// SetPasswordPolicy replaces an account's password policy.
func (db *DB) SetPasswordPolicy(ctx context.Context, accountID string, p password.Policy, ev identity.AuditEvent) error {
	body, err := encodePasswordPolicy(p)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		res, err := tx.ExecContext(ctx, `UPDATE accounts SET password_policy=$2, updated_at=$3 WHERE id=$1`, accountID, body, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("account.not_found", "no such account")
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
