// Command watchword is the one Watchword binary: the service, its migrations,
// and its administration commands.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/watchword/watchword/internal/cli"
)

func main() {
	err := cli.Run(context.Background(), os.Args[1:], cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	if err != nil && !cli.IsHelp(err) {
		fmt.Fprintln(os.Stderr, "watchword:", err)
		os.Exit(1)
	}
}
