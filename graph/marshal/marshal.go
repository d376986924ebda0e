// Package marshal holds what the generated executor (graph/generated) calls
// in place of four pieces of gqlgen's per-object machinery, to spare every
// object of a response work that only some operations need:
//
//   - Slice marshals the items of a list one after another on the caller's
//     goroutine, instead of on a goroutine each (graphql.MarshalSliceConcurrently),
//     until an item is about to wait: then the items after it carry on, as
//     before, at the same time as it (see Release);
//   - DeferredGroup makes the group of @defer'd fields of an object only when
//     one of its fields is deferred;
//   - Object writes an object's fields without the map of written names that
//     graphql.FieldSet's MarshalGQL makes for every object;
//   - CollectFields collects the fields of a selection set for a type once
//     per list (and the lists inside it), where gqlgen's own per-operation
//     cache hashes the names of the type for every object.
//
// `go generate ./graph` runs gqlgen, then the rewrite command of this
// package (graph/marshal/rewrite), which turns the generated calls into calls
// of these functions; the generated code stays generated.
//
// Why items may wait: a field that asks a loader (graph/loaders.go) for a
// key that no one has asked for yet waits for the other items of its level
// to ask for theirs, so that the level costs one store call. Marshalled one
// after another, the items would ask one at a time and the level would cost
// one wait and one store call per item. So, before such a wait (and before
// any store call of its own), a field calls Release: the items after the one
// that is about to wait then carry on at once on another goroutine (in turn
// again, until the next one is about to wait), and each asks for its keys
// while the first waits, in the same batch. Items whose fields find
// everything loaded (a level read and primed ahead, see
// Loaders.PrimeRelationsOf and store.ReadLevel) never release, and are
// marshalled without a goroutine each.
//
// The rule for resolvers: whatever may block (a loader's load of a key it
// does not hold, a store call) calls Release first. The loaders of package
// graph do so themselves (graph/loaders.go); a resolver that calls the
// store directly does so before the call. One that forgets costs time, not
// correctness: the items after it wait for it instead of running with it.
package marshal

import (
	"context"
	"io"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// The states of an item's handoff.
const (
	running  int32 = iota // the item is being marshalled and holds the rest
	released              // the items after it have been started
	done                  // the item is marshalled and did not release
)

// handoff is the context of one item of a list that Slice marshals in
// turn: it holds the items after it until the item releases them or is
// done.
type handoff struct {
	context.Context
	list   *list
	i      int
	parent *handoff // the item of the enclosing list, if Slice marshals it
	state  atomic.Int32
}

type handoffKey struct{}

// Value answers the handoff key with h, and other keys from its parent
// context.
func (h *handoff) Value(key any) any {
	if key == (handoffKey{}) {
		return h
	}
	return h.Context.Value(key)
}

// release starts the items after h's on a goroutine, once.
func (h *handoff) release() {
	if h.state.CompareAndSwap(running, released) {
		l := h.list
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			l.run(h.i + 1)
		}()
	}
}

// Release lets the items after the one being marshalled at ctx start (and
// those after each item that encloses it), because the caller is about to
// wait: for a loader to gather keys, or for a store call. It does nothing
// outside a list that Slice marshals, and after the first call.
func Release(ctx context.Context) {
	h, _ := ctx.Value(handoffKey{}).(*handoff)
	for ; h != nil; h = h.parent {
		h.release()
	}
}

// list is one call of Slice.
type list struct {
	ctx              context.Context
	parent           *handoff
	fields           *fieldsCache // shared with the lists inside it
	ret              graphql.Array
	omitPanicHandler bool
	marshal          func(ctx context.Context, i int) graphql.Marshaler
	wg               sync.WaitGroup
}

// run marshals the items from the one at from in turn, until one releases
// the rest (then it returns once that item is done).
func (l *list) run(from int) {
	for i := from; i < len(l.ret); i++ {
		h := &handoff{Context: l.ctx, list: l, i: i, parent: l.parent}
		ctx := graphql.WithFieldContext(h, &graphql.FieldContext{Index: &i})
		l.ret[i] = l.item(ctx, i)
		if !h.state.CompareAndSwap(running, done) {
			return
		}
	}
}

// item marshals the item at i; a panic is reported as an error of the
// item, which is then null (as graphql.MarshalSliceConcurrently does).
func (l *list) item(ctx context.Context, i int) (ret graphql.Marshaler) {
	if !l.omitPanicHandler {
		defer func() {
			if r := recover(); r != nil {
				graphql.AddError(ctx, graphql.Recover(ctx, r))
				ret = graphql.Null
			}
		}()
	}
	return l.marshal(ctx, i)
}

