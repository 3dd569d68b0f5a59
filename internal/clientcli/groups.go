package clientcli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/watchword/watchword/internal/api/client"
)

// groupsCmd manages the account's user groups (administrators).
func (a *app) groupsCmd() *cobra.Command {
	return group("groups", "list, show, create, update and delete the account's user groups and their members",
		"  watchword groups list\n  watchword groups create ops --member bob --member carol\n  watchword groups add-member admin bob\n  watchword groups remove-member ops carol",
		a.groupsListCmd(), a.groupsShowCmd(), a.groupsCreateCmd(), a.groupsUpdateCmd(), a.groupsDeleteCmd(),
		a.groupsMemberCmd("add-member"), a.groupsMemberCmd("remove-member"))
}

// resolveGroup turns a group's display name (any case) or ID into its ID.
func resolveGroup(ctx context.Context, cl *client.Client, ref string) (string, error) {
	l, err := cl.Groups(ctx, client.GroupFilter{DisplayName: ref})
	if err != nil {
		return "", err
	}
	for _, g := range l.Items {
		if strings.EqualFold(g.DisplayName, ref) {
			return g.ID, nil
		}
	}
	if _, err := cl.Group(ctx, ref); err != nil {
		if client.CodeOf(err) == "group.not_found" {
			return "", fmt.Errorf("no group named %q in the account", ref)
		}
		return "", err
	}
	return ref, nil
}

// onGroup runs fn on the group ref names.
func onGroup[T any](a *app, ref string, fn func(ctx context.Context, cl *client.Client, id string) (T, error)) (T, error) {
	v, _, err := call(a, func(ctx context.Context, cl *client.Client) (T, error) {
		id, err := resolveGroup(ctx, cl, ref)
		if err != nil {
			var zero T
			return zero, err
		}
		return fn(ctx, cl, id)
	})
	return v, err
}

func groupFields(w io.Writer, g *client.Group) {
	var members []string
	for _, m := range g.Members {
		members = append(members, m.Name)
	}
	fields(w, "id", g.ID, "name", g.DisplayName, "external id", g.ExternalID, "built-in", g.Builtin, "version", g.Version,
		"members", strings.Join(members, ", "), "created", g.CreatedAt, "updated", g.UpdatedAt)
}

func (a *app) groupsListCmd() *cobra.Command {
	var f client.GroupFilter
	c := &cobra.Command{
		Use: "list", Short: "list groups", Example: "  watchword groups list -o json",
		Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			l, _, err := call(a, func(ctx context.Context, cl *client.Client) (*client.GroupList, error) { return cl.Groups(ctx, f) })
			if err != nil {
				return err
			}
			return a.emit(c, l, func(w io.Writer) {
				var rows [][]any
				for _, g := range l.Items {
					rows = append(rows, []any{g.ID, g.DisplayName, g.Builtin, len(g.Members)})
				}
				table(w, "ID NAME BUILT-IN MEMBERS", rows)
				if l.NextCursor != "" {
					fmt.Fprintf(c.ErrOrStderr(), "more: watchword groups list --cursor %s\n", l.NextCursor)
				}
			})
		},
	}
	c.Flags().StringVar(&f.DisplayName, "name", "", "only the group of this name (any case)")
	c.Flags().IntVar(&f.Limit, "limit", 0, "page size (at most 200; default 50)")
	c.Flags().StringVar(&f.Cursor, "cursor", "", "continue after the page that printed this next cursor")
	return c
}

func (a *app) groupsShowCmd() *cobra.Command {
	return &cobra.Command{
		Use: "show GROUP", Short: "show a group and its members (by name or ID)", Example: "  watchword groups show admin",
		Args: exactArgs(1), PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, args []string) error {
			g, err := onGroup(a, args[0], func(ctx context.Context, cl *client.Client, id string) (*client.Group, error) {
				return cl.Group(ctx, id)
			})
			if err != nil {
				return err
			}
			return a.emit(c, g, func(w io.Writer) { groupFields(w, g) })
		},
	}
}

