package export

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"newsgraph/ontology"
)

// graphML is what the test reads of a GraphML document.
type graphML struct {
	XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
	Keys    []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string   `xml:"edgedefault,attr"`
		Nodes       []gmItem `xml:"node"`
		Edges       []gmItem `xml:"edge"`
	} `xml:"graph"`
}

type gmItem struct {
	ID     string `xml:"id,attr"`
	Source string `xml:"source,attr"`
	Target string `xml:"target,attr"`
	Data   []struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	} `xml:"data"`
}

func (it gmItem) data() map[string]string {
	m := map[string]string{}
	for _, d := range it.Data {
		m[d.Key] = d.Value
	}
	return m
}

// graphCase is an export of a graph format and the nodes and edges it
// must have.
type graphCase struct {
	name         string
	opt          Options
	nodes, edges int
}

func TestGraphML(t *testing.T) {
	st := fixture(t)
	tests := []graphCase{
		{"all", Options{}, 17, 27},
		{"exchanges", Options{Types: []ontology.RelationType{ontology.Exchanged}}, 2, 3},
		{"July", Options{Since: "2025-07-01", Until: "2025-07-31"}, 3, 2},
		{"none", Options{Until: "2024-01-01"}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opt.Format = GraphML
			out, stats := export(t, st, tt.opt)
			var doc graphML
			if err := xml.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("the GraphML does not parse: %v\n%s", err, out)
			}
			if len(doc.Graph.Nodes) != tt.nodes || len(doc.Graph.Edges) != tt.edges || stats.Nodes != tt.nodes || stats.Relations != tt.edges {
				t.Errorf("%d nodes and %d edges (stats %+v), want %d and %d",
					len(doc.Graph.Nodes), len(doc.Graph.Edges), stats, tt.nodes, tt.edges)
			}
			keys := map[string]string{}
			for _, k := range doc.Keys {
				keys[k.ID] = k.For
			}
			nodes := map[string]bool{}
			for _, n := range doc.Graph.Nodes {
				nodes[n.ID] = true
				for k := range n.data() {
					if keys[k] != "node" {
						t.Errorf("node %s: data of key %q, not a node key", n.ID, k)
					}
				}
			}
			for _, e := range doc.Graph.Edges {
				if !nodes[e.Source] || !nodes[e.Target] {
					t.Errorf("edge %s: an end is not a node: %s -> %s", e.ID, e.Source, e.Target)
				}
				for k := range e.data() {
					if keys[k] != "edge" {
						t.Errorf("edge %s: data of key %q, not an edge key", e.ID, k)
					}
				}
			}
		})
	}

	// One node and one edge in full.
	out, _ := export(t, st, Options{Format: GraphML, Types: []ontology.RelationType{ontology.Exchanged}})
	var doc graphML
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Graph.EdgeDefault != "directed" {
		t.Errorf("edgedefault %q", doc.Graph.EdgeDefault)
	}
	i := slices.IndexFunc(doc.Graph.Nodes, func(n gmItem) bool { return n.ID == russia })
	wantNode := map[string]string{"n_label": "Russia", "n_name": "Russia", "n_type": "Actor", "n_kind": "country", "n_wikidata": "Q159"}
	if diff := cmp.Diff(wantNode, doc.Graph.Nodes[max(i, 0)].data()); i < 0 || diff != "" {
		t.Errorf("node %s (-want +got):\n%s", russia, diff)
	}
	i = slices.IndexFunc(doc.Graph.Edges, func(e gmItem) bool { return e.data()["e_quantity"] == "84" })
	wantEdge := map[string]string{
		"e_type": "EXCHANGED", "e_cameo": "0841", "e_plover": "RETREAT", "e_quad_class": "2",
		"e_evidence_count": "1", "e_first_date": "2025-07-20", "e_last_date": "2025-07-20",
		"e_quantity": "84", "e_item": `prisoners of war, "all ranks"`, "e_date": "2025-08-01", "e_weight": "1",
	}
	if diff := cmp.Diff(wantEdge, doc.Graph.Edges[max(i, 0)].data()); i < 0 || diff != "" {
		t.Errorf("edge EXCHANGED 84 (-want +got):\n%s", diff)
	}
}