// Slice marshals a list of length items, as graphql.MarshalSliceConcurrently
// does (same arguments, same result), but in turn on the caller's goroutine
// until an item releases the rest (see Release). With a worker limit it
// leaves the list to graphql.MarshalSliceConcurrently.
func Slice(ctx context.Context, length int, workerLimit int64, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	if length <= 1 || workerLimit > 0 {
		return graphql.MarshalSliceConcurrently(ctx, length, workerLimit, omitPanicHandler, marshalElement)
	}
	parent, _ := ctx.Value(handoffKey{}).(*handoff)
	l := &list{ctx: ctx, parent: parent, ret: make(graphql.Array, length), omitPanicHandler: omitPanicHandler,
		marshal: marshalElement}
	if parent != nil {
		l.fields = parent.list.fields
	} else {
		l.fields = &fieldsCache{m: map[fieldsKey][]graphql.CollectedField{}}
	}
	l.run(0)
	l.wg.Wait()
	return l.ret
}

// DeferredGroup returns the group of @defer'd fields of the object being
// resolved at ctx, as graphql.NewDeferredGroup does, when one of its fields
// is deferred, and an empty group otherwise: the generated code touches the
// group only for a deferred field (FieldSet.ResolveConcurrently) and when
// it holds some (Defers), so the empty group spares every object the
// response path and field set of one.
func DeferredGroup(ctx context.Context, fields []graphql.CollectedField) graphql.DeferredGroup {
	for i := range fields {
		if fields[i].IsDeferred() {
			return graphql.NewDeferredGroup(ctx)
		}
	}
	return graphql.DeferredGroup{}
}

// object is what Object returns.
type object struct {
	fields []graphql.CollectedField
	values []graphql.Marshaler
}

// Object returns the marshaller of an object whose fields, resolved, are
// out: it writes what out's own MarshalGQL writes (each field under its
// alias, once, in the order of fields), without a map of the aliases
// written. out must be done resolving (dispatched).
func Object(fields []graphql.CollectedField, out *graphql.FieldSet) graphql.Marshaler {
	return &object{fields: fields, values: out.Values}
}

// MarshalGQL writes the object. An alias is a GraphQL name, which needs no
// escaping in a JSON string.
func (o *object) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, "{")
	first := true
	for i := range o.fields {
		alias := o.fields[i].Alias
		if written(o.fields[:i], alias) {
			continue
		}
		if !first {
			_, _ = io.WriteString(w, ",")
		}
		first = false
		_, _ = io.WriteString(w, `"`)
		_, _ = io.WriteString(w, alias)
		_, _ = io.WriteString(w, `":`)
		o.values[i].MarshalGQL(w)
	}
	_, _ = io.WriteString(w, "}")
}

// written reports whether one of fields has the alias.
func written(fields []graphql.CollectedField, alias string) bool {
	for i := range fields {
		if fields[i].Alias == alias {
			return true
		}
	}
	return false
}

// fieldsKey is a selection set collected for a type: the selection set by
// the address and length of its items, the type by the address of the list
// of names it satisfies (each type's list is one variable of the generated
// code). Within an operation neither changes.
type fieldsKey struct {
	sel       *ast.Selection
	n         int
	satisfies *string
}

// fieldsCache holds the fields collected for the objects of a list.
type fieldsCache struct {
	mu sync.Mutex
	m  map[fieldsKey][]graphql.CollectedField
}

// CollectFields returns graphql.CollectFields(oc, sel, satisfies), taken,
// inside a list that Slice marshals, from the fields collected for an
// object of the list before. The generated code does not change what it is
// given (gqlgen's own cache gives every object the same fields too).
func CollectFields(ctx context.Context, oc *graphql.OperationContext, sel ast.SelectionSet,
	satisfies []string) []graphql.CollectedField {
	h, _ := ctx.Value(handoffKey{}).(*handoff)
	if h == nil || len(sel) == 0 {
		return graphql.CollectFields(oc, sel, satisfies)
	}
	c := h.list.fields
	k := fieldsKey{sel: unsafe.SliceData(sel), n: len(sel), satisfies: unsafe.SliceData(satisfies)}
	c.mu.Lock()
	fields, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return fields
	}
	fields = graphql.CollectFields(oc, sel, satisfies)
	c.mu.Lock()
	c.m[k] = fields
	c.mu.Unlock()
	return fields
}
