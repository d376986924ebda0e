package graph_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"newsgraph/graph"
	"newsgraph/graph/generated"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestEverythingIsDescribed checks that every type, field, argument, input
// field and enum value of the schema has a description: GraphiQL shows
// them, and they are the API's documentation.
func TestEverythingIsDescribed(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &graph.Resolver{}}).Schema()
	checked := map[string]bool{}
	for name, def := range schema.Types {
		if def.BuiltIn {
			continue
		}
		checked[name] = true
		if def.Description == "" {
			t.Errorf("type %s has no description", name)
		}
		for _, f := range def.Fields {
			if len(f.Name) > 1 && f.Name[:2] == "__" {
				continue
			}
			if f.Description == "" {
				t.Errorf("%s.%s has no description", name, f.Name)
			}
			for _, a := range f.Arguments {
				if a.Description == "" {
					t.Errorf("%s.%s(%s) has no description", name, f.Name, a.Name)
				}
			}
		}
		for _, v := range def.EnumValues {
			if v.Description == "" {
				t.Errorf("%s.%s has no description", name, v.Name)
			}
		}
	}
	for _, name := range []string{"Query", "Node", "Entity", "Actor", "RelationWhere", "RelationType", "Date"} {
		if !checked[name] {
			t.Errorf("type %s was not checked", name)
		}
	}
}

// seedQuery reads most of what the API says of the seed article.
const seedQuery = `{
  actors(first: 100, orderBy: {field: NAME}) {
    totalCount
    nodes { id name aliases wikidata kind }
  }
  meetings(first: 100) {
    nodes { id name date endDate round format place { id } participants { id } agreements { id } }
  }
  places(first: 100, orderBy: {field: NAME}) {
    nodes { id name kind latitude longitude meetings { id } }
  }
  agreements(first: 100, orderBy: {field: NAME}) {
    nodes {
      id name kind status
      demandedBy { id } proposedBy { id } rejectedBy { id } agreedBy { id } supportedBy { id } producedAt { id }
    }
  }
  articles {
    nodes { id title source url published }
  }
  relations(first: 100, orderBy: {field: TYPE}) {
    totalCount
    nodes {
      id type source { id } target { id }
      quantity item date when place { id } duration conditions cameo plover quadClass
      evidence { article { id } quote start end cameo plover mode label }
    }
  }
}`

// TestSeedGolden compares the API's answer about the seed article with
// testdata/seed.golden.json (go test ./graph -run SeedGolden -update
// rewrites it; review the diff).
func TestSeedGolden(t *testing.T) {
	_, c := seeded(t)
	var got any
	query(t, c, seedQuery, &got)
	gotJSON, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "seed.golden.json")
	if *update {
		if err := os.WriteFile(path, append(gotJSON, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantJSON, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	var want any
	if err := json.Unmarshal(wantJSON, &want); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answer differs from %s (-want +got):\n%s", path, diff)
	}
}
