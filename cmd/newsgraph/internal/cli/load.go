package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"newsgraph/loaders"
	"newsgraph/store"
)

// loadFlags are the flags of load and validate.
type loadFlags struct {
	format  string
	mapping string
}

func (lf *loadFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&lf.format, "format", loaders.Auto, "format of the files: "+formatNames())
	cmd.Flags().StringVar(&lf.mapping, "mapping", "",
		"YAML file mapping the labels of the --format's annotations onto the ontology (formats: "+
			strings.Join(mappedFormats(), ", ")+"; each has a default)")
}

func newLoadCommand(g *globals) *cobra.Command {
	var lf loadFlags
	var batch int
	var noResolve bool
	var serverURL, token, memoryLimitFlag string
	cmd := &cobra.Command{
		Use:   "load [flags] PATH...",
		Short: "Load annotated articles into the store",
		Long: `Load reads annotated articles from files, directories (walked recursively,
hidden files skipped) and globs ("data/**/*.json"), validates each article and
puts it into the store. Each article loads atomically: an invalid one is
reported and writes nothing, and the others go on. Loading an article again
changes nothing; loading a new version of it replaces what it said before.

Entities named without a key or Wikidata id are matched by code (a CAMEO or
ISO 3166 code that identifies one entity), else by name, with the entities
already in the graph (entity resolution; see the README): one
candidate, and the entity is that one; two, and the load warns (a WARN line)
and keeps the entity apart.

Articles are written in batches; a load that is stopped (even killed) can be
run again, and ends with the graph a load never stopped gives. Progress is
shown on standard error: a bar on a terminal, else a log line every few
seconds.

Prints one FAIL line per problem, WARN lines, and a summary; exits with
status 1 if any article failed.

With --server, the articles go through the GraphQL API of a running
newsgraph server (its ingestArticle mutation, with the API token of --token
or NEWSGRAPH_API_TOKEN) and no store is opened: one article per request.
The server validates and resolves each article as a load into its store
does, so the graph ends the same either way. A refused token or an
unreachable server stops the load.`,
		Example: `  newsgraph load examples/articles
  newsgraph load --format brat --mapping brat-mapping.yaml data/brat-news
  newsgraph --neo4j-uri neo4j://localhost:7687 load 'data/**/*.jsonl'
  newsgraph load --server https://newsgraph.example.org --token "$TOKEN" examples/articles`,
		Args: pathArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			loader, err := lf.loader(cmd)
			if err != nil {
				return err
			}
			loader.BatchArticles = batch
			var graph store.Store // counted after the load
			if serverURL != "" {
				// Only an explicit --neo4j-uri clashes: NEO4J_URI in the
				// environment is simply not used when loading through a server.
				if cmd.Flags().Changed("neo4j-uri") {
					return usage(cmd, "--server and --neo4j-uri exclude each other: load through the server or into Neo4j")
				}
				if !cmd.Flags().Changed("token") {
					token = env("NEWSGRAPH_API_TOKEN", "")
				}
				sink, err := newRemoteSink(serverURL, token)
				if err != nil {
					return usage(cmd, "%v", err)
				}
				loader.Sink = sink
				if !cmd.Flags().Changed("batch") {
					// One request per article anyway: report each as it
					// is answered.
					loader.BatchArticles = 1
				}
			} else {
				ctx := contextOf(cmd)
				memLimit, err := parseMemoryLimit(memoryLimitFlag)
				if err != nil {
					return usage(cmd, "%v", err)
				}
				defer applyMemoryLimit(ctx, g, memLimit)()
				st, err := openStore(ctx, g)
				if err != nil {
					return err
				}
				defer closeStore(g, st)
				loader.Sink = &loaders.StoreSink{Store: st, NoResolution: noResolve}
				graph = st
			}
			rep, err := runLoad(cmd, g, loader, args, graph)
			if err != nil {
				return err
			}
			if rep.Failed > 0 {
				return &failedError{n: rep.Failed}
			}
			return nil
		},
	}
	lf.register(cmd)
	cmd.Flags().IntVar(&batch, "batch", loaders.DefaultBatchArticles, "write at most this many articles at once (with --server: report on this many at once; default 1)")
	cmd.Flags().BoolVar(&noResolve, "no-resolve", false,
		"do not match entities named without a key or Wikidata id with entities of the graph")
	cmd.Flags().StringVar(&serverURL, "server", "",
		"load through the GraphQL API of the newsgraph server at this URL (path /graphql if none) instead of opening a store")
	cmd.Flags().StringVar(&token, "token", "", "API token for --server (env NEWSGRAPH_API_TOKEN)")
	cmd.Flags().StringVar(&memoryLimitFlag, "memory-limit", env("NEWSGRAPH_MEMORY_LIMIT", memoryLimitOff),
		"soft memory limit of the load into the embedded store: off, auto (as serve's: twice the size of the store's log, followed as it grows; none when GOMEMLIMIT is set; less memory, slower), or a size such as 1800MiB (env NEWSGRAPH_MEMORY_LIMIT)")
	return cmd
}

func newValidateCommand(g *globals) *cobra.Command {
	var lf loadFlags
	cmd := &cobra.Command{
		Use:   "validate [flags] PATH...",
		Short: "Check annotated articles without loading them",
		Long: `Validate reads articles as load does and checks every one of them — the
format, the ontology's types and kinds, the relations' ends, and that every
span quotes the article's text at its offsets — without opening a store.

Prints one FAIL line per problem and a summary; exits with status 1 if any
article is invalid.`,
		Example: `  newsgraph validate examples/articles
  newsgraph validate article.yaml`,
		Args: pathArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			loader, err := lf.loader(cmd)
			if err != nil {
				return err
			}
			loader.Sink = loaders.DryRun{}
			rep, err := runLoad(cmd, g, loader, args, nil)
			if err != nil {
				return err
			}
			if rep.Failed > 0 {
				return &failedError{n: rep.Failed}
			}
			return nil
		},
	}
	lf.register(cmd)
	return cmd
}

