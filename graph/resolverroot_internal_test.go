package graph

import (
	"reflect"
	"testing"

	"newsgraph/graph/generated"
)

// TestResolverRootMadeOnce checks that the root of the resolvers answers
// each object's resolver with the same value every time, for every object
// the executor asks about: one that the root does not hold falls back to
// the generated method of Resolver, which makes a new one for each field.
func TestResolverRootMadeOnce(t *testing.T) {
	var root generated.ResolverRoot = newResolverRoot(&Resolver{})
	v := reflect.ValueOf(root)
	methods := reflect.TypeFor[generated.ResolverRoot]()
	for i := range methods.NumMethod() {
		name := methods.Method(i).Name
		first := v.MethodByName(name).Call(nil)[0]
		second := v.MethodByName(name).Call(nil)[0]
		if first.IsNil() {
			t.Errorf("%s: nil resolver", name)
			continue
		}
		if first.Interface() != second.Interface() {
			t.Errorf("%s: a new resolver for each call; hold it in resolverRoot", name)
		}
	}
}
