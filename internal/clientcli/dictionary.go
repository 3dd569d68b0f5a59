package clientcli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/watchword/watchword/internal/api/client"
)

// dictionaryCmd manages the account's banned words.
func (a *app) dictionaryCmd() *cobra.Command {
	list := &cobra.Command{
		Use: "list", Short: "list the banned words", Example: "  watchword dictionary list -o json",
		Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			words, _, err := call(a, func(ctx context.Context, cl *client.Client) ([]string, error) { return cl.Dictionary(ctx) })
			if err != nil {
				return err
			}
			if words == nil {
				words = []string{}
			}
			return a.emit(c, words, func(w io.Writer) {
				for _, s := range words {
					fmt.Fprintln(w, s)
				}
			})
		},
	}
	add := &cobra.Command{
		Use: "add WORD...", Short: "ban words", Example: "  watchword dictionary add acme widget",
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef(c, "give at least one word")
			}
			return nil
		},
		PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, args []string) error {
			n, _, err := call(a, func(ctx context.Context, cl *client.Client) (int, error) { return cl.AddDictionaryWords(ctx, args) })
			if err != nil {
				return err
			}
			return a.emit(c, map[string]int{"added": n}, func(w io.Writer) { fmt.Fprintf(w, "%d word(s) added.\n", n) })
		},
	}
	remove := &cobra.Command{
		Use: "remove WORD", Short: "lift a ban", Example: "  watchword dictionary remove widget", Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			_, _, err := call(a, func(ctx context.Context, cl *client.Client) (struct{}, error) {
				return struct{}{}, cl.RemoveDictionaryWord(ctx, args[0])
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.io.Stdout, "%q removed.\n", args[0])
			return nil
		},
	}
	return group("dictionary", "list, add and remove the account's banned words",
		"  watchword dictionary add acme\n  watchword dictionary list\n  watchword dictionary remove acme", list, add, remove)
}