// gexfRule is what the GEXF 1.3 schema allows of an element: its
// attributes (true when required) and its child elements, in order
// ("*" after a name: any number of them; "?": at most one; neither: exactly
// one). It covers the part of the schema the export uses; anything else is
// refused, so an export that strays from it fails.
type gexfRule struct {
	attrs    map[string]bool
	children []string
	text     bool // the element holds text
}

var gexfSchema = map[string]gexfRule{
	"gexf":        {attrs: map[string]bool{"version": true, "variant": false}, children: []string{"meta?", "graph"}},
	"meta":        {attrs: map[string]bool{"lastmodifieddate": false}, children: []string{"creator?", "keywords?", "description?"}},
	"creator":     {text: true},
	"keywords":    {text: true},
	"description": {text: true},
	"default":     {text: true},
	"options":     {text: true},
	"graph":       {attrs: map[string]bool{"defaultedgetype": false, "idtype": false, "mode": false}, children: []string{"attributes*", "nodes", "edges"}},
	"attributes":  {attrs: map[string]bool{"class": true}, children: []string{"attribute*"}},
	"attribute":   {attrs: map[string]bool{"id": true, "title": true, "type": true}, children: []string{"default?", "options?"}},
	"nodes":       {attrs: map[string]bool{"count": false}, children: []string{"node*"}},
	"node":        {attrs: map[string]bool{"id": true, "label": false}, children: []string{"attvalues?"}},
	"edges":       {attrs: map[string]bool{"count": false}, children: []string{"edge*"}},
	"edge": {attrs: map[string]bool{"id": false, "type": false, "label": false, "source": true, "target": true, "weight": false, "kind": false},
		children: []string{"attvalues?"}},
	"attvalues": {children: []string{"attvalue*"}},
	"attvalue":  {attrs: map[string]bool{"for": true, "value": true}},
}

// gexfEnums are the values the schema allows of some attributes.
var gexfEnums = map[string][]string{
	"attributes.class":      {"node", "edge"},
	"attribute.type":        {"integer", "long", "double", "float", "boolean", "string", "liststring", "anyURI"},
	"graph.defaultedgetype": {"directed", "undirected", "mutual"},
	"edge.type":             {"directed", "undirected", "mutual"},
}

const gexfNS = "http://gexf.net/1.3"

// xmlElem is an element as checkGEXF reads it.
type xmlElem struct {
	name     string
	attrs    map[string]string
	children []*xmlElem
	text     string
}

// readXML reads a document into a tree, refusing elements outside the
// GEXF namespace and attributes in any namespace but xmlns and xsi.
func readXML(r io.Reader) (*xmlElem, error) {
	dec := xml.NewDecoder(r)
	var stack []*xmlElem
	var root *xmlElem
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return root, nil
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Space != gexfNS {
				return nil, fmt.Errorf("element %s is not in the GEXF 1.3 namespace (%q)", tok.Name.Local, tok.Name.Space)
			}
			e := &xmlElem{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				switch {
				case a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns"):
				case a.Name.Space == "http://www.w3.org/2001/XMLSchema-instance" && a.Name.Local == "schemaLocation":
				case a.Name.Space != "":
					return nil, fmt.Errorf("%s: attribute %s:%s in an unknown namespace", e.name, a.Name.Space, a.Name.Local)
				default:
					e.attrs[a.Name.Local] = a.Value
				}
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, e)
			} else {
				root = e
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			}
		}
	}
}

