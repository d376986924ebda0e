// Package marshal holds what the generated executor (graph/generated) calls
// in place of four pieces of gqlgen's per-object machinery, to spare every
// object of a response work that only some operations need:
//
//   - Slice marshals the items of a list one after another on the caller's
//     goroutine, instead of on a goroutine each (graphql.MarshalSliceConcurrently),
//     until an item is about to wait: then the items after it carry on, as
//     before, at the same time as it (see Release);
//   - FieldSet, the field set of an object, resolves the fields that have
//     resolvers in the same way, one after another until one is about to
//     wait, where graphql.FieldSet starts a goroutine for each of them but
//     the first; and it writes the object without the map of written names
//     that graphql.FieldSet's MarshalGQL makes for every object;
//   - DeferredGroup makes the group of @defer'd fields of an object only when
//     one of its fields is deferred;
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
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// handoff is the context of one item of a list that Slice marshals in
// turn, or of the fields of an object that a FieldSet resolves in turn: it
// holds the items (fields) after the one being marshalled (resolved) until
// that one releases them or is done.
type handoff struct {
	context.Context
	// pos is the index of the item or field being marshalled, or -1 once
	// the ones after it have been started or it is done.
	pos    atomic.Int32
	parent *handoff     // the handoff that encloses this one, if any
	cache  *fieldsCache // shared with the handoffs inside it; nil outside a list
	list   *list        // the list of the item, or
	set    *FieldSet    // the object of the fields
	// fc is the field context of the list's item (as
	// graphql.WithFieldContext would add it); nil for fields.
	fc *graphql.FieldContext
}

type handoffKey struct{}

// Value answers the handoff key with h, the field context key with the
// item's field context, and other keys from its parent context.
func (h *handoff) Value(key any) any {
	switch {
	case key == (handoffKey{}):
		return h
	case h.fc != nil && key == fieldContextKey:
		return h.fc
	}
	return h.Context.Value(key)
}

// fieldContextKey is the key under which gqlgen's runtime keeps the field
// context of a context (graphql.WithFieldContext), unexported there: it is
// the key graphql.GetFieldContext asks a context for. The contexts of
// this package (a list item's, a field's) answer it themselves with their
// field context, which spares each item and field the context that
// graphql.WithFieldContext would add.
var fieldContextKey = func() any {
	p := &keyProbe{Context: context.Background()}
	graphql.GetFieldContext(p)
	return p.key
}()

// keyProbe is a context that records the key it is asked for.
type keyProbe struct {
	context.Context
	key any
}

func (p *keyProbe) Value(key any) any {
	p.key = key
	return nil
}

// release starts the items (fields) after the one being marshalled on a
// goroutine, once.
func (h *handoff) release() {
	for {
		i := h.pos.Load()
		if i < 0 {
			return
		}
		if h.pos.CompareAndSwap(i, -1) {
			h.start(int(i) + 1)
			return
		}
	}
}

// start marshals the items (resolves the fields) from the one at from on a
// goroutine of their own.
func (h *handoff) start(from int) {
	if l := h.list; l != nil {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			l.run(from)
		}()
		return
	}
	m, ctx, parent := h.set, h.Context, h.parent
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		m.inTurn(ctx, parent, from)
	}()
}

// advance moves h from the item (field) at i to the next one, and reports
// whether it may go on: false once a release started the ones after i.
func (h *handoff) advance(i int) bool {
	return h.pos.CompareAndSwap(int32(i), int32(i+1))
}

// finish marks h done after the item (field) at i, the last it marshals, so
// that a later release starts nothing.
func (h *handoff) finish(i int) {
	h.pos.CompareAndSwap(int32(i), -1)
}

// Release lets the items after the one being marshalled at ctx start (and
// those after each item that encloses it), and the fields of its object
// after the one being resolved, because the caller is about to wait: for
// a loader to gather keys, or for a store call. It does nothing outside a
// list that Slice marshals or fields that a FieldSet resolves in turn, and
// after the first call.
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
	cache            *fieldsCache // shared with the lists inside it
	ret              graphql.Array
	omitPanicHandler bool
	marshal          func(ctx context.Context, i int) graphql.Marshaler
	wg               sync.WaitGroup
}

