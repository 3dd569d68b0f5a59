package client

import (
	"context"
	"net/http"
	"net/url"
)

// Dictionary lists the account's banned words (GET /v1/account/dictionary).
func (c *Client) Dictionary(ctx context.Context) ([]string, error) {
	return all[string](ctx, c, "/v1/account/dictionary", nil, 0)
}

// AddDictionaryWords bans words and returns how many were new
// (POST /v1/account/dictionary).
func (c *Client) AddDictionaryWords(ctx context.Context, words []string) (int, error) {
	var out struct {
		Added int `json:"added"`
	}
	_, err := c.do(ctx, http.MethodPost, "/v1/account/dictionary", map[string][]string{"words": words}, &out)
	return out.Added, err
}

// RemoveDictionaryWord lifts a ban (DELETE /v1/account/dictionary/{word}).
func (c *Client) RemoveDictionaryWord(ctx context.Context, word string) error {
	_, err := c.do(ctx, http.MethodDelete, "/v1/account/dictionary/"+url.PathEscape(word), nil, nil)
	return err
}
