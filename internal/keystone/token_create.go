package keystone

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

type authRequest struct {
	Auth *authJSON `json:"auth"`
}

func (authRequest) wrapper() string { return "auth" }

type authJSON struct {
	Identity *identityJSON   `json:"identity"`
	Scope    json.RawMessage `json:"scope"`
}

type identityJSON struct {
	Methods  []string         `json:"methods"`
	Password *methodUserJSON  `json:"password"`
	TOTP     *methodUserJSON  `json:"totp"`
	SMS      *methodUserJSON  `json:"sms"`
	Email    *methodUserJSON  `json:"email"`
	Token    *tokenMethodJSON `json:"token"`
}

// tokenMethodJSON is the token method's object: the token to re-scope.
type tokenMethodJSON struct {
	ID string `json:"id"`
}

// method returns the object of a method, nil when absent.
func (id *identityJSON) method(name string) *methodUserJSON {
	switch name {
	case "password":
		return id.Password
	case "totp":
		return id.TOTP
	case "sms":
		return id.SMS
	case "email":
		return id.Email
	}
	return nil
}

type methodUserJSON struct {
	User *userRefJSON `json:"user"`
}

type userRefJSON struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Domain   *domainRef `json:"domain"`
	Password string     `json:"password"`
	Passcode string     `json:"passcode"`
}

type domainRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type scopeJSON struct {
	Domain  *domainRef      `json:"domain"`
	Project *projectRef     `json:"project"`
	System  json.RawMessage `json:"system"`
	Trust   json.RawMessage `json:"OS-TRUST:trust"`
}

type projectRef struct {
	ID     string     `json:"id"`
	Name   string     `json:"name"`
	Domain *domainRef `json:"domain"`
}

// The authentication methods this face offers.
var supportedMethods = []string{"password", "token", "totp", "sms", "email"}

// errUnsupportedMethod is Keystone's AuthMethodNotSupported: a 401 whose
// body also lists the methods offered.
type unsupportedMethodBody struct {
	Error struct {
		keystoneErrorBody
		Identity struct {
			Methods []string `json:"methods"`
		} `json:"identity"`
	} `json:"error"`
}

// createToken is POST /v3/auth/tokens: password, optionally with a TOTP
// passcode, optionally scoped to the user's domain (account).
func (h *handler) createToken(w http.ResponseWriter, r *http.Request) {
	var in authRequest
	if !h.read(w, r, &in, false) {
		return
	}
	id, scope, err := checkAuth(in)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if slices.Contains(id.Methods, "token") && r.Header.Get("Openstack-Auth-Receipt") == "" {
		h.rescope(w, r, id, scope)
		return
	}
	for _, m := range id.Methods {
		if !slices.Contains(supportedMethods, m) {
			h.unsupportedMethod(w, r)
			return
		}
	}
	var res *identity.TokenLogin
	switch {
	case r.Header.Get("Openstack-Auth-Receipt") != "":
		res, err = h.continueLogin(r, id, scope)
	case slices.Contains(id.Methods, "password"):
		res, err = h.passwordLogin(r, userRef(id.Password.User), id.Password.User.Password, id, scope)
	default:
		// A passcode alone never signs in: as Keystone does when a rule
		// asks for the password too, a right one gets a receipt that the
		// password answers.
		res, err = h.codeFirstLogin(r, id)
	}
	if h.writeReceipt(w, err) {
		return
	}
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.writeLogin(w, r, res)
}

// checkAuth validates the shape of an auth request as Keystone's schema and
// AuthInfo do, and returns its identity and scope (nil when unscoped).
func checkAuth(in authRequest) (*identityJSON, *identity.ScopeRef, error) {
	if in.Auth == nil {
		return nil, nil, required("auth", "auth")
	}
	id := in.Auth.Identity
	if id == nil {
		return nil, nil, required("auth", "identity")
	}
	if len(id.Methods) == 0 {
		return nil, nil, required("identity", "methods")
	}
	for i, m := range id.Methods {
		// Huawei's Go SDK sends " totp" (its enum's value has a space).
		id.Methods[i] = strings.TrimSpace(m)
	}
	for _, m := range id.Methods {
		if !slices.Contains(supportedMethods, m) {
			continue
		}
		if m == "token" {
			if id.Token == nil {
				return nil, nil, expecting("token", "identity")
			}
			if id.Token.ID == "" {
				return nil, nil, expecting("id", "token")
			}
			continue
		}
		obj := id.method(m)
		if obj == nil {
			return nil, nil, expecting(m, "identity")
		}
		if obj.User == nil {
			return nil, nil, expecting("user", m)
		}
		u := obj.User
		if u.ID == "" && (u.Name == "" || u.Domain == nil || (u.Domain.ID == "" && u.Domain.Name == "")) {
			return nil, nil, expecting("user", m)
		}
	}
	scope, err := checkScope(in.Auth.Scope)
	return id, scope, err
}

