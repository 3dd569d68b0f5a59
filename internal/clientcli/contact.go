package clientcli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/watchword/watchword/internal/api/client"
)

// contactCmd is `email change` or `mobile change`: prove who you are (a code
// sent to a contact already bound, or the password when none is), then prove
// the new address with the code sent to it.
func (a *app) contactCmd(kind string) *cobra.Command {
	var via string
	var src secretSource
	example := "  watchword email change alice@new.example\n  watchword email change alice@new.example --via sms"
	arg := "EMAIL"
	if kind == "mobile" {
		example = "  watchword mobile change +33612345678\n  watchword mobile change +33612345678 --via email"
		arg = "MOBILE"
	}
	change := &cobra.Command{
		Use:   "change " + arg,
		Short: "change your " + kind + " (asks the codes sent to you)",
		Long: `Change the signed-in user's ` + kind + ` in two proofs. First your identity: a
code sent to the email or mobile already bound (--via), or, when neither is
bound, your password. Then the new address: the code sent to it. Each code is
asked as a line of stdin.`,
		Example: example,
		Args:    exactArgs(1), PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, args []string) error {
			cl, s, err := a.signedIn()
			if err != nil {
				return err
			}
			ctx := context.Background()
			me, err := cl.Me(ctx)
			if err != nil {
				return s.check(err)
			}
			var ticket *client.Ticket
			if me.Email == "" && me.Mobile == "" {
				pw, err := a.password(src, "Password: ")
				if err != nil {
					return err
				}
				ticket, err = cl.VerifyIdentity(ctx, kind, "", pw)
				if err != nil {
					return err
				}
			} else {
				channel := via
				if channel == "" {
					channel = "email"
					if me.Email == "" {
						channel = "sms"
					}
				}
				sent, err := cl.SendIdentityCode(ctx, kind, channel)
				if err != nil {
					return err
				}
				code, err := a.code(fmt.Sprintf("Code proving it is you (sent by %s to %s): ", sent.Channel, sent.To))
				if err != nil {
					return err
				}
				if ticket, err = cl.VerifyIdentity(ctx, kind, code, ""); err != nil {
					return err
				}
			}
			sent, err := cl.SendContactCode(ctx, kind, ticket.Ticket, args[0])
			if err != nil {
				return err
			}
			code, err := a.code(fmt.Sprintf("Code sent to %s: ", sent.To))
			if err != nil {
				return err
			}
			u, err := cl.BindContact(ctx, kind, ticket.Ticket, args[0], code)
			if err != nil {
				return err
			}
			return a.emit(c, u, func(w io.Writer) { fmt.Fprintf(w, "Your %s is now %s.\n", kind, args[0]) })
		},
	}
	change.Flags().StringVar(&via, "via", "", "where the identity code goes: email or sms (default: email when you have one)")
	secretFlags(change, &src)
	return group(kind, "change your "+kind, example, change)
}
