package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/testkit"
)

// fuzzSeeds are bodies worth mutating: valid ones, and each kind of broken one.
var fuzzSeeds = []string{
	`{"account":"acme","password":"Tr0ubadour-Horse-Staple"}`,
	`{"email":"root@acme.test","password":"x"}`,
	`{"name":"bob","email":"bob@acme.test","password":"Correct-Battery-42","admin":true}`,
	`{"display_name":"Bob","enabled":false,"email_verified":true}`,
	`{"account":`, `{} {}`, `{}x`, `[]`, `null`, `""`, `{"account":5}`, `{"nope":1}`,
	`{"account":"\u0000","password":"\ud800"}`, "{\"password\":\"\xff\xfe\"}", ``,
	`{"name":"` + strings.Repeat("a", 300) + `"}`, `{"a":{"b":{"c":[[[[[[[[[]]]]]]]]]}}}`,
}

// FuzzDecode feeds arbitrary bodies to the decoder and to the login and user
// handlers: whatever arrives, the answer is never a 500 and nothing panics.
func FuzzDecode(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), "application/json")
	}
	f.Add([]byte(`{}`), "text/plain")
	f.Add([]byte(`{}`), "application/json; charset=\"")
	f.Add([]byte(`{"password":"x"}`), "")

	fx := testkit.MustServices(f, testkit.Options{Pool: password.PoolConfig{Queue: 1024}})
	svc, root := fx.Services, fx.Root
	login, err := svc.Auth.Login(context.Background(), identity.LoginInput{AccountName: "acme", Password: testkit.RootPassword})
	if err != nil {
		f.Fatal(err)
	}
	h := New(Config{MaxBodyBytes: 4096}, svc, nil)

	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		// The decoder alone, into each shape of request.
		for _, dst := range []any{&loginRequest{}, &createUserRequest{}, &updateUserRequest{}, &accountUpdateRequest{}, &policyRequest{}} {
			r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
			if contentType != "" {
				r.Header.Set("Content-Type", contentType)
			}
			if err := decode(r, 4096, dst); err != nil {
				fe := fault.As(err)
				if fe.Kind != fault.Invalid && fe.Kind != fault.TooLarge {
					t.Fatalf("decode %q: %v (kind %s)", body, err, fe.Kind)
				}
			}
		}
		// The handlers, through the router.
		for _, rt := range []struct{ method, path string }{
			{http.MethodPost, "/v1/auth/login"},
			{http.MethodPost, "/v1/users"},
			{http.MethodPatch, "/v1/users/" + root.ID},
			{http.MethodPatch, "/v1/me"},
		} {
			r := httptest.NewRequest(rt.method, rt.path, bytes.NewReader(body))
			if contentType != "" {
				r.Header.Set("Content-Type", contentType)
			}
			r.Header.Set("Authorization", "Bearer "+login.Token)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code >= 500 {
				t.Fatalf("%s %s %q: %d %s", rt.method, rt.path, body, w.Code, w.Body)
			}
			if w.Code >= 400 {
				var p problem
				if json.Unmarshal(w.Body.Bytes(), &p) != nil || p.Code == "" || p.Status != w.Code ||
					w.Header().Get("Content-Type") != "application/problem+json" {
					t.Fatalf("%s %s %q: %d is not a problem: %s", rt.method, rt.path, body, w.Code, w.Body)
				}
			}
		}
	})
}
