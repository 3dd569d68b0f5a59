// Package client is a small Go client for Watchword's native /v1 API. The
// API's own tests and the end-to-end tests drive the service through it, so
// it stays as plain as the wire: one method per route, JSON in and out, and
// every problem+json answer returned as an *Error.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Client calls one Watchword server, optionally with a bearer token.
// It is safe for concurrent use; WithToken returns a copy.
type Client struct {
	base  string
	token string
	hc    *http.Client
}

// New returns a client for the server at baseURL (e.g. http://127.0.0.1:8080,
// without /v1). A nil hc uses a client with a 30-second timeout.
func New(baseURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), hc: hc}
}

// WithToken returns a copy of c that sends token as its bearer token.
func (c *Client) WithToken(token string) *Client {
	cp := *c
	cp.token = token
	return &cp
}

// Token returns the bearer token c sends, if any.
func (c *Client) Token() string { return c.token }

// BaseURL returns the server's base URL.
func (c *Client) BaseURL() string { return c.base }

// Error is a problem+json answer (RFC 9457) with Watchword's stable code.
type Error struct {
	Status int    `json:"status"`
	Type   string `json:"type"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
	Field  string `json:"field,omitempty"`
	Rules  []Rule `json:"rules,omitempty"`
	// RetryAfter is the Retry-After header, when the server sent one.
	RetryAfter string `json:"-"`
	// DictionaryPolicy is the isv-dictionary-policy header, when sent.
	DictionaryPolicy string `json:"-"`
	// ContentType is the answer's media type: application/problem+json.
	ContentType string `json:"-"`
}

func (e *Error) Error() string {
	return fmt.Sprintf("watchword: %d %s: %s", e.Status, e.Code, e.Detail)
}

// Rule is the outcome of one password-policy rule.
type Rule struct {
	ID      string         `json:"id"`
	Passed  bool           `json:"passed"`
	Warn    bool           `json:"warn,omitempty"`
	Message string         `json:"message"`
	Args    map[string]any `json:"args,omitempty"`
}

// CodeOf returns the problem code of err, or "" when err is not an *Error.
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// StatusOf returns the HTTP status of err, or 0 when err is not an *Error.
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// do sends one request and decodes a 2xx JSON answer into out (unless nil).
func (c *Client) do(ctx context.Context, method, path string, in, out any) (http.Header, error) {
	return c.doWith(ctx, method, path, nil, in, out)
}

// doWith is do with request headers (If-Match).
func (c *Client) doWith(ctx context.Context, method, path string, header http.Header, in, out any) (http.Header, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	for k, v := range header {
		req.Header[k] = v
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 16<<20))
	if err != nil {
		return res.Header, err
	}
	if res.StatusCode >= 300 {
		return res.Header, problemOf(res, raw)
	}
	if out != nil && res.StatusCode != http.StatusNoContent {
		if err := json.Unmarshal(raw, out); err != nil {
			return res.Header, fmt.Errorf("watchword: decoding %s %s: %w", method, path, err)
		}
	}
	return res.Header, nil
}

// problemOf reads an error answer; a body that is not problem+json still
// gives an *Error carrying the status.
func problemOf(res *http.Response, raw []byte) error {
	e := &Error{}
	if json.Unmarshal(raw, e) != nil || e.Code == "" {
		e = &Error{Title: http.StatusText(res.StatusCode), Detail: strings.TrimSpace(string(raw))}
	}
	e.Status = res.StatusCode
	e.RetryAfter = res.Header.Get("Retry-After")
	e.DictionaryPolicy = res.Header.Get("isv-dictionary-policy")
	e.ContentType = res.Header.Get("Content-Type")
	return e
}

// OpenAPI returns the API's OpenAPI document.
func (c *Client) OpenAPI(ctx context.Context) (json.RawMessage, error) {
	var doc json.RawMessage
	_, err := c.do(ctx, http.MethodGet, "/v1/openapi.json", nil, &doc)
	return doc, err
}

// Healthy reports whether /healthz answers 200.
func (c *Client) Healthy(ctx context.Context) error {
	_, err := c.do(ctx, http.MethodGet, "/healthz", nil, nil)
	return err
}
