package graph_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/google/go-cmp/cmp"

	"newsgraph/article"
	"newsgraph/server"
	"newsgraph/store"
)

func TestIngestArticle(t *testing.T) {
	a := newAPI(t)
	input := exampleInput(t)
	data, _ := json.Marshal(input)
	doc, err := article.Parse(examplePath, data)
	if err != nil {
		t.Fatal(err)
	}
	g, err := doc.Graph()
	if err != nil {
		t.Fatal(err)
	}

	got := a.ingest(t, input)
	want := ingestResult{}
	want.IngestArticle.Outcome = "CREATED"
	want.IngestArticle.Entities = len(g.Entities)
	want.IngestArticle.Relations = len(g.Relations)
	want.IngestArticle.Article.ID = g.Article.ID
	want.IngestArticle.Article.Title = g.Article.Title
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("first ingest (-want +got):\n%s", diff)
	}

	// The article and its claims are queryable.
	var counts struct {
		Articles  struct{ TotalCount int }
		Relations struct{ TotalCount int }
	}
	query(t, a.client, `{ articles { totalCount } relations { totalCount } }`, &counts)
	if counts.Articles.TotalCount != 1 || counts.Relations.TotalCount != len(g.Relations) {
		t.Errorf("after ingest: %+v", counts)
	}

	// The same document again changes nothing; an edited one replaces it.
	if got := a.ingest(t, input).IngestArticle.Outcome; got != "UNCHANGED" {
		t.Errorf("second ingest: %s, want UNCHANGED", got)
	}
	input["title"] = "Edited: " + input["title"].(string)
	if got := a.ingest(t, input); got.IngestArticle.Outcome != "REPLACED" || !strings.HasPrefix(got.IngestArticle.Article.Title, "Edited") {
		t.Errorf("edited ingest: %+v, want REPLACED with the new title", got)
	}
	if n := a.articleCount(t); n != 1 {
		t.Errorf("%d articles, want 1", n)
	}
}

// TestIngestInlineInput sends the article as a literal in the document
// rather than as a variable.
func TestIngestInlineInput(t *testing.T) {
	a := newAPI(t)
	var out ingestResult
	query(t, a.client, `mutation {
	  ingestArticle(input: {id: "inline-1", title: "Talks", text: "Kyiv and Moscow met.", entities: [
	    {id: "kyiv", type: "actor", kind: "government", name: "Kyiv", mentions: [{start: 0, end: 4, text: "Kyiv"}]},
	    {id: "moscow", type: "actor", kind: "government", name: "Moscow", mentions: [{start: 9, end: 15, text: "Moscow"}]}
	  ], relations: [
	    {type: "COOPERATED_WITH", source: "kyiv", target: "moscow", evidence: {start: 0, end: 20, text: "Kyiv and Moscow met."}}
	  ]}) { outcome entities relations article { id title } }
	}`, &out, withToken())
	if out.IngestArticle.Outcome != "CREATED" || out.IngestArticle.Entities != 2 || out.IngestArticle.Relations != 1 {
		t.Errorf("inline ingest: %+v", out)
	}
}

func TestIngestNeedsAToken(t *testing.T) {
	for _, tc := range []struct {
		name    string
		options []func(*server.Config)
		header  string
		message string
	}{
		{"no token", nil, "", "needs an API token"},
		{"wrong token", nil, "Bearer not-the-token", "invalid API token"},
		{"another scheme", nil, "Basic dXNlcjpwYXNz", "needs an API token"},
		{"writes not enabled", []func(*server.Config){func(o *server.Config) { o.APITokens = nil }}, "Bearer " + testToken, "writes are not enabled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newAPI(t, tc.options...)
			var opts []client.Option
			opts = append(opts, client.Var("input", exampleInput(t)))
			if tc.header != "" {
				opts = append(opts, client.AddHeader("Authorization", tc.header))
			}
			errs, data := queryErrors(t, a.client, ingestMutation, opts...)
			if len(errs) != 1 || errs[0].Extensions.Code != "UNAUTHENTICATED" || !strings.Contains(errs[0].Message, tc.message) {
				t.Errorf("errors %+v, want one UNAUTHENTICATED saying %q", errs, tc.message)
			}
			if data != nil {
				t.Errorf("data %v, want none (the operation did not run)", data)
			}
			if n := a.articleCount(t); n != 0 {
				t.Errorf("%d articles written", n)
			}
		})
	}
}

