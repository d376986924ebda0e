package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"newsgraph/graph/apierr"
)

// This file checks the values of a request that the JSON decoder and
// gqlgen's coercion would take, or refuse without saying where or why:
//
//   - JSON nested deeper than maxJSONDepth (the decoder gives up at 10,000
//     levels with an error that names nothing);
//   - numbers in variables that no 64-bit float holds (1e400);
//   - Int values outside 32 bits (GraphQL's Int is a signed 32-bit
//     integer; gqlgen's is Go's int), as literals or variables.
//
// Each is refused with BAD_USER_INPUT naming the argument or variable and
// the reason.

// maxJSONDepth is how deeply the JSON of a request (its body, variables or
// extensions) may nest. The deepest input the schema takes, a where filter
// at its deepest, nests about 20 levels.
const maxJSONDepth = 100

// checkJSONDepth reports an error when the JSON text b nests arrays and
// objects deeper than maxJSONDepth. It does not check that b is JSON.
func checkJSONDepth(what string, b []byte) error {
	depth, inString, escaped := 0, false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
			if depth > maxJSONDepth {
				return fmt.Errorf("the %s nests arrays and objects more than %d levels deep, the most this server accepts", what, maxJSONDepth)
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return nil
}

// checkNumbers reports the first number of decoded JSON (json.Number
// values) that no 64-bit float holds, with its path under name.
func checkNumbers(name string, v any) error {
	switch v := v.(type) {
	case json.Number:
		if f, err := strconv.ParseFloat(string(v), 64); err != nil || math.IsInf(f, 0) {
			return fmt.Errorf("%s: %s is out of range: a number must fit a 64-bit float, and an Int a 32-bit integer", name, v)
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := checkNumbers(name+"."+k, v[k]); err != nil {
				return err
			}
		}
	case []any:
		for i, x := range v {
			if err := checkNumbers(fmt.Sprintf("%s[%d]", name, i), x); err != nil {
				return err
			}
		}
	}
	return nil
}

// intRange is the extension that refuses Int values outside 32 bits.
type intRange struct {
	schema *ast.Schema
}

var (
	_ graphql.HandlerExtension        = (*intRange)(nil)
	_ graphql.OperationContextMutator = (*intRange)(nil)
)

func (*intRange) ExtensionName() string { return "IntRange" }

func (r *intRange) Validate(es graphql.ExecutableSchema) error {
	r.schema = es.Schema()
	return nil
}

func (r *intRange) MutateOperationContext(_ context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	c := intChecker{schema: r.schema, doc: opCtx.Doc, vars: opCtx.Variables, seen: map[string]bool{}}
	return c.selectionSet(opCtx.Operation.SelectionSet)
}

type intChecker struct {
	schema *ast.Schema
	doc    *ast.QueryDocument
	vars   map[string]any
	seen   map[string]bool // fragments checked
}

func (c *intChecker) selectionSet(set ast.SelectionSet) *gqlerror.Error {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			for _, arg := range s.Arguments {
				if err := c.value(arg.Name, arg.Value); err != nil {
					err.Locations = []gqlerror.Location{{Line: arg.Position.Line, Column: arg.Position.Column}}
					return err
				}
			}
			if err := c.selectionSet(s.SelectionSet); err != nil {
				return err
			}
		case *ast.InlineFragment:
			if err := c.selectionSet(s.SelectionSet); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			if c.seen[s.Name] || s.Definition == nil {
				continue
			}
			c.seen[s.Name] = true
			if err := c.selectionSet(s.Definition.SelectionSet); err != nil {
				return err
			}
		}
	}
	return nil
}

// value checks a literal value, or the variable it names, at path.
func (c *intChecker) value(path string, v *ast.Value) *gqlerror.Error {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case ast.Variable:
		return c.runtime("variable $"+v.Raw, c.vars[v.Raw], v.ExpectedType)
	case ast.IntValue:
		if v.ExpectedType != nil && v.ExpectedType.Name() == "Int" {
			return checkInt32(path, v.Raw)
		}
	case ast.ListValue, ast.ObjectValue:
		for i, child := range v.Children {
			p := path + "." + child.Name
			if v.Kind == ast.ListValue {
				p = fmt.Sprintf("%s[%d]", path, i)
			}
			if err := c.value(p, child.Value); err != nil {
				return err
			}
		}
	}
	return nil
}

// runtime checks the value of a variable, of type t, at path.
func (c *intChecker) runtime(path string, v any, t *ast.Type) *gqlerror.Error {
	if v == nil || t == nil {
		return nil
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			return c.runtime(path, v, t.Elem) // a single value for a list
		}
		for i, x := range list {
			if err := c.runtime(fmt.Sprintf("%s[%d]", path, i), x, t.Elem); err != nil {
				return err
			}
		}
		return nil
	}
	if t.NamedType == "Int" {
		return checkInt32(path, fmt.Sprint(v))
	}
	def := c.schema.Types[t.NamedType]
	obj, ok := v.(map[string]any)
	if def == nil || def.Kind != ast.InputObject || !ok {
		return nil
	}
	for _, f := range def.Fields {
		if err := c.runtime(path+"."+f.Name, obj[f.Name], f.Type); err != nil {
			return err
		}
	}
	return nil
}

// checkInt32 refuses an Int outside 32 bits.
func checkInt32(path, raw string) *gqlerror.Error {
	n, ok := new(big.Int).SetString(strings.TrimSpace(raw), 10)
	if !ok || (n.IsInt64() && n.Int64() >= math.MinInt32 && n.Int64() <= math.MaxInt32) {
		return nil // not a whole number: coercion has its own word on it
	}
	return apierr.BadInput("%s: %s is out of range for Int, a 32-bit integer (%d to %d)", path, raw, math.MinInt32, math.MaxInt32)
}
