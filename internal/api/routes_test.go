package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
)

// TestRoutes calls every route of the face through the public client, the
// way a program using Watchword would. Each step starts its own server and
// makes what it needs, so that any one runs alone
// (go test -run 'TestRoutes/ShowUser$').
func TestRoutes(t *testing.T) {
	ctx := context.Background()
	served := &servedRoutes{}
	steps, ran := 0, 0
	step := func(name string, f func(t *testing.T, s *apiServer)) {
		steps++
		t.Run(name, func(t *testing.T) {
			ran++
			f(t, mustAPIServerWith(t, serverOptions{Served: served}))
		})
	}

	step("OpenAPI", func(t *testing.T, s *apiServer) {
		doc, err := s.Anon.OpenAPI(ctx)
		if err != nil || !json.Valid(doc) || !strings.Contains(string(doc), `"openapi"`) {
			t.Fatalf("openapi: %v", err)
		}
	})
	step("Login", func(t *testing.T, s *apiServer) {
		tok, err := s.Anon.Login(ctx, client.Credentials{Account: "acme", Password: rootPassword})
		if err != nil {
			t.Fatal(err)
		}
		if tok.TokenType != "Bearer" || tok.AccountID != s.AccountID || tok.UserID == "" || tok.PasswordChangeRequired ||
			tok.ExpiresIn < 12*3600-60 || tok.ExpiresIn > 12*3600 || time.Until(tok.ExpiresAt) < 11*time.Hour {
			t.Fatalf("token: %+v", tok)
		}
	})
	step("ShowMe", func(t *testing.T, s *apiServer) {
		me, err := s.Root.Me(ctx)
		if err != nil || me.Name != "acme" || !me.Root || !me.Admin || me.AccountID != s.AccountID || me.PasswordChangedAt == nil {
			t.Fatalf("me: %+v %v", me, err)
		}
	})
	step("UpdateMe", func(t *testing.T, s *apiServer) {
		me, err := s.Root.UpdateMe(ctx, client.ProfileUpdate{DisplayName: ptr("Root"), Locale: ptr("fr"), Theme: ptr("dark")})
		if err != nil || me.DisplayName != "Root" || me.Locale != "fr" || me.Theme != "dark" {
			t.Fatalf("update me: %+v %v", me, err)
		}
	})
	step("ShowAccount", func(t *testing.T, s *apiServer) {
		a, err := s.Root.Account(ctx)
		if err != nil || a.ID != s.AccountID || a.Name != "acme" || a.Email != "root@acme.test" || a.AdditionalEmails == nil {
			t.Fatalf("account: %+v %v", a, err)
		}
	})
	step("UpdateAccount", func(t *testing.T, s *apiServer) {
		a, err := s.Root.UpdateAccount(ctx, client.AccountUpdate{FirstName: ptr("Wile"), LastName: ptr("Coyote"),
			CompanyName: ptr("ACME"), JobTitle: ptr("Genius"), Email: ptr("boss@acme.test"),
			AdditionalEmails: ptr([]string{"ops@acme.test"}), MobileNumber: ptr("+15555550100"), PhoneNumber: ptr("+15555550101"),
			City: ptr("Phoenix"), StateProvince: ptr("AZ"), Country: ptr("US"), ZipCode: ptr("85001"), VatNumber: ptr("US1")})
		if err != nil {
			t.Fatal(err)
		}
		// The email and mobile wait for their codes (account_contact_test.go).
		if len(a.PendingContacts) != 2 || a.PendingContacts[0].Channel != "email" || a.PendingContacts[1].Channel != "sms" {
			t.Fatalf("pending %+v", a.PendingContacts)
		}
		want := client.Account{ID: s.AccountID, Name: "acme", FirstName: "Wile", LastName: "Coyote", CompanyName: "ACME",
			JobTitle: "Genius", Email: "root@acme.test", AdditionalEmails: []string{"ops@acme.test"}, MobileNumber: "",
			PhoneNumber: "+15555550101", City: "Phoenix", StateProvince: "AZ", Country: "US", ZipCode: "85001", VatNumber: "US1",
			CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, PendingContacts: a.PendingContacts}
		if got, _ := json.Marshal(a); string(got) != mustJSON(t, want) {
			t.Fatalf("account:\n got %s\nwant %s", got, mustJSON(t, want))
		}
	})
	step("ShowPasswordPolicy", func(t *testing.T, s *apiServer) {
		p, err := s.Root.PasswordPolicy(ctx)
		if err != nil || p.MinLength != 8 || p.MinCharTypes != 2 || !p.NotUsername || p.LocalDictionary != "enforce" {
			t.Fatalf("policy: %+v %v", p, err)
		}
	})
	step("UpdatePasswordPolicy", func(t *testing.T, s *apiServer) {
		p, err := s.Root.ApplyPasswordPolicyPreset(ctx, "huawei")
		if err != nil || p.MaxLength != 32 || p.HistoryCount != 1 {
			t.Fatalf("preset: %+v %v", p, err)
		}
		in := *p
		in.MinLength, in.HistoryCount, in.ForceChangeAfterAdminSet = 10, 2, false
		p, err = s.Root.SetPasswordPolicy(ctx, in)
		if err != nil || *p != in {
			t.Fatalf("set policy: %+v %v", p, err)
		}
		if got, _ := s.Root.PasswordPolicy(ctx); *got != in {
			t.Fatalf("policy read back: %+v", got)
		}
	})
	step("CreateUser", func(t *testing.T, s *apiServer) {
		alice, err := s.Root.CreateUser(ctx, aliceUser)
		if err != nil || alice.Name != "alice" || alice.Root || alice.PasswordOrigin != "local" || alice.ForcePasswordChange {
			t.Fatalf("create user: %+v %v", alice, err)
		}
	})
	step("ListUsers", func(t *testing.T, s *apiServer) {
		alice := s.mustAlice(t)
		l, err := s.Root.Users(ctx, client.UserFilter{})
		if err != nil || len(l.Items) != 2 || l.NextCursor != "" || l.Items[0].Name != "acme" || l.Items[1].ID != alice.ID {
			t.Fatalf("users: %+v %v", l, err)
		}
		l, err = s.Root.Users(ctx, client.UserFilter{Name: "alice"})
		if err != nil || len(l.Items) != 1 || l.Items[0].ID != alice.ID {
			t.Fatalf("users by name: %+v %v", l, err)
		}
		l, err = s.Root.Users(ctx, client.UserFilter{Limit: 1})
		if err != nil || len(l.Items) != 1 || l.Items[0].Name != "acme" || l.NextCursor == "" {
			t.Fatalf("users first page: %+v %v", l, err)
		}
		l, err = s.Root.Users(ctx, client.UserFilter{Limit: 1, Cursor: l.NextCursor})
		if err != nil || len(l.Items) != 1 || l.Items[0].ID != alice.ID || l.NextCursor != "" {
			t.Fatalf("users second page: %+v %v", l, err)
		}
	})
	step("ShowUser", func(t *testing.T, s *apiServer) {
		alice := s.mustAlice(t)
		u, err := s.Root.User(ctx, alice.ID)
		if err != nil || u.Email != "alice@acme.test" || u.AccountName != "acme" {
			t.Fatalf("user: %+v %v", u, err)
		}
	})
	step("UpdateUser", func(t *testing.T, s *apiServer) {
		alice := s.mustAlice(t)
		u, err := s.Root.UpdateUser(ctx, alice.ID, client.UserUpdate{Name: ptr("alicia"), DisplayName: ptr("Alicia"),
			Email: ptr("alicia@acme.test"), EmailVerified: ptr(true), Mobile: ptr("+33687654321"), MobileVerified: ptr(true),
			Locale: ptr("en"), Theme: ptr("dark"), Admin: ptr(true), Enabled: ptr(true)})
		if err != nil || u.Name != "alicia" || u.DisplayName != "Alicia" || u.Email != "alicia@acme.test" || !u.EmailVerified ||
			u.Mobile != "+33687654321" || !u.MobileVerified || u.Locale != "en" || u.Theme != "dark" || !u.Admin || !u.Enabled {
			t.Fatalf("update user: %+v %v", u, err)
		}
	})
	step("SetUserPassword", func(t *testing.T, s *apiServer) {
		alice := s.mustAlice(t)
		res, err := s.Root.SetUserPassword(ctx, alice.ID, "Admin-Battery-42", true)
		if err != nil || res.Warnings == nil || len(res.Warnings) != 0 {
			t.Fatalf("set password: %+v %v", res, err)
		}
		tok, err := s.Anon.Login(ctx, client.Credentials{Account: "acme", Username: "alice", Password: "Admin-Battery-42"})
		if err != nil || !tok.PasswordChangeRequired {
			t.Fatalf("login after admin set: %+v %v", tok, err)
		}
	})
	step("ChangePassword", func(t *testing.T, s *apiServer) {
		alice := s.mustAlice(t)
		if _, err := s.Root.SetUserPassword(ctx, alice.ID, "Admin-Battery-42", true); err != nil {
			t.Fatal(err)
		}
		c := s.mustLogin(t, client.Credentials{Email: "alice@acme.test", Password: "Admin-Battery-42"})
		_, err := c.UpdateMe(ctx, client.ProfileUpdate{DisplayName: ptr("A")})
		// alice's locale is French: so is the detail.
		checkClientError(t, err, http.StatusForbidden, "password.change_required", "Vous devez modifier votre mot de passe avant toute autre action.")
		res, err := c.ChangePassword(ctx, client.PasswordChange{CurrentPassword: "Admin-Battery-42", NewPassword: "Chosen-Battery-42",
			NotifyType: "NONE"})
		if err != nil || len(res.Warnings) != 0 || res.DictionaryPolicy != "" {
			t.Fatalf("change: %+v %v", res, err)
		}
		if _, err := c.UpdateMe(ctx, client.ProfileUpdate{DisplayName: ptr("A")}); err != nil {
			t.Fatalf("the token is no longer restricted: %v", err)
		}
	})
	step("ListSessions", func(t *testing.T, s *apiServer) {
		for range 2 {
			s.mustLogin(t, client.Credentials{Account: "acme", Password: rootPassword})
		}
		list, err := s.Root.Sessions(ctx)
		if err != nil || len(list) != 3 {
			t.Fatalf("sessions: %+v %v", list, err)
		}
		current := 0
		for _, sess := range list {
			if sess.Current {
				current++
			}
			if sess.Method != "password" || sess.IP != "127.0.0.1" || sess.UserAgent != "Go-http-client/1.1" {
				t.Fatalf("session: %+v", sess)
			}
		}
		if current != 1 {
			t.Fatalf("%d sessions are marked current", current)
		}
	})
	step("RevokeSession", func(t *testing.T, s *apiServer) {
		other := s.mustLogin(t, client.Credentials{Account: "acme", Password: rootPassword})
		list, _ := other.Sessions(ctx)
		var id string
		for _, sess := range list {
			if sess.Current {
				id = sess.ID
			}
		}
		if err := s.Root.RevokeSession(ctx, id); err != nil {
			t.Fatal(err)
		}
		_, err := other.Me(ctx)
		checkClientError(t, err, http.StatusUnauthorized, "auth.invalid_token", "the token is missing, invalid or expired")
	})
	step("CreateAPIClient", func(t *testing.T, s *apiServer) {
		ci, err := s.Root.CreateAPIClient(ctx, "ci")
		if err != nil || ci.Secret == "" || ci.Name != "ci" {
			t.Fatalf("create client: %+v %v", ci, err)
		}
	})
	step("ListAPIClients", func(t *testing.T, s *apiServer) {
		ci := s.mustAPIClient(t)
		list, err := s.Root.APIClients(ctx)
		if err != nil || len(list) != 1 || list[0].ID != ci.ID || list[0].Secret != "" {
			t.Fatalf("clients: %+v %v", list, err)
		}
	})
	step("ClientToken", func(t *testing.T, s *apiServer) {
		s.mustAlice(t)
		ci := s.mustAPIClient(t)
		tok, err := s.Anon.ClientToken(ctx, ci.ID, ci.Secret)
		if err != nil || tok.UserID != "" || tok.AccountID != s.AccountID || tok.ExpiresIn < 3540 || tok.ExpiresIn > 3600 {
			t.Fatalf("client token: %+v %v", tok, err)
		}
		machine := s.Anon.WithToken(tok.AccessToken)
		if l, err := machine.Users(ctx, client.UserFilter{}); err != nil || len(l.Items) != 2 {
			t.Fatalf("a client token administers the account: %+v %v", l, err)
		}
		_, err = machine.ChangePassword(ctx, client.PasswordChange{CurrentPassword: rootPassword, NewPassword: "Another-Battery-42"})
		checkClientError(t, err, http.StatusForbidden, "auth.user_token_required",
			"this operation requires a user access token; API client tokens are not accepted")
		_, err = machine.Me(ctx)
		checkClientError(t, err, http.StatusForbidden, "auth.user_token_required", "")
	})
	step("ClientTokenForm", func(t *testing.T, s *apiServer) {
		ci := s.mustAPIClient(t)
		body := "grant_type=client_credentials&client_id=" + ci.ID + "&client_secret=" + ci.Secret
		for _, ct := range []string{"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8"} {
			r := s.raw(t, http.MethodPost, "/v1/auth/token", "", ct, []byte(body))
			var tok client.Token
			if r.Status != http.StatusOK || json.Unmarshal(r.Body, &tok) != nil || tok.AccessToken == "" {
				t.Fatalf("%s: %d %s", ct, r.Status, r.Body)
			}
		}
	})
	step("DeleteAPIClient", func(t *testing.T, s *apiServer) {
		ci := s.mustAPIClient(t)
		if err := s.Root.DeleteAPIClient(ctx, ci.ID); err != nil {
			t.Fatal(err)
		}
		_, err := s.Anon.ClientToken(ctx, ci.ID, ci.Secret)
		checkClientError(t, err, http.StatusUnauthorized, "auth.invalid_client", "the client credentials are incorrect")
	})
	step("DeleteUser", func(t *testing.T, s *apiServer) {
		alice := s.mustAlice(t)
		if err := s.Root.DeleteUser(ctx, alice.ID); err != nil {
			t.Fatal(err)
		}
		_, err := s.Root.User(ctx, alice.ID)
		checkClientError(t, err, http.StatusNotFound, "user.not_found", "no such user")
	})
	step("Logout", func(t *testing.T, s *apiServer) {
		c := s.mustLogin(t, client.Credentials{Account: "acme", Password: rootPassword})
		if err := c.Logout(ctx); err != nil {
			t.Fatal(err)
		}
		_, err := c.Me(ctx)
		checkClientError(t, err, http.StatusUnauthorized, "auth.invalid_token", "")
	})

	// Every route of the foundation's table was answered with success at
	// least once. Routes that features added since are tested with them
	// (login_security_test.go, recovery_test.go, ...).
	t.Run("EveryRouteCalled", func(t *testing.T) {
		if ran != steps {
			t.Skipf("%d of %d steps ran: the check needs them all", ran, steps)
		}
		routed := walkRoutes(t)
		for _, rt := range foundationRoutes {
			if !slices.Contains(routed, rt) {
				t.Errorf("%s is no longer routed", rt)
			}
			if !served.succeeded(rt) {
				t.Errorf("no successful call of %s in TestRoutes", rt)
			}
		}
	})
}

