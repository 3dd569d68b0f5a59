// Command gen writes default.wwbf, the filter breach.Default returns, from
// data/passwords.txt in the github.com/trustelem/zxcvbn module: the 47,023
// most common passwords with their counts, one "password count" per line
// (MIT licence; see ../README.md). Run it with go generate in internal/breach.
//
// That raw list is used rather than zxcvbn's compiled frequency.FrequencyLists
// ["passwords"] because the compiled list drops any word ranked higher in
// another list, so it lacks "michael", "jennifer" and thousands more.
//
// The output is deterministic: the filter library seeds its construction
// from a fixed counter and Build sorts the keys, so regenerating from the
// same list gives the same bytes, which TestDefaultUpToDate checks.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/watchword/watchword/internal/breach"
)

// module is the module whose data/passwords.txt is bundled; its version is
// the one go.mod requires.
const module = "github.com/trustelem/zxcvbn"

func main() {
	out := flag.String("out", "default.wwbf", "output file")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	if err != nil || len(bytes.TrimSpace(dir)) == 0 {
		return fmt.Errorf("locating %s (try go mod download %s): %v", module, module, err)
	}
	raw, err := os.ReadFile(filepath.Join(string(bytes.TrimSpace(dir)), "data", "passwords.txt"))
	if err != nil {
		return err
	}
	// Keep the first field of each line, as zxcvbn's own build script does;
	// the count is not needed since the default filter keeps every entry.
	var list []string
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			list = append(list, f[0])
		}
	}
	var buf bytes.Buffer
	stats, err := breach.Build(context.Background(), strings.NewReader(strings.Join(list, "\n")), &buf, breach.BuildOptions{})
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Printf("gen: %s: %d passwords, %d distinct keys, %d bytes\n", out, len(list), stats.Entries, buf.Len())
	return nil
}