// resolveUsers turns user names or IDs into IDs.
func resolveUsers(ctx context.Context, cl *client.Client, refs []string) ([]string, error) {
	var ids []string
	for _, r := range refs {
		id, err := resolveUser(ctx, cl, r)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func (a *app) groupsCreateCmd() *cobra.Command {
	var in client.NewGroup
	var members []string
	c := &cobra.Command{
		Use: "create NAME", Short: "create a group",
		Example: "  watchword groups create ops --member bob --member carol",
		Args:    exactArgs(1), PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, args []string) error {
			in.DisplayName = args[0]
			g, _, err := call(a, func(ctx context.Context, cl *client.Client) (*client.Group, error) {
				ids, err := resolveUsers(ctx, cl, members)
				if err != nil {
					return nil, err
				}
				in.Members = ids
				return cl.CreateGroup(ctx, in)
			})
			if err != nil {
				return err
			}
			return a.emit(c, g, func(w io.Writer) { groupFields(w, g) })
		},
	}
	c.Flags().StringVar(&in.ExternalID, "external-id", "", "the identity provider's ID of the group")
	c.Flags().StringArrayVar(&members, "member", nil, "a member (user name or ID); repeat for more")
	return c
}

func (a *app) groupsUpdateCmd() *cobra.Command {
	var name, external string
	var members []string
	c := &cobra.Command{
		Use: "update GROUP", Short: "change a group (by name or ID); flags not given stay as they are",
		Example: "  watchword groups update ops --name operations\n  watchword groups update ops --members bob,carol",
		Args:    exactArgs(1), PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, args []string) error {
			if !anyLocal(c) {
				return usagef(c, "nothing to change")
			}
			in := client.GroupUpdate{DisplayName: changed(c, "name", name), ExternalID: changed(c, "external-id", external)}
			g, err := onGroup(a, args[0], func(ctx context.Context, cl *client.Client, id string) (*client.Group, error) {
				if c.Flags().Changed("members") {
					ids, err := resolveUsers(ctx, cl, members)
					if err != nil {
						return nil, err
					}
					if ids == nil {
						ids = []string{}
					}
					in.Members = &ids
				}
				return cl.UpdateGroup(ctx, id, 0, in)
			})
			if err != nil {
				return err
			}
			return a.emit(c, g, func(w io.Writer) { groupFields(w, g) })
		},
	}
	f := c.Flags()
	f.StringVar(&name, "name", "", "new display name")
	f.StringVar(&external, "external-id", "", "the identity provider's ID of the group")
	f.StringSliceVar(&members, "members", nil, "the whole member list (user names or IDs, comma-separated; \"\" for none)")
	return c
}

func (a *app) groupsDeleteCmd() *cobra.Command {
	return &cobra.Command{
		Use: "delete GROUP", Short: "delete a group (by name or ID); its users stay", Example: "  watchword groups delete ops",
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			_, err := onGroup(a, args[0], func(ctx context.Context, cl *client.Client, id string) (struct{}, error) {
				return struct{}{}, cl.DeleteGroup(ctx, id, 0)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.io.Stdout, "Group %s deleted.\n", args[0])
			return nil
		},
	}
}

// groupsMemberCmd is add-member or remove-member.
func (a *app) groupsMemberCmd(verb string) *cobra.Command {
	short := "add a user to a group (to admin: makes it an administrator)"
	if verb == "remove-member" {
		short = "remove a user from a group (from admin: no longer an administrator)"
	}
	return &cobra.Command{
		Use: verb + " GROUP USER", Short: short, Example: "  watchword groups " + verb + " admin bob",
		Args: exactArgs(2), PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, args []string) error {
			g, err := onGroup(a, args[0], func(ctx context.Context, cl *client.Client, id string) (*client.Group, error) {
				uid, err := resolveUser(ctx, cl, args[1])
				if err != nil {
					return nil, err
				}
				if verb == "remove-member" {
					return cl.RemoveGroupMember(ctx, id, uid, 0)
				}
				return cl.AddGroupMember(ctx, id, uid, 0)
			})
			if err != nil {
				return err
			}
			return a.emit(c, g, func(w io.Writer) { groupFields(w, g) })
		},
	}
}
