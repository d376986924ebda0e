// Command newsgraph loads annotated news articles into a knowledge graph and
// serves it as a GraphQL API. Run "newsgraph --help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"newsgraph/cmd/newsgraph/internal/cli"
)

func main() {
	// The first SIGINT or SIGTERM stops the command gracefully (a load
	// between two articles, a server after the requests in flight); a
	// second one kills the process.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
