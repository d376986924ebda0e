package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"newsgraph/loaders"
	"newsgraph/ontology"
	"newsgraph/store"
)

func newEntitiesCommand(g *globals) *cobra.Command {
	var (
		duplicates bool
		typeName   string
		limit      int
	)
	cmd := &cobra.Command{
		Use:   "entities [--duplicates] [--type TYPE] [--limit N]",
		Short: "List the entities of the graph, or its likely duplicates",
		Long: `Entities lists the entities of the graph, one a line: id, type and name,
tab-separated.

With --duplicates it lists instead the pairs of entities of the same type
that may be one entity under two ids, for a person to check and fix (give
the articles' entities a key or a Wikidata id): entities whose names or
aliases are the same once normalised (case, accents, punctuation and a
leading "the" aside), or one letter apart when they have at least 5 letters,
or that have the same Wikidata id or identifying code (cameo USA). One pair a line: the two ids with their
names, and why, tab-separated.`,
		Example: `  newsgraph entities --duplicates
  newsgraph entities --duplicates --type actor --limit 20`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usage(cmd, "unexpected argument %q", args[0])
			}
			if limit < 0 {
				return usage(cmd, "--limit must not be negative")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			types, err := entityTypes(typeName)
			if err != nil {
				return usage(cmd, "--type: %v", err)
			}
			ctx := contextOf(cmd)
			st, err := openStore(ctx, g)
			if err != nil {
				return err
			}
			defer closeStore(g, st)
			if duplicates {
				return printDuplicates(cmd, g, st, types, limit)
			}
			return printEntities(cmd, g, st, types, limit)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&duplicates, "duplicates", false, "list pairs of likely duplicate entities")
	f.StringVar(&typeName, "type", "", "only entities of this type: "+strings.ToLower(strings.Join(ontology.Names(ontology.EntityTypes), ", ")))
	f.IntVar(&limit, "limit", 100, "print at most this many lines; 0 for all")
	return cmd
}

// entityTypes parses --type: one entity type, or every one when empty.
func entityTypes(name string) ([]ontology.NodeType, error) {
	if name == "" {
		return ontology.EntityTypes, nil
	}
	t, ok := ontology.ParseNodeType(name)
	if !ok || !t.IsEntity() {
		return nil, fmt.Errorf("unknown entity type %q (use %s)", name,
			strings.ToLower(strings.Join(ontology.Names(ontology.EntityTypes), ", ")))
	}
	return []ontology.NodeType{t}, nil
}

func printDuplicates(cmd *cobra.Command, g *globals, st store.Store, types []ontology.NodeType, limit int) error {
	dups, err := loaders.FindDuplicates(contextOf(cmd), st, types...)
	if err != nil {
		return err
	}
	shown := dups
	if limit > 0 && len(shown) > limit {
		shown = shown[:limit]
	}
	for _, d := range shown {
		fmt.Fprintf(g.stdout, "%s %q\t%s %q\t%s\n", d.A.ID, d.A.Name, d.B.ID, d.B.Name, strings.Join(d.Reasons, "; "))
	}
	msg := fmt.Sprintf("%s of likely duplicates", plural(len(dups), "pair"))
	if len(shown) < len(dups) {
		msg += fmt.Sprintf(" (%d shown: use --limit 0 for all)", len(shown))
	}
	fmt.Fprintln(g.stderr, msg)
	return nil
}

func printEntities(cmd *cobra.Command, g *globals, st store.Store, types []ontology.NodeType, limit int) error {
	ctx := contextOf(cmd)
	q := store.EntityQuery{Types: types, First: store.MaxPageSize}
	n := 0
	for {
		page, err := st.ListEntities(ctx, q)
		if err != nil {
			return err
		}
		for _, e := range page.Items {
			if limit > 0 && n == limit {
				return nil
			}
			fmt.Fprintf(g.stdout, "%s\t%s\t%s\n", e.ID, e.Type, e.Name)
			n++
		}
		if !page.HasNextPage {
			return nil
		}
		q.After = page.EndCursor()
	}
}
