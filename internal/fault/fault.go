// Package fault holds the one error type every layer of Watchword returns.
//
// The core says what went wrong with a Kind and a stable Code; each protocol
// face maps those to its own wire format. The core never picks an HTTP status.
package fault

import (
	"errors"
	"fmt"
	"time"
)

// Kind is the broad class of a failure. Faces map kinds to statuses.
type Kind string

// The kinds of failure. Anything that is not a *Error reads as Internal.
const (
	Invalid         Kind = "invalid"
	Unauthenticated Kind = "unauthenticated"
	Forbidden       Kind = "forbidden"
	NotFound        Kind = "not_found"
	Conflict        Kind = "conflict"
	Policy          Kind = "policy"
	RateLimited     Kind = "rate_limited"
	Unavailable     Kind = "unavailable"
	TooLarge        Kind = "too_large"
	Internal        Kind = "internal"
)

// Rule is the outcome of one password-policy rule, carried by Policy errors
// so that every face can name what failed.
type Rule struct {
	ID      string
	Passed  bool
	Warn    bool
	Message string
	Args    map[string]any
}

// Error is a failure with a machine code and a message safe to show a user.
type Error struct {
	Kind    Kind
	Code    string // stable dotted ID, e.g. "password.same_as_current"; also the i18n key suffix
	Message string // English text safe for any client
	Field   string // the input field at fault, when there is one
	Rules   []Rule // every policy rule's outcome, for Kind Policy
	// RetryAfter tells a client when to come back (RateLimited, Unavailable).
	RetryAfter time.Duration
	Err        error // the cause, for errors.Is / errors.As and logs
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// New builds an error of the given kind and code.
func New(kind Kind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

// Newf builds an error with a formatted message.
func Newf(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap builds an Internal error around a cause; the cause is logged, never shown.
func Wrap(err error, code string) *Error {
	return &Error{Kind: Internal, Code: code, Message: "internal error", Err: err}
}

// WithField names the input field at fault.
func (e *Error) WithField(field string) *Error { e.Field = field; return e }

// As returns err as a *Error, or an Internal error wrapping it.
func As(err error) *Error {
	if err == nil {
		return nil
	}
	var fe *Error
	if errors.As(err, &fe) {
		return fe
	}
	return &Error{Kind: Internal, Code: "internal", Message: "internal error", Err: err}
}

// KindOf returns the kind of err; a foreign error reads as Internal.
func KindOf(err error) Kind {
	if err == nil {
		return ""
	}
	return As(err).Kind
}

// CodeOf returns the code of err; a foreign error reads as "internal".
func CodeOf(err error) string {
	if err == nil {
		return ""
	}
	return As(err).Code
}

// Is reports whether err is a fault of the given kind.
func Is(err error, kind Kind) bool { return err != nil && KindOf(err) == kind }