// checkRule checks an element and its descendants against gexfSchema.
func checkRule(e *xmlElem, path string) error {
	path += "/" + e.name
	rule, ok := gexfSchema[e.name]
	if !ok {
		return fmt.Errorf("%s: element not in the schema", path)
	}
	for a := range e.attrs {
		if _, ok := rule.attrs[a]; !ok {
			return fmt.Errorf("%s: attribute %q not allowed", path, a)
		}
		if allowed, ok := gexfEnums[e.name+"."+a]; ok && !slices.Contains(allowed, e.attrs[a]) {
			return fmt.Errorf("%s: %s=%q is not one of %v", path, a, e.attrs[a], allowed)
		}
	}
	for a, required := range rule.attrs {
		if _, ok := e.attrs[a]; required && !ok {
			return fmt.Errorf("%s: attribute %q missing", path, a)
		}
	}
	if !rule.text && strings.TrimSpace(e.text) != "" {
		return fmt.Errorf("%s: text not allowed", path)
	}
	i := 0
	for _, c := range rule.children {
		name, many, opt := strings.TrimRight(c, "*?"), strings.HasSuffix(c, "*"), strings.HasSuffix(c, "?")
		n := 0
		for i < len(e.children) && e.children[i].name == name {
			if err := checkRule(e.children[i], path); err != nil {
				return err
			}
			i++
			n++
		}
		switch {
		case n == 0 && !many && !opt:
			return fmt.Errorf("%s: child %s missing", path, name)
		case n > 1 && !many:
			return fmt.Errorf("%s: %d %s children, at most one allowed", path, n, name)
		}
	}
	if i < len(e.children) {
		return fmt.Errorf("%s: child %s not allowed there", path, e.children[i].name)
	}
	return nil
}

// checkGEXF checks a document against the GEXF 1.3 schema's structure
// (checkRule) and the constraints the schema's types and Gephi add:
// version 1.3, unique ids, edges between declared nodes, attvalues of
// declared attributes whose values parse as their type, counts that match,
// a weight that is a number, dates that are dates.
func checkGEXF(r io.Reader) (nodes, edges int, err error) {
	root, err := readXML(r)
	if err != nil {
		return 0, 0, err
	}
	if root == nil || root.name != "gexf" {
		return 0, 0, errors.New("the root is not gexf")
	}
	if err := checkRule(root, ""); err != nil {
		return 0, 0, err
	}
	if v := root.attrs["version"]; v != "1.3" {
		return 0, 0, fmt.Errorf("version %q, want 1.3", v)
	}
	var graph *xmlElem
	for _, c := range root.children {
		if c.name == "meta" {
			if d, ok := c.attrs["lastmodifieddate"]; ok {
				if _, err := time.Parse(time.DateOnly, d); err != nil {
					return 0, 0, fmt.Errorf("meta: lastmodifieddate %q is not a date", d)
				}
			}
		}
		if c.name == "graph" {
			graph = c
		}
	}
	types := map[string]map[string]string{"node": {}, "edge": {}} // class -> id -> type
	nodeIDs := map[string]bool{}
	edgeIDs := map[string]bool{}
	checkValues := func(class, id string, e *xmlElem) error {
		for _, av := range e.children {
			for _, v := range av.children {
				typ, ok := types[class][v.attrs["for"]]
				if !ok {
					return fmt.Errorf("%s %s: attvalue for undeclared %s attribute %q", class, id, class, v.attrs["for"])
				}
				if typ == "integer" {
					if _, err := strconv.Atoi(v.attrs["value"]); err != nil {
						return fmt.Errorf("%s %s: %s=%q is not an integer", class, id, v.attrs["for"], v.attrs["value"])
					}
				}
			}
		}
		return nil
	}
	for _, c := range graph.children {
		switch c.name {
		case "attributes":
			for _, a := range c.children {
				types[c.attrs["class"]][a.attrs["id"]] = a.attrs["type"]
			}
		case "nodes":
			for _, n := range c.children {
				id := n.attrs["id"]
				if nodeIDs[id] {
					return 0, 0, fmt.Errorf("node id %q twice", id)
				}
				nodeIDs[id] = true
				if err := checkValues("node", id, n); err != nil {
					return 0, 0, err
				}
			}
			if cnt, ok := c.attrs["count"]; ok && cnt != strconv.Itoa(len(c.children)) {
				return 0, 0, fmt.Errorf("nodes count=%s, but %d nodes", cnt, len(c.children))
			}
		case "edges":
			for _, e := range c.children {
				id := e.attrs["id"]
				if edgeIDs[id] {
					return 0, 0, fmt.Errorf("edge id %q twice", id)
				}
				edgeIDs[id] = true
				if !nodeIDs[e.attrs["source"]] || !nodeIDs[e.attrs["target"]] {
					return 0, 0, fmt.Errorf("edge %s: an end is not a node", id)
				}
				if w, ok := e.attrs["weight"]; ok {
					if _, err := strconv.ParseFloat(w, 64); err != nil {
						return 0, 0, fmt.Errorf("edge %s: weight %q is not a number", id, w)
					}
				}
				if err := checkValues("edge", id, e); err != nil {
					return 0, 0, err
				}
			}
			if cnt, ok := c.attrs["count"]; ok && cnt != strconv.Itoa(len(c.children)) {
				return 0, 0, fmt.Errorf("edges count=%s, but %d edges", cnt, len(c.children))
			}
		}
	}
	return len(nodeIDs), len(edgeIDs), nil
}

