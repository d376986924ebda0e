package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"newsgraph/export"
)

func newExportCommand(g *globals) *cobra.Command {
	var (
		format, types, out string
		opt                export.Options
	)
	cmd := &cobra.Command{
		Use:   "export --format jsonl|csv|graphml|gexf [--types T,...] [--since DATE] [--until DATE] [--out FILE] [--evidence]",
		Short: "Write the graph's relations for analysis tools",
		Long: `Export writes the relations of the graph, one row or edge per relation with
its CAMEO and PLOVER codes, its two ends (id, name, type, kind), its
qualifiers, its evidence count and the first and last published date of its
evidence, in one of four formats:

  jsonl    one JSON object a line ("record": "relation"); with --evidence, each
           relation is followed by one line per piece of evidence
           ("record": "evidence": quote, article id, title, published date, URL)
  csv      one row per relation, with a header row (RFC 4180)
  graphml  entities as nodes, relations as edges (networkx.read_graphml, Gephi)
  gexf     GEXF 1.3 (Gephi)

--types keeps the relations of those types. --since and --until (YYYY-MM-DD,
inclusive) keep a relation when its date qualifier is in the range or, when
it has none, when one of its evidence articles was published in it.
--max-relations refuses an export that would read more relations (of the
asked types) than that, before writing anything.

The export goes to standard output, or to --out FILE, which is written whole
or not at all.`,
		Example: `  newsgraph export --format csv --out relations.csv
  newsgraph export --format jsonl --evidence --types rejected,agreed_to --since 2025-06-01
  newsgraph export --format graphml --out graph.graphml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usage(cmd, "unexpected argument %q", args[0])
			}
			var err error
			if format == "" {
				return usage(cmd, "--format is required (jsonl, csv, graphml or gexf)")
			}
			if opt.Format, err = export.ParseFormat(format); err != nil {
				return usage(cmd, "--format: %v", err)
			}
			if opt.Types, err = export.ParseTypes(types); err != nil {
				return usage(cmd, "--types: %v", err)
			}
			if opt.MaxRelations < 0 {
				return usage(cmd, "--max-relations must not be negative")
			}
			if err := opt.Check(); err != nil {
				return usage(cmd, "%v", err)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := contextOf(cmd)
			st, err := openStore(ctx, g)
			if err != nil {
				return err
			}
			defer closeStore(g, st)
			w, finish, err := output(g.stdout, out)
			if err != nil {
				return err
			}
			stats, err := export.Write(ctx, st, w, opt)
			if err := finish(err == nil); err != nil {
				return err
			}
			if err != nil {
				return err
			}
			msg := fmt.Sprintf("exported %s", plural(stats.Relations, "relation"))
			if opt.Evidence {
				msg += fmt.Sprintf(" with %s of evidence", plural(stats.Evidence, "piece"))
			}
			if stats.Nodes > 0 {
				msg += fmt.Sprintf(" between %s", plural(stats.Nodes, "entity"))
			}
			if out != "" {
				msg += " to " + out
			}
			fmt.Fprintln(g.stderr, msg)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "", "jsonl, csv, graphml or gexf")
	f.StringVar(&types, "types", "", "only relations of these types, comma-separated (rejected,agreed_to)")
	f.StringVar(&opt.Since, "since", "", "only relations dated (or, undated, published) on or after this date, YYYY-MM-DD")
	f.StringVar(&opt.Until, "until", "", "only relations dated (or, undated, published) on or before this date, YYYY-MM-DD")
	f.StringVar(&out, "out", "", "write to this file instead of standard output")
	f.BoolVar(&opt.Evidence, "evidence", false, "jsonl: also one line per piece of evidence")
	f.IntVar(&opt.MaxRelations, "max-relations", 0, "refuse to read more relations than this; 0 for no bound")
	return cmd
}

// output returns where to write: standard output, or a temporary file
// beside path. finish(true) renames the file to path; finish(false)
// removes it, so that a failed export leaves path as it was.
func output(stdout io.Writer, path string) (w io.Writer, finish func(ok bool) error, err error) {
	if path == "" {
		return stdout, func(bool) error { return nil }, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, nil, fmt.Errorf("--out: %w", err)
	}
	return tmp, func(ok bool) error {
		err := tmp.Close()
		if ok && err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if !ok || err != nil {
			_ = os.Remove(tmp.Name())
		}
		if err != nil {
			return fmt.Errorf("--out %s: %w", path, err)
		}
		return nil
	}, nil
}
