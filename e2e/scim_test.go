package e2e_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/notify/smtpsink"
	"github.com/watchword/watchword/internal/scim/scimtest"
)

// TestSCIMProvisioning drives the real server, on SQLite and PostgreSQL, as
// an identity provider's connector does: an API client of the account
// creates a user without a password through /v2.0/Users, the user gets the
// invitation by mail, sets a first password with its link and signs in; the
// connector pushes it into the admin group and out (testSCIMGroupPush),
// then disables it (the user's session ends); two connectors racing on one
// version see one of them win and the other get 412.
func TestSCIMProvisioning(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			sink := smtpsink.Start(t)
			// The data directory holds the keyring and the SMS folder on
			// PostgreSQL too.
			args := append(notifyArgs(sink), "--data", t.TempDir())
			if db == "postgres" {
				args = append(args, "--database", mustPostgres(t))
			}
			s := MustServe(t, args...)
			testSCIMProvisioning(t, s, sink)
		})
	}
}

func testSCIMProvisioning(t *testing.T, s *Server, sink *smtpsink.Sink) {
	ctx := context.Background()
	root := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
	c, err := root.CreateAPIClient(ctx, "entra")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.Client.ClientToken(ctx, c.ID, c.Secret)
	if err != nil {
		t.Fatal(err)
	}
	scim := func(method, path, body string, header ...string) (*http.Response, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(method, s.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		req.Header.Set("Content-Type", "application/scim+json")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var out map[string]any
		if len(raw) > 0 {
			scimtest.MustValidate(t, raw, scimtest.Options{})
			if err := json.Unmarshal(raw, &out); err != nil {
				t.Fatal(err)
			}
		}
		return resp, out
	}

	resp, user := scim("POST", "/v2.0/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
		"userName":"dana@acme.example","externalId":"e-42","emails":[{"value":"dana@acme.test","type":"work","primary":true}]}`)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %v", resp.StatusCode, user)
	}
	id := user["id"].(string)
	mail := sink.WaitFor(t, func(m smtpsink.Received) bool { return strings.Contains(strings.Join(m.To, ","), "dana@acme.test") }, 10*time.Second)
	link := regexp.MustCompile(`https?://\S+/reset/([A-Za-z0-9_-]+)`).FindStringSubmatch(mail.Text)
	if link == nil || !strings.Contains(mail.Text, "dana@acme.example") {
		t.Fatalf("invitation:\n%s", mail.Text)
	}
	if _, err := s.Client.ResetPassword(ctx, link[1], "Violet-Harbor-Choice-77", "Violet-Harbor-Choice-77"); err != nil {
		t.Fatalf("set the first password with the invitation: %v", err)
	}
	dana := MustLogin(t, s, client.Credentials{Account: "acme", Username: "dana@acme.example", Password: "Violet-Harbor-Choice-77"})

	resp, got := scim("GET", "/v2.0/Users/"+id, "")
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != http.StatusOK || etag == "" || got["externalId"] != "e-42" {
		t.Fatalf("get: %d %v", resp.StatusCode, got)
	}
	// Two connectors change the user on the same version at once: one
	// wins, the other is told the resource changed.
	statuses := make([]int, 2)
	var wg sync.WaitGroup
	for i := range statuses {
		wg.Go(func() {
			r, _ := scim("PATCH", "/v2.0/Users/"+id, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				"Operations":[{"op":"replace","path":"displayName","value":"Dana `+string(rune('A'+i))+`"}]}`, "If-Match", etag)
			statuses[i] = r.StatusCode
		})
	}
	wg.Wait()
	if !(statuses[0] == 200 && statuses[1] == 412 || statuses[0] == 412 && statuses[1] == 200) {
		t.Fatalf("racing PATCHes on one version: %v", statuses)
	}

	testSCIMGroupPush(t, s, sink, scim, id, dana)

	resp, got = scim("PATCH", "/v2.0/Users/"+id, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
		"Operations":[{"op":"Replace","path":"active","value":"False"}]}`)
	if resp.StatusCode != http.StatusOK || got["active"] != false {
		t.Fatalf("disable: %d %v", resp.StatusCode, got)
	}
	if _, err := dana.Me(ctx); client.StatusOf(err) != http.StatusUnauthorized {
		t.Fatalf("dana's session after disabling: %v", err)
	}
	if resp, _ := scim("DELETE", "/v2.0/Users/"+id, ""); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
}

// testSCIMGroupPush pushes the provisioned user into the account's admin
// group as a connector's group push does: it is told by mail and can then
// administer the account; a group of its own lists it, two connectors
// racing on one group version see one win and the other get 412; pushed
// out of admin, it can no longer administer.
func testSCIMGroupPush(t *testing.T, s *Server, sink *smtpsink.Sink,
	scim func(method, path, body string, header ...string) (*http.Response, map[string]any), id string, dana *client.Client) {
	ctx := context.Background()
	if _, err := dana.Users(ctx, client.UserFilter{}); client.StatusOf(err) != http.StatusForbidden {
		t.Fatalf("dana lists users before the push: %v", err)
	}
	resp, list := scim("GET", `/v2.0/Groups?excludedAttributes=members&filter=displayName+eq+%22admin%22`, "")
	rs, _ := list["Resources"].([]any)
	if resp.StatusCode != http.StatusOK || len(rs) != 1 {
		t.Fatalf("admin by name: %d %v", resp.StatusCode, list)
	}
	admin := "/v2.0/Groups/" + rs[0].(map[string]any)["id"].(string)
	patch := func(op string) string {
		return `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"` + op +
			`","path":"members","value":[{"value":"` + id + `"}]}]}`
	}
	if resp, g := scim("PATCH", admin, patch("Add")); resp.StatusCode != http.StatusOK {
		t.Fatalf("push dana into admin: %d %v", resp.StatusCode, g)
	}
	sink.WaitFor(t, func(m smtpsink.Received) bool {
		return strings.Contains(strings.Join(m.To, ","), "dana@acme.test") && m.Subject == "Your Watchword administrator rights changed"
	}, 10*time.Second)
	if _, err := dana.Users(ctx, client.UserFilter{}); err != nil {
		t.Fatalf("dana, pushed into admin, lists users: %v", err)
	}

	resp, g := scim("POST", "/v2.0/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Engineering",
		"externalId":"okta-00g1","members":[{"value":"`+id+`"}]}`)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create group: %d %v", resp.StatusCode, g)
	}
	eng := "/v2.0/Groups/" + g["id"].(string)
	if _, u := scim("GET", "/v2.0/Users/"+id, ""); len(u["groups"].([]any)) != 2 {
		t.Fatalf("dana's groups: %v", u["groups"])
	}
	etag := resp.Header.Get("ETag")
	statuses := make([]int, 2)
	var wg sync.WaitGroup
	for i := range statuses {
		wg.Go(func() {
			r, _ := scim("PATCH", eng, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				"Operations":[{"op":"replace","path":"displayName","value":"Engineering `+string(rune('A'+i))+`"}]}`, "If-Match", etag)
			statuses[i] = r.StatusCode
		})
	}
	wg.Wait()
	if !(statuses[0] == 200 && statuses[1] == 412 || statuses[0] == 412 && statuses[1] == 200) {
		t.Fatalf("racing group PATCHes on one version: %v", statuses)
	}

	if resp, g := scim("PATCH", admin, patch("Remove")); resp.StatusCode != http.StatusOK {
		t.Fatalf("push dana out of admin: %d %v", resp.StatusCode, g)
	}
	if _, err := dana.Users(ctx, client.UserFilter{}); client.StatusOf(err) != http.StatusForbidden {
		t.Fatalf("dana lists users after leaving admin: %v", err)
	}
	if resp, _ := scim("DELETE", eng, ""); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete group: %d", resp.StatusCode)
	}
}
