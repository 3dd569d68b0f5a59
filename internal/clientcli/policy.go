package clientcli

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/spf13/cobra"
	"github.com/watchword/watchword/internal/api/client"
)

// presets are the named password policies the server knows.
var presets = []string{"default", "nist", "huawei", "outscale"}

// policyCmd shows and changes the account's password policy.
func (a *app) policyCmd() *cobra.Command {
	return group("policy", "show or change the account's password policy",
		"  watchword policy show\n  watchword policy set --min-length 12 --history-count 5\n  watchword policy preset nist",
		a.policyShowCmd(), a.policySetCmd(), a.policyPresetCmd())
}

func policyFields(w io.Writer, p *client.PasswordPolicy) {
	fields(w, "min length", p.MinLength, "max length", p.MaxLength, "history count", p.HistoryCount,
		"min age (minutes)", p.MinAgeMinutes, "max age (days)", p.MaxAgeDays, "min char types", p.MinCharTypes,
		"not username", p.NotUsername, "not email or mobile", p.NotEmailOrMobile, "max consecutive", p.MaxConsecutive,
		"min strength", p.MinStrength, "allowed chars", p.AllowedChars, "force change after admin set", p.ForceChangeAfterAdminSet,
		"local dictionary", p.LocalDictionary, "global dictionary", p.GlobalDictionary)
}

func (a *app) policyShowCmd() *cobra.Command {
	return &cobra.Command{
		Use: "show", Short: "show the password policy", Example: "  watchword policy show -o json",
		Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			p, _, err := call(a, func(ctx context.Context, cl *client.Client) (*client.PasswordPolicy, error) {
				return cl.PasswordPolicy(ctx)
			})
			if err != nil {
				return err
			}
			return a.emit(c, p, func(w io.Writer) { policyFields(w, p) })
		},
	}
}

func (a *app) policySetCmd() *cobra.Command {
	var p client.PasswordPolicy
	c := &cobra.Command{
		Use:   "set",
		Short: "change some rules of the password policy; the others stay as they are",
		Example: `  watchword policy set --min-length 12 --min-char-types 3
  watchword policy set --local-dictionary enforce --history-count 5`,
		Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			if !anyLocal(c) {
				return usagef(c, "nothing to change: give at least one rule flag")
			}
			in := patchOf(c, &p)
			out, _, err := call(a, func(ctx context.Context, cl *client.Client) (*client.PasswordPolicy, error) {
				return cl.PatchPasswordPolicy(ctx, in)
			})
			if err != nil {
				return err
			}
			return a.emit(c, out, func(w io.Writer) { policyFields(w, out) })
		},
	}
	f := c.Flags()
	f.IntVar(&p.MinLength, "min-length", 0, "minimum length")
	f.IntVar(&p.MaxLength, "max-length", 0, "maximum length")
	f.IntVar(&p.HistoryCount, "history-count", 0, "previous passwords that may not be reused")
	f.IntVar(&p.MinAgeMinutes, "min-age-minutes", 0, "minutes before a password may change again")
	f.IntVar(&p.MaxAgeDays, "max-age-days", 0, "days before a password expires (0: never)")
	f.IntVar(&p.MinCharTypes, "min-char-types", 0, "kinds of characters required (lower, upper, digit, other)")
	f.BoolVar(&p.NotUsername, "not-username", false, "refuse the user name, forwards or backwards")
	f.BoolVar(&p.NotEmailOrMobile, "not-email-or-mobile", false, "refuse the email or mobile")
	f.IntVar(&p.MaxConsecutive, "max-consecutive", 0, "longest run of one character (0: any)")
	f.IntVar(&p.MinStrength, "min-strength", 0, "minimum zxcvbn score, 0 to 4")
	f.StringVar(&p.AllowedChars, "allowed-chars", "", "characters allowed besides letters and digits")
	f.BoolVar(&p.ForceChangeAfterAdminSet, "force-change-after-admin-set", false, "a password set by an administrator must be changed")
	f.StringVar(&p.LocalDictionary, "local-dictionary", "", "the account's dictionary: off, warn or enforce")
	f.StringVar(&p.GlobalDictionary, "global-dictionary", "", "the breached-password list: off, warn or enforce")
	return c
}

// patchOf sends the fields of p whose flags were given; the server merges
// them into the stored policy in one transaction.
func patchOf(c *cobra.Command, p *client.PasswordPolicy) client.PasswordPolicyPatch {
	return client.PasswordPolicyPatch{
		MinLength: changed(c, "min-length", p.MinLength), MaxLength: changed(c, "max-length", p.MaxLength),
		HistoryCount: changed(c, "history-count", p.HistoryCount), MinAgeMinutes: changed(c, "min-age-minutes", p.MinAgeMinutes),
		MaxAgeDays: changed(c, "max-age-days", p.MaxAgeDays), MinCharTypes: changed(c, "min-char-types", p.MinCharTypes),
		NotUsername: changed(c, "not-username", p.NotUsername), NotEmailOrMobile: changed(c, "not-email-or-mobile", p.NotEmailOrMobile),
		MaxConsecutive: changed(c, "max-consecutive", p.MaxConsecutive), MinStrength: changed(c, "min-strength", p.MinStrength),
		AllowedChars:             changed(c, "allowed-chars", p.AllowedChars),
		ForceChangeAfterAdminSet: changed(c, "force-change-after-admin-set", p.ForceChangeAfterAdminSet),
		LocalDictionary:          changed(c, "local-dictionary", p.LocalDictionary),
		GlobalDictionary:         changed(c, "global-dictionary", p.GlobalDictionary),
	}
}

func (a *app) policyPresetCmd() *cobra.Command {
	return &cobra.Command{
		Use: "preset NAME", Short: "replace the policy with a preset: default, nist, huawei or outscale",
		Example: "  watchword policy preset nist", Args: exactArgs(1), PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, args []string) error {
			if !slices.Contains(presets, args[0]) {
				return usagef(c, "preset %q: want default, nist, huawei or outscale", args[0])
			}
			p, _, err := call(a, func(ctx context.Context, cl *client.Client) (*client.PasswordPolicy, error) {
				return cl.ApplyPasswordPolicyPreset(ctx, args[0])
			})
			if err != nil {
				return err
			}
			return a.emit(c, p, func(w io.Writer) {
				fmt.Fprintf(w, "Preset %s applied.\n", args[0])
				policyFields(w, p)
			})
		},
	}
}
