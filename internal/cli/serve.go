package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"newsgraph/loaders"
	"newsgraph/server"
)

// Timeouts of the HTTP server.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 2 * time.Minute
	// shutdownTimeout is how long requests in flight get to finish.
	shutdownTimeout = 15 * time.Second
)

type serveFlags struct {
	addr string
	load []string
	open bool
}

func newServeCommand(g *globals) *cobra.Command {
	var sf serveFlags
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Serve the GraphQL API and GraphiQL",
		Long: `Serve opens the store and serves the GraphQL API at /graphql and GraphiQL, an
in-browser query editor, at /. With --load, it first loads articles as
"newsgraph load" does (and serves even if some of them fail).

SIGINT or SIGTERM (Ctrl-C) stops the server gracefully: requests in flight finish,
then the store is closed.`,
		Example: `  newsgraph serve --load examples/articles --open
  newsgraph serve --addr 0.0.0.0:8080
  newsgraph --neo4j-uri neo4j://localhost:7687 serve`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usage(cmd, "unexpected argument %q (to load articles, use --load PATH)", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serve(cmd, g, sf)
		},
	}
	f := cmd.Flags()
	f.StringVar(&sf.addr, "addr", env("NEWSGRAPH_ADDR", "127.0.0.1:8080"),
		"address to listen on; port 0 picks a free port (env NEWSGRAPH_ADDR)")
	f.StringArrayVar(&sf.load, "load", nil, "load the articles at this PATH (file, directory or glob) before serving; repeatable")
	f.BoolVar(&sf.open, "open", false, "open GraphiQL in a browser")
	return cmd
}

func serve(cmd *cobra.Command, g *globals, sf serveFlags) error {
	ctx := contextOf(cmd)
	st, err := openStore(ctx, g)
	if err != nil {
		return err
	}
	defer closeStore(g, st)

	if len(sf.load) > 0 {
		imps, err := importers(loaders.Auto, "")
		if err != nil {
			return err
		}
		rep, err := runLoad(cmd, g, &loaders.Loader{Store: st, Importers: imps}, sf.load)
		if err != nil {
			return err
		}
		if rep.Failed > 0 {
			g.logger.Warn("some articles failed to load; serving the others", "failed", rep.Failed)
		}
	}

	handler, err := server.New(server.Config{Store: st, Logger: g.logger})
	if err != nil {
		return fmt.Errorf("set up the API: %w", err)
	}
	ln, err := net.Listen("tcp", sf.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", sf.addr, err)
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(g.stdout, "newsgraph: GraphiQL at %s , GraphQL at %sgraphql\n", url, url)
	if sf.open {
		openBrowser(g.logger, url)
	}
	return runServer(ctx, g.logger, ln, handler)
}

// runServer serves on ln until ctx is done, then shuts down gracefully.
func runServer(ctx context.Context, log *slog.Logger, ln net.Listener, handler http.Handler) error {
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// openBrowser tries to open url in the user's browser.
func openBrowser(log *slog.Logger, url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		log.Warn("could not open a browser; open the address yourself", "url", url, "err", err)
		return
	}
	go func() { _ = cmd.Wait() }()
}
