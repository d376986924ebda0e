package server

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"

	"newsgraph/graph/apierr"
	"newsgraph/server/reqlog"
)

// Limits bound what one request may ask, so that no request can keep the
// server busy for long. A zero field takes its default; a negative one turns
// the limit off (for tests and trusted deployments).
//
// The structural limits (tokens, selections, depth, aliases) are checked on
// the parsed document before gqlgen validates it: validation itself is
// superlinear in the number of fields and fragments of a selection set, so a
// document must be known to be small before it is validated. Complexity is
// checked after validation, from the schema's cost functions.
type Limits struct {
	// MaxTokens is how many lexical tokens a document may have.
	MaxTokens int
	// MaxSelections is how many fields, fragment spreads and inline
	// fragments an operation may select, counting a fragment's content
	// every time it is spread. (GraphiQL's introspection query makes 240.)
	MaxSelections int
	// MaxDepth is how deeply selections may nest: the number of fields
	// with a selection of their own on the longest path from the root
	// (`{ actors { edges { node { name } } } }` is 3 deep, `{ __typename }`
	// 0), as graphql-depth-limit counts. Fields under __schema and __type
	// are not counted: gqlparser bounds introspection depth with a rule of
	// its own.
	MaxDepth int
	// MaxAliases is how many aliased fields an operation may have.
	MaxAliases int
	// MaxComplexity is the most an operation may cost, where a field costs
	// 1 plus its children, and a list field `first` (or its default)
	// times its children (see complexity.go).
	MaxComplexity int
	// RequestTimeout bounds the time a query or mutation may run; the
	// store calls it makes get the same deadline.
	RequestTimeout time.Duration
	// StoreBudget bounds the summed time of the store calls of a query,
	// a mutation or a subscription's event, parallel calls each counted;
	// once it is spent, the remaining fields answer STORE_BUDGET_EXCEEDED
	// (storebudget.go).
	StoreBudget time.Duration
}

// The defaults of Limits.
const (
	DefaultMaxTokens      = 5000
	DefaultMaxSelections  = 300
	DefaultMaxDepth       = 8
	DefaultMaxAliases     = 15
	DefaultMaxComplexity  = 50000
	DefaultRequestTimeout = 10 * time.Second
	DefaultStoreBudget    = 10 * time.Second
)

// withDefaults fills in the zero fields.
func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&l.MaxTokens, DefaultMaxTokens)
	def(&l.MaxSelections, DefaultMaxSelections)
	def(&l.MaxDepth, DefaultMaxDepth)
	def(&l.MaxAliases, DefaultMaxAliases)
	def(&l.MaxComplexity, DefaultMaxComplexity)
	if l.RequestTimeout == 0 {
		l.RequestTimeout = DefaultRequestTimeout
	}
	if l.StoreBudget == 0 {
		l.StoreBudget = DefaultStoreBudget
	}
	return l
}

// shapeCacheSize is how many documents' shape verdicts are remembered.
const shapeCacheSize = 1000

// shapeLimits checks the structural limits before gqlgen parses and
// validates the document. It also names the request's operation in its
// reqlog record. Documents that do not parse are left to gqlgen, which
// reports their syntax errors.
type shapeLimits struct {
	limits Limits
	cache  *lru.LRU[shapeVerdict]
}

// shapeVerdict is what shapeLimits found of a document: the operation's
// name ("" if it has none) and the limit it exceeds, if any.
type shapeVerdict struct {
	operation string
	err       *gqlerror.Error
}

var (
	_ graphql.HandlerExtension          = (*shapeLimits)(nil)
	_ graphql.OperationParameterMutator = (*shapeLimits)(nil)
)

func newShapeLimits(l Limits) *shapeLimits {
	return &shapeLimits{limits: l, cache: lru.New[shapeVerdict](shapeCacheSize)}
}

func (*shapeLimits) ExtensionName() string                   { return "ShapeLimits" }
func (*shapeLimits) Validate(graphql.ExecutableSchema) error { return nil }

func (s *shapeLimits) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	key := p.OperationName + "\x00" + p.Query
	v, ok := s.cache.Get(ctx, key)
	if !ok {
		v = s.check(p.Query, p.OperationName)
		s.cache.Add(ctx, key, v)
	}
	name := p.OperationName
	if name == "" {
		name = v.operation
	}
	if name == "" {
		name = "anonymous"
	}
	reqlog.From(ctx).SetOperation(name)
	if v.err == nil {
		return nil
	}
	// A copy: the presenter may add to it.
	c := *v.err
	return &c
}

