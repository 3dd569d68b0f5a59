package clientcli

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// icuOps are the ICU actions of the Outscale face.
var icuOps = []oscOp{
	{name: "SendResetPasswordEmail", noAuth: true}, {name: "ResetAccountPassword", noAuth: true},
	{name: "ReadAccount"}, {name: "GetAccount"}, {name: "UpdateAccount"},
	{name: "ListAccessKeys", password: true}, {name: "GetAccessKey", password: true},
	{name: "CreateAccessKey", password: true}, {name: "UpdateAccessKey", password: true},
	{name: "DeleteAccessKey", password: true},
}

// icuVersion is the API version osc-cli puts in every ICU body.
const icuVersion = "2018-05-14"

// icuCmd is osc-cli's `icu`: POST / with X-Amz-Target: TinaIcuService.<Action>.
func (a *app) icuCmd() *cobra.Command {
	return a.oscCommand("icu", "call the legacy ICU API like `osc-cli icu`",
		`Call an ICU action of the server's Outscale face with osc-cli's syntax and print
its JSON answer as it came (on stderr, with exit 1, when it is an error).
SendResetPasswordEmail and ResetAccountPassword take no credentials: the token
is the string at the end of the mailed link. Leave --Password out to be asked
for it without echo.`,
		`  watchword icu SendResetPasswordEmail --Email alice@acme.test
  watchword icu ResetAccountPassword --Token TOKEN          # asks the password
  watchword icu ResetAccountPassword --Password "NEW_PASSWORD" --Token TOKEN
  watchword icu ListAccessKeys`,
		icuOps, a.sendICU)
}

// sendICU posts the body osc-cli sends: Action, Filters, Version, the
// parameters, then AuthenticationMethod (and Login, Password for password).
func (a *app) sendICU(call *oscCall, s *settings) (*http.Response, error) {
	cr, err := a.credentialsFor(call, s)
	if err != nil {
		return nil, err
	}
	method := "accesskey"
	if cr.login != "" {
		method = "password"
	}
	var b bytes.Buffer
	b.WriteString(`{"Action": ` + jsonString(call.op.name) + `, "Filters": [], "Version": ` + jsonString(icuVersion))
	keys := make([]string, 0, len(call.params))
	for k := range call.params {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v, err := json.Marshal(call.params[k])
		if err != nil {
			return nil, err
		}
		b.WriteString(", " + jsonString(k) + ": " + string(v))
	}
	b.WriteString(`, "AuthenticationMethod": ` + jsonString(method))
	if cr.login != "" {
		b.WriteString(`, "Login": ` + jsonString(cr.login) + `, "Password": ` + jsonString(cr.password))
	}
	b.WriteString("}")
	body := b.Bytes()
	h := http.Header{"Content-Type": {"application/x-amz-json-1.1"}, "X-Amz-Target": {"TinaIcuService." + call.op.name}}
	return post(strings.TrimRight(s.Endpoint, "/")+"/", body, h, func(r *http.Request) error {
		if cr.ak != "" {
			return sign(r, body, cr, "icu")
		}
		return nil
	})
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
