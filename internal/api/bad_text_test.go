package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/store/storetest"
)

// TestTextPostgresCannotHold: PostgreSQL refuses a NUL character or bytes
// that are not UTF-8 in any text it is given, lookups included (SQLSTATE
// 22021). A path, query or JSON string carrying one is the caller's bad
// input, answered 400 validation.text, never a 500 and an error log (the
// harness fails the test on one).
func TestTextPostgresCannotHold(t *testing.T) {
	s := mustAPIServerWith(t, serverOptions{Open: storetest.MustOpenPostgres})
	login, err := s.Anon.Login(context.Background(), client.Credentials{Account: "acme", Password: rootPassword})
	if err != nil {
		t.Fatal(err)
	}
	tok := login.AccessToken
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/v1/groups/a%00b", ""},
		{"GET", "/v1/groups?display_name=a%00b", ""},
		{"GET", "/v1/users/a%ffb", ""},
		{"GET", "/v1/account/audit?action=a%00b", ""},
		{"GET", "/v1/account/audit?user_id=a%ffb", ""},
		{"POST", "/v1/groups", `{"display_name":"ops","members":["a\u0000b"]}`},
		{"POST", "/v1/auth/login", `{"account":"a\u0000b","password":"x"}`},
	} {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			tk := tok
			if c.path == "/v1/auth/login" {
				tk = ""
			}
			var body []byte
			ct := ""
			if c.body != "" {
				body, ct = []byte(c.body), "application/json"
			}
			mustProblem(t, s.raw(t, c.method, c.path, tk, ct, body), http.StatusBadRequest, "validation.text")
		})
	}
}
