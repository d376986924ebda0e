package neo4jstore

import (
	"fmt"
	"slices"
	"strings"

	"newsgraph/ontology"
	"newsgraph/store"
)

// The filter compiler turns store filter trees into Cypher boolean
// expressions. Every value becomes a parameter ($p1, $p2, ...); the only
// text written into the expression is variable and property names chosen
// here and labels from the ontology.
//
// Expressions never evaluate to null, so that NOT behaves as in Go: strings
// are read with coalesce(x, ''), and dates and integers test for presence
// first ("a missing date matches no operator").

// compiler collects the parameters of the expressions it builds.
type compiler struct {
	params map[string]any
	n      int
	// indexedName lets a condition on an entity's name be answered from
	// the name indexes (see entity). A list in name order must not: it
	// reads the range index in order, whose order (by UTF-8 bytes) is
	// store.EntitySortKey's, while an index seek is followed by a sort
	// in Cypher's own string order.
	indexedName bool
}

func newCompiler() *compiler { return &compiler{params: map[string]any{}} }

// param adds a parameter and returns its reference ("$p1").
func (c *compiler) param(v any) string {
	c.n++
	name := fmt.Sprintf("p%d", c.n)
	c.params[name] = v
	return "$" + name
}

// variable returns a fresh variable name for a list predicate.
func (c *compiler) variable() string {
	c.n++
	return fmt.Sprintf("x%d", c.n)
}

// and joins conditions; no conditions is true.
func and(conds ...string) string {
	conds = slices.DeleteFunc(conds, func(s string) bool { return s == "" || s == "true" })
	switch len(conds) {
	case 0:
		return "true"
	case 1:
		return conds[0]
	}
	return "(" + strings.Join(conds, " AND ") + ")"
}

// or joins conditions; no conditions is true (an empty Or list does not
// filter).
func or(conds ...string) string {
	switch len(conds) {
	case 0:
		return "true"
	case 1:
		return conds[0]
	}
	return "(" + strings.Join(conds, " OR ") + ")"
}

func not(cond string) string { return "(NOT " + cond + ")" }

// str compiles a string filter on expr, which must not be null.
func (c *compiler) str(expr string, f *store.StringFilter) string {
	if f == nil {
		return "true"
	}
	var conds []string
	if f.Eq != nil {
		conds = append(conds, expr+" = "+c.param(*f.Eq))
	}
	if f.In != nil {
		conds = append(conds, expr+" IN "+c.param(slices.Clone(f.In)))
	}
	if f.Contains != nil {
		conds = append(conds, expr+" CONTAINS "+c.param(*f.Contains))
	}
	if f.StartsWith != nil {
		conds = append(conds, expr+" STARTS WITH "+c.param(*f.StartsWith))
	}
	if f.EndsWith != nil {
		conds = append(conds, expr+" ENDS WITH "+c.param(*f.EndsWith))
	}
	return and(conds...)
}

// anyStr holds when some element of the list expr satisfies f.
func (c *compiler) anyStr(list string, f *store.StringFilter) string {
	x := c.variable()
	return fmt.Sprintf("any(%s IN coalesce(%s, []) WHERE %s)", x, list, c.str(x, f))
}

// mentionedIn holds when an article whose id satisfies f mentions the
// entity node n. An equality or list of ids is matched on the article's id
// index, from which the MENTIONS are checked; any other filter reads the
// articles that mention n. (A list of entities with such a filter starts
// from the articles instead, see articleSeek.)
func (c *compiler) mentionedIn(n string, f *store.StringFilter) string {
	a := c.variable()
	return fmt.Sprintf("EXISTS { MATCH (%s:%s)-[:%s]->(%s) WHERE %s }",
		a, label(ontology.Article), ontology.Mentions, n, c.str(a+".id", f))
}

