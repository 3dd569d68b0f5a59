package clientcli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
)

// emit prints v as indented JSON with -o json, else calls human.
func (a *app) emit(c *cobra.Command, v any, human func(w io.Writer)) error {
	switch a.output {
	case "json":
		enc := json.NewEncoder(a.io.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	case "text", "":
		human(a.io.Stdout)
		return nil
	}
	return usagef(c, "--output %q: want text or json", a.output)
}

// checkOutput refuses an unknown -o before anything is sent.
func (a *app) checkOutput(c *cobra.Command, _ []string) error {
	if a.output != "text" && a.output != "json" && a.output != "" {
		return usagef(c, "--output %q: want text or json", a.output)
	}
	return nil
}

// fields prints name: value lines, aligned.
func fields(w io.Writer, kv ...any) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i := 0; i+1 < len(kv); i += 2 {
		fmt.Fprintf(tw, "%s:\t%v\n", kv[i], show(kv[i+1]))
	}
	tw.Flush()
}

// table prints a header and rows, aligned.
func table(w io.Writer, header string, rows [][]any) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.ReplaceAll(header, " ", "\t"))
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, v := range r {
			cells[i] = fmt.Sprint(show(v))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	tw.Flush()
}

// show renders a value for people: times in UTC to the second, empty as -.
func show(v any) any {
	switch x := v.(type) {
	case time.Time:
		if x.IsZero() {
			return "-"
		}
		return x.UTC().Format(time.RFC3339)
	case *time.Time:
		if x == nil {
			return "-"
		}
		return show(*x)
	case *string:
		if x == nil {
			return "-"
		}
		return show(*x)
	case string:
		if x == "" {
			return "-"
		}
	case []string:
		if len(x) == 0 {
			return "-"
		}
		return strings.Join(x, ", ")
	}
	return v
}
