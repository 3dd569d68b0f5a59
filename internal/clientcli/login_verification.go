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
	return &cobra.Command{
		Use:   "set METHOD",
		Short: "switch login verification to off, sms, email or totp, proven by a code",
		Long: `Switch login verification. The switch is proven by a code: for sms and email
the code sent there; for totp a code of your bound device; for off a code of
the method in use. The code is asked as a line of stdin.`,
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
			code, err := a.code(prompt)
			if err != nil {
				return err
			}
			lv, err := cl.SetLoginVerification(ctx, method, code)
			if err != nil {
				return err
			}
			return a.emit(c, lv, func(w io.Writer) { fmt.Fprintf(w, "Login verification is now %s.\n", lv.Method) })
		},
	}
}
