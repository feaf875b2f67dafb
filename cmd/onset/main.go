// Command onset runs a medically supervised ketamine-therapy clinic: the web
// application, its JSON and FHIR APIs, and the operational commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"onset/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
