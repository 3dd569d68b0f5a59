package identity_test

import (
	"context"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

func TestAPIClients(t *testing.T) {
	c := mustCore(t)
	badClient := [3]string{string(fault.Unauthenticated), "auth.invalid_client", "the client credentials are incorrect"}
	created, err := c.svc.Auth.CreateClient(c.admin, "ci")
	if err != nil {
		t.Fatal(err)
	}
	if created.Secret == "" || created.Client.SecretHash == created.Secret || created.Client.AccountID != c.acct.ID {
		t.Fatalf("created: %+v", created)
	}
	t.Run("ErrNameTaken", func(t *testing.T) {
		_, err := c.svc.Auth.CreateClient(c.admin, "ci")
		checkFault(t, err, fault.Conflict, "client.name_taken", "an API client with this name already exists")
	})
	t.Run("OKList", func(t *testing.T) {
		list, err := c.svc.Auth.ClientsPage(c.admin, identity.Page{})
		if err != nil || len(list.Items) != 1 || list.Items[0].ID != created.Client.ID || list.Items[0].SecretHash != "" {
			t.Fatalf("list: %v %v", list, err)
		}
	})
	var token string
	t.Run("OKToken", func(t *testing.T) {
		var sess *identity.Session
		token, sess, err = c.svc.Auth.ClientToken(context.Background(), created.Client.ID, created.Secret)
		if err != nil || sess.Kind != identity.ClientToken || sess.UserID != "" || sess.ClientID != created.Client.ID {
			t.Fatalf("token: %+v %v", sess, err)
		}
		p, err := c.svc.Auth.Authenticate(context.Background(), token)
		if err != nil || p.Kind != identity.ClientToken || !p.Admin || p.AccountID != c.acct.ID {
			t.Fatalf("principal: %+v %v", p, err)
		}
	})
	t.Run("ErrWrongSecret", func(t *testing.T) {
		_, _, err := c.svc.Auth.ClientToken(context.Background(), created.Client.ID, "wrong")
		checkFaultOf(t, err, badClient)
		_, _, err = c.svc.Auth.ClientToken(context.Background(), "unknown", created.Secret)
		checkFaultOf(t, err, badClient)
	})
	t.Run("ErrOtherAccount", func(t *testing.T) {
		_, other := c.mustOtherAccount(t)
		err := c.svc.Auth.DeleteClient(other, created.Client.ID)
		checkFault(t, err, fault.NotFound, "client.not_found", "no such API client")
		if list, _ := c.svc.Auth.ClientsPage(other, identity.Page{}); len(list.Items) != 0 {
			t.Fatalf("globex sees acme's clients: %v", list)
		}
	})
	t.Run("OKDeleteRevokesTokens", func(t *testing.T) {
		if err := c.svc.Auth.DeleteClient(c.admin, created.Client.ID); err != nil {
			t.Fatal(err)
		}
		_, err := c.svc.Auth.Authenticate(context.Background(), token)
		checkFaultOf(t, err, badToken)
		_, _, err = c.svc.Auth.ClientToken(context.Background(), created.Client.ID, created.Secret)
		checkFaultOf(t, err, badClient)
	})
}