func TestGEXF(t *testing.T) {
	st := fixture(t)
	tests := []graphCase{
		{"all", Options{}, 17, 27},
		{"rejections", Options{Types: []ontology.RelationType{ontology.Rejected}}, 5, 3},
		{"since August", Options{Since: "2025-08-01"}, 2, 1},
		{"none", Options{Until: "2024-01-01"}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opt.Format = GEXF
			out, _ := export(t, st, tt.opt)
			nodes, edges, err := checkGEXF(strings.NewReader(out))
			if err != nil {
				t.Fatalf("invalid GEXF: %v\n%s", err, out)
			}
			if nodes != tt.nodes || edges != tt.edges {
				t.Errorf("%d nodes and %d edges, want %d and %d", nodes, edges, tt.nodes, tt.edges)
			}
		})
	}
}

// TestCheckGEXF checks that the checker refuses what the schema refuses.
func TestCheckGEXF(t *testing.T) {
	st := fixture(t)
	good, _ := export(t, st, Options{Format: GEXF, Types: []ontology.RelationType{ontology.Accused}})
	tests := []struct {
		name, old, new, want string
	}{
		{"version", `version="1.3"`, `version="1.2"`, `version "1.2", want 1.3`},
		{"namespace", `xmlns="http://gexf.net/1.3"`, `xmlns="http://gexf.net/1.2draft"`, "not in the GEXF 1.3 namespace"},
		{"edges before nodes", "<nodes", "<edges/><nodes", "/gexf/graph: child nodes missing"},
		{"unknown attribute", `<edge id=`, `<edge colour="red" id=`, `attribute "colour" not allowed`},
		{"missing target", ` target="actor:Q212"`, ``, `attribute "target" missing`},
		{"edge to nowhere", ` target="actor:Q212"`, ` target="actor:nobody"`, "an end is not a node"},
		{"undeclared attvalue", `for="cameo"`, `for="colour"`, `undeclared edge attribute "colour"`},
		{"integer", `for="evidence_count" value="1"`, `for="evidence_count" value="one"`, `is not an integer`},
		{"count", `<nodes count="2">`, `<nodes count="3">`, "nodes count=3, but 2 nodes"},
		{"text", `<attvalues>`, `<attvalues>hello`, "text not allowed"},
		{"attribute type", `type="integer"`, `type="int"`, `type="int" is not one of`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(good, tt.old) {
				t.Fatalf("the export has no %s", tt.old)
			}
			_, _, err := checkGEXF(strings.NewReader(strings.Replace(good, tt.old, tt.new, 1)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}
