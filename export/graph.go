package export

import (
	"bufio"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"newsgraph/ontology"
	"newsgraph/store"
)

// graphFormat writes one graph format: a header, the nodes, the edges and a
// footer, in that order.
type graphFormat interface {
	header(w *bufio.Writer, nodes, edges int)
	node(w *bufio.Writer, id string, e *store.Entity)
	startEdges(w *bufio.Writer, edges int)
	edge(w *bufio.Writer, e edge)
	footer(w *bufio.Writer)
}

// edge is what an edge of a graph format shows of a relation.
type edge struct {
	*store.Relation
	spec        ontology.RelationSpec
	first, last string
}

// edgeAttrs lists the edges' attributes: name and type (a GraphML
// attr.type; GEXF names int "integer").
var edgeAttrs = [][2]string{
	{"type", "string"}, {"cameo", "string"}, {"plover", "string"}, {"quad_class", "int"},
	{"evidence_count", "int"}, {"first_date", "string"}, {"last_date", "string"},
	{"quantity", "int"}, {"item", "string"}, {"date", "string"}, {"duration", "string"}, {"conditions", "string"},
	{"place", "string"}, {"when", "string"},
}

// nodeAttrs lists the nodes' attributes, all strings. codes are the
// entity's codes as "scheme:value" separated by spaces ("cameo:USA
// iso3166_alpha2:US").
var nodeAttrs = []string{"name", "type", "kind", "wikidata", "codes"}

// values are the edge's attribute values in edgeAttrs' order, "" for none.
func (e edge) values() []string {
	q := e.Qualifiers
	quantity := ""
	if q.Quantity != nil {
		quantity = strconv.Itoa(*q.Quantity)
	}
	return []string{
		string(e.Type), e.spec.CAMEO, e.spec.PLOVER, strconv.Itoa(e.spec.QuadClass),
		strconv.Itoa(len(e.Evidence)), e.first, e.last,
		quantity, q.Item, q.Date, q.Duration, q.Conditions, q.Place, q.When,
	}
}

// codeList is an entity's codes as one value: their keys ("cameo:USA"),
// separated by spaces, "" for none.
func codeList(e *store.Entity) string {
	codes := make([]string, len(e.Codes))
	for i, c := range e.Codes {
		codes[i] = c.Key()
	}
	return strings.Join(codes, " ")
}

// nodeValues are the entity's attribute values in nodeAttrs' order.
func nodeValues(e *store.Entity) []string {
	if e == nil {
		return make([]string, len(nodeAttrs))
	}
	return []string{e.Name, string(e.Type), e.Kind, e.Wikidata, codeList(e)}
}

// writeGraph writes a graph format: it spools the edges to a temporary file
// while it reads the relations, then writes the nodes and copies the edges
// after them (see the package documentation).
func writeGraph(ctx context.Context, st store.Store, w io.Writer, opt Options, f graphFormat) (Stats, error) {
	var stats Stats
	spool, err := os.CreateTemp("", "newsgraph-export-*.xml")
	if err != nil {
		return stats, fmt.Errorf("spool edges: %w", err)
	}
	defer func() {
		_ = spool.Close()
		_ = os.Remove(spool.Name())
	}()
	sw := bufio.NewWriter(spool)
	ends := map[string]struct{}{}
	err = scan(ctx, st, opt, false, &stats, func(p *page) error {
		for _, r := range p.relations {
			spec, _ := ontology.Relation(r.Type)
			first, last := dates(r, p.articles)
			f.edge(sw, edge{Relation: r, spec: spec, first: first, last: last})
			ends[r.Source] = struct{}{}
			ends[r.Target] = struct{}{}
			stats.Relations++
		}
		return nil
	})
	if err != nil {
		return stats, err
	}
	if err := sw.Flush(); err != nil {
		return stats, fmt.Errorf("spool edges: %w", err)
	}
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return stats, fmt.Errorf("spool edges: %w", err)
	}

	ids := make([]string, 0, len(ends))
	for id := range ends {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	bw := bufio.NewWriter(w)
	f.header(bw, len(ids), stats.Relations)
	for batch := range slices.Chunk(ids, store.MaxPageSize) {
		ents, err := st.Entities(ctx, batch)
		if err != nil {
			return stats, fmt.Errorf("look up entities: %w", err)
		}
		for i, id := range batch {
			var e *store.Entity
			if i < len(ents) {
				e = ents[i]
			}
			f.node(bw, id, e)
			stats.Nodes++
		}
		if err := bw.Flush(); err != nil {
			return stats, err
		}
	}
	f.startEdges(bw, stats.Relations)
	if _, err := io.Copy(bw, spool); err != nil {
		return stats, err
	}
	f.footer(bw)
	return stats, bw.Flush()
}

// esc escapes s for XML text and attribute values (quotes, new lines and
// tabs included; characters XML cannot hold become U+FFFD).
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// graphMLWriter writes GraphML, as networkx.read_graphml and Gephi read it.
type graphMLWriter struct{}

