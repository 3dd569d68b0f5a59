package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Group is a user group of the account. Members of the group whose Builtin
// is "admin" are the account's administrators.
type Group struct {
	ID          string        `json:"id"`
	DisplayName string        `json:"display_name"`
	ExternalID  string        `json:"external_id"`
	Builtin     string        `json:"builtin,omitempty"`
	Version     int64         `json:"version"`
	Members     []GroupMember `json:"members"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`
}

// GroupMember is a user in a group.
type GroupMember struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// NewGroup is a group to create; Members are user IDs.
type NewGroup struct {
	DisplayName string   `json:"display_name"`
	ExternalID  string   `json:"external_id,omitempty"`
	Members     []string `json:"members,omitempty"`
}

// GroupUpdate changes a group; nil fields stay as they are, Members is
// the whole list.
type GroupUpdate struct {
	DisplayName *string   `json:"display_name,omitempty"`
	ExternalID  *string   `json:"external_id,omitempty"`
	Members     *[]string `json:"members,omitempty"`
}

// GroupFilter selects groups; zero fields select all.
type GroupFilter struct {
	DisplayName string // the group of this name, in any case
	Limit       int    // page size; 0 for the server's default
	Cursor      string // the NextCursor of the page before; "" for the first
}

// GroupList is one page of groups; NextCursor, when set, asks for the next.
type GroupList struct {
	Items      []Group `json:"items"`
	NextCursor string  `json:"next_cursor,omitempty"`
}

// Groups lists the account's groups by display name (GET /v1/groups).
func (c *Client) Groups(ctx context.Context, f GroupFilter) (*GroupList, error) {
	q := url.Values{}
	if f.DisplayName != "" {
		q.Set("display_name", f.DisplayName)
	}
	if f.Limit > 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	if f.Cursor != "" {
		q.Set("cursor", f.Cursor)
	}
	path := "/v1/groups"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var out GroupList
	if _, err := c.do(ctx, http.MethodGet, path, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// CreateGroup adds a group (POST /v1/groups).
func (c *Client) CreateGroup(ctx context.Context, in NewGroup) (*Group, error) {
	var g Group
	if _, err := c.do(ctx, http.MethodPost, "/v1/groups", in, &g); err != nil {
		return nil, err
	}
	return &g, nil
}

// Group returns one group with its members (GET /v1/groups/{id}).
func (c *Client) Group(ctx context.Context, id string) (*Group, error) {
	var g Group
	if _, err := c.do(ctx, http.MethodGet, groupPath(id), nil, &g); err != nil {
		return nil, err
	}
	return &g, nil
}

// UpdateGroup changes a group (PATCH /v1/groups/{id}); ifVersion, when not
// 0, must be the group's version (If-Match), else the server answers 412
// group.version_mismatch.
func (c *Client) UpdateGroup(ctx context.Context, id string, ifVersion int64, in GroupUpdate) (*Group, error) {
	var g Group
	if _, err := c.doWith(ctx, http.MethodPatch, groupPath(id), ifMatch(ifVersion), in, &g); err != nil {
		return nil, err
	}
	return &g, nil
}

// AddGroupMember adds a user to a group (PUT /v1/groups/{id}/members/{user}).
func (c *Client) AddGroupMember(ctx context.Context, id, userID string, ifVersion int64) (*Group, error) {
	var g Group
	if _, err := c.doWith(ctx, http.MethodPut, groupPath(id)+"/members/"+url.PathEscape(userID), ifMatch(ifVersion), nil, &g); err != nil {
		return nil, err
	}
	return &g, nil
}

// RemoveGroupMember removes a user from a group
// (DELETE /v1/groups/{id}/members/{user}).
func (c *Client) RemoveGroupMember(ctx context.Context, id, userID string, ifVersion int64) (*Group, error) {
	var g Group
	if _, err := c.doWith(ctx, http.MethodDelete, groupPath(id)+"/members/"+url.PathEscape(userID), ifMatch(ifVersion), nil, &g); err != nil {
		return nil, err
	}
	return &g, nil
}

// DeleteGroup removes a group (DELETE /v1/groups/{id}); its users stay.
func (c *Client) DeleteGroup(ctx context.Context, id string, ifVersion int64) error {
	_, err := c.doWith(ctx, http.MethodDelete, groupPath(id), ifMatch(ifVersion), nil, nil)
	return err
}

func groupPath(id string) string { return "/v1/groups/" + url.PathEscape(id) }

// ifMatch is the If-Match header naming version, none for 0.
func ifMatch(version int64) http.Header {
	if version == 0 {
		return nil
	}
	return http.Header{"If-Match": {`W/"` + strconv.FormatInt(version, 10) + `"`}}
}
