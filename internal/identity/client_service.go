package identity

import (
	"context"
	"crypto/subtle"
	"time"

	"github.com/watchword/watchword/internal/fault"
)

// NewClientResult is a created API client with its secret, shown only once.
type NewClientResult struct {
	Client *APIClient
	Secret string
}

// CreateClient registers an API client for the administrator's account.
// Errors: Unauthenticated, Forbidden, Invalid, Conflict.
func (s *AuthService) CreateClient(ctx context.Context, name string) (*NewClientResult, error) {
	p, err := requireAdmin(ctx)
	if err != nil {
		return nil, err
	}
	if err := validateName("name", name); err != nil {
		return nil, err
	}
	secret, hash := newToken()
	c := &APIClient{ID: newID(), AccountID: p.AccountID, Name: name, SecretHash: hash, CreatedAt: s.d.Clock()}
	if err := s.d.Store.CreateAPIClient(ctx, c, s.d.event(ctx, "client.create", p.AccountID, "")); err != nil {
		return nil, err
	}
	return &NewClientResult{Client: c, Secret: secret}, nil
}

// DeleteClient removes an API client and revokes its tokens.
// Errors: Unauthenticated, Forbidden, NotFound.
func (s *AuthService) DeleteClient(ctx context.Context, id string) error {
	p, err := requireAdmin(ctx)
	if err != nil {
		return err
	}
	c, err := s.d.Store.FindAPIClientByID(ctx, id)
	if err != nil || c.AccountID != p.AccountID {
		return fault.New(fault.NotFound, "client.not_found", "no such API client")
	}
	return s.d.Store.DeleteAPIClient(ctx, id, s.d.event(ctx, "client.delete", p.AccountID, ""))
}

// ClientToken exchanges client credentials for a short-lived client token.
// Errors: Unauthenticated (unknown client or wrong secret, one answer).
func (s *AuthService) ClientToken(ctx context.Context, clientID, secret string) (string, *Session, error) {
	token, sess, err := s.clientToken(ctx, clientID, secret)
	s.d.signedIn(ctx, false, err)
	return token, sess, err
}

func (s *AuthService) clientToken(ctx context.Context, clientID, secret string) (string, *Session, error) {
	bad := fault.New(fault.Unauthenticated, "auth.invalid_client", "the client credentials are incorrect")
	c, err := s.d.Store.FindAPIClientByID(ctx, clientID)
	if fault.Is(err, fault.NotFound) {
		return "", nil, bad
	}
	if err != nil {
		return "", nil, err
	}
	if subtle.ConstantTimeCompare([]byte(hashToken(secret)), []byte(c.SecretHash)) != 1 {
		return "", nil, bad
	}
	token, hash := newToken()
	now := s.d.Clock()
	r := RequestFrom(ctx)
	sess := &Session{ID: newID(), TokenHash: hash, Kind: ClientToken, ClientID: c.ID, AccountID: c.AccountID,
		Method: "client_credentials", IP: r.IP, UserAgent: truncate(r.UserAgent, 255), CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.d.Config.ClientTTL), IdleUntil: now.Add(s.d.Config.ClientTTL)}
	ev := s.d.event(ctx, "client.token", c.AccountID, "")
	ev.ActorID = c.ID
	if err := s.d.Store.CreateSession(ctx, sess, ev); err != nil {
		return "", nil, err
	}
	return token, sess, nil
}

// clientTokenLifetime is exported for faces that print expires_in.
func (s *AuthService) ClientTokenLifetime() time.Duration { return s.d.Config.ClientTTL }