// checkScope reads the scope: a domain (the account) or a project (the
// account's one project), by ID or name, as Keystone's AuthInfo reads it. A
// system or trust scope cannot be satisfied here, which Keystone answers
// with 401.
func checkScope(raw json.RawMessage) (*identity.ScopeRef, error) {
	if len(raw) == 0 || string(raw) == "null" || string(raw) == `"unscoped"` {
		return nil, nil
	}
	var sc scopeJSON
	if err := json.Unmarshal(raw, &sc); err != nil {
		return nil, invalid("keystone.schema", "Invalid input for field 'scope': the scope must be an object", "scope")
	}
	n := 0
	for _, set := range []bool{sc.Domain != nil, sc.Project != nil, sc.System != nil, sc.Trust != nil} {
		if set {
			n++
		}
	}
	switch {
	case n != 1:
		return nil, expecting("project, domain, OS-TRUST:trust or unscoped", "scope")
	case sc.System != nil || sc.Trust != nil:
		return nil, fault.New(fault.Unauthenticated, "auth.scope_unsupported", "only domain and project scopes exist here")
	case sc.Domain != nil:
		if sc.Domain.ID == "" && sc.Domain.Name == "" {
			return nil, expecting("id or name", "domain")
		}
		return &identity.ScopeRef{Kind: identity.ScopeAccount, ID: sc.Domain.ID, Name: sc.Domain.Name}, nil
	}
	p := sc.Project
	switch {
	case p.ID == "" && p.Name == "":
		return nil, expecting("id or name", "project")
	case p.ID == "" && (p.Domain == nil || (p.Domain.ID == "" && p.Domain.Name == "")):
		return nil, expecting("domain", "project")
	}
	ref := &identity.ScopeRef{Kind: identity.ScopeProject, ID: p.ID, Name: p.Name}
	if p.Domain != nil {
		ref.DomainID, ref.DomainName = p.Domain.ID, p.Domain.Name
	}
	return ref, nil
}

// rescope is the token method: a new token from a valid one, with the
// request's scope (tokens re-scoped from a scoped one included, as
// Keystone's allow_rescope_scoped_token default allows).
func (h *handler) rescope(w http.ResponseWriter, r *http.Request, id *identityJSON, scope *identity.ScopeRef) {
	if len(id.Methods) != 1 {
		// Keystone runs every method and requires one user; a token with
		// another method proves nothing more here.
		h.writeError(w, r, fault.New(fault.Unauthenticated, "auth.invalid_credentials", "the token method goes alone"))
		return
	}
	res, err := h.svc.Auth.Rescope(r.Context(), id.Token.ID, scope)
	if fault.CodeOf(err) == "token.not_found" {
		// validate_token's TokenNotFound: a 404 naming the token.
		reply(w, http.StatusNotFound, keystoneError{Error: keystoneErrorBody{Code: http.StatusNotFound,
			Title: http.StatusText(http.StatusNotFound), Message: fmt.Sprintf(msgNotFoundFmt, "token", id.Token.ID)}})
		return
	}
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.writeLogin(w, r, res)
}

func expecting(attribute, target string) error {
	return invalid("keystone.schema", "Expecting to find "+attribute+" in "+target+
		". The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.", attribute)
}

func (h *handler) unsupportedMethod(w http.ResponseWriter, r *http.Request) {
	var body unsupportedMethodBody
	body.Error.keystoneErrorBody = keystoneErrorBody{Code: http.StatusUnauthorized, Title: http.StatusText(http.StatusUnauthorized),
		Message: "Attempted to authenticate with an unsupported method."}
	body.Error.Identity.Methods = supportedMethods
	w.Header().Set("WWW-Authenticate", `Keystone uri="`+h.baseURL(r)+`"`)
	reply(w, http.StatusUnauthorized, body)
}

// writeLogin answers an issued token with 201 and X-Subject-Token.
func (h *handler) writeLogin(w http.ResponseWriter, r *http.Request, res *identity.TokenLogin) {
	_, nocatalog := r.URL.Query()["nocatalog"]
	w.Header().Set("X-Subject-Token", res.Token)
	reply(w, http.StatusCreated, h.toTokenBody(res.Info, h.baseURL(r), !nocatalog))
}
