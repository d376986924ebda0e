package marshal

import (
	"bytes"
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/go-cmp/cmp"
	"github.com/vektah/gqlparser/v2/ast"
)

// operation is the context of an operation, as the executor makes it: an
// operation and a response to gather errors.
func operation() context.Context {
	ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{
		RecoverFunc: graphql.DefaultRecover,
	})
	return graphql.WithResponseContext(ctx, graphql.DefaultErrorPresenter, graphql.DefaultRecover)
}

// text is what a marshaller writes.
func text(m graphql.Marshaler) string {
	var b bytes.Buffer
	m.MarshalGQL(&b)
	return b.String()
}

// deadline fails the test if ch is not closed in a minute: then an item
// that waits was not followed by the others.
func deadline(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(time.Minute):
		t.Fatalf("%s never happened: the items after a released one did not start", what)
	}
}

// TestSliceInTurn checks that items that never release are marshalled one
// after another, in order, each with its index in its field context.
func TestSliceInTurn(t *testing.T) {
	var running, most atomic.Int32
	var order []int
	got := Slice(operation(), 5, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		n := running.Add(1)
		defer running.Add(-1)
		most.Store(max(most.Load(), n))
		order = append(order, *graphql.GetFieldContext(ctx).Index)
		return graphql.MarshalInt(i * 10)
	})
	if diff := cmp.Diff([]int{0, 1, 2, 3, 4}, order); diff != "" {
		t.Errorf("order of the items (-want +got):\n%s", diff)
	}
	if most.Load() != 1 {
		t.Errorf("%d items were marshalled at once, want 1", most.Load())
	}
	if diff := cmp.Diff("[0,10,20,30,40]", text(got)); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}
}

// TestReleaseStartsTheRest checks that an item that releases is followed
// at once by the items after it: here every item but the last waits for
// the next one to start, which in turn would never happen.
func TestReleaseStartsTheRest(t *testing.T) {
	const n = 4
	started := make([]chan struct{}, n)
	for i := range started {
		started[i] = make(chan struct{})
	}
	got := Slice(operation(), n, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		close(started[i])
		if i < n-1 {
			Release(ctx)
			deadline(t, started[i+1], "item "+strconv.Itoa(i+1))
		}
		return graphql.MarshalInt(i)
	})
	if diff := cmp.Diff("[0,1,2,3]", text(got)); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}
}

// TestReleaseStartsTheEnclosingRest checks that an item of a nested list
// that releases also releases the item of the enclosing list: the outer
// items after it start while it waits.
func TestReleaseStartsTheEnclosingRest(t *testing.T) {
	outerStarted := make(chan struct{})
	var calls atomic.Int32
	got := Slice(operation(), 2, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		calls.Add(1)
		if i == 1 {
			close(outerStarted)
			return graphql.MarshalString("b")
		}
		return Slice(ctx, 2, 0, false, func(ctx context.Context, j int) graphql.Marshaler {
			calls.Add(1)
			if j == 0 {
				Release(ctx)
				deadline(t, outerStarted, "the outer list's second item")
			}
			return graphql.MarshalInt(j)
		})
	})
	if diff := cmp.Diff(`[[0,1],"b"]`, text(got)); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}
	if calls.Load() != 4 {
		t.Errorf("%d items marshalled, want 4 (each once)", calls.Load())
	}
}

// TestReleaseAfterTheItem checks that a release from a context that
// outlives its item (as a deferred field's may) starts nothing again, and
// that Release outside a list does nothing.
func TestReleaseAfterTheItem(t *testing.T) {
	Release(context.Background())
	var calls atomic.Int32
	var kept []context.Context
	var mu sync.Mutex
	Slice(operation(), 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		calls.Add(1)
		mu.Lock()
		kept = append(kept, ctx)
		mu.Unlock()
		return graphql.MarshalInt(i)
	})
	for i, ctx := range kept {
		Release(ctx)
		if h := ctx.Value(handoffKey{}).(*handoff); h.state.Load() != done {
			t.Errorf("item %d released after it was done", i)
		}
	}
	if calls.Load() != 3 {
		t.Errorf("%d items marshalled, want 3", calls.Load())
	}
}

