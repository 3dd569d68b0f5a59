package clientcli

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/spf13/cobra"
)

// apiOps are the OAPI operations of the Outscale face.
var apiOps = []oscOp{
	{name: "ReadAccounts"}, {name: "UpdateAccount"}, {name: "CheckAuthentication"},
	{name: "CreateAccessKey", password: true}, {name: "ReadAccessKeys", password: true},
	{name: "UpdateAccessKey", password: true}, {name: "DeleteAccessKey", password: true},
	{name: "SendResetPasswordEmail", noAuth: true}, {name: "ResetAccountPassword", noAuth: true},
}

// apiCmd is osc-cli's `api`: OAPI calls, POST /api/v1/{Operation}.
func (a *app) apiCmd() *cobra.Command {
	return a.oscCommand("api", "call the OUTSCALE API (OAPI) like `osc-cli api`",
		`Call an OAPI operation of the server's Outscale face with osc-cli's syntax and
print its JSON answer as it came (on stderr, with exit 1, when it is an error).
Calls are signed with the profile's access key; the access-key calls also take
--authentication-method password (the login is the profile's email or account).`,
		`  watchword api ReadAccounts
  watchword api UpdateAccount --FirstName Alice --AdditionalEmails '["a@acme.test"]'
  watchword api CreateAccessKey --Tag ci
  watchword api ReadAccessKeys --Filters '{"States": ["ACTIVE"]}'
  watchword api UpdateAccessKey --AccessKeyId AK0123 --State INACTIVE
  watchword api DeleteAccessKey --AccessKeyId AK0123
  watchword api ReadAccessKeys --authentication-method password --login alice@acme.test`,
		apiOps, a.sendOAPI)
}

// sendOAPI posts the parameters as the operation's JSON body.
func (a *app) sendOAPI(call *oscCall, s *settings) (*http.Response, error) {
	cr, err := a.credentialsFor(call, s)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(call.params)
	if err != nil {
		return nil, err
	}
	h := http.Header{"Content-Type": {"application/json"}}
	return post(strings.TrimRight(s.Endpoint, "/")+"/api/v1/"+call.op.name, body, h, func(r *http.Request) error {
		switch {
		case cr.ak != "":
			return sign(r, body, cr, "oapi")
		case cr.login != "":
			r.Header.Set("Authorization", basic(cr.login, cr.password))
		}
		return nil
	})
}
