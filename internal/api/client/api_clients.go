package client

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// APIClient is a machine client of the account. Secret is set only in the
// answer to CreateAPIClient: the server keeps a hash.
type APIClient struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	Secret    string    `json:"secret,omitempty"`
}

// APIClients lists the account's API clients (GET /v1/api-clients).
func (c *Client) APIClients(ctx context.Context) ([]APIClient, error) {
	return all[APIClient](ctx, c, "/v1/api-clients", nil, 0)
}

// CreateAPIClient registers an API client (POST /v1/api-clients).
func (c *Client) CreateAPIClient(ctx context.Context, name string) (*APIClient, error) {
	var out APIClient
	if _, err := c.do(ctx, http.MethodPost, "/v1/api-clients", map[string]string{"name": name}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteAPIClient removes an API client and revokes its tokens (DELETE /v1/api-clients/{id}).
func (c *Client) DeleteAPIClient(ctx context.Context, id string) error {
	_, err := c.do(ctx, http.MethodDelete, "/v1/api-clients/"+url.PathEscape(id), nil, nil)
	return err
}
