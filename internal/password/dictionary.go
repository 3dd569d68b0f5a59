package password

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Blocklist is a set of forbidden passwords: the global breached-password
// filter, implemented by internal/breach. Contains may report false
// positives, never false negatives.
//
// Pass a nil interface for "no list": a nil *breach.Filter stored in a
// Blocklist is not nil and would be called.
type Blocklist interface {
	Contains(password string) bool
}

// Dictionaries are the word lists EvaluateWith checks. A nil field means that
// list is not available; its rule is then left out of the evaluation.
type Dictionaries struct {
	// Local is the account's own list, built once with NewLocalDictionary.
	Local *LocalDictionary
	// Global is checked with the password as is and in lowercase.
	Global Blocklist
}

// LocalDictionary is an account's list of forbidden words, precompiled so a
// lookup costs a few map probes whatever the list's size.
//
// Matching ignores case and undoes simple disguises: leet substitutions
// (0→o, 1 ! | → i or l, 3→e, 4 @→a, 5 $→s, 7 +→t, 8→b) and digits or symbols
// added at either end. So P@ssw0rd1! matches "password", and "@dmin" matches
// "admin". Words are compared whole, not searched inside the password.
type LocalDictionary struct {
	keys map[string]struct{}
}

// NewLocalDictionary compiles words into a LocalDictionary. Blank words are
// ignored.
func NewLocalDictionary(words []string) *LocalDictionary {
	d := &LocalDictionary{keys: make(map[string]struct{}, len(words))}
	for _, w := range words {
		if k := skeleton(strings.TrimSpace(Normalize(w))); k != "" {
			d.keys[k] = struct{}{}
		}
	}
	return d
}

// Len returns how many distinct words d holds after folding.
func (d *LocalDictionary) Len() int { return len(d.keys) }

// Contains reports whether pw, or pw with digits and symbols trimmed from
// either end, is a word of d once case and leet are undone.
func (d *LocalDictionary) Contains(pw string) bool {
	if d == nil || len(d.keys) == 0 {
		return false
	}
	lead := strings.TrimLeftFunc(pw, notLetter)
	for _, head := range []string{pw, lead} {
		tails := []string{head,
			strings.TrimRightFunc(head, isSymbol),
			strings.TrimRightFunc(head, notLetter)}
		for _, v := range tails {
			if v == "" {
				continue
			}
			if _, ok := d.keys[skeleton(v)]; ok {
				return true
			}
		}
	}
	return false
}

// skeleton lowercases s and maps leet characters to letters. "l" folds into
// "i" on both sides, since "1" and "!" may stand for either.
func skeleton(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '0':
			return 'o'
		case '1', '!', '|', 'l', 'L':
			return 'i'
		case '3':
			return 'e'
		case '4', '@':
			return 'a'
		case '5', '$':
			return 's'
		case '7', '+':
			return 't'
		case '8':
			return 'b'
		}
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return r
		}
		return unicode.ToLower(r)
	}, s)
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

// isSymbol reports whether r is neither a letter nor a digit.
func isSymbol(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
