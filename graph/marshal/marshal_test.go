package marshal

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
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
		if h := ctx.Value(handoffKey{}).(*handoff); h.pos.Load() >= 0 {
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

// TestSliceOne checks a list of one item: marshalled with its index in its
// field context, and null with an error of its own when it panics.
func TestSliceOne(t *testing.T) {
	for _, panics := range []bool{false, true} {
		ctx := operation()
		var index int
		got := Slice(ctx, 1, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
			index = *graphql.GetFieldContext(ctx).Index
			if panics {
				panic("boom")
			}
			return graphql.MarshalInt(7)
		})
		want, errs := "[7]", 0
		if panics {
			want, errs = "[null]", 1
		}
		if diff := cmp.Diff(want, text(got)); diff != "" {
			t.Errorf("panics %v: list (-want +got):\n%s", panics, diff)
		}
		if index != 0 {
			t.Errorf("panics %v: index %d in the field context, want 0", panics, index)
		}
		if n := len(graphql.GetErrors(ctx)); n != errs {
			t.Errorf("panics %v: %d errors, want %d", panics, n, errs)
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

// TestFieldSetMarshal checks that a FieldSet writes what gqlgen's field
// set writes: fields in order, each alias once.
func TestFieldSetMarshal(t *testing.T) {
	tests := []struct {
		name    string
		aliases []string
	}{
		{"none", nil},
		{"one", []string{"id"}},
		{"several", []string{"__typename", "id", "name", "relations"}},
		{"a repeated alias", []string{"id", "x", "id", "y"}},
		{"many", []string{"a", "b", "c", "d", "e", "f", "c"}},
	}
	for _, tt := range tests {
		fields := make([]graphql.CollectedField, len(tt.aliases))
		for i, a := range tt.aliases {
			fields[i] = graphql.CollectedField{Field: &ast.Field{Alias: a, Name: a}}
		}
		theirs, ours := graphql.NewFieldSet(fields), NewFieldSet(fields)
		for i := range fields {
			theirs.Values[i] = graphql.MarshalInt(i)
			ours.Values[i] = graphql.MarshalInt(i)
		}
		if diff := cmp.Diff(text(theirs), text(ours)); diff != "" {
			t.Errorf("%s: object (-gqlgen +FieldSet):\n%s", tt.name, diff)
		}
	}
}

// fieldsNamed are collected fields of the names.
func fieldsNamed(names ...string) []graphql.CollectedField {
	fields := make([]graphql.CollectedField, len(names))
	for i, n := range names {
		fields[i] = graphql.CollectedField{Field: &ast.Field{Alias: n, Name: n}}
	}
	return fields
}

// TestFieldSetInTurn checks that the fields of an object that never
// release are resolved one after another, in order, on the caller's
// goroutine, and that a non-null field resolved to null is counted.
func TestFieldSetInTurn(t *testing.T) {
	ctx := operation()
	oc := graphql.GetOperationContext(ctx)
	var running, most atomic.Int32
	var order []string
	out := NewFieldSet(fieldsNamed("a", "b", "c", "d"))
	var deferred graphql.DeferredGroup
	for i, name := range []string{"a", "b", "c", "d"} {
		out.ResolveConcurrently(oc, &deferred, i, true, name == "d", func(ctx context.Context) graphql.Marshaler {
			n := running.Add(1)
			defer running.Add(-1)
			most.Store(max(most.Load(), n))
			order = append(order, name)
			if name == "d" {
				return graphql.Null
			}
			return graphql.MarshalString(name)
		})
	}
	out.Dispatch(ctx)
	if diff := cmp.Diff([]string{"a", "b", "c", "d"}, order); diff != "" {
		t.Errorf("order of the fields (-want +got):\n%s", diff)
	}
	if most.Load() != 1 {
		t.Errorf("%d fields were resolved at once, want 1", most.Load())
	}
	if out.Invalids != 1 {
		t.Errorf("%d invalid fields, want 1 (the non-null d)", out.Invalids)
	}
	if diff := cmp.Diff(`{"a":"a","b":"b","c":"c","d":null}`, text(out)); diff != "" {
		t.Errorf("object (-want +got):\n%s", diff)
	}
}

// TestFieldSetRelease checks that a field that releases is followed at
// once by the fields after it, and by the items after the enclosing one
// of a list: here each waits for the next to start, which in turn would
// never happen.
func TestFieldSetRelease(t *testing.T) {
	ctx := operation()
	oc := graphql.GetOperationContext(ctx)
	nextItem := make(chan struct{})
	var calls atomic.Int32
	got := Slice(ctx, 2, 0, false, func(ctx context.Context, item int) graphql.Marshaler {
		if item == 1 {
			close(nextItem)
			return graphql.MarshalInt(item)
		}
		started := []chan struct{}{make(chan struct{}), make(chan struct{}), make(chan struct{})}
		out := NewFieldSet(fieldsNamed("a", "b", "c"))
		var deferred graphql.DeferredGroup
		for i := range started {
			out.ResolveConcurrently(oc, &deferred, i, true, true, func(ctx context.Context) graphql.Marshaler {
				calls.Add(1)
				close(started[i])
				if i < len(started)-1 {
					Release(ctx)
					deadline(t, started[i+1], "field "+strconv.Itoa(i+1))
				}
				if i == 0 {
					deadline(t, nextItem, "the list's next item")
				}
				return graphql.MarshalInt(i)
			})
		}
		out.Dispatch(ctx)
		return out
	})
	if diff := cmp.Diff(`[{"a":0,"b":1,"c":2},1]`, text(got)); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}
	if calls.Load() != 3 {
		t.Errorf("%d fields resolved, want 3 (each once)", calls.Load())
	}
}

// TestFieldSetPanic checks that a field that panics is null, with an
// error of its own, and that the others are resolved, before and after a
// release.
func TestFieldSetPanic(t *testing.T) {
	for _, release := range []bool{false, true} {
		ctx := operation()
		oc := graphql.GetOperationContext(ctx)
		out := NewFieldSet(fieldsNamed("a", "b", "c"))
		var deferred graphql.DeferredGroup
		for i := range 3 {
			out.ResolveConcurrently(oc, &deferred, i, true, false, func(ctx context.Context) graphql.Marshaler {
				if release {
					Release(ctx)
				}
				if i == 1 {
					panic("boom")
				}
				return graphql.MarshalInt(i)
			})
		}
		out.Dispatch(ctx)
		if diff := cmp.Diff(`{"a":0,"b":null,"c":2}`, text(out)); diff != "" {
			t.Errorf("release %v: object (-want +got):\n%s", release, diff)
		}
		if errs := graphql.GetErrors(ctx); len(errs) != 1 {
			t.Errorf("release %v: errors %v, want one", release, errs)
		}
	}
}

// TestFieldSetRoot checks that root fields are resolved at once, as gqlgen
// resolves them, each with its own context.
func TestFieldSetRoot(t *testing.T) {
	ctx := operation()
	oc := graphql.GetOperationContext(ctx)
	oc.RootResolverMiddleware = func(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
		return next(ctx)
	}
	type key struct{}
	started := []chan struct{}{make(chan struct{}), make(chan struct{})}
	out := NewFieldSet(fieldsNamed("a", "b"))
	for i := range started {
		own := context.WithValue(ctx, key{}, i)
		out.ResolveRootConcurrently(own, oc, i, true, false, func(ctx context.Context) graphql.Marshaler {
			close(started[i])
			deadline(t, started[1-i], "root field "+strconv.Itoa(1-i))
			return graphql.MarshalInt(ctx.Value(key{}).(int))
		})
	}
	out.Dispatch(ctx)
	if diff := cmp.Diff(`{"a":0,"b":1}`, text(out)); diff != "" {
		t.Errorf("object (-want +got):\n%s", diff)
	}
}

// TestFieldSetDeferred checks that a deferred field is left to the
// deferred group, as gqlgen leaves it: null in the object, resolved with
// the group.
func TestFieldSetDeferred(t *testing.T) {
	ctx := operation()
	oc := graphql.GetOperationContext(ctx)
	fields := fieldsNamed("a", "b")
	fields[1].Deferrables = []*graphql.Deferrable{{Label: "later"}}
	out := NewFieldSet(fields)
	deferred := DeferredGroup(ctx, fields)
	var resolved []string
	for i, name := range []string{"a", "b"} {
		out.ResolveConcurrently(oc, &deferred, i, true, false, func(ctx context.Context) graphql.Marshaler {
			resolved = append(resolved, name)
			return graphql.MarshalString(name)
		})
	}
	out.Dispatch(ctx)
	if diff := cmp.Diff(`{"a":"a","b":null}`, text(out)); diff != "" {
		t.Errorf("object (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a"}, resolved); diff != "" {
		t.Errorf("resolved with the object (-want +got):\n%s", diff)
	}
	if _, ok := deferred.Defers["later"]; !ok {
		t.Errorf("deferred group %v holds no label later", deferred.Defers)
	}
	deferred.FieldSet.Dispatch(ctx)
	if diff := cmp.Diff([]string{"a", "b"}, resolved); diff != "" {
		t.Errorf("resolved with the group (-want +got):\n%s", diff)
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

// TestResolveField checks that ResolveField answers as gqlgen's
// graphql.ResolveField does, with the same value and the same errors, for
// a resolver that returns a value, a marshaller, an error, nil (for a
// field that may be null and one that may not), a value of another type,
// and one that panics.
func TestResolveField(t *testing.T) {
	resolvers := []struct {
		name    string
		nonNull bool
		resolve func(ctx context.Context) (any, error)
	}{
		{"value", true, func(context.Context) (any, error) { return "v", nil }},
		{"marshaller", true, func(context.Context) (any, error) { return graphql.MarshalInt(3), nil }},
		{"error", true, func(context.Context) (any, error) { return nil, errors.New("no") }},
		{"nil, nullable", false, func(context.Context) (any, error) { return nil, nil }},
		{"nil, non-null", true, func(context.Context) (any, error) { return nil, nil }},
		{"another type", true, func(context.Context) (any, error) { return 7, nil }},
		{"panic", true, func(context.Context) (any, error) { panic("boom") }},
	}
	field := graphql.CollectedField{Field: &ast.Field{Alias: "f", Name: "f"}}
	initialize := func(_ context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
		return graphql.NewScalarFieldContext("T", field, true, false, "String")
	}
	type mark struct{}
	var seen string
	// seenAt is what a context tells of the field: its alias, its parent's,
	// and the mark a middleware may have left.
	seenAt := func(ctx context.Context) string {
		fc := graphql.GetFieldContext(ctx)
		m, _ := ctx.Value(mark{}).(string)
		return fc.Field.Alias + " in " + fc.Parent.Field.Alias + " " + m
	}
	marshalValue := func(ctx context.Context, _ ast.SelectionSet, v string) graphql.Marshaler {
		seen += "marshal: " + seenAt(ctx)
		return graphql.MarshalString(v)
	}
	middlewares := []struct {
		name string
		mw   graphql.FieldMiddleware
	}{
		{"none", func(ctx context.Context, next graphql.Resolver) (any, error) { return next(ctx) }},
		{"marking", func(ctx context.Context, next graphql.Resolver) (any, error) {
			return next(context.WithValue(ctx, mark{}, "marked"))
		}},
		{"answering", func(context.Context, graphql.Resolver) (any, error) { return "m", nil }},
	}
	type answer struct {
		Value, Errors, Seen string
	}
	for _, m := range middlewares {
		for _, r := range resolvers {
			answers := map[string]answer{}
			for _, ours := range []bool{false, true} {
				parent := &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: "p", Name: "p"}}}
				ctx := graphql.WithFieldContext(operation(), parent)
				oc := graphql.GetOperationContext(ctx)
				oc.ResolverMiddleware = m.mw
				seen = ""
				resolve := graphql.ResolveField[string]
				if ours {
					resolve = ResolveField[string]
				}
				resolver := func(ctx context.Context) (any, error) {
					seen += "resolve: " + seenAt(ctx) + "; "
					return r.resolve(ctx)
				}
				v := resolve(ctx, oc, field, initialize, resolver, nil, marshalValue, true, r.nonNull)
				var errs []string
				for _, e := range graphql.GetErrors(ctx) {
					errs = append(errs, e.Message+" at "+e.Path.String())
				}
				answers[strconv.FormatBool(ours)] = answer{Value: text(v), Errors: strings.Join(errs, "; "), Seen: seen}
			}
			if diff := cmp.Diff(answers["false"], answers["true"]); diff != "" {
				t.Errorf("%s, middleware %s: (-gqlgen +ResolveField):\n%s", r.name, m.name, diff)
			}
		}
	}
}