// TestIngestValidation checks that the API reports exactly the problems
// the loader's validation (article.Parse) finds in the same document, one
// error per problem with its path and message, and writes nothing.
func TestIngestValidation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(m map[string]any)
		fields []string // at least these
	}{
		{"unknown kind", func(m map[string]any) {
			entity(m, 0)["kind"] = "warlord"
		}, []string{"input.entities[0].kind"}},
		{"missing title and bad date", func(m map[string]any) {
			delete(m, "title")
			m["published"] = "2025-13-45"
		}, []string{"input.title", "input.published"}},
		{"mention text does not match", func(m map[string]any) {
			mention := entity(m, 1)["mentions"].([]any)[0].(map[string]any)
			mention["text"] = "something else"
		}, []string{"input.entities[1].mentions[0].text"}},
		{"relation to an unknown entity", func(m map[string]any) {
			m["relations"].([]any)[0].(map[string]any)["target"] = "nobody"
		}, []string{"input.relations[0].target"}},
		{"missing span start, evidence and entity name", func(m map[string]any) {
			delete(entity(m, 1)["mentions"].([]any)[0].(map[string]any), "start")
			delete(m["relations"].([]any)[0].(map[string]any), "evidence")
			delete(entity(m, 2), "name")
		}, []string{"input.entities[1].mentions[0].start", "input.relations[0].evidence", "input.entities[2].name"}},
		{"bad codes", func(m map[string]any) {
			entity(m, 0)["codes"] = []any{
				map[string]any{"scheme": "cameo", "value": "usa"},
				map[string]any{"scheme": "gdelt", "value": "USA"},
				map[string]any{"scheme": "cameo"},
			}
		}, []string{"input.entities[0].codes[0].value", "input.entities[0].codes[1].scheme", "input.entities[0].codes[2].value"}},
		{"missing entities", func(m map[string]any) {
			delete(m, "entities")
		}, []string{"input.entities"}},
		{"empty entities list", func(m map[string]any) {
			m["entities"] = []any{}
			delete(m, "relations")
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newAPI(t)
			input := exampleInput(t)
			tc.edit(input)
			data, _ := json.Marshal(input)
			want := expectedProblems(t, data)
			for _, f := range tc.fields {
				if !containsPrefix(want, f+": ") {
					t.Fatalf("article.Parse does not report %s (it reports %q): fix the test", f, want)
				}
			}

			resp, err := a.client.RawPost(ingestMutation, client.Var("input", input), withToken())
			if len(want) == 0 {
				// A valid document: accepted.
				if err != nil || len(resp.Errors) > 0 && string(resp.Errors) != "null" {
					t.Fatalf("valid document refused: %v %s", err, resp.Errors)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var errs []struct {
				Message    string
				Extensions struct{ Code, Field string }
			}
			if err := json.Unmarshal(resp.Errors, &errs); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range errs {
				if e.Extensions.Code != "BAD_USER_INPUT" || !strings.HasPrefix(e.Message, e.Extensions.Field+": ") {
					t.Errorf("error %+v: want BAD_USER_INPUT with a message starting with its field", e)
				}
				got = append(got, e.Message)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("fields (-article.Parse +API):\n%s", diff)
			}
			if n := a.articleCount(t); n != 0 {
				t.Errorf("%d articles written", n)
			}
		})
	}
}

// expectedProblems runs the loader's validation on data and returns its
// problems as the API words them: "input.path: message".
func expectedProblems(t *testing.T, data []byte) []string {
	t.Helper()
	doc, err := article.Parse("input", data)
	if err == nil {
		_, err = doc.Graph()
	}
	if err == nil {
		return nil
	}
	ve, ok := err.(*article.ValidationError)
	if !ok {
		t.Fatalf("not a validation error: %v", err)
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, "input"+strings.TrimPrefix(p.Path, "$")+": "+p.Message)
	}
	return out
}

func entity(m map[string]any, i int) map[string]any {
	return m["entities"].([]any)[i].(map[string]any)
}

func containsPrefix(list []string, prefix string) bool {
	for _, v := range list {
		if strings.HasPrefix(v, prefix) {
			return true
		}
	}
	return false
}

func TestDeleteArticle(t *testing.T) {
	a := newAPI(t)
	a.ingest(t, exampleInput(t))
	const del = `mutation($id: ID!) { deleteArticle(id: $id) { id found removedEntities removedRelations } }`
	type result struct {
		DeleteArticle struct {
			ID                                string
			Found                             bool
			RemovedEntities, RemovedRelations int
		}
	}

	// Without a token, nothing is deleted.
	errs, _ := queryErrors(t, a.client, del, client.Var("id", "istanbul-talks-2025-06-03"))
	if len(errs) != 1 || errs[0].Extensions.Code != "UNAUTHENTICATED" || a.articleCount(t) != 1 {
		t.Fatalf("delete without a token: %+v, %d articles", errs, a.articleCount(t))
	}

	var got result
	query(t, a.client, del, &got, client.Var("id", "istanbul-talks-2025-06-03"), withToken())
	if !got.DeleteArticle.Found || got.DeleteArticle.ID != "article:istanbul-talks-2025-06-03" ||
		got.DeleteArticle.RemovedEntities == 0 || got.DeleteArticle.RemovedRelations == 0 {
		t.Errorf("delete by own id: %+v", got)
	}
	n, err := a.store.CountRelations(context.Background(), store.RelationQuery{})
	if err != nil || n != 0 || a.articleCount(t) != 0 {
		t.Errorf("after delete: %d relations, %d articles (%v)", n, a.articleCount(t), err)
	}

	query(t, a.client, del, &got, client.Var("id", "article:istanbul-talks-2025-06-03"), withToken())
	if got.DeleteArticle.Found {
		t.Errorf("second delete by global id: %+v, want found false", got)
	}
}
