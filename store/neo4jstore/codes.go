package neo4jstore

import (
	"context"
	"fmt"
	"strings"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Codes. Every entity node carries codes, the list of its codes' keys
// (store.Code.Key, "cameo:USAGOV"), which filters read, and codeKeyText,
// the keys of its identifying codes (store.CodeKeys) separated by spaces,
// which the full-text index CodeKeyIndex indexes with the whitespace
// analyzer: one exact, case-sensitive term per key, as for name keys
// (names.go). ResolveCodes finds entities by code through the index, and so
// do entity lists and counts whose filter requires an identifying code
// (codeSeek, list.go), which then test the codes property exactly.

// CodeKeyIndex is the full-text index behind ResolveCodes.
const CodeKeyIndex = "entityCodeKeys"

var _ store.NameResolver = (*Store)(nil)

// codeProps are the code properties of an entity node.
func codeProps(e *store.Entity) map[string]any {
	p := map[string]any{"codes": nil, "codeKeyText": nil}
	if len(e.Codes) > 0 {
		keys := make([]string, len(e.Codes))
		for i, c := range e.Codes {
			keys[i] = c.Key()
		}
		p["codes"] = keys
	}
	if keys := store.CodeKeys(e); len(keys) > 0 {
		p["codeKeyText"] = strings.Join(keys, " ")
	}
	return p
}

// codesFromProp reads the codes property; it never returns nil, like
// store.MergeClaims.
func codesFromProp(v any) []store.Code {
	out := []store.Code{}
	for _, k := range strs(v) {
		if c, ok := store.ParseCodeKey(k); ok {
			out = append(out, c)
		}
	}
	return store.SortCodes(out)
}

// codeKeyIndexStatement creates CodeKeyIndex.
func codeKeyIndexStatement() string {
	labels := make([]string, len(ontology.EntityTypes))
	for i, t := range ontology.EntityTypes {
		labels[i] = label(t)
	}
	return fmt.Sprintf("CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:%s) ON EACH [n.codeKeyText] "+
		"OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}", CodeKeyIndex, strings.Join(labels, "|"))
}

// ResolveCodes implements store.NameResolver.
func (s *Store) ResolveCodes(ctx context.Context, t ontology.NodeType, keys []string) (map[string][]string, error) {
	if !t.IsEntity() {
		return nil, fmt.Errorf("neo4jstore: %w: ResolveCodes: %q is not an entity type", store.ErrInvalid, t)
	}
	var terms []string
	for _, k := range keys {
		// Only identifying codes are indexed; their values are letters
		// and digits, which a quoted term takes as they are.
		c, ok := store.ParseCodeKey(k)
		if !ok {
			continue
		}
		if spec, ok := ontology.Scheme(c.Scheme); ok && spec.Identifies(c.Value) {
			terms = append(terms, k)
		}
	}
	return s.lookupKeys(ctx, t, CodeKeyIndex, "codes", "resolve codes", terms)
}

// code compiles a code filter on the node variable n.
func (c *compiler) code(n string, f *store.CodeFilter) string {
	if f == nil {
		return "true"
	}
	if f.Value != nil {
		return fmt.Sprintf("%s IN coalesce(%s.codes, [])", c.param(f.Key()), n)
	}
	return fmt.Sprintf("any(k IN coalesce(%s.codes, []) WHERE k STARTS WITH %s)", n, c.param(f.Prefix()))
}

// codeClaims is the JSON of a claim's codes (claim.Codes).
type codeClaim struct {
	Scheme string `json:"scheme"`
	Value  string `json:"value"`
}

func encodeCodes(cs []store.Code) []codeClaim {
	var out []codeClaim
	for _, c := range cs {
		out = append(out, codeClaim{Scheme: string(c.Scheme), Value: c.Value})
	}
	return out
}

func decodeCodes(cs []codeClaim) []store.Code {
	var out []store.Code
	for _, c := range cs {
		out = append(out, store.Code{Scheme: ontology.CodeScheme(c.Scheme), Value: c.Value})
	}
	return out
}
