package clientcli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/spf13/cobra"
)

// `watchword icu` and `watchword api` take osc-cli's syntax: an operation
// name, then --Name value pairs (a value that starts with { or [ is JSON,
// true and false are booleans), and print the Outscale face's answer as it
// came, byte for byte. They talk to the Outscale face of the profile's
// server: OAPI at POST /api/v1/{Operation}, ICU at POST / with
// X-Amz-Target. Calls are signed with the profile's access key
// (AWS4-HMAC-SHA256, as osc-sdk-go signs); the access-key calls may use the
// login and password instead (--authentication-method password), and the
// reset calls take no credentials at all.

// oscOp is one operation the face offers and how it may authenticate.
type oscOp struct {
	name     string
	noAuth   bool // the reset calls
	password bool // login/password allowed besides the access key
}

// oscCall is a parsed `icu` or `api` command line.
type oscCall struct {
	op         oscOp
	params     map[string]any
	profile    string
	endpoint   string
	login      string
	authMethod string // accesskey (default) or password
	src        secretSource
}

// numericParams are the parameters osc-cli sends as numbers.
var numericParams = []string{"MaxItems", "ResultsPerPage"}

// parseOSC reads osc-cli's arguments: the operation, --Name value pairs,
// and the few lower-case options of the command itself.
func parseOSC(c *cobra.Command, ops []oscOp, args []string) (*oscCall, bool, error) {
	call := &oscCall{params: map[string]any{}}
	var opName string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "-h" || arg == "--help" || arg == "help" && opName == "" {
			return nil, true, nil
		}
		if arg == "-o" {
			arg = "--output" // the answer is the face's JSON whatever -o says
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
		if !strings.HasPrefix(arg, "--") {
			if opName != "" {
				return nil, false, usagef(c, "unexpected argument %q: parameters are --Name value", arg)
			}
			opName = arg
			continue
		}
		if name == "password-stdin" {
			call.src.stdin = true
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, false, usagef(c, "--%s needs a value", name)
			}
			i++
			value = args[i]
		}
		switch name {
		case "profile":
			call.profile = value
		case "endpoint":
			call.endpoint = value
		case "login":
			call.login = value
		case "output":
			if value != "json" && value != "text" {
				return nil, false, usagef(c, "--output %q: want text or json", value)
			}
		case "authentication-method":
			if value != "accesskey" && value != "password" {
				return nil, false, usagef(c, "--authentication-method %q: want accesskey or password", value)
			}
			call.authMethod = value
		default:
			if name == "" || name[0] < 'A' || name[0] > 'Z' {
				return nil, false, usagef(c, "unknown flag --%s (parameters are --Name value, capitalized as in the API)", name)
			}
			v, err := oscValue(name, value)
			if err != nil {
				return nil, false, usagef(c, "--%s: %v", name, err)
			}
			call.params[name] = v
		}
	}
	if opName == "" {
		return nil, false, usagef(c, "name an operation")
	}
	i := slices.IndexFunc(ops, func(o oscOp) bool { return o.name == opName })
	if i < 0 {
		return nil, false, usagef(c, "unknown operation %q for %s", opName, c.CommandPath())
	}
	call.op = ops[i]
	return call, false, nil
}

// oscValue types one parameter value as osc-cli would.
func oscValue(name, s string) (any, error) {
	switch {
	case strings.HasPrefix(s, "{") || strings.HasPrefix(s, "["):
		var v any
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			return nil, fmt.Errorf("not valid JSON: %v", err)
		}
		return v, nil
	case s == "true" || s == "True":
		return true, nil
	case s == "false" || s == "False":
		return false, nil
	case slices.Contains(numericParams, name):
		return strconv.Atoi(s)
	}
	return s, nil
}