func (graphMLWriter) header(w *bufio.Writer, _, _ int) {
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
`)
	// Gephi labels nodes with the "label" key.
	w.WriteString(`  <key id="n_label" for="node" attr.name="label" attr.type="string"/>` + "\n")
	for _, a := range nodeAttrs {
		fmt.Fprintf(w, "  <key id=\"n_%s\" for=\"node\" attr.name=\"%s\" attr.type=\"string\"/>\n", a, a)
	}
	for _, a := range edgeAttrs {
		fmt.Fprintf(w, "  <key id=\"e_%s\" for=\"edge\" attr.name=\"%s\" attr.type=\"%s\"/>\n", a[0], a[0], a[1])
	}
	// Gephi weighs edges with the "weight" key: the evidence count.
	w.WriteString(`  <key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>` + "\n")
	w.WriteString(`  <graph id="newsgraph" edgedefault="directed">` + "\n")
}

func (graphMLWriter) node(w *bufio.Writer, id string, e *store.Entity) {
	fmt.Fprintf(w, "    <node id=\"%s\">", esc(id))
	vals := nodeValues(e)
	label := id
	if vals[0] != "" {
		label = vals[0]
	}
	fmt.Fprintf(w, "<data key=\"n_label\">%s</data>", esc(label))
	for i, a := range nodeAttrs {
		if vals[i] != "" {
			fmt.Fprintf(w, "<data key=\"n_%s\">%s</data>", a, esc(vals[i]))
		}
	}
	w.WriteString("</node>\n")
}

func (graphMLWriter) startEdges(*bufio.Writer, int) {}

func (graphMLWriter) edge(w *bufio.Writer, e edge) {
	fmt.Fprintf(w, "    <edge id=\"%s\" source=\"%s\" target=\"%s\">", esc(e.ID), esc(e.Source), esc(e.Target))
	for i, v := range e.values() {
		if v != "" {
			fmt.Fprintf(w, "<data key=\"e_%s\">%s</data>", edgeAttrs[i][0], esc(v))
		}
	}
	fmt.Fprintf(w, "<data key=\"e_weight\">%d</data></edge>\n", len(e.Evidence))
}

func (graphMLWriter) footer(w *bufio.Writer) {
	w.WriteString("  </graph>\n</graphml>\n")
}

// gexfWriter writes GEXF 1.3, as Gephi reads it.
type gexfWriter struct{}

// gexfType is the GEXF name of an attribute type.
func gexfType(t string) string {
	if t == "int" {
		return "integer"
	}
	return t
}

func (gexfWriter) header(w *bufio.Writer, nodes, _ int) {
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">
  <meta>
    <creator>newsgraph</creator>
    <description>Relations of political and diplomatic news, with their evidence counts and dates</description>
  </meta>
  <graph defaultedgetype="directed">
    <attributes class="node">
`)
	for _, a := range nodeAttrs {
		fmt.Fprintf(w, "      <attribute id=\"%s\" title=\"%s\" type=\"string\"/>\n", a, a)
	}
	w.WriteString("    </attributes>\n    <attributes class=\"edge\">\n")
	for _, a := range edgeAttrs {
		fmt.Fprintf(w, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n", a[0], a[0], gexfType(a[1]))
	}
	fmt.Fprintf(w, "    </attributes>\n    <nodes count=\"%d\">\n", nodes)
}

// attvalues writes the non-empty values of the named attributes.
func attvalues(w *bufio.Writer, names, vals []string) {
	w.WriteString("<attvalues>")
	for i, v := range vals {
		if v != "" {
			fmt.Fprintf(w, "<attvalue for=\"%s\" value=\"%s\"/>", names[i], esc(v))
		}
	}
	w.WriteString("</attvalues>")
}

func (gexfWriter) node(w *bufio.Writer, id string, e *store.Entity) {
	vals := nodeValues(e)
	label := id
	if vals[0] != "" {
		label = vals[0]
	}
	fmt.Fprintf(w, "      <node id=\"%s\" label=\"%s\">", esc(id), esc(label))
	attvalues(w, nodeAttrs, vals)
	w.WriteString("</node>\n")
}

func (gexfWriter) startEdges(w *bufio.Writer, edges int) {
	fmt.Fprintf(w, "    </nodes>\n    <edges count=\"%d\">\n", edges)
}

// edgeAttrNames are the names of edgeAttrs.
var edgeAttrNames = func() []string {
	names := make([]string, len(edgeAttrs))
	for i, a := range edgeAttrs {
		names[i] = a[0]
	}
	return names
}()

func (gexfWriter) edge(w *bufio.Writer, e edge) {
	// kind tells Gephi that edges of different types between the same
	// nodes are parallel edges, not one.
	fmt.Fprintf(w, "      <edge id=\"%s\" source=\"%s\" target=\"%s\" label=\"%s\" kind=\"%s\" weight=\"%d\">",
		esc(e.ID), esc(e.Source), esc(e.Target), e.Type, e.Type, len(e.Evidence))
	attvalues(w, edgeAttrNames, e.values())
	w.WriteString("</edge>\n")
}

func (gexfWriter) footer(w *bufio.Writer) {
	w.WriteString("    </edges>\n  </graph>\n</gexf>\n")
}
