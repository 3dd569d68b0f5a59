// Command watchword is the one Watchword binary: the service, its migrations,
// its administration commands, and the client of its API.
package main

import (
	"context"
	"os"

	"github.com/watchword/watchword/internal/cli"
)

func main() {
	err := cli.Run(context.Background(), os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Environ: os.Environ})
	os.Exit(cli.Exit(err, os.Stderr))
}
