// Package form reads the console's HTML forms into the core's inputs. It
// checks only what belongs to the form itself (a confirmation matching, a
// date that parses); every rule about the values is the core's.
package form

import (
	"net/http"
	"strings"
)

// value is a posted field with surrounding spaces trimmed.
func value(r *http.Request, name string) string { return strings.TrimSpace(r.PostForm.Get(name)) }

// secret is a posted password or code, exactly as typed: spaces can be part
// of a password.
func secret(r *http.Request, name string) string { return r.PostForm.Get(name) }

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }
