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
  watchword policy set --local-dictionary ENFORCE --history-count 5`,
		Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			if !anyLocal(c) {
				return usagef(c, "nothing to change: give at least one rule flag")
			}
			out, _, err := call(a, func(ctx context.Context, cl *client.Client) (*client.PasswordPolicy, error) {
				cur, err := cl.PasswordPolicy(ctx)
				if err != nil {
					return nil, err
				}
				merge(c, cur, &p)
				return cl.SetPasswordPolicy(ctx, *cur)
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
	f.StringVar(&p.LocalDictionary, "local-dictionary", "", "the account's dictionary: OFF, WARN or ENFORCE")
	f.StringVar(&p.GlobalDictionary, "global-dictionary", "", "the breached-password list: OFF, WARN or ENFORCE")
	return c
}

// merge copies into cur the fields of p whose flags were given.
func merge(c *cobra.Command, cur, p *client.PasswordPolicy) {
	set := func(flag string, apply func()) {
		if c.Flags().Changed(flag) {
			apply()
		}
	}
	set("min-length", func() { cur.MinLength = p.MinLength })
	set("max-length", func() { cur.MaxLength = p.MaxLength })
	set("history-count", func() { cur.HistoryCount = p.HistoryCount })
	set("min-age-minutes", func() { cur.MinAgeMinutes = p.MinAgeMinutes })
	set("max-age-days", func() { cur.MaxAgeDays = p.MaxAgeDays })
	set("min-char-types", func() { cur.MinCharTypes = p.MinCharTypes })
	set("not-username", func() { cur.NotUsername = p.NotUsername })
	set("not-email-or-mobile", func() { cur.NotEmailOrMobile = p.NotEmailOrMobile })
	set("max-consecutive", func() { cur.MaxConsecutive = p.MaxConsecutive })
	set("min-strength", func() { cur.MinStrength = p.MinStrength })
	set("allowed-chars", func() { cur.AllowedChars = p.AllowedChars })
	set("force-change-after-admin-set", func() { cur.ForceChangeAfterAdminSet = p.ForceChangeAfterAdminSet })
	set("local-dictionary", func() { cur.LocalDictionary = p.LocalDictionary })
	set("global-dictionary", func() { cur.GlobalDictionary = p.GlobalDictionary })
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
