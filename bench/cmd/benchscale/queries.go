package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// client asks GraphQL queries of one server.
type client struct {
	url  string
	http *http.Client
}

// ask posts a query and returns how long the answer took; an answer with
// errors is an error.
func (c *client) ask(doc string) (time.Duration, error) {
	_, d, err := c.data(doc)
	return d, err
}

func (c *client) data(doc string) (json.RawMessage, time.Duration, error) {
	body, _ := json.Marshal(map[string]any{"query": doc})
	start := time.Now()
	resp, err := c.http.Post(c.url, "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, 0, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if err != nil {
		return nil, 0, err
	}
	var r struct {
		Data   json.RawMessage   `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(b, &r); err != nil || resp.StatusCode != http.StatusOK || len(r.Errors) > 0 {
		return nil, 0, fmt.Errorf("status %d: %.500s", resp.StatusCode, b)
	}
	return r.Data, d, nil
}

// qargs are the arguments of the queries, picked from the graph.
type qargs struct {
	Hub, HubName     string // the actor with the most relations
	PathFrom, PathTo string // the first actor and the first agreement by name
}

func pickArgs(c *client) (qargs, error) {
	var a qargs
	var d struct {
		Hub    struct{ Nodes []struct{ ID, Name string } }
		First  struct{ Nodes []struct{ ID string } }
		Agreed struct{ Nodes []struct{ ID string } }
	}
	raw, _, err := c.data(`{
		hub: actors(first: 1, orderBy: {field: DEGREE, direction: DESC}) { nodes { id name } }
		first: actors(first: 1, orderBy: {field: NAME}) { nodes { id } }
		agreed: agreements(first: 1, orderBy: {field: NAME}) { nodes { id } } }`)
	if err != nil {
		return a, err
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		return a, err
	}
	if len(d.Hub.Nodes) == 0 || len(d.First.Nodes) == 0 || len(d.Agreed.Nodes) == 0 {
		return a, fmt.Errorf("the graph has no actor or no agreement: %s", raw)
	}
	a.Hub, a.HubName = d.Hub.Nodes[0].ID, d.Hub.Nodes[0].Name
	a.PathFrom, a.PathTo = d.First.Nodes[0].ID, d.Agreed.Nodes[0].ID
	return a, nil
}

// query is one query of the fixed set.
type query struct{ key, doc string }

// queryKeys are the keys of the queries, in the order of the tables.
var queryKeys = []string{"readme-led", "readme-rejected", "readme-exchanged", "readme-meetings", "readme-demanded",
	"nested", "nested-all-evidence", "timeline", "neighbourhood", "search", "path"}

// queries are the README's example queries (with the hub actor's name for
// the names of the real-world fixtures), a nested list (20 actors → 10
// relations → their first 5 pieces of evidence → article title), the same
// with every piece of evidence (what an unbounded answer costs), a
// timeline page, a depth-2 neighbourhood, a search and a shortest path.
func queries(a qargs) []query {
	word := strings.Fields(a.HubName)[0]
	return []query{
		{"readme-led", fmt.Sprintf(`{ relations(types: [LED], where: {target: {name: {eq: %q}}}) {
			nodes { source { name } target { name } } } }`, a.HubName)},
		{"readme-rejected", fmt.Sprintf(`{ actors(where: {name: {eq: %q}}) { nodes {
			relations(direction: OUT, types: [REJECTED]) { nodes { target { name ... on Agreement { kind status } } } } } } }`, a.HubName)},
		{"readme-exchanged", `{ relations(types: [EXCHANGED]) { nodes { source { name } target { name } item quantity } } }`},
		{"readme-meetings", `{ meetings { nodes { name date round place { name kind } participants { name kind }
			agreements { name status } } } }`},
		{"readme-demanded", fmt.Sprintf(`{ relations(types: [DEMANDED], where: {source: {name: {eq: %q}}, target: {name: {contains: "ceasefire"}}}) {
			nodes { duration conditions cameo plover evidenceCount evidence(first: 5) { quote start end article { title published url } } } } }`, a.HubName)},
		{"nested", `{ actors(first: 20, orderBy: {field: NAME}) { nodes { id relations(first: 10) { nodes {
			id type target { name } evidenceCount evidence(first: 5) { article { title } } } } } } }`},
		{"nested-all-evidence", `{ actors(first: 20, orderBy: {field: NAME}) { nodes { id relations(first: 10) { nodes {
			id type target { name } evidence { article { title } } } } } } }`},
		{"timeline", fmt.Sprintf(`{ timeline(entity: %q, first: 20) { totalCount edges { node { date
			relation { id type evidenceCount evidence(first: 5) { article { title } } } meeting { id } } } } }`, a.Hub)},
		{"neighbourhood", fmt.Sprintf(`{ neighborhood(id: %q, depth: 2, limit: 100) { truncated nodes { id name }
			relations { id type } } }`, a.Hub)},
		{"search", fmt.Sprintf(`{ search(query: %q, first: 10) { score matched node { id } } }`, word)},
		{"path", fmt.Sprintf(`{ shortestPath(from: %q, to: %q, maxHops: 4) { length nodes { id } relations { id type } } }`,
			a.PathFrom, a.PathTo)},
	}
}
