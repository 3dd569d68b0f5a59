package password

import (
	"unicode/utf8"

	"github.com/watchword/watchword/internal/fault"
	"golang.org/x/text/unicode/norm"
)

// Policy is an account's password policy. It is stored as JSON with the account.
// The identity core applies the stateful rules (history, minimum age, expiry,
// forced change); Evaluate applies the rest.
type Policy struct {
	MinLength     int `json:"min_length"`
	MaxLength     int `json:"max_length"`
	HistoryCount  int `json:"history_count"`   // N most recent passwords disallowed
	MinAgeMinutes int `json:"min_age_minutes"` // no self-service change sooner than this
	MaxAgeDays    int `json:"max_age_days"`    // validity period; 0 = never expires
}

// DefaultPolicy is the policy of a new account.
func DefaultPolicy() Policy {
	return Policy{MinLength: 8, MaxLength: 128}
}

// Subject is who a password is for, so rules can refuse passwords built from it.
type Subject struct {
	Username    string
	AccountName string
	Email       string
	Mobile      string
}

// Evaluation is the outcome of every rule for one candidate password.
type Evaluation struct {
	Rules []fault.Rule
}

// Failed returns the enforced rules that did not pass.
func (e Evaluation) Failed() []fault.Rule {
	var out []fault.Rule
	for _, r := range e.Rules {
		if !r.Passed && !r.Warn {
			out = append(out, r)
		}
	}
	return out
}

// Err returns a fault.Policy error carrying every rule, or nil when all enforced rules pass.
func (e Evaluation) Err() error {
	failed := e.Failed()
	if len(failed) == 0 {
		return nil
	}
	return &fault.Error{Kind: fault.Policy, Code: "password.policy",
		Message: "the password does not meet the password policy: " + failed[0].Message, Rules: e.Rules}
}

// Normalize returns pw in Unicode NFKC form, as hashed and counted.
func Normalize(pw string) string { return norm.NFKC.String(pw) }

// Evaluate applies the stateless rules of p to the normalised password pw.
func (p Policy) Evaluate(pw string, s Subject) Evaluation {
	n := utf8.RuneCountInString(pw)
	return Evaluation{Rules: []fault.Rule{
		{ID: "min_length", Passed: n >= p.MinLength, Message: "must be at least the minimum length", Args: map[string]any{"min": p.MinLength}},
		{ID: "max_length", Passed: p.MaxLength == 0 || n <= p.MaxLength, Message: "must be at most the maximum length", Args: map[string]any{"max": p.MaxLength}},
	}}
}