// aliceUser is the user the route steps create.
var aliceUser = client.NewUser{Name: "alice", DisplayName: "Alice", Email: "alice@acme.test", Mobile: "+33612345678",
	Locale: "fr", Password: "Correct-Battery-42"}

// mustAlice creates aliceUser in acme.
func (s *apiServer) mustAlice(t *testing.T) *client.User {
	t.Helper()
	u, err := s.Root.CreateUser(context.Background(), aliceUser)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// mustAPIClient creates the API client "ci" in acme.
func (s *apiServer) mustAPIClient(t *testing.T) *client.APIClient {
	t.Helper()
	ci, err := s.Root.CreateAPIClient(context.Background(), "ci")
	if err != nil {
		t.Fatal(err)
	}
	return ci
}

// foundationRoutes is the route table of the foundation (issue 3).
var foundationRoutes = []string{
	"GET /v1/openapi.json",
	"POST /v1/auth/login",
	"POST /v1/auth/token",
	"POST /v1/auth/logout",
	"GET /v1/me",
	"PATCH /v1/me",
	"POST /v1/me/password",
	"GET /v1/me/sessions",
	"DELETE /v1/me/sessions/{id}",
	"GET /v1/account",
	"PATCH /v1/account",
	"GET /v1/account/password-policy",
	"PUT /v1/account/password-policy",
	"GET /v1/users",
	"POST /v1/users",
	"GET /v1/users/{id}",
	"PATCH /v1/users/{id}",
	"DELETE /v1/users/{id}",
	"PUT /v1/users/{id}/password",
	"GET /v1/api-clients",
	"POST /v1/api-clients",
	"DELETE /v1/api-clients/{id}",
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestTokenLifetime checks that expires_in follows the core's clock, not the
// wall clock of the process answering.
func TestTokenLifetime(t *testing.T) {
	s := mustAPIServer(t)
	s.Clock.Add(-3 * time.Hour)
	tok, err := s.Anon.Login(context.Background(), client.Credentials{Account: "acme", Password: rootPassword})
	if err != nil {
		t.Fatal(err)
	}
	if tok.ExpiresIn != 12*3600 {
		t.Fatalf("expires_in = %d, want the 12 h session lifetime", tok.ExpiresIn)
	}
}
