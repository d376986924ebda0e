package graph_test

import (
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/google/go-cmp/cmp"
)

// TestEntityCodes ingests an article whose entities carry codes, reads
// them back on every entity type's field and filters by them.
func TestEntityCodes(t *testing.T) {
	a := newAPI(t)
	input := inputOf(t, "../article/testdata/valid/codes.json")
	if got := a.ingest(t, input).IngestArticle.Outcome; got != "CREATED" {
		t.Fatalf("outcome %s", got)
	}
	type code struct{ Scheme, Value string }
	var out struct {
		Node struct{ Codes []code }
		All  struct{ Nodes []struct{ ID string } }
		Gov  struct{ Nodes []struct{ ID string } }
		ISO  struct{ Nodes []struct{ ID string } }
		None struct{ Nodes []struct{ ID string } }
	}
	query(t, a.client, `query($usa: String!) {
  node(id: "actor:united-states") { ... on Entity { codes { scheme value } } }
  all: entities(where: {code: {scheme: CAMEO}}) { nodes { id } }
  gov: actors(where: {code: {scheme: CAMEO, value: "RUSMIL"}}) { nodes { id } }
  iso: actors(where: {code: {scheme: ISO3166_ALPHA3, value: $usa}}) { nodes { id } }
  none: actors(where: {code: {scheme: ISO3166_ALPHA2, value: "RU"}}) { nodes { id } }
}`, &out, client.Var("usa", "USA"))
	want := []code{{"CAMEO", "USA"}, {"ISO3166_ALPHA2", "US"}, {"ISO3166_ALPHA3", "USA"}}
	if d := cmp.Diff(want, out.Node.Codes); d != "" {
		t.Errorf("codes (-want +got):\n%s", d)
	}
	ids := func(ns []struct{ ID string }) []string {
		var out []string
		for _, n := range ns {
			out = append(out, n.ID)
		}
		return out
	}
	for _, c := range []struct {
		name      string
		got, want []string
	}{
		{"any CAMEO code", ids(out.All.Nodes), []string{"actor:russias-military", "actor:united-states"}},
		{"a CAMEO code", ids(out.Gov.Nodes), []string{"actor:russias-military"}},
		{"an ISO code", ids(out.ISO.Nodes), []string{"actor:united-states"}},
		{"a code no entity has", ids(out.None.Nodes), nil},
	} {
		if d := cmp.Diff(c.want, c.got); d != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, d)
		}
	}
}

// TestIngestResolvesByCode checks that ingestArticle resolves entities by
// code as load does: an actor without a Wikidata id whose code is the
// United States' is the United States.
func TestIngestResolvesByCode(t *testing.T) {
	a := newAPI(t)
	a.ingest(t, inputOf(t, "../article/testdata/valid/codes.json"))
	text := "Washington sanctioned Moscow."
	a.ingest(t, map[string]any{
		"id": "codes-washington", "title": "Washington", "text": text,
		"entities": []any{
			map[string]any{"id": "w", "type": "actor", "kind": "country", "name": "Washington",
				"codes":    []any{map[string]any{"scheme": "cameo", "value": "USA"}},
				"mentions": []any{map[string]any{"start": 0, "end": 10, "text": "Washington"}}},
			map[string]any{"id": "m", "type": "actor", "kind": "government", "name": "Moscow"},
		},
		"relations": []any{map[string]any{"type": "SANCTIONED", "source": "w", "target": "m",
			"evidence": map[string]any{"start": 0, "end": len(text), "text": text}}},
	})
	var out struct {
		Node struct {
			Aliases  []string
			Articles struct{ TotalCount int }
		}
	}
	query(t, a.client, `{ node(id: "actor:united-states") { ... on Entity { aliases articles { totalCount } } } }`, &out)
	if d := cmp.Diff([]string{"Washington"}, out.Node.Aliases); d != "" || out.Node.Articles.TotalCount != 2 {
		t.Errorf("the United States after an article naming Washington coded USA: aliases (-want +got):\n%s; %d articles, want 2",
			d, out.Node.Articles.TotalCount)
	}
}
