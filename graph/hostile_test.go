package graph_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestHostileArguments checks that arguments that name nothing, or the
// wrong kind of thing, are refused with a code rather than answered with an
// empty page.
func TestHostileArguments(t *testing.T) {
	_, c := seeded(t)
	var rel, actor struct {
		Relations, Actors struct {
			Edges []struct{ Cursor string }
		}
	}
	query(t, c, `{ relations(first: 1) { edges { cursor } } }`, &rel)
	query(t, c, `{ actors(first: 1) { edges { cursor } } }`, &actor)
	relCursor, actorCursor := rel.Relations.Edges[0].Cursor, actor.Actors.Edges[0].Cursor

	type verdict struct {
		Code string
		Path string
	}
	for _, tc := range []struct {
		name  string
		query string
		want  verdict
	}{
		{"a relation's cursor to actors", fmt.Sprintf(`{ actors(after: %q) { totalCount } }`, relCursor), verdict{"BAD_USER_INPUT", "[actors]"}},
		{"a relation's cursor to entities", fmt.Sprintf(`{ entities(after: %q) { totalCount } }`, relCursor), verdict{"BAD_USER_INPUT", "[entities]"}},
		{"an actor's cursor to meetings", fmt.Sprintf(`{ meetings(after: %q) { totalCount } }`, actorCursor), verdict{"BAD_USER_INPUT", "[meetings]"}},
		{"an actor's cursor to relations", fmt.Sprintf(`{ relations(after: %q) { totalCount } }`, actorCursor), verdict{"BAD_USER_INPUT", "[relations]"}},
		{"an actor's cursor to articles", fmt.Sprintf(`{ articles(after: %q) { totalCount } }`, actorCursor), verdict{"BAD_USER_INPUT", "[articles]"}},
		{"an actor's cursor to the timeline", fmt.Sprintf(`{ timeline(after: %q) { totalCount } }`, actorCursor), verdict{"BAD_USER_INPUT", "[timeline]"}},
		{"a timeline of an entity that does not exist", `{ timeline(entity: "bogus:id") { totalCount } }`, verdict{"NOT_FOUND", "[timeline]"}},
		{"a timeline of an actor that does not exist", `{ timeline(entity: "actor:nobody-at-all") { totalCount } }`, verdict{"NOT_FOUND", "[timeline]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs, _ := queryErrors(t, c, tc.query)
			got := verdict{errs[0].Extensions.Code, fmt.Sprint(errs[0].Path)}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\n%+v", diff, errs)
			}
		})
	}

	// The cursors of a list still page through it.
	var next struct {
		Actors struct{ Edges []struct{ Cursor string } }
	}
	query(t, c, fmt.Sprintf(`{ actors(first: 1, after: %q) { edges { cursor } } }`, actorCursor), &next)
	if len(next.Actors.Edges) != 1 || next.Actors.Edges[0].Cursor == actorCursor {
		t.Errorf("actors after the first: %+v", next)
	}
}
