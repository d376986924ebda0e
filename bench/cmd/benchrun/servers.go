package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// server is a GraphQL server over HTTP.
type server struct {
	name, url string
}

// body is the request body of a GraphQL document.
func body(doc string) []byte {
	b, _ := json.Marshal(map[string]string{"query": doc})
	return b
}

// ask posts a document and returns the data of the answer; an answer with
// errors is an error.
func (s server) ask(ctx context.Context, doc string) (any, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body(doc)))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.name, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.name, err)
	}
	var ans struct {
		Data   any               `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(raw, &ans); err != nil {
		return nil, fmt.Errorf("%s: HTTP %d, not JSON: %.200s", s.name, resp.StatusCode, raw)
	}
	if len(ans.Errors) > 0 || resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: HTTP %d, errors: %.500s", s.name, resp.StatusCode, raw)
	}
	return ans.Data, nil
}

// floor runs hand-written Cypher through the Go driver.
type floor struct {
	driver   neo4j.DriverWithContext
	database string
}

// run runs a read statement in a managed transaction and returns its rows.
func (f *floor) run(ctx context.Context, cypher string, params map[string]any) ([]map[string]any, error) {
	res, err := neo4j.ExecuteQuery(ctx, f.driver, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(f.database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, fmt.Errorf("floor: %w (statement %.80q)", err, strings.Join(strings.Fields(cypher), " "))
	}
	rows := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		rows[i] = r.AsMap()
	}
	return rows, nil
}

// profile runs PROFILE of a statement and returns its db hits, summed over
// the plan.
func (f *floor) profile(ctx context.Context, cypher string, params map[string]any) (int64, error) {
	p, err := f.profilePlan(ctx, cypher, params)
	if err != nil {
		return 0, err
	}
	return dbHits(p), nil
}

// profilePlan runs PROFILE of a statement and returns its plan.
func (f *floor) profilePlan(ctx context.Context, cypher string, params map[string]any) (neo4j.ProfiledPlan, error) {
	res, err := neo4j.ExecuteQuery(ctx, f.driver, "PROFILE "+cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(f.database))
	if err != nil {
		return nil, fmt.Errorf("PROFILE: %w (statement %.80q)", err, strings.Join(strings.Fields(cypher), " "))
	}
	p := res.Summary.Profile()
	if p == nil {
		return nil, fmt.Errorf("no profile")
	}
	return p, nil
}

func dbHits(p neo4j.ProfiledPlan) int64 {
	n := p.DbHits()
	for _, c := range p.Children() {
		n += dbHits(c)
	}
	return n
}
