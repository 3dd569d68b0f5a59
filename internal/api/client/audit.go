package client

import (
	"context"
	"net/url"
	"strconv"
	"time"
)

// AuditEvent is one entry of an account's audit trail.
type AuditEvent struct {
	ID        string            `json:"id"`
	Action    string            `json:"action"`
	Outcome   string            `json:"outcome"`
	UserID    string            `json:"user_id"`
	ActorID   string            `json:"actor_id"`
	IP        string            `json:"ip"`
	Detail    map[string]string `json:"detail"`
	CreatedAt time.Time         `json:"created_at"`
}

// AuditFilter narrows AuditEvents; zero fields do not filter. Action is an
// action ("password.change") or a family ending in a dot ("password.").
type AuditFilter struct {
	UserID, Action, Outcome string
	Since, Before           time.Time
}

// AuditEvents lists the account's audit events, newest first, following
// pages up to limit (all when limit is zero) (GET /v1/account/audit).
func (c *Client) AuditEvents(ctx context.Context, f AuditFilter, limit int) ([]AuditEvent, error) {
	q := url.Values{}
	for k, v := range map[string]string{"user_id": f.UserID, "action": f.Action, "outcome": f.Outcome} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if !f.Since.IsZero() {
		q.Set("since", f.Since.UTC().Format(time.RFC3339Nano))
	}
	if !f.Before.IsZero() {
		q.Set("before", f.Before.UTC().Format(time.RFC3339Nano))
	}
	if limit > 0 && limit < maxPage {
		q.Set("limit", strconv.Itoa(limit))
	}
	return all[AuditEvent](ctx, c, "/v1/account/audit", q, limit)
}