// date compiles a date filter on the property expr (null or "" when
// missing).
func (c *compiler) date(expr string, f *store.DateFilter) string {
	if f == nil {
		return "true"
	}
	var conds []string
	for _, op := range []struct {
		v  *string
		op string
	}{{f.Eq, "="}, {f.Gt, ">"}, {f.Gte, ">="}, {f.Lt, "<"}, {f.Lte, "<="}} {
		if op.v != nil {
			conds = append(conds, fmt.Sprintf("%s %s %s", expr, op.op, c.param(*op.v)))
		}
	}
	if len(conds) == 0 {
		return "true"
	}
	return and(append([]string{fmt.Sprintf("coalesce(%s, '') <> ''", expr)}, conds...)...)
}

// int compiles an integer filter on the property expr (null when missing).
func (c *compiler) int(expr string, f *store.IntFilter) string {
	if f == nil {
		return "true"
	}
	var conds []string
	for _, op := range []struct {
		v  *int
		op string
	}{{f.Eq, "="}, {f.Gt, ">"}, {f.Gte, ">="}, {f.Lt, "<"}, {f.Lte, "<="}} {
		if op.v != nil {
			conds = append(conds, fmt.Sprintf("%s %s %s", expr, op.op, c.param(int64(*op.v))))
		}
	}
	if len(conds) == 0 {
		return "true"
	}
	return and(append([]string{expr + " IS NOT NULL"}, conds...)...)
}

// entity compiles an entity filter on the node variable n.
func (c *compiler) entity(n string, f *store.EntityFilter) string {
	if f == nil {
		return "true"
	}
	prop := func(p string) string { return fmt.Sprintf("coalesce(%s.%s, '')", n, p) }
	// Every entity has a name, the empty string when it has none (see
	// entityProps), so the name needs no coalesce, and without it a
	// condition on the name can be answered from the name indexes (the
	// text index for contains and ends with), where c allows it.
	name := prop("name")
	if c.indexedName {
		name = n + ".name"
	}
	conds := []string{
		c.str(n+".id", f.ID),
		c.nodeType(n, f.Type),
		c.str(name, f.Name),
		c.str(prop("kind"), f.Kind),
		c.str(prop("wikidata"), f.Wikidata),
		c.str(prop("status"), f.Status),
		c.date(n+".date", f.Date),
	}
	if f.Alias != nil {
		conds = append(conds, or(c.str(name, f.Alias), c.anyStr(n+".aliases", f.Alias)))
	}
	if f.Code != nil {
		conds = append(conds, c.code(n, f.Code))
	}
	if f.Article != nil {
		conds = append(conds, c.mentionedIn(n, f.Article))
	}
	if f.Relations != nil {
		conds = append(conds, c.quantifier(n, f.Relations))
	}
	for _, sub := range f.And {
		conds = append(conds, c.entity(n, sub))
	}
	if len(f.Or) > 0 {
		alts := make([]string, len(f.Or))
		for i, sub := range f.Or {
			alts[i] = c.entity(n, sub)
		}
		conds = append(conds, or(alts...))
	}
	if f.Not != nil {
		conds = append(conds, not(c.entity(n, f.Not)))
	}
	return and(conds...)
}

// nodeType compiles a filter on the type name of the entity node n. The
// filter is applied in Go to each entity type's name, and the expression
// tests the labels that pass.
func (c *compiler) nodeType(n string, f *store.StringFilter) string {
	if f == nil {
		return "true"
	}
	return hasLabel(n, slices.DeleteFunc(slices.Clone(ontology.EntityTypes), func(t ontology.NodeType) bool {
		return !f.Match(string(t))
	}))
}

// hasLabel holds when the node n has one of the labels of types; with no
// types it is false.
func hasLabel(n string, types []ontology.NodeType) string {
	if len(types) == 0 {
		return "false"
	}
	conds := make([]string, len(types))
	for i, t := range types {
		conds[i] = n + ":" + label(t)
	}
	return or(conds...)
}

// relationVars names the variables a relation filter is compiled against:
// a relation is the group of its evidence relationships.
type relationVars struct {
	ID     string // the relation id
	Rels   string // the list of its evidence relationships
	First  string // one of them, which carries the type and qualifiers
	Source string // its source node
	Target string // its target node
	// Type is the relation's type name, type(First) when empty: a head
	// (heads.go) keeps it in its property type.
	Type string
}