// loader builds a loader (without its store) from the flags.
func (lf *loadFlags) loader(cmd *cobra.Command) (*loaders.Loader, error) {
	imps, err := importers(lf.format, lf.mapping)
	if err != nil {
		return nil, usage(cmd, "%v", err)
	}
	l := &loaders.Loader{Importers: imps, Format: lf.format}
	if lf.format != loaders.Auto {
		if _, err := l.Importer(lf.format); err != nil {
			return nil, usage(cmd, "--format: %v", err)
		}
	}
	return l, nil
}

// runLoad runs the loader over paths, printing failures as they come and
// the summary at the end on stdout, and progress on stderr. When graph is
// set, the summary says how many entities and relations it holds after the
// load. The error is for what stopped the load as a whole.
func runLoad(cmd *cobra.Command, g *globals, l *loaders.Loader, paths []string, graph store.Store) (*loaders.Report, error) {
	l.Logger = g.logger
	progress := newProgress(g)
	l.Progress = progress.update
	l.OnFailure = func(f loaders.Failure) {
		progress.clear()
		for _, line := range f.Lines() {
			fmt.Fprintln(g.stdout, "FAIL "+line)
		}
	}
	l.OnWarning = func(w loaders.Warning) {
		progress.clear()
		fmt.Fprintln(g.stdout, "WARN "+w.String())
	}
	ctx := contextOf(cmd)
	rep, err := l.Load(ctx, paths)
	progress.done()
	if rep == nil {
		return nil, err
	}
	var totals *graphTotals
	if graph != nil && err == nil {
		totals, err = countGraph(ctx, graph)
	}
	_, dryRun := l.Sink.(loaders.DryRun)
	fmt.Fprintln(g.stdout, summary(rep, dryRun, totals))
	return rep, err
}

// graphTotals is what the graph holds.
type graphTotals struct{ entities, relations int }

func countGraph(ctx context.Context, st store.Store) (*graphTotals, error) {
	var t graphTotals
	var err error
	if t.entities, err = st.CountEntities(ctx, store.EntityQuery{}); err != nil {
		return nil, fmt.Errorf("count the graph's entities: %w", err)
	}
	if t.relations, err = st.CountRelations(ctx, store.RelationQuery{}); err != nil {
		return nil, fmt.Errorf("count the graph's relations: %w", err)
	}
	return &t, nil
}

// summary is the last line of load and validate:
//
//	loaded 3 articles (2 created, 1 replaced, 0 unchanged), 1 failed; 40 entities, 52 relations in the graph; 120 mentions, 60 pieces of evidence read; nothing omitted (120ms, 25 articles/s)
//
// The graph's totals are there when they are known (not in a dry run, nor
// through a server); mentions and evidence count the spans of the articles
// loaded, as their files give them. Then, when there are any, the entities
// resolved by name and the warnings: "...; nothing omitted; 2 entities
// resolved by name, 1 warning (120ms, 25 articles/s)".
func summary(r *loaders.Report, dryRun bool, totals *graphTotals) string {
	var b strings.Builder
	if dryRun {
		fmt.Fprintf(&b, "validated %s", plural(r.Validated, "article"))
	} else {
		fmt.Fprintf(&b, "loaded %s (%d created, %d replaced, %d unchanged)",
			plural(r.Loaded(), "article"), r.Created, r.Replaced, r.Unchanged)
	}
	fmt.Fprintf(&b, ", %d failed; ", r.Failed)
	if totals != nil {
		fmt.Fprintf(&b, "%s, %s in the graph; ", plural(totals.entities, "entity"), plural(totals.relations, "relation"))
	}
	fmt.Fprintf(&b, "%s, %s read; ", plural(r.Mentions, "mention"), pieces(r.Evidence))
	if reasons := r.OmittedReasons(); len(reasons) > 0 {
		b.WriteString("omitted: ")
		for i, reason := range reasons {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%d %s", r.Omitted[reason], reason)
		}
	} else {
		b.WriteString("nothing omitted")
	}
	var extra []string
	if r.Resolved > 0 {
		extra = append(extra, plural(r.Resolved, "entity")+" resolved by name")
	}
	if len(r.Warnings) > 0 {
		extra = append(extra, plural(len(r.Warnings), "warning"))
	}
	if len(extra) > 0 {
		b.WriteString("; " + strings.Join(extra, ", "))
	}
	fmt.Fprintf(&b, " (%s", r.Duration.Round(time.Millisecond))
	if n := r.Loaded() + r.Validated; n > 0 && r.Duration > 0 {
		fmt.Fprintf(&b, ", %.0f articles/s", float64(n)/r.Duration.Seconds())
	}
	b.WriteString(")")
	return b.String()
}

// pieces is "1 piece of evidence" or "n pieces of evidence".
func pieces(n int) string {
	if n == 1 {
		return "1 piece of evidence"
	}
	return fmt.Sprintf("%d pieces of evidence", n)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		noun = strings.TrimSuffix(noun, "y") + "ie"
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// closeStore closes st, logging a failure to.
func closeStore(g *globals, st store.Store) {
	if err := st.Close(); err != nil {
		g.logger.Error("closing the store", "err", err)
	}
}
