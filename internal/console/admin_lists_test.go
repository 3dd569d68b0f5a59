package console_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/identity"
)

// postFile uploads content as the file field of a multipart form.
func (b *browser) postFile(path, field, name string, content []byte) page {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", b.csrf())
	fw, _ := mw.CreateFormFile(field, name)
	_, _ = fw.Write(content)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.base.String()+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.base.Scheme+"://"+b.base.Host)
	return b.do(req)
}

// TestDictionaryPage: an administrator lists the account's forbidden
// passwords a page at a time, adds words, imports a file (size-limited),
// removes a word; the policy then refuses a listed password. Others may not.
func TestDictionaryPage(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	dict := console.Path + "/dictionary"
	if got := text(b.get(dict).Body); !strings.Contains(got, "Forbidden passwords") || !strings.Contains(got, "The list is empty.") {
		t.Fatalf("empty list:\n%s", got)
	}
	if got := b.get(console.Path + "/policies").Body; !strings.Contains(got, `href="`+dict+`"`) {
		t.Error("no link from the policies page")
	}
	if p := b.post(dict, url.Values{"words": {"  \n "}}); p.Status != http.StatusBadRequest {
		t.Errorf("no words: %d", p.Status)
	}
	if p := b.post(dict, url.Values{"words": {"Acme-Rocket\nzebra2026\n"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("add: %d\n%s", p.Status, text(p.Body))
	}
	if got := text(b.get(dict).Body); !strings.Contains(got, "Words added: 2.") || !strings.Contains(got, "acme-rocket") {
		t.Fatalf("after add:\n%s", got)
	}
	var file strings.Builder
	file.WriteString("# our list\n\n")
	for i := range 120 {
		fmt.Fprintf(&file, "widget%03d\n", i)
	}
	if p := b.postFile(dict+"/import", "file", "words.txt", []byte(file.String())); p.Status != http.StatusSeeOther {
		t.Fatalf("import: %d\n%s", p.Status, text(p.Body))
	}
	p := b.get(dict)
	got := text(p.Body)
	if !strings.Contains(got, "Words added: 120.") || !strings.Contains(got, "Words (122)") || !strings.Contains(got, "Page 1 of 3") ||
		strings.Contains(got, "widget049") || !strings.Contains(got, "widget048") {
		t.Fatalf("first page:\n%s", got)
	}
	if got := text(b.get(dict + "?page=3").Body); !strings.Contains(got, "Page 3 of 3") || !strings.Contains(got, "widget119") ||
		!strings.Contains(got, "zebra2026") || strings.Contains(got, "Next page") {
		t.Errorf("last page:\n%s", got)
	}
	if got := text(b.get(dict + "?q=widget11").Body); !strings.Contains(got, "Words (10)") || !strings.Contains(got, "Page 1 of 1") {
		t.Errorf("search:\n%s", got)
	}
	big := bytes.Repeat([]byte("abcdefghij\n"), 100_000)
	if p := b.postFile(dict+"/import", "file", "big.txt", big); p.Status != http.StatusRequestEntityTooLarge ||
		!strings.Contains(text(p.Body), tr(t, "en", "error.dictionary.file_too_large")) {
		t.Errorf("too large: %d\n%s", p.Status, text(p.Body))
	}
	if p := b.postFile(dict+"/import", "file", "bad.txt", []byte("ok\n"+strings.Repeat("x", 200)+"\n")); p.Status != http.StatusBadRequest {
		t.Errorf("a word too long: %d\n%s", p.Status, text(p.Body))
	}
	if p := b.post(dict+"/remove", url.Values{"word": {"widget007"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("remove: %d\n%s", p.Status, text(p.Body))
	}
	if p := b.post(dict+"/remove", url.Values{"word": {"widget007"}}); p.Status != http.StatusNotFound {
		t.Errorf("remove twice: %d", p.Status)
	}
	words, err := s.Svc.Dictionary.List(s.asRoot(t))
	if err != nil || len(words) != 121 {
		t.Fatalf("stored: %d %v", len(words), err)
	}
	b.Lang = "fr"
	if got := text(b.get(dict).Body); !strings.Contains(got, "Mots de passe interdits") || !strings.Contains(got, "Page 1 sur 3") {
		t.Errorf("French page:\n%s", got)
	}

	// An IAM user who is not an administrator gets nothing.
	s.mustUser(t, identity.NewUser{Name: "ivy", Email: "ivy@acme.test", Password: "Orbit-Kettle-Marble-99"})
	ivy := s.browser(t)
	ivy.mustLogin("acme", "ivy", "Orbit-Kettle-Marble-99")
	if p := ivy.get(dict); p.Status != http.StatusForbidden {
		t.Errorf("non-administrator list: %d", p.Status)
	}
	if p := ivy.post(dict, url.Values{"words": {"sneaky"}}); p.Status != http.StatusForbidden {
		t.Errorf("non-administrator add: %d", p.Status)
	}
}

// TestNotificationsPage: an administrator sees the account's undelivered
// notifications and sends one again; one that held a code cannot be.
func TestNotificationsPage(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	s.core.MustClaim(t)
	s.mustUser(t, identity.NewUser{Name: "jo", Email: "jo@acme.test", Password: "Orbit-Kettle-Marble-99"})
	if _, err := s.Svc.AccessKeys.Create(s.asRoot(t), identity.NewAccessKey{UserName: "jo"}); err != nil {
		t.Fatal(err)
	}
	msgs := s.core.MustClaim(t)
	var keyNote string
	for _, m := range msgs {
		if m.To == "jo@acme.test" && m.Template == "access_key_created" {
			keyNote = m.ID
		}
	}
	if keyNote == "" {
		t.Fatalf("no access key notice among %+v", msgs)
	}
	ctx := context.Background()
	if err := s.DB.MarkOutboxFailed(ctx, keyNote, time.Time{}, "550 mailbox unavailable", true); err != nil {
		t.Fatal(err)
	}
	page := console.Path + "/notifications"
	got := text(b.get(page).Body)
	if !strings.Contains(got, "Undelivered notifications") || !strings.Contains(got, "jo@acme.test") ||
		!strings.Contains(got, "Access key created") || !strings.Contains(got, "550 mailbox unavailable") {
		t.Fatalf("dead list:\n%s", got)
	}
	if p := b.post(page+"/"+keyNote+"/retry", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("retry: %d\n%s", p.Status, text(p.Body))
	}
	if got := text(b.get(page).Body); !strings.Contains(got, "The notification to jo@acme.test will be sent again.") ||
		!strings.Contains(got, "No notification in this state.") {
		t.Errorf("after retry:\n%s", got)
	}
	if got := text(b.get(page + "?status=pending").Body); !strings.Contains(got, "jo@acme.test") {
		t.Errorf("pending list:\n%s", got)
	}
	if p := b.post(page+"/"+keyNote+"/retry", nil); p.Status != http.StatusConflict ||
		!strings.Contains(text(p.Body), tr(t, "en", "error.notification.not_dead")) {
		t.Errorf("retry a pending one: %d\n%s", p.Status, text(p.Body))
	}
	if p := b.post(page+"/nope/retry", nil); p.Status != http.StatusNotFound {
		t.Errorf("retry an unknown one: %d", p.Status)
	}
	b.Lang = "fr"
	if got := text(b.get(page + "?status=all").Body); !strings.Contains(got, "Notifications non distribuées") || !strings.Contains(got, "Clé d’accès créée") {
		t.Errorf("French page:\n%s", got)
	}
}
