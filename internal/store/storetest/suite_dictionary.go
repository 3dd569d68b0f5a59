package storetest

import (
	"context"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// testDictionary covers an account's word list and the limit the core
// gives it: a batch that would pass the limit adds nothing.
func testDictionary(t *testing.T, db *sqldb.DB, _ *Clock) {
	ctx := context.Background()
	a, _ := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	if n, err := db.AddDictionaryWords(ctx, a.ID, []string{"rocket", "acme"}, 3, identity.AuditEvent{}); err != nil || n != 2 {
		t.Fatalf("add: %d %v", n, err)
	}
	// Words already there are kept, not counted again.
	if n, err := db.AddDictionaryWords(ctx, a.ID, []string{"acme", "anvil"}, 3, identity.AuditEvent{}); err != nil || n != 1 {
		t.Fatalf("add again: %d %v", n, err)
	}
	_, err := db.AddDictionaryWords(ctx, a.ID, []string{"coyote"}, 3, identity.AuditEvent{})
	wantKind(t, err, fault.Invalid, "dictionary.too_large")
	if fault.As(err).Message != "an account's dictionary holds at most 3 words" {
		t.Fatalf("message %q", fault.As(err).Message)
	}
	if words, err := db.DictionaryWords(ctx, a.ID); err != nil || len(words) != 3 || words[0] != "acme" || words[2] != "rocket" {
		t.Fatalf("words after a refused batch: %v %v", words, err)
	}
	if err := db.RemoveDictionaryWord(ctx, a.ID, "anvil", identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	wantKind(t, db.RemoveDictionaryWord(ctx, a.ID, "anvil", identity.AuditEvent{}), fault.NotFound, "dictionary.word_not_found")
}
