package outscale

import (
	"net/http"

	"github.com/watchword/watchword/internal/httpx"
)

// routes is the face's one route table: three HTTP routes and a catch-all
// (so every path and method gets an OAPI answer), then the OAPI operations
// and ICU actions they dispatch to by name.
func (h *handler) routes() http.Handler {
	mux := httpx.NewMux(h.serveUnknown, h.serveUnknown)
	mux.HandleFunc("POST /api/v1/{operation}", h.serveOAPI)
	mux.HandleFunc("POST /api/latest/{operation}", h.serveOAPI)
	mux.HandleFunc("POST /{$}", h.serveICU)
	mux.HandleFunc("/", h.serveUnknown)
	return mux
}

// oapiOperations lists the OAPI calls and how each may authenticate: AK/SK;
// login/password too where the API marks the call "or Basic"; nothing for
// the reset calls (security: [] in API 1.22 to 1.28.4).
func (h *handler) oapiOperations() map[string]oapiOperation {
	return map[string]oapiOperation{
		"SendResetPasswordEmail": oapiOp(noAuth, h.sendResetPasswordEmail),
		"ResetAccountPassword":   oapiOp(noAuth, h.resetAccountPassword),
		"ReadAccounts":           oapiOp(signedOnly, h.readAccounts),
		"UpdateAccount":          oapiOp(signedOnly, h.updateAccount),
		"CheckAuthentication":    oapiOp(signedOnly, h.checkAuthentication),
		"CreateAccessKey":        oapiOp(signedOrPassword, h.createAccessKey),
		"ReadAccessKeys":         oapiOp(signedOrPassword, h.readAccessKeys),
		"UpdateAccessKey":        oapiOp(signedOrPassword, h.updateAccessKey),
		"DeleteAccessKey":        oapiOp(signedOrPassword, h.deleteAccessKey),
	}
}

// readOnly are the OAPI and ICU calls that change nothing: a signed request
// of theirs may be sent again, where the core accepts any other signed
// request once.
var readOnly = map[string]bool{
	"ReadAccounts": true, "CheckAuthentication": true, "ReadAccessKeys": true,
	"ReadAccount": true, "GetAccount": true, "ListAccessKeys": true, "GetAccessKey": true,
}

// icuActions lists the ICU calls (X-Amz-Target: TinaIcuService.<Action>);
// the reset calls are among osc-cli's NO_AUTH_CALLS.
func (h *handler) icuActions() map[string]icuAction {
	return map[string]icuAction{
		"SendResetPasswordEmail": icuOp(noAuth, h.icuSendResetPasswordEmail),
		"ResetAccountPassword":   icuOp(noAuth, h.icuResetAccountPassword),
		"ReadAccount":            icuOp(signedOnly, h.icuReadAccount),
		"GetAccount":             icuOp(signedOnly, h.icuReadAccount),
		"UpdateAccount":          icuOp(signedOnly, h.icuUpdateAccount),
		"ListAccessKeys":         icuOp(signedOrPassword, h.icuListAccessKeys),
		"GetAccessKey":           icuOp(signedOrPassword, h.icuGetAccessKey),
		"CreateAccessKey":        icuOp(signedOrPassword, h.icuCreateAccessKey),
		"UpdateAccessKey":        icuOp(signedOrPassword, h.icuUpdateAccessKey),
		"DeleteAccessKey":        icuOp(signedOrPassword, h.icuDeleteAccessKey),
	}
}
