package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Notification is a queued notification, without its content.
type Notification struct {
	ID            string     `json:"id"`
	Channel       string     `json:"channel"`
	Recipient     string     `json:"recipient"`
	Template      string     `json:"template"`
	Status        string     `json:"status"`
	Attempts      int        `json:"attempts"`
	LastError     string     `json:"last_error"`
	CreatedAt     time.Time  `json:"created_at"`
	NextAttemptAt *time.Time `json:"next_attempt_at"`
}

// Notifications lists the account's notifications, newest first; status
// (dead, pending, sent) and limit may be zero (GET /v1/account/notifications).
func (c *Client) Notifications(ctx context.Context, status string, limit int) ([]Notification, error) {
	q := url.Values{}
	if status != "" {
		q.Set("status", status)
	}
	if limit > 0 && limit < maxPage {
		q.Set("limit", strconv.Itoa(limit))
	}
	return all[Notification](ctx, c, "/v1/account/notifications", q, limit)
}

// RetryNotification queues a dead notification again
// (POST /v1/account/notifications/{id}/retry).
func (c *Client) RetryNotification(ctx context.Context, id string) (*Notification, error) {
	var out Notification
	if _, err := c.do(ctx, http.MethodPost, "/v1/account/notifications/"+url.PathEscape(id)+"/retry", nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
