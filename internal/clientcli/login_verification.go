package clientcli

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/spf13/cobra"
	"github.com/watchword/watchword/internal/api/client"
)

// loginVerificationMethods are the values `login-verification set` takes.
var loginVerificationMethods = []string{"off", "sms", "email", "totp"}

// loginVerificationCmd shows and switches the second step of sign-in.
func (a *app) loginVerificationCmd() *cobra.Command {
	return group("login-verification", "show or set the code asked at sign-in (off, sms, email, totp)",
		"  watchword login-verification show\n  watchword login-verification set email", a.lvShowCmd(), a.lvSetCmd())
}

func (a *app) lvShowCmd() *cobra.Command {
	return &cobra.Command{
		Use: "show", Short: "show the method in use and those available", Example: "  watchword login-verification show -o json",
		Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			lv, _, err := call(a, func(ctx context.Context, cl *client.Client) (*client.LoginVerification, error) {
				return cl.LoginVerification(ctx)
			})
			if err != nil {
				return err
			}
			return a.emit(c, lv, func(w io.Writer) { fields(w, "method", lv.Method, "available", lv.Available) })
		},
	}
}

func (a *app) lvSetCmd() *cobra.Command {
	var src secretSource
	c := &cobra.Command{
		Use:   "set METHOD",
		Short: "switch login verification to off, sms, email or totp, proving the method in use and the new one",
		Long: `Switch login verification. The switch proves the method in use: while it is
off, your password (asked without echo, or read from stdin with
--password-stdin); while it is on, a code of it (sent there, or from your
device for totp). It proves the new method too: for sms and email the code
sent there, for totp a code of your bound device. To switch off, the one
code is the method in use's. Codes are asked as lines of stdin.`,
		Example: "  watchword login-verification set email\n  watchword login-verification set off",
		Args:    exactArgs(1), PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, args []string) error {
			method := args[0]
			if !slices.Contains(loginVerificationMethods, method) {
				return usagef(c, "method %q: want off, sms, email or totp", method)
			}
			cl, s, err := a.signedIn()
			if err != nil {
				return err
			}
			ctx := context.Background()
			cur, err := cl.LoginVerification(ctx)
			if err != nil {
				return s.check(err)
			}
			in := client.LoginVerificationChange{Method: method}
			switch {
			case method == "off":
			case cur.Method == "off":
				if in.CurrentPassword, err = a.password(src, "Current password: "); err != nil {
					return err
				}
			case cur.Method == "totp":
				if in.CurrentCode, err = a.code("Code from your authenticator app (the method in use): "); err != nil {
					return err
				}
			default:
				sent, err := cl.SendCurrentLoginVerificationCode(ctx, method)
				if err != nil {
					return err
				}
				if in.CurrentCode, err = a.code(fmt.Sprintf("Code sent by %s to %s (the method in use): ", sent.Method, sent.Destination)); err != nil {
					return err
				}
			}
			prover := method
			if method == "off" {
				prover = cur.Method
			}
			prompt := "Code from your authenticator app: "
			if prover != "totp" {
				sent, err := cl.SendLoginVerificationCode(ctx, method)
				if err != nil {
					return err
				}
				prompt = fmt.Sprintf("Code sent by %s to %s: ", sent.Method, sent.Destination)
			}
			if in.Code, err = a.code(prompt); err != nil {
				return err
			}
			lv, err := cl.SetLoginVerification(ctx, in)
			if err != nil {
				return err
			}
			return a.emit(c, lv, func(w io.Writer) { fmt.Fprintf(w, "Login verification is now %s.\n", lv.Method) })
		},
	}
	secretFlags(c, &src)
	return c
}
