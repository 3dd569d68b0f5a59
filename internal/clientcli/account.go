package clientcli

import (
	"context"
	"io"

	"github.com/spf13/cobra"
	"github.com/watchword/watchword/internal/api/client"
)

// accountCmd shows and changes the account's profile (the root user's
// contact details change with `email change` and `mobile change`, which
// prove the new address).
func (a *app) accountCmd() *cobra.Command {
	return group("account", "show or update the account's profile",
		"  watchword account show\n  watchword account update --first-name Ada --company-name Acme",
		a.accountShowCmd(), a.accountUpdateCmd())
}

func accountFields(w io.Writer, ac *client.Account) {
	fields(w, "id", ac.ID, "name", ac.Name, "first name", ac.FirstName, "last name", ac.LastName, "company", ac.CompanyName,
		"job title", ac.JobTitle, "email", ac.Email, "additional emails", ac.AdditionalEmails, "mobile", ac.MobileNumber,
		"phone", ac.PhoneNumber, "city", ac.City, "state/province", ac.StateProvince, "country", ac.Country, "zip code", ac.ZipCode,
		"VAT number", ac.VatNumber, "created", ac.CreatedAt)
}

func (a *app) accountShowCmd() *cobra.Command {
	return &cobra.Command{
		Use: "show", Short: "show the account", Example: "  watchword account show -o json",
		Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			ac, _, err := call(a, func(ctx context.Context, cl *client.Client) (*client.Account, error) { return cl.Account(ctx) })
			if err != nil {
				return err
			}
			return a.emit(c, ac, func(w io.Writer) { accountFields(w, ac) })
		},
	}
}

func (a *app) accountUpdateCmd() *cobra.Command {
	var v [10]string
	var emails []string
	names := []string{"first-name", "last-name", "company-name", "job-title", "phone-number", "city", "state-province",
		"country", "zip-code", "vat-number"}
	c := &cobra.Command{
		Use:   "update",
		Short: "change the account's profile; flags not given stay as they are",
		Long: `Change the account's profile. The email and mobile change with 'watchword email
change' and 'watchword mobile change', which prove the new address with a code.`,
		Example: "  watchword account update --first-name Ada --last-name Lovelace\n  watchword account update --additional-emails billing@acme.test,ops@acme.test",
		Args:    noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			in := client.AccountUpdate{}
			dst := []**string{&in.FirstName, &in.LastName, &in.CompanyName, &in.JobTitle, &in.PhoneNumber, &in.City,
				&in.StateProvince, &in.Country, &in.ZipCode, &in.VatNumber}
			for i, n := range names {
				*dst[i] = changed(c, n, v[i])
			}
			if c.Flags().Changed("additional-emails") {
				if emails == nil {
					emails = []string{}
				}
				in.AdditionalEmails = &emails
			}
			if !anyLocal(c) {
				return usagef(c, "nothing to change")
			}
			ac, _, err := call(a, func(ctx context.Context, cl *client.Client) (*client.Account, error) {
				return cl.UpdateAccount(ctx, in)
			})
			if err != nil {
				return err
			}
			return a.emit(c, ac, func(w io.Writer) { accountFields(w, ac) })
		},
	}
	for i, n := range names {
		c.Flags().StringVar(&v[i], n, "", "the account's "+n)
	}
	c.Flags().StringSliceVar(&emails, "additional-emails", nil, "comma-separated list replacing the additional emails (empty clears it)")
	return c
}