// relation compiles a relation filter.
func (c *compiler) relation(v relationVars, f *store.RelationFilter) string {
	if f == nil {
		return "true"
	}
	q := func(p string) string { return v.First + "." + p }
	typ := v.Type
	if typ == "" {
		typ = "type(" + v.First + ")"
	}
	conds := []string{
		c.str(v.ID, f.ID),
		c.str(typ, f.Type),
		c.entity(v.Source, f.Source),
		c.entity(v.Target, f.Target),
		c.date(q(string(ontology.Date)), f.Date),
		c.int(q(string(ontology.Quantity)), f.Quantity),
		c.str("coalesce("+q(string(ontology.Item))+", '')", f.Item),
		c.str("coalesce("+q(string(ontology.PlaceOf))+", '')", f.Place),
	}
	if f.Article != nil {
		x := c.variable()
		conds = append(conds, fmt.Sprintf("any(%s IN %s WHERE %s)", x, v.Rels, c.str(x+".article", f.Article)))
	}
	if f.Evidence != nil {
		conds = append(conds, c.evidence(v.Rels, f.Evidence))
	}
	if f.EffectiveDate != nil {
		conds = append(conds, c.date(c.effectiveDate(v), f.EffectiveDate))
	}
	for _, sub := range f.And {
		conds = append(conds, c.relation(v, sub))
	}
	if len(f.Or) > 0 {
		alts := make([]string, len(f.Or))
		for i, sub := range f.Or {
			alts[i] = c.relation(v, sub)
		}
		conds = append(conds, or(alts...))
	}
	if f.Not != nil {
		conds = append(conds, not(c.relation(v, f.Not)))
	}
	return and(conds...)
}

// effectiveDate is the expression of a relation's store.EffectiveDate: its
// date qualifier, else the earliest published date of the articles of its
// evidence relationships (null when neither is known). It needs every
// relationship of the relation in v.Rels, so a filter on it is never
// tested relationship by relationship (see perRelationship).
func (c *compiler) effectiveDate(v relationVars) string {
	x, a := c.variable(), c.variable()
	return fmt.Sprintf("coalesce(%s.%s, head(COLLECT { UNWIND %s AS %s MATCH (%s:%s {id: %s.article}) "+
		"WHERE %s.published IS NOT NULL RETURN %s.published ORDER BY %s.published LIMIT 1 }))",
		v.First, ontology.Date, v.Rels, x, a, label(ontology.Article), x, a, a, a)
}

// evidence holds when one of the evidence relationships in the list rels
// satisfies f (store.EvidenceFilter).
func (c *compiler) evidence(rels string, f *store.EvidenceFilter) string {
	x := c.variable()
	prop := func(p string) string { return "coalesce(" + x + "." + p + ", '')" }
	return fmt.Sprintf("any(%s IN %s WHERE %s)", x, rels, and(
		c.str(prop("cameo"), f.CAMEO), c.str(prop("plover"), f.PLOVER),
		c.str(prop("mode"), f.Mode), c.str(prop("label"), f.Label)))
}

// article compiles an article filter on the node variable n.
func (c *compiler) article(n string, f *store.ArticleFilter) string {
	if f == nil {
		return "true"
	}
	conds := []string{
		c.str(n+".id", f.ID),
		c.str("coalesce("+n+".title, '')", f.Title),
		c.str("coalesce("+n+".source, '')", f.Source),
		c.date(n+".published", f.Published),
	}
	for _, sub := range f.And {
		conds = append(conds, c.article(n, sub))
	}
	if len(f.Or) > 0 {
		alts := make([]string, len(f.Or))
		for i, sub := range f.Or {
			alts[i] = c.article(n, sub)
		}
		conds = append(conds, or(alts...))
	}
	if f.Not != nil {
		conds = append(conds, not(c.article(n, f.Not)))
	}
	return and(conds...)
}
