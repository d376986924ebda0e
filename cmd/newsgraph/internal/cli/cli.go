// Package cli is the newsgraph command: load annotated articles into a
// store, validate them, and serve the GraphQL API. cmd/newsgraph only calls
// Main, so the commands run in-process in tests.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"newsgraph/store"
)

// Exit codes.
const (
	ExitOK       = 0 // everything worked
	ExitFailures = 1 // something failed: a document, the store, the server
	ExitUsage    = 2 // the command line is wrong
)

// Main runs the newsgraph command with args (without the program name) and
// returns its exit code. Defaults of flags come from the environment
// (NEWSGRAPH_DATA_DIR, NEO4J_URI, ...); cancelling ctx stops a running
// command (serve shuts down gracefully).
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	return report(err, stderr)
}

// report prints err and returns the exit code it means.
func report(err error, stderr io.Writer) int {
	if err == nil {
		return ExitOK
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "newsgraph: %v\n", ue.err)
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", ue.cmd)
		return ExitUsage
	}
	var fe *failedError
	if errors.As(err, &fe) {
		return ExitFailures // the command has printed what failed
	}
	fmt.Fprintf(stderr, "newsgraph: %v\n", err)
	return ExitFailures
}

// usageError is a command line that cannot be run.
type usageError struct {
	cmd string // "newsgraph load"
	err error
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usage(cmd *cobra.Command, format string, args ...any) error {
	return &usageError{cmd: cmd.CommandPath(), err: fmt.Errorf(format, args...)}
}

// failedError says that the command ran and reported failures itself.
type failedError struct{ n int }

func (e *failedError) Error() string { return fmt.Sprintf("%d failed", e.n) }

// globals are the flags every command has.
type globals struct {
	dataDir       string
	neo4jURI      string
	neo4jUser     string
	neo4jPassword string
	neo4jDatabase string
	logLevel      string
	logFormat     string
	// retention bounds the store's change feed (serve's --feed-max-age
	// and --feed-max-changes; the defaults elsewhere).
	retention store.Retention

	stdout, stderr io.Writer
	logger         *slog.Logger
}

// env returns the value of an environment variable, or def.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	g := &globals{stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "newsgraph",
		Short: "A GraphQL API over a knowledge graph of political and diplomatic news",
		Long: `newsgraph keeps a knowledge graph of political and diplomatic news — actors,
meetings, places and agreements, linked by relations that each carry the
sentence of the article that states them — and serves it as a GraphQL API.

Load annotated articles with "newsgraph load", check them with "newsgraph
validate", and serve the graph with "newsgraph serve". "newsgraph gen" writes
a synthetic corpus; "newsgraph entities --duplicates" lists entities that may
be one. The graph is kept in an embedded store under --data-dir, or in Neo4j
when --neo4j-uri is set.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				msg := fmt.Sprintf("unknown command %q", args[0])
				if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
					msg += fmt.Sprintf(" (did you mean %q?)", s[0])
				}
				return usage(cmd, "%s", msg)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(stderr)
			_ = cmd.Help()
			return usage(cmd, "missing command")
		},
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			logger, err := newLogger(stderr, g.logLevel, g.logFormat)
			if err != nil {
				return usage(cmd, "%v", err)
			}
			g.logger = logger
			if !cmd.Flags().Changed("neo4j-password") {
				g.neo4jPassword = env("NEO4J_PASSWORD", "")
			}
			return nil
		},
	}
	root.SuggestionsMinimumDistance = 2
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &usageError{cmd: cmd.CommandPath(), err: err}
	})
	root.CompletionOptions.DisableDefaultCmd = true

	f := root.PersistentFlags()
	f.StringVar(&g.dataDir, "data-dir", env("NEWSGRAPH_DATA_DIR", "./newsgraph-data"),
		"directory of the embedded store (env NEWSGRAPH_DATA_DIR)")
	f.StringVar(&g.neo4jURI, "neo4j-uri", env("NEO4J_URI", ""),
		"use Neo4j at this URI instead of the embedded store, e.g. neo4j://localhost:7687 (env NEO4J_URI)")
	f.StringVar(&g.neo4jUser, "neo4j-user", env("NEO4J_USERNAME", "neo4j"), "Neo4j user name (env NEO4J_USERNAME)")
	// The password's default is read after parsing, so that help never
	// shows it.
	f.StringVar(&g.neo4jPassword, "neo4j-password", "", "Neo4j password (env NEO4J_PASSWORD)")
	f.StringVar(&g.neo4jDatabase, "neo4j-database", env("NEO4J_DATABASE", ""),
		"Neo4j database; empty for the server's default (env NEO4J_DATABASE)")
	f.StringVar(&g.logLevel, "log-level", env("NEWSGRAPH_LOG_LEVEL", "info"), "log level: debug, info, warn or error")
	f.StringVar(&g.logFormat, "log-format", env("NEWSGRAPH_LOG_FORMAT", "text"), "log format: text or json")

	root.AddCommand(newLoadCommand(g), newValidateCommand(g), newServeCommand(g), newGenCommand(g),
		newEntitiesCommand(g), newExportCommand(g), newVersionCommand(g))
	return root
}

// newLogger builds the logger on stderr.
func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("invalid --log-level %q: use debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch strings.ToLower(format) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("invalid --log-format %q: use text or json", format)
}

// pathArgs requires at least one PATH argument.
func pathArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return usage(cmd, "give at least one PATH (a file, a directory or a glob)")
	}
	return nil
}

// contextOf is the command's context, never nil.
func contextOf(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}