// check measures a document against the limits.
func (s *shapeLimits) check(query, operationName string) shapeVerdict {
	l := s.limits
	if l.MaxTokens > 0 {
		if n, ok := countTokens(query, l.MaxTokens); ok && n > l.MaxTokens {
			return shapeVerdict{err: apierr.New(apierr.TokenLimitExceeded,
				"the document has more than %d tokens, the most this server accepts", l.MaxTokens)}
		}
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		return shapeVerdict{}
	}
	op := doc.Operations.ForName(operationName)
	if op == nil {
		return shapeVerdict{}
	}
	v := shapeVerdict{operation: op.Name}
	sh := measure(doc, op, l.MaxSelections)
	switch {
	case l.MaxSelections > 0 && sh.selections > l.MaxSelections:
		v.err = apierr.New(apierr.SelectionLimitExceeded,
			"the operation selects more than %d fields and fragments (counting each fragment every time it is spread), the most this server accepts", l.MaxSelections)
	case l.MaxDepth > 0 && sh.depth > l.MaxDepth:
		v.err = apierr.New(apierr.DepthLimitExceeded,
			"the operation nests selections %d deep; this server accepts at most %d", sh.depth, l.MaxDepth)
	case l.MaxAliases > 0 && sh.aliases > l.MaxAliases:
		v.err = apierr.New(apierr.AliasLimitExceeded,
			"the operation has %d aliased fields; this server accepts at most %d", sh.aliases, l.MaxAliases)
	}
	return v
}

// countTokens counts the lexical tokens of a document (comments included),
// stopping once past limit. It reports false when the document does not
// lex; gqlgen then reports the syntax error.
func countTokens(query string, limit int) (int, bool) {
	lx := lexer.New(&ast.Source{Input: query})
	n := 0
	for n <= limit {
		tok, err := lx.ReadToken()
		if err != nil {
			return n, false
		}
		if tok.Kind == lexer.EOF {
			break
		}
		n++
	}
	return n, true
}

// shape is the size of a selection set with its fragments expanded.
type shape struct {
	selections int // fields, spreads and inline fragments, saturating
	depth      int // deepest nesting of fields with selections
	aliases    int // aliased fields, saturating
}

// measure computes the shape of an operation. Each fragment is measured
// once (memoised), so the cost is linear in the document even when
// fragments spread each other exponentially; counts saturate just past
// capAt so they cannot overflow.
func measure(doc *ast.QueryDocument, op *ast.OperationDefinition, capAt int) shape {
	m := &measurer{doc: doc, memo: map[string]shape{}, visiting: map[string]bool{}, capAt: capAt}
	if m.capAt <= 0 {
		m.capAt = 1 << 30
	}
	return m.selectionSet(op.SelectionSet)
}

type measurer struct {
	doc      *ast.QueryDocument
	memo     map[string]shape
	visiting map[string]bool
	capAt    int
}

func (m *measurer) add(a, b int) int {
	return min(a+b, m.capAt+1)
}

func (m *measurer) selectionSet(set ast.SelectionSet) shape {
	var out shape
	for _, sel := range set {
		var sub shape
		switch s := sel.(type) {
		case *ast.Field:
			sub = m.selectionSet(s.SelectionSet)
			sub.selections = m.add(sub.selections, 1)
			switch {
			case isIntrospection(s.Name):
				// Introspection nests deeply by design (GraphiQL's query
				// is 15 deep); gqlparser bounds it with a rule of its own.
				sub.depth = 0
			case len(s.SelectionSet) > 0:
				sub.depth++
			}
			if s.Alias != "" && s.Alias != s.Name {
				sub.aliases = m.add(sub.aliases, 1)
			}
		case *ast.InlineFragment:
			sub = m.selectionSet(s.SelectionSet)
			sub.selections = m.add(sub.selections, 1)
		case *ast.FragmentSpread:
			sub = m.fragment(s.Name)
			sub.selections = m.add(sub.selections, 1)
		}
		out.selections = m.add(out.selections, sub.selections)
		out.aliases = m.add(out.aliases, sub.aliases)
		out.depth = max(out.depth, sub.depth)
	}
	return out
}

func (m *measurer) fragment(name string) shape {
	if sh, ok := m.memo[name]; ok {
		return sh
	}
	def := m.doc.Fragments.ForName(name)
	if def == nil || m.visiting[name] {
		// Unknown or cyclic: validation reports it.
		return shape{}
	}
	m.visiting[name] = true
	sh := m.selectionSet(def.SelectionSet)
	m.visiting[name] = false
	m.memo[name] = sh
	return sh
}

// isIntrospection reports whether a field is one of the schema
// introspection entry points.
func isIntrospection(name string) bool {
	return name == "__schema" || name == "__type"
}