// TestSlicePanic checks that an item that panics is null, with an error
// of its own, and that the others are marshalled, before and after a
// release.
func TestSlicePanic(t *testing.T) {
	for _, release := range []bool{false, true} {
		ctx := operation()
		got := Slice(ctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
			if release {
				Release(ctx)
			}
			if i == 1 {
				panic("boom")
			}
			return graphql.MarshalInt(i)
		})
		if diff := cmp.Diff("[0,null,2]", text(got)); diff != "" {
			t.Errorf("release %v: list (-want +got):\n%s", release, diff)
		}
		if errs := graphql.GetErrors(ctx); len(errs) != 1 {
			t.Errorf("release %v: errors %v, want one", release, errs)
		}
	}
}

// TestDeferredGroup checks that an object gets a group of deferred fields
// only when one of its fields is deferred.
func TestDeferredGroup(t *testing.T) {
	ctx := operation()
	plain := []graphql.CollectedField{{Field: &ast.Field{Name: "a"}}, {Field: &ast.Field{Name: "b"}}}
	if g := DeferredGroup(ctx, plain); g.Defers != nil || g.FieldSet != nil {
		t.Errorf("group of fields that none defers: %+v, want an empty one", g)
	}
	deferred := append(plain, graphql.CollectedField{Field: &ast.Field{Name: "c"},
		Deferrables: []*graphql.Deferrable{{Label: "later"}}})
	if g := DeferredGroup(ctx, deferred); g.Defers == nil || g.FieldSet == nil {
		t.Errorf("group of fields one of which is deferred: %+v, want a group", g)
	}
}

// TestObject checks that Object writes what the field set's own
// MarshalGQL writes: fields in order, each alias once.
func TestObject(t *testing.T) {
	tests := []struct {
		name    string
		aliases []string
	}{
		{"none", nil},
		{"one", []string{"id"}},
		{"several", []string{"__typename", "id", "name", "relations"}},
		{"a repeated alias", []string{"id", "x", "id", "y"}},
	}
	for _, tt := range tests {
		fields := make([]graphql.CollectedField, len(tt.aliases))
		for i, a := range tt.aliases {
			fields[i] = graphql.CollectedField{Field: &ast.Field{Alias: a, Name: a}}
		}
		out := graphql.NewFieldSet(fields)
		for i := range fields {
			out.Values[i] = graphql.MarshalInt(i)
		}
		if diff := cmp.Diff(text(out), text(Object(fields, out))); diff != "" {
			t.Errorf("%s: object (-field set +Object):\n%s", tt.name, diff)
		}
	}
}

// names are the aliases of fields.
func names(fields []graphql.CollectedField) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.Alias)
	}
	return out
}

// TestCollectFields checks that the fields collected inside a list are
// those gqlgen collects, for each type its own, and collected once per
// selection set and type.
func TestCollectFields(t *testing.T) {
	sel := ast.SelectionSet{
		&ast.Field{Name: "b", Alias: "b"},
		&ast.InlineFragment{TypeCondition: "A", SelectionSet: ast.SelectionSet{&ast.Field{Name: "a", Alias: "a"}}},
	}
	satisfiesA, satisfiesB := []string{"A"}, []string{"B"}
	ctx := operation()
	oc := graphql.GetOperationContext(ctx)
	got := map[string][][]graphql.CollectedField{}
	var mu sync.Mutex
	Slice(ctx, 4, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		if i == 2 {
			Release(ctx) // the last item runs on a goroutine of its own
		}
		a := CollectFields(ctx, oc, sel, satisfiesA)
		b := CollectFields(ctx, oc, sel, satisfiesB)
		mu.Lock()
		got["A"] = append(got["A"], a)
		got["B"] = append(got["B"], b)
		mu.Unlock()
		return graphql.Null
	})
	want := map[string][]string{"A": {"b", "a"}, "B": {"b"}}
	for typ, lists := range got {
		if diff := cmp.Diff(names(graphql.CollectFields(oc, sel, []string{typ})), names(lists[0])); diff != "" {
			t.Errorf("%s: fields (-gqlgen +CollectFields):\n%s", typ, diff)
		}
		if diff := cmp.Diff(want[typ], names(lists[0])); diff != "" {
			t.Errorf("%s: fields (-want +got):\n%s", typ, diff)
		}
		for i, l := range lists[1:] {
			if &l[0] != &lists[0][0] {
				t.Errorf("%s: item %d collected the fields again", typ, i+1)
			}
		}
	}
	if len(got["A"]) != 4 {
		t.Errorf("%d items, want 4", len(got["A"]))
	}
	if f := CollectFields(context.Background(), oc, sel, satisfiesA); len(f) != 2 {
		t.Errorf("outside a list: %v, want the fields of A", names(f))
	}
}
