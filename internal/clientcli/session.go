package clientcli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/watchword/watchword/internal/api/client"
)

// anonymous returns a client for the endpoint in effect, without a token.
func (a *app) anonymous() (*client.Client, *settings, error) {
	s, _, err := a.resolve()
	if err != nil {
		return nil, nil, err
	}
	if s.Endpoint == "" {
		return nil, nil, fmt.Errorf("no endpoint for profile %q: pass --endpoint URL, set WATCHWORD_ENDPOINT, or run `watchword login --endpoint URL`", s.name)
	}
	return client.New(s.Endpoint, &http.Client{Timeout: 60 * time.Second}), s, nil
}

// signedIn returns a client holding the profile's token, or tells the user
// to log in when there is none or it has expired.
func (a *app) signedIn() (*client.Client, *settings, error) {
	c, s, err := a.anonymous()
	if err != nil {
		return nil, nil, err
	}
	switch {
	case s.Token == "":
		return nil, nil, &loginNeeded{profile: s.name, why: fmt.Sprintf("profile %q is not logged in", s.name)}
	case s.TokenExpiresAt != nil && !s.TokenExpiresAt.After(time.Now()):
		return nil, nil, &loginNeeded{profile: s.name, why: fmt.Sprintf("the session of profile %q expired at %s", s.name, s.TokenExpiresAt.Local().Format(time.DateTime))}
	}
	return c.WithToken(s.Token), s, nil
}

// check turns the server's refusal of the token itself into the advice to
// log in again; other errors pass through.
func (s *settings) check(err error) error {
	var p *client.Error
	if errors.As(err, &p) && p.Status == http.StatusUnauthorized && (p.Code == "auth.invalid_token" || p.Code == "auth.required") {
		return &loginNeeded{profile: s.name, why: fmt.Sprintf("the server refused the token of profile %q (expired or revoked)", s.name)}
	}
	return err
}

// call runs fn with the signed-in client and checks its error.
func call[T any](a *app, fn func(ctx context.Context, c *client.Client) (T, error)) (T, *settings, error) {
	var zero T
	c, s, err := a.signedIn()
	if err != nil {
		return zero, nil, err
	}
	v, err := fn(context.Background(), c)
	if err != nil {
		return zero, s, s.check(err)
	}
	return v, s, nil
}
