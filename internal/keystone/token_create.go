package keystone

import (
	"encoding/json"
	"net/http"
	"slices"

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
	Methods  []string        `json:"methods"`
	Password *methodUserJSON `json:"password"`
	TOTP     *methodUserJSON `json:"totp"`
	SMS      *methodUserJSON `json:"sms"`
	Email    *methodUserJSON `json:"email"`
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
	Project json.RawMessage `json:"project"`
	System  json.RawMessage `json:"system"`
	Trust   json.RawMessage `json:"OS-TRUST:trust"`
}

// The authentication methods this face offers.
var supportedMethods = []string{"password", "totp", "sms", "email"}

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
		pw := id.Password.User
		ref := identity.UserRef{UserID: pw.ID, UserName: pw.Name}
		if pw.ID == "" && pw.Domain != nil {
			ref.AccountID, ref.AccountName = pw.Domain.ID, pw.Domain.Name
		}
		res, err = h.passwordLogin(r, ref, pw.Password, id, scope)
	default:
		// A passcode alone answers a receipt; without one there is no
		// first step to continue from.
		err = fault.New(fault.Unauthenticated, "auth.receipt_required", "a TOTP passcode needs an auth receipt or a password")
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
func checkAuth(in authRequest) (*identityJSON, *identity.AccountRef, error) {
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
	for _, m := range id.Methods {
		if !slices.Contains(supportedMethods, m) {
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

// checkScope reads the scope. A domain scope is the only kind there is here;
// a project, system or trust scope cannot be satisfied, which Keystone
// answers with 401.
func checkScope(raw json.RawMessage) (*identity.AccountRef, error) {
	if len(raw) == 0 || string(raw) == "null" || string(raw) == `"unscoped"` {
		return nil, nil
	}
	var sc scopeJSON
	if err := json.Unmarshal(raw, &sc); err != nil {
		return nil, invalid("keystone.schema", "Invalid input for field 'scope': the scope must be an object", "scope")
	}
	switch {
	case sc.Project != nil || sc.System != nil || sc.Trust != nil:
		return nil, fault.New(fault.Unauthenticated, "auth.scope_unsupported", "only domain scopes exist here")
	case sc.Domain == nil || (sc.Domain.ID == "" && sc.Domain.Name == ""):
		return nil, expecting("domain", "scope")
	}
	return &identity.AccountRef{ID: sc.Domain.ID, Name: sc.Domain.Name}, nil
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