// run marshals the items from the one at from in turn, until one releases
// the rest (then it returns once that item is done).
func (l *list) run(from int) {
	for i := from; i < len(l.ret); i++ {
		// The item's handoff, field context and index in one allocation.
		it := &struct {
			h  handoff
			fc graphql.FieldContext
			i  int
		}{h: handoff{Context: l.ctx, list: l, parent: l.parent, cache: l.cache}, i: i}
		it.h.pos.Store(int32(i))
		it.fc.Index = &it.i
		it.fc.Parent = graphql.GetFieldContext(l.ctx)
		it.h.fc = &it.fc
		l.ret[i] = l.item(&it.h, i)
		if !it.h.pos.CompareAndSwap(int32(i), -1) {
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
// until an item releases the rest (see Release). With a worker limit, or no
// item, it leaves the list to graphql.MarshalSliceConcurrently.
func Slice(ctx context.Context, length int, workerLimit int64, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	if length == 0 || workerLimit > 0 {
		return graphql.MarshalSliceConcurrently(ctx, length, workerLimit, omitPanicHandler, marshalElement)
	}
	if length == 1 {
		// The list, the item's field context and its index in one
		// allocation; no handoff: there is no item after it.
		one := &struct {
			ret [1]graphql.Marshaler
			fc  graphql.FieldContext
			i   int
		}{}
		one.fc.Index = &one.i
		l := list{omitPanicHandler: omitPanicHandler, marshal: marshalElement}
		one.ret[0] = l.item(graphql.WithFieldContext(ctx, &one.fc), 0)
		return one.ret[:]
	}
	parent, _ := ctx.Value(handoffKey{}).(*handoff)
	l := &list{ctx: ctx, parent: parent, ret: make(graphql.Array, length), omitPanicHandler: omitPanicHandler,
		marshal: marshalElement}
	if parent != nil && parent.cache != nil {
		l.cache = parent.cache
	} else {
		l.cache = &fieldsCache{m: map[fieldsKey][]graphql.CollectedField{}}
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

// FieldSet is what the generated executor fills with the fields of an
// object, in place of graphql.FieldSet (NewFieldSet): the same Values and
// Invalids, the same methods, and it is the object's marshaller itself.
// It differs in two ways:
//
//   - the fields that gqlgen resolves "concurrently" (those with resolvers)
//     are resolved in turn on the caller's goroutine, as Slice marshals the
//     items of a list, until one releases the rest (see Release); gqlgen
//     starts a goroutine for each of them but the first;
//   - it writes the object without the map of written names that
//     graphql.FieldSet's MarshalGQL makes.
//
// The root fields of an operation (ResolveRootConcurrently) are resolved
// as gqlgen resolves them: each on a goroutine of its own but the first.
type FieldSet struct {
	// Values are the resolved fields, in the order of the collected fields.
	Values []graphql.Marshaler
	// Invalids counts the non-null fields that resolved to null.
	Invalids uint32

	fields  []graphql.CollectedField
	oc      *graphql.OperationContext
	delayed []task
	root    bool // the tasks are root fields
	wg      sync.WaitGroup
}

// task is a field that Dispatch resolves.
type task struct {
	i int
	// ctx is a root field's own context (ResolveRootConcurrently).
	ctx     context.Context
	resolve func(context.Context) graphql.Marshaler
	// invalid is the value that, resolved, marks the object invalid.
	invalid graphql.Marshaler
	recover bool
}

// NewFieldSet returns the field set of an object whose fields are fields,
// as graphql.NewFieldSet does; for an object of a few fields (most), in one
// allocation with its values, sized to them.
func NewFieldSet(fields []graphql.CollectedField) *FieldSet {
	var m *FieldSet
	switch n := len(fields); {
	case n <= 1:
		s := &withValues[[1]graphql.Marshaler]{}
		m, s.Values = &s.FieldSet, s.values[:n]
	case n <= 2:
		s := &withValues[[2]graphql.Marshaler]{}
		m, s.Values = &s.FieldSet, s.values[:n]
	case n <= 4:
		s := &withValues[[4]graphql.Marshaler]{}
		m, s.Values = &s.FieldSet, s.values[:n]
	default:
		m = &FieldSet{Values: make([]graphql.Marshaler, n)}
	}
	m.fields = fields
	return m
}

// withValues is a field set with room for its values.
type withValues[V any] struct {
	FieldSet
	values V
}

// schedule adds the field at i to those Dispatch resolves.
func (m *FieldSet) schedule(t task, oc *graphql.OperationContext) {
	if m.delayed == nil {
		m.delayed = make([]task, 0, len(m.fields)-t.i)
	}
	m.oc = oc
	m.delayed = append(m.delayed, t)
}

// invalidFor is the value that, resolved for a field, marks its object
// invalid (as gqlgen has it).
func invalidFor(nonNull bool) graphql.Marshaler {
	if nonNull {
		return graphql.Null
	}
	return graphql.RequiredNull
}

// ResolveConcurrently schedules the field at i, resolved by resolve, for
// Dispatch, as graphql.FieldSet's method of the name does; a deferred field
// is left to the deferred group, as gqlgen leaves it.
func (m *FieldSet) ResolveConcurrently(oc *graphql.OperationContext, deferred *graphql.DeferredGroup, i int,
	recoverFromPanic, nonNull bool, resolve func(ctx context.Context) graphql.Marshaler) {
	if m.fields[i].IsDeferred() {
		fs := graphql.NewFieldSet(m.fields)
		fs.ResolveConcurrently(oc, deferred, i, recoverFromPanic, nonNull, resolve)
		m.Values[i] = fs.Values[i]
		return
	}
	m.schedule(task{i: i, resolve: resolve, invalid: invalidFor(nonNull), recover: recoverFromPanic}, oc)
}

// ResolveRootConcurrently schedules the root field at i, whose context is
// ctx, as graphql.FieldSet's method of the name does.
func (m *FieldSet) ResolveRootConcurrently(ctx context.Context, oc *graphql.OperationContext, i int,
	recoverFromPanic, nonNull bool, resolve func(ctx context.Context) graphql.Marshaler) {
	m.root = true
	m.schedule(task{i: i, ctx: ctx, resolve: resolve, invalid: invalidFor(nonNull), recover: recoverFromPanic}, oc)
}

// Dispatch resolves the scheduled fields: in turn, until one releases the
// rest (root fields: at once, each on a goroutine but the first).
func (m *FieldSet) Dispatch(ctx context.Context) {
	switch {
	case len(m.delayed) == 0:
	case len(m.delayed) == 1:
		m.run(ctx, &m.delayed[0])
	case m.root:
		for i := range m.delayed[1:] {
			m.wg.Go(func() { m.run(ctx, &m.delayed[i+1]) })
		}
		m.run(ctx, &m.delayed[0])
		m.wg.Wait()
	default:
		parent, _ := ctx.Value(handoffKey{}).(*handoff)
		m.inTurn(ctx, parent, 0)
		m.wg.Wait()
	}
}

// inTurn resolves the scheduled fields from the one at from in turn, until
// one releases the rest (then it returns once that field is done).
func (m *FieldSet) inTurn(ctx context.Context, parent *handoff, from int) {
	if from >= len(m.delayed) {
		return
	}
	h := &handoff{Context: ctx, parent: parent, set: m}
	if parent != nil {
		h.cache = parent.cache
	}
	h.pos.Store(int32(from))
	for i := from; ; i++ {
		m.run(h, &m.delayed[i])
		if i == len(m.delayed)-1 {
			h.finish(i)
			return
		}
		if !h.advance(i) {
			return
		}
	}
}

// run resolves the field of t and sets its value; a panic is reported as
// an error of the field, which is then null (as gqlgen has it).
func (m *FieldSet) run(ctx context.Context, t *task) {
	var v graphql.Marshaler
	if t.ctx != nil {
		v = m.oc.RootResolverMiddleware(t.ctx, func(ctx context.Context) graphql.Marshaler {
			return m.resolve(ctx, t)
		})
	} else {
		v = m.resolve(ctx, t)
	}
	m.Values[t.i] = v
	if v == t.invalid {
		atomic.AddUint32(&m.Invalids, 1)
	}
}

// resolve runs the resolver of t, recovering from a panic when t asks.
func (m *FieldSet) resolve(ctx context.Context, t *task) (ret graphql.Marshaler) {
	if t.recover {
		defer func() {
			if r := recover(); r != nil {
				m.oc.Error(ctx, m.oc.Recover(ctx, r))
				ret = graphql.Null
			}
		}()
	}
	return t.resolve(ctx)
}

// MarshalGQL writes the object: what graphql.FieldSet's MarshalGQL writes
// (each field under its alias, once, in the order of the fields), without
// a map of the aliases written. An alias is a GraphQL name, which needs no
// escaping in a JSON string. m must be done resolving (dispatched).
func (m *FieldSet) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, "{")
	first := true
	for i := range m.fields {
		alias := m.fields[i].Alias
		if written(m.fields[:i], alias) {
			continue
		}
		if !first {
			_, _ = io.WriteString(w, ",")
		}
		first = false
		_, _ = io.WriteString(w, `"`)
		_, _ = io.WriteString(w, alias)
		_, _ = io.WriteString(w, `":`)
		m.Values[i].MarshalGQL(w)
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
	if h == nil || h.cache == nil || len(sel) == 0 {
		return graphql.CollectFields(oc, sel, satisfies)
	}
	c := h.cache
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

// ResolveField resolves a field of an object, as graphql.ResolveField does
// (same arguments, same result: the field's context, the operation's field
// middleware, the errors and the null that a failed or panicking resolver
// leaves), in fewer allocations: the field's context (a field, which holds
// its field context as graphql.WithFieldContext would) is also what the
// resolver chain needs, and its last link (resolveNext) is a function, not
// a closure made for every field.
func ResolveField[T any](ctx context.Context, oc *graphql.OperationContext, cf graphql.CollectedField,
	initializeFieldContext func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error),
	fieldResolver func(ctx context.Context) (any, error),
	middlewareChain func(ctx context.Context, next graphql.Resolver) graphql.Resolver,
	marshal func(ctx context.Context, sel ast.SelectionSet, v T) graphql.Marshaler,
	recoverFromPanic, nonNull bool) (ret graphql.Marshaler) {
	fc, err := initializeFieldContext(ctx, cf)
	if err != nil {
		return graphql.Null
	}
	fc.Parent = graphql.GetFieldContext(ctx)
	f := &field{Context: ctx, fc: fc, resolve: fieldResolver}
	if recoverFromPanic {
		defer func() {
			if r := recover(); r != nil {
				ctx := f.valueContext()
				oc.Error(ctx, oc.Recover(ctx, r))
				ret = graphql.Null
			}
		}()
	}
	next := graphql.Resolver(resolveNext)
	if middlewareChain != nil {
		next = middlewareChain(f, next)
	}
	res, err := oc.ResolverMiddleware(f, next)
	// The middleware's context is the value's.
	ctx = f.valueContext()
	if err != nil {
		oc.Error(ctx, graphql.AddFieldLocationToError(ctx, err))
		if fc.NonNull && !nonNull {
			return graphql.RequiredNull
		}
		return graphql.Null
	}
	if res == nil {
		if nonNull || fc.NonNull {
			graphql.AddInvalidNullError(ctx, "")
		}
		if fc.NonNull && !nonNull {
			return graphql.RequiredNull
		}
		return graphql.Null
	}
	switch v := res.(type) {
	case T:
		if !leaf[T]() {
			fc.Result = v
		}
		return marshal(ctx, cf.Selections, v)
	case graphql.Marshaler:
		fc.Result = v
		return v
	}
	var t T
	graphql.AddErrorf(ctx, `unexpected type %T from middleware/directive chain, should be %T`, res, t)
	return graphql.Null
}

// leaf reports whether T, the type of a field's value, is a scalar's or an
// enum's (a string, a number or a boolean): ResolveField does not keep such
// a value in the field's context (FieldContext.Result), which would cost
// an allocation for every one. Result is there for the fields below a
// field, which a leaf has none of, and for field middleware, of which the
// server has none.
func leaf[T any]() bool {
	switch reflect.TypeFor[T]().Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int32, reflect.Int64, reflect.Float64:
		return true
	}
	return false
}

// field is the context of a field that ResolveField resolves: the object's
// context with the field's field context, its resolver and the context
// the middleware passed to it.
type field struct {
	context.Context
	fc       *graphql.FieldContext
	resolve  func(ctx context.Context) (any, error)
	resolved context.Context // nil until the resolver is called
}

type fieldKey struct{}

// Value answers the field context key with the field's field context, the
// field key with f, and other keys from the object's context.
func (f *field) Value(key any) any {
	switch key {
	case fieldContextKey:
		return f.fc
	case fieldKey{}:
		return f
	}
	return f.Context.Value(key)
}

// valueContext is the context of the field's value: the one the middleware
// passed to the resolver, or f when the resolver was not called.
func (f *field) valueContext() context.Context {
	if f.resolved != nil {
		return f.resolved
	}
	return f
}

// resolveNext is the last link of a field's resolver chain: it calls the
// resolver of the field of ctx (a field, or a context the middleware
// derived from one) and records ctx as the context of the value.
func resolveNext(ctx context.Context) (any, error) {
	f, ok := ctx.(*field)
	if !ok {
		f = ctx.Value(fieldKey{}).(*field)
	}
	f.resolved = ctx
	return f.resolve(ctx)
}