// oscCommand builds `icu` or `api`: cobra leaves the arguments alone and
// parseOSC reads them.
func (a *app) oscCommand(use, short, long, example string, ops []oscOp, send func(*oscCall, *settings) (*http.Response, error)) *cobra.Command {
	var names []string
	for _, o := range ops {
		names = append(names, o.name)
	}
	c := &cobra.Command{
		Use: use + " OPERATION [--Name value]...", Short: short,
		Long:               long + "\n\nOperations: " + strings.Join(names, ", ") + ".",
		Example:            example,
		GroupID:            "osc",
		DisableFlagParsing: true,
		ValidArgs:          names,
		RunE: func(c *cobra.Command, args []string) error {
			call, help, err := parseOSC(c, ops, args)
			if help {
				return c.Help()
			}
			if err != nil {
				return err
			}
			a.profile, a.endpoint = call.profile, call.endpoint
			s, _, err := a.resolve()
			if err != nil {
				return err
			}
			if s.Endpoint == "" {
				return fmt.Errorf("no endpoint for profile %q: pass --endpoint URL or set WATCHWORD_ENDPOINT", s.name)
			}
			if call.op.name == "ResetAccountPassword" {
				if err := a.resetPasswordParam(call); err != nil {
					return err
				}
			}
			res, err := send(call, s)
			if err != nil {
				return err
			}
			defer res.Body.Close()
			body, err := io.ReadAll(io.LimitReader(res.Body, 16<<20))
			if err != nil {
				return err
			}
			if len(body) > 0 && body[len(body)-1] != '\n' {
				body = append(body, '\n')
			}
			if res.StatusCode >= 300 {
				a.io.Stderr.Write(body)
				return &oscFailed{status: res.StatusCode}
			}
			_, err = a.io.Stdout.Write(body)
			return err
		},
	}
	c.Flags().String("profile", "", "profile to use")
	c.Flags().String("endpoint", "", "server URL (default: the profile's)")
	c.Flags().String("authentication-method", "accesskey", "accesskey, or password for the access-key calls")
	c.Flags().String("login", "", "email or account name for --authentication-method password (default: the profile's)")
	c.Flags().Bool("password-stdin", false, "read the password (login, or ResetAccountPassword's) from stdin")
	c.Flags().StringP("output", "o", "json", "accepted for symmetry: the answer is always the face's JSON")
	return c
}

// oscFailed is a refusal whose body is already on stderr.
type oscFailed struct{ status int }

func (e *oscFailed) Error() string {
	return fmt.Sprintf("the Outscale face answered HTTP %d", e.status)
}

// resetPasswordParam warns about --Password on the command line, or asks
// for it when absent.
func (a *app) resetPasswordParam(call *oscCall) error {
	if _, ok := call.params["Password"]; ok {
		fmt.Fprintln(a.io.Stderr, "watchword: warning: --Password puts the password where other users and the shell history can see it; leave it out to be asked, or use --password-stdin")
		return nil
	}
	pw, err := a.newPassword(call.src, "New password: ")
	if err != nil {
		return err
	}
	call.params["Password"] = pw
	return nil
}

// credentials are how a call authenticates.
type credentials struct {
	ak, sk          string // access key
	login, password string // --authentication-method password
}

// credentialsFor picks the call's credentials: none for the reset calls,
// else the access key, else (where allowed) the login and password.
func (a *app) credentialsFor(call *oscCall, s *settings) (*credentials, error) {
	if call.op.noAuth {
		return &credentials{}, nil
	}
	if call.authMethod != "password" {
		if s.AccessKey != "" && s.SecretKey != "" {
			return &credentials{ak: s.AccessKey, sk: s.SecretKey}, nil
		}
		if !call.op.password || call.authMethod == "accesskey" {
			return nil, fmt.Errorf("%s needs an access key: run `watchword keys create --save`, `watchword profile set %s --access-key AK --secret-key-stdin`, or set WATCHWORD_ACCESS_KEY and WATCHWORD_SECRET_KEY", call.op.name, s.name)
		}
	}
	if !call.op.password {
		return nil, fmt.Errorf("%s takes an access key only, not a login and password", call.op.name)
	}
	login := first(call.login, s.Email, s.Account)
	if login == "" {
		return nil, fmt.Errorf("no login: pass --login EMAIL_OR_ACCOUNT")
	}
	pw, err := a.secret(call.src, "Password for "+login+": ")
	if err != nil {
		return nil, err
	}
	return &credentials{login: login, password: pw}, nil
}

// sign signs req with an access key as osc-sdk-go does: AWS4-HMAC-SHA256,
// region eu-west-2 (the face accepts any), the service given.
func sign(req *http.Request, body []byte, cr *credentials, service string) error {
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: cr.ak, SecretAccessKey: cr.sk}
	return v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), service, "eu-west-2", time.Now())
}

// basic is the Authorization value of a login and password.
func basic(login, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(login+":"+password))
}

// post sends body to url with the headers given.
func post(url string, body []byte, header http.Header, authorize func(*http.Request) error) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if authorize != nil {
		if err := authorize(req); err != nil {
			return nil, err
		}
	}
	return (&http.Client{Timeout: 60 * time.Second}).Do(req)
}
