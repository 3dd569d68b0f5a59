package scim_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

// clientToken creates an API client of acme, the provisioning credential an
// identity provider holds, and returns its token.
func (f *fixture) clientToken(t *testing.T) string {
	t.Helper()
	c, err := f.svc.Auth.CreateClient(f.rootCtx(t), "provisioning")
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := f.svc.Auth.ClientToken(context.Background(), c.Client.ID, c.Secret)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// login returns a token of acme's user name, or fails.
func (f *fixture) login(t *testing.T, name, password string) *identity.LoginResult {
	t.Helper()
	res, err := f.svc.Auth.Login(context.Background(), identity.LoginInput{AccountName: "acme", UserName: name, Password: password})
	if err != nil {
		t.Fatalf("login %s: %v", name, err)
	}
	return res
}

// messages claims the queued notifications.
func (f *fixture) messages(t *testing.T) []notify.Message {
	t.Helper()
	msgs, err := f.db.ClaimOutbox(context.Background(), 100, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// filterPath is /v2.0/Users?filter=… with the filter escaped as a client does.
func filterPath(filter string, more ...string) string {
	q := url.Values{"filter": {filter}}
	for i := 0; i+1 < len(more); i += 2 {
		q.Set(more[i], more[i+1])
	}
	return "/v2.0/Users?" + q.Encode()
}

func resources(body map[string]any) []map[string]any {
	var out []map[string]any
	list, _ := body["Resources"].([]any)
	for _, r := range list {
		out = append(out, r.(map[string]any))
	}
	return out
}

func str(v any) string { s, _ := v.(string); return s }

// emailOf returns the value of a resource's first email.
func emailOf(res map[string]any) string {
	list, _ := res["emails"].([]any)
	if len(list) == 0 {
		return ""
	}
	return str(list[0].(map[string]any)["value"])
}

func loginOf(name, password string) identity.LoginInput {
	return identity.LoginInput{AccountName: "acme", UserName: name, Password: password}
}
