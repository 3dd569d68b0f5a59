package keystone

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/identity"
)

// Keystone's time formats: tokens carry microseconds and a Z
// (parameters.yaml); a user's password_expires_at carries no zone
// (user-show-response.json), and gophercloud fails to parse one with a Z.
const (
	tokenTime = "2006-01-02T15:04:05.000000Z"
	userTime  = "2006-01-02T15:04:05.000000"
)

type idName struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type tokenBody struct {
	Token tokenJSON `json:"token"`
}

type tokenJSON struct {
	Methods   []string       `json:"methods"`
	User      tokenUserJSON  `json:"user"`
	AuditIDs  []string       `json:"audit_ids"`
	ExpiresAt string         `json:"expires_at"`
	IssuedAt  string         `json:"issued_at"`
	Domain    *idName        `json:"domain,omitempty"`
	Project   *projectScope  `json:"project,omitempty"`
	IsDomain  *bool          `json:"is_domain,omitempty"`
	Roles     []idName       `json:"roles,omitempty"`
	Catalog   []catalogEntry `json:"catalog,omitempty"`
}

// projectScope is a project-scoped token's project.
type projectScope struct {
	Domain idName `json:"domain"`
	ID     string `json:"id"`
	Name   string `json:"name"`
}

type tokenUserJSON struct {
	Domain            idName  `json:"domain"`
	ID                string  `json:"id"`
	Name              string  `json:"name"`
	PasswordExpiresAt *string `json:"password_expires_at"`
}

type catalogEntry struct {
	Endpoints []endpointJSON `json:"endpoints"`
	Type      string         `json:"type"`
	ID        string         `json:"id"`
	Name      string         `json:"name"`
}

type endpointJSON struct {
	ID        string `json:"id"`
	Interface string `json:"interface"`
	Region    string `json:"region"`
	RegionID  string `json:"region_id"`
	URL       string `json:"url"`
}

// The fixed IDs of the one service and endpoint in catalogs, and of the
// roles a domain-scoped token lists. Keystone's IDs are 32 hex characters.
const (
	identityServiceID  = "5d6b3f3c0f1e4a4b9f7c2a1e8d9b0c11"
	identityEndpointID = "9a1c7e2b4d6f48a0b3e5c7d9f1a2b3c4"
	roleAdminID        = "2d1e9f1c3b5a4c7e8f0a1b2c3d4e5f60"
	roleMemberID       = "6f0b2c4d8e1a4f3b9c5d7e0a1b2c3d4e"
	roleReaderID       = "8b3d5f7a9c1e4b6d8f0a2c4e6a8b0c2d"
)

// auditID is the token's audit ID: Keystone's shape (22 URL-safe base64
// characters of 16 bytes), derived from the session ID so that it names the
// token without revealing it.
func auditID(sessionID string) string {
	b, err := hex.DecodeString(sessionID)
	if err != nil || len(b) == 0 {
		return base64.RawURLEncoding.EncodeToString([]byte(sessionID))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// methods lists how a token was obtained, in Keystone's names. The core
// records them joined by "+" ("password+totp").
func methods(sess *identity.Session) []string {
	if sess.Method == "" {
		return []string{"password"}
	}
	return strings.Split(sess.Method, "+")
}

// toTokenBody renders a token as Keystone's token body.
func (h *handler) toTokenBody(info *identity.TokenInfo, base string, catalog bool) tokenBody {
	s, u := info.Session, info.User
	t := tokenJSON{Methods: methods(s), AuditIDs: []string{auditID(s.ID)},
		ExpiresAt: s.ExpiresAt.UTC().Format(tokenTime), IssuedAt: s.CreatedAt.UTC().Format(tokenTime)}
	if info.ChainID != "" {
		// Keystone's audit chain: the token's own ID, then the first one's.
		t.AuditIDs = append(t.AuditIDs, auditID(info.ChainID))
	}
	domain := idName{ID: s.AccountID, Name: info.AccountName}
	if u != nil {
		t.User = tokenUserJSON{Domain: domain, ID: u.ID, Name: u.Name, PasswordExpiresAt: timeOrNull(info.PasswordExpiresAt, tokenTime)}
	}
	switch info.Scope {
	case identity.ScopeAccount:
		t.Domain = &domain
	case identity.ScopeProject:
		// The account's one project bears its ID and name.
		t.Project = &projectScope{Domain: domain, ID: s.AccountID, Name: info.AccountName}
		t.IsDomain = new(bool)
	default:
		return tokenBody{Token: t}
	}
	t.Roles = []idName{{roleMemberID, "member"}, {roleReaderID, "reader"}}
	if u != nil && u.IsAdmin() {
		t.Roles = append([]idName{{roleAdminID, "admin"}}, t.Roles...)
	}
	if catalog {
		t.Catalog = h.catalog(base)
	}
	return tokenBody{Token: t}
}

// catalog is the service catalog of a scoped token: the identity service,
// at this server.
func (h *handler) catalog(base string) []catalogEntry {
	return []catalogEntry{{Type: "identity", ID: identityServiceID, Name: "keystone",
		Endpoints: []endpointJSON{{ID: identityEndpointID, Interface: "public", Region: h.cfg.Region,
			RegionID: h.cfg.Region, URL: base + "/v3"}}}}
}

// timeOrNull formats t, or gives null for the zero time.
func timeOrNull(t time.Time, layout string) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(layout)
	return &s
}
