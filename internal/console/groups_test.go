package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/identity"
)

// versionOf returns the version the first form of a group page carries.
func versionOf(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no version in the group page:\n%s", text(body))
	}
	return m[1]
}

// TestAdminGroups: an administrator creates a group, adds and removes
// members by name, renames and deletes it; the users' pages list their
// groups; a form shown before a change made meanwhile is refused, not
// applied over it; adding a user to admin makes it an administrator.
func TestAdminGroups(t *testing.T) {
	s := mustConsole(t)
	grace := s.mustUser(t, identity.NewUser{Name: "grace", Email: "grace@acme.test", Password: "Tr0ubadour-Zebra-Quilt"})
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)

	list := b.get(console.Path + "/groups")
	if list.Status != http.StatusOK || !strings.Contains(text(list.Body), "admin") || !strings.Contains(text(list.Body), "acme") {
		t.Fatalf("groups list: %d\n%s", list.Status, text(list.Body))
	}
	if p := b.post(console.Path+"/groups", url.Values{"displayName": {"ADMIN"}}); p.Status != http.StatusConflict ||
		!strings.Contains(p.Body, `value="ADMIN"`) {
		t.Fatalf("taken name: %d\n%s", p.Status, text(p.Body))
	}
	p := b.post(console.Path+"/groups", url.Values{"displayName": {"Ops"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", p.Status, text(p.Body))
	}
	groupPath := p.Location()
	p = b.get(groupPath)
	if p.Status != http.StatusOK || !strings.Contains(text(p.Body), "Group Ops has been created.") {
		t.Fatalf("group page: %d\n%s", p.Status, text(p.Body))
	}
	v1 := versionOf(t, p.Body)

	// Add grace by name; an unknown name is refused on the field.
	if p := b.post(groupPath+"/members", url.Values{"members": {"nobody"}, "version": {v1}}); p.Status != http.StatusBadRequest ||
		!strings.Contains(text(p.Body), "A member is not a user of this account.") || !strings.Contains(p.Body, `value="nobody"`) {
		t.Fatalf("unknown member: %d\n%s", p.Status, text(p.Body))
	}
	if p := b.post(groupPath+"/members", url.Values{"members": {"grace"}, "version": {v1}}); p.Status != http.StatusSeeOther {
		t.Fatalf("add grace: %d\n%s", p.Status, text(p.Body))
	}
	p = b.get(groupPath)
	if !strings.Contains(text(p.Body), "grace has been added to the group.") || !strings.Contains(p.Body, `href="/console/users/`+grace.ID+`"`) {
		t.Fatalf("after adding grace:\n%s", text(p.Body))
	}
	// grace's page lists the group; the groups list shows her in it.
	if body := b.get(console.Path + "/users/" + grace.ID).Body; !strings.Contains(body, `href="`+groupPath+`">Ops</a>`) {
		t.Fatalf("grace's page does not list Ops:\n%s", text(body))
	}
	if body := text(b.get(console.Path + "/groups").Body); !strings.Contains(body, "grace") {
		t.Fatalf("groups list without grace:\n%s", body)
	}

	// The form shown at version 1 is stale now: refused, grace stays.
	if p := b.post(groupPath+"/members/remove", url.Values{"user_id": {grace.ID}, "version": {v1}}); p.Status != http.StatusConflict ||
		!strings.Contains(text(p.Body), "The group changed meanwhile") {
		t.Fatalf("stale removal: %d\n%s", p.Status, text(p.Body))
	}
	v2 := versionOf(t, b.get(groupPath).Body)
	if p := b.post(groupPath+"/members/remove", url.Values{"user_id": {grace.ID}, "version": {v2}}); p.Status != http.StatusSeeOther {
		t.Fatalf("remove grace: %d\n%s", p.Status, text(p.Body))
	}
	if body := b.get(console.Path + "/users/" + grace.ID).Body; strings.Contains(body, `>Ops</a>`) || !strings.Contains(text(body), "In no group.") {
		t.Fatalf("grace still lists Ops:\n%s", text(body))
	}

	// Rename, then delete after the confirm page.
	v3 := versionOf(t, b.get(groupPath).Body)
	if p := b.post(groupPath, url.Values{"displayName": {"Operations"}, "version": {v3}}); p.Status != http.StatusSeeOther {
		t.Fatalf("rename: %d\n%s", p.Status, text(p.Body))
	}
	if p := b.post(groupPath+"/delete", nil); p.Location() != groupPath+"/delete" {
		t.Fatalf("delete without confirmation goes to %q", p.Location())
	}
	if got := text(b.get(groupPath + "/delete").Body); !strings.Contains(got, "Delete this group?") || !strings.Contains(got, "Operations") {
		t.Fatalf("confirm page:\n%s", got)
	}
	// A confirm page shown before a change is stale: the delete is refused.
	v4 := versionOf(t, b.get(groupPath+"/delete").Body)
	if p := b.post(groupPath+"/delete", url.Values{"confirm": {"yes"}, "version": {v3}}); p.Status != http.StatusConflict ||
		!strings.Contains(text(p.Body), "The group changed meanwhile") {
		t.Fatalf("stale delete: %d\n%s", p.Status, text(p.Body))
	}
	if p := b.post(groupPath+"/delete", url.Values{"confirm": {"yes"}, "version": {v4}}); p.Status != http.StatusSeeOther || p.Location() != console.Path+"/groups" {
		t.Fatalf("delete: %d %q", p.Status, p.Location())
	}
	if p := b.get(groupPath); p.Status != http.StatusNotFound {
		t.Fatalf("deleted group: %d", p.Status)
	}

	// admin: no rename or delete; adding grace makes her an administrator.
	admin := console.Path + "/groups/" + identity.AdminGroupID(grace.AccountID)
	p = b.get(admin)
	if p.Status != http.StatusOK || strings.Contains(p.Body, admin+`/delete"`) || !strings.Contains(text(p.Body), "keeps its name") {
		t.Fatalf("admin page: %d\n%s", p.Status, text(p.Body))
	}
	if p := b.get(admin + "/delete"); p.Status != http.StatusBadRequest {
		t.Fatalf("admin's delete page: %d", p.Status)
	}
	if p := b.post(admin+"/members", url.Values{"members": {"grace"}, "version": {versionOf(t, p.Body)}}); p.Status != http.StatusSeeOther {
		t.Fatalf("grant: %d\n%s", p.Status, text(p.Body))
	}
	g := s.browser(t)
	g.mustLogin("acme", "grace", "Tr0ubadour-Zebra-Quilt")
	if p := g.get(console.Path + "/groups"); p.Status != http.StatusOK {
		t.Fatalf("grace, now an administrator, on the groups page: %d", p.Status)
	}
}

// TestGroupsNeedAdmin: a user who is no administrator is refused the
// groups pages and forms, and is not offered them.
func TestGroupsNeedAdmin(t *testing.T) {
	s := mustConsole(t)
	u := s.mustUser(t, identity.NewUser{Name: "frank", Password: "Tr0ubadour-Zebra-Quilt"})
	b := s.browser(t)
	b.mustLogin("acme", "frank", "Tr0ubadour-Zebra-Quilt")
	if strings.Contains(b.get(console.Path+"/profile").Body, `href="/console/groups"`) {
		t.Error("an IAM user is offered the groups page")
	}
	admin := console.Path + "/groups/" + identity.AdminGroupID(u.AccountID)
	for _, p := range []struct {
		method, path string
		form         url.Values
	}{
		{"GET", console.Path + "/groups", nil}, {"GET", admin, nil},
		{"POST", console.Path + "/groups", url.Values{"displayName": {"x"}}},
		{"POST", admin + "/members", url.Values{"members": {"frank"}, "version": {"1"}}},
	} {
		var got = b.get(p.path)
		if p.method == "POST" {
			got = b.post(p.path, p.form)
		}
		if got.Status != http.StatusForbidden || !strings.Contains(text(got.Body), "Only an administrator of the account") {
			t.Errorf("%s %s: %d\n%s", p.method, p.path, got.Status, text(got.Body))
		}
	}
	if uu, err := s.Svc.Users.Get(s.asRoot(t), u.ID); err != nil || uu.Admin {
		t.Fatalf("frank made himself an administrator: %+v %v", uu, err)
	}
}

// TestGroupsListNamesTenMembers: a row of the groups list names the first
// ten members and counts the others; the group's page lists them all.
func TestGroupsListNamesTenMembers(t *testing.T) {
	s := mustConsole(t)
	var ids []string
	for i := range 12 {
		u := s.mustUser(t, identity.NewUser{Name: "member" + string(rune('a'+i))})
		ids = append(ids, u.ID)
	}
	g, err := s.Svc.Groups.Create(s.asRoot(t), identity.GroupEdit{DisplayName: "big", Members: ids})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "fr"} {
		b := s.browser(t)
		b.Lang = lang
		b.mustLogin("acme", "", rootPassword)
		list := text(b.get(console.Path + "/groups").Body)
		more := map[string]string{"en": "and 2 more", "fr": "et 2 de plus"}[lang]
		if !strings.Contains(list, "memberj") || strings.Contains(list, "memberk") || !strings.Contains(list, more) {
			t.Fatalf("%s list:\n%s", lang, list)
		}
		if page := text(b.get(console.Path + "/groups/" + g.ID).Body); !strings.Contains(page, "memberl") {
			t.Fatalf("%s group page:\n%s", lang, page)
		}
	}
}
