package identity

import (
	"bufio"
	"context"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/password"
)

// DictionaryStore persists each account's local password dictionary.
type DictionaryStore interface {
	// AddDictionaryWords adds words (already normalised); existing ones are
	// kept. Errors: Invalid (dictionary.too_large) when the account would
	// then hold more than limit words; nothing is added.
	AddDictionaryWords(ctx context.Context, accountID string, words []string, limit int, ev AuditEvent) (added int, err error)
	// RemoveDictionaryWord removes a word. Errors: NotFound.
	RemoveDictionaryWord(ctx context.Context, accountID, word string, ev AuditEvent) error
	// DictionaryWords lists an account's words in order.
	DictionaryWords(ctx context.Context, accountID string) ([]string, error)
}

// MaxDictionaryWords bounds an account's local dictionary.
const MaxDictionaryWords = 100_000

// DictionaryService lets an administrator manage the account's local dictionary.
type DictionaryService struct{ d *Deps }

// normalizeWord lowercases and trims a dictionary word, refusing empty or
// oversized ones.
func normalizeWord(w string) (string, error) {
	w = strings.ToLower(strings.TrimSpace(password.Normalize(w)))
	if w == "" || utf8.RuneCountInString(w) > 128 || strings.ContainsAny(w, "\x00\r\n") {
		return "", fault.New(fault.Invalid, "dictionary.word_invalid", "a dictionary word must be 1 to 128 characters on one line").WithField("word")
	}
	return w, nil
}

// Add adds words to the caller's account dictionary.
// Errors: Unauthenticated, Forbidden, Invalid.
func (s *DictionaryService) Add(ctx context.Context, words []string) (int, error) {
	p, err := requireAdmin(ctx)
	if err != nil {
		return 0, err
	}
	if len(words) > MaxDictionaryWords {
		return 0, fault.Newf(fault.Invalid, "dictionary.too_large", "at most %d words at once", MaxDictionaryWords)
	}
	clean := make([]string, 0, len(words))
	for _, w := range words {
		n, err := normalizeWord(w)
		if err != nil {
			return 0, err
		}
		clean = append(clean, n)
	}
	return s.d.Store.AddDictionaryWords(ctx, p.AccountID, clean, MaxDictionaryWords, s.d.event(ctx, "dictionary.add", p.AccountID, ""))
}

// Import adds one word per line from r; blank lines and #-comments are skipped.
// Errors: Unauthenticated, Forbidden, Invalid.
func (s *DictionaryService) Import(ctx context.Context, r io.Reader) (int, error) {
	var words []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if len(words) == MaxDictionaryWords {
			return 0, fault.Newf(fault.Invalid, "dictionary.too_large", "at most %d words at once", MaxDictionaryWords)
		}
		words = append(words, line)
	}
	if err := sc.Err(); err != nil {
		return 0, &fault.Error{Kind: fault.Invalid, Code: "dictionary.unreadable",
			Message: "the word list could not be read: one word per line, at most 64 KiB a line", Err: err}
	}
	return s.Add(ctx, words)
}

// Remove deletes a word. Errors: Unauthenticated, Forbidden, Invalid, NotFound.
func (s *DictionaryService) Remove(ctx context.Context, word string) error {
	p, err := requireAdmin(ctx)
	if err != nil {
		return err
	}
	w, err := normalizeWord(word)
	if err != nil {
		return err
	}
	return s.d.Store.RemoveDictionaryWord(ctx, p.AccountID, w, s.d.event(ctx, "dictionary.remove", p.AccountID, ""))
}

// List returns the account's words. Errors: Unauthenticated, Forbidden.
func (s *DictionaryService) List(ctx context.Context) ([]string, error) {
	p, err := requireAdmin(ctx)
	if err != nil {
		return nil, err
	}
	return s.d.Store.DictionaryWords(ctx, p.AccountID)
}

// dictionaries returns what a password evaluation under pol needs: the local
// list is read only when the policy uses it, so the common path stays one query short.
func (d *Deps) dictionaries(ctx context.Context, accountID string, pol password.Policy) (password.Dictionaries, error) {
	var dict password.Dictionaries
	if d.Blocklist != nil && pol.GlobalDictionary != "" && pol.GlobalDictionary != password.DictionaryOff {
		dict.Global = d.Blocklist
	}
	if pol.LocalDictionary != "" && pol.LocalDictionary != password.DictionaryOff {
		words, err := d.Store.DictionaryWords(ctx, accountID)
		if err != nil {
			return dict, err
		}
		dict.Local = password.NewLocalDictionary(words)
	}
	return dict, nil
}
