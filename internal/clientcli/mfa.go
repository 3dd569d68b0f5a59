package clientcli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/watchword/watchword/internal/api/client"
)

// mfaCmd binds and removes the signed-in user's virtual MFA device (TOTP).
func (a *app) mfaCmd() *cobra.Command {
	return group("mfa", "show, enable or disable your virtual MFA device (TOTP)",
		"  watchword mfa enable\n  watchword mfa disable --code 123456", a.mfaShowCmd(), a.mfaEnableCmd(), a.mfaDisableCmd())
}

func (a *app) mfaShowCmd() *cobra.Command {
	return &cobra.Command{
		Use: "show", Short: "show whether a device is bound", Example: "  watchword mfa show -o json",
		Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			st, _, err := call(a, func(ctx context.Context, cl *client.Client) (*client.TOTPStatus, error) { return cl.TOTP(ctx) })
			if err != nil {
				return err
			}
			return a.emit(c, st, func(w io.Writer) {
				fields(w, "bound", st.Bound, "pending", st.Pending, "serial number", st.SerialNumber, "bound at", st.BoundAt)
			})
		},
	}
}

func (a *app) mfaEnableCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "enable",
		Short: "create a device, show its secret, and bind it with two consecutive codes",
		Long: `Create a virtual MFA device and show its secret and otpauth:// URI (on
stderr) for your authenticator app, then bind it with two consecutive codes
from the app, each asked as a line of stdin.`,
		Example: "  watchword mfa enable",
		Args:    noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			cl, s, err := a.signedIn()
			if err != nil {
				return err
			}
			ctx := context.Background()
			en, err := cl.BeginTOTP(ctx)
			if err != nil {
				return s.check(err)
			}
			fmt.Fprintf(a.io.Stderr, "Add this device to your authenticator app:\n  secret: %s\n  uri:    %s\n", en.Secret, en.OTPAuthURI)
			code1, err := a.code("First code: ")
			if err != nil {
				return err
			}
			code2, err := a.code("Next code (wait for the app to show a new one): ")
			if err != nil {
				return err
			}
			st, err := cl.ConfirmTOTP(ctx, code1, code2)
			if err != nil {
				return err
			}
			return a.emit(c, st, func(w io.Writer) { fmt.Fprintf(w, "MFA device %s bound.\n", st.SerialNumber) })
		},
	}
}

func (a *app) mfaDisableCmd() *cobra.Command {
	var code string
	var src secretSource
	c := &cobra.Command{
		Use: "disable", Short: "remove your device, proven by a current code or else your password",
		Example: "  watchword mfa disable --code 123456\n  watchword mfa disable          # asks the password",
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			cl, s, err := a.signedIn()
			if err != nil {
				return err
			}
			in := client.TOTPUnbind{Code: code}
			if code == "" {
				if in.Password, err = a.password(src, "Password: "); err != nil {
					return err
				}
			}
			if err := cl.UnbindTOTP(context.Background(), in); err != nil {
				return s.check(err)
			}
			fmt.Fprintln(a.io.Stdout, "MFA device removed.")
			return nil
		},
	}
	c.Flags().StringVar(&code, "code", "", "a current code from the device")
	secretFlags(c, &src)
	return c
}
