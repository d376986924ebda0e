package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"newsgraph/loaders/synth"
)

func newGenCommand(g *globals) *cobra.Command {
	var cfg synth.Config
	var out string
	cmd := &cobra.Command{
		Use:   "gen --articles N [--seed S] --out DIR",
		Short: "Generate a synthetic corpus of annotated articles",
		Long: `Gen writes a synthetic corpus of annotated articles in the native format,
one JSON file per article (synth-000001.json, ...), for demos, load tests and
benchmarks. The articles report on an invented world (countries, people,
organisations, places, meetings and agreements); every relation type occurs
and every relation has its sentence as evidence. The same --seed always
gives the same corpus.`,
		Example: `  newsgraph gen --articles 10000 --out corpus
  newsgraph load corpus`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usage(cmd, "unexpected argument %q (give the directory with --out)", args[0])
			}
			switch {
			case !cmd.Flags().Changed("articles"):
				return usage(cmd, "give the number of articles with --articles")
			case cfg.Articles < 1:
				return usage(cmd, "--articles must be at least 1")
			case out == "":
				return usage(cmd, "give the output directory with --out")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			start := time.Now()
			n, err := synth.WriteDir(cfg, out)
			if err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "wrote %s to %s (seed %d, %s)\n", plural(n, "article"), out, cfg.Seed,
				time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&cfg.Articles, "articles", 0, "number of articles to generate")
	f.Int64Var(&cfg.Seed, "seed", 1, "seed of the world and the articles")
	f.StringVar(&out, "out", "", "directory to write the articles into (created if missing)")
	f.IntVar(&cfg.Actors, "actors", synth.DefaultActors,
		fmt.Sprintf("number of actors of the world (%d to %d)", synth.MinActors, synth.MaxActors))
	return cmd
}
