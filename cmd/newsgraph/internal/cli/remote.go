package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"newsgraph/article"
	"newsgraph/loaders"
	"newsgraph/store"
)

// remoteTimeout bounds one request to the server.
const remoteTimeout = 30 * time.Second

// ingestMutation is the mutation a remote load sends per document.
const ingestMutation = `mutation Ingest($input: ArticleInput!) {
  ingestArticle(input: $input) { outcome entities relations }
}`

// remoteSink puts documents through the GraphQL API of a newsgraph server
// (the ingestArticle mutation, one request per article); it is the
// loader's Sink of load --server. The server validates, resolves and
// writes each article as a load into its store would.
type remoteSink struct {
	endpoint string
	token    string
	client   *http.Client
}

// newRemoteSink returns a sink posting to server, whose path defaults to
// /graphql.
func newRemoteSink(server, token string) (*remoteSink, error) {
	u, err := url.Parse(server)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--server %q: give the server's http:// or https:// URL", server)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/graphql"
	}
	return &remoteSink{endpoint: u.String(), token: token, client: &http.Client{Timeout: remoteTimeout}}, nil
}

type gqlError struct {
	Message    string `json:"message"`
	Extensions struct {
		Code  string `json:"code"`
		Field string `json:"field"`
	} `json:"extensions"`
}

func (e gqlError) String() string {
	s := e.Message
	if e.Extensions.Field != "" {
		s = e.Extensions.Field + ": " + s
	}
	if e.Extensions.Code != "" {
		s = e.Extensions.Code + ": " + s
	}
	return s
}

// Put sends the batch's articles one after the other. A document the
// server rejects fails alone; a refused token or an unreachable server
// stops the load.
func (s *remoteSink) Put(ctx context.Context, batch []*loaders.Article) error {
	for _, a := range batch {
		a.Result, a.Err = s.put(ctx, a.Document)
		if a.Err != nil && (errors.Is(a.Err, errStop) || ctx.Err() != nil) {
			return a.Err
		}
	}
	return nil
}

// errStop, wrapped by an error of put, stops the whole load rather than
// failing one document.
var errStop = errors.New("load stopped")

// put sends doc as the mutation's input.
func (s *remoteSink) put(ctx context.Context, doc *article.Document) (store.PutResult, error) {
	body, err := json.Marshal(map[string]any{
		"query":     ingestMutation,
		"variables": map[string]any{"input": doc},
	})
	if err != nil {
		return store.PutResult{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.endpoint, bytes.NewReader(body))
	if err != nil {
		return store.PutResult{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return store.PutResult{}, fmt.Errorf("server %s: %w: %w", s.endpoint, errStop, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return store.PutResult{}, fmt.Errorf("server %s: reading the answer: %w: %w", s.endpoint, errStop, err)
	}
	var answer struct {
		Data *struct {
			IngestArticle *struct {
				Outcome   store.PutOutcome `json:"outcome"`
				Entities  int              `json:"entities"`
				Relations int              `json:"relations"`
			} `json:"ingestArticle"`
		} `json:"data"`
		Errors []gqlError `json:"errors"`
	}
	if jerr := json.Unmarshal(data, &answer); jerr != nil {
		// Not a GraphQL answer: a proxy's page, a wrong URL.
		if resp.StatusCode != http.StatusOK {
			return store.PutResult{}, fmt.Errorf("server %s: HTTP %s: %w", s.endpoint, resp.Status, errStop)
		}
		return store.PutResult{}, fmt.Errorf("server %s: the answer is not GraphQL JSON: %w: %w", s.endpoint, errStop, jerr)
	}
	if len(answer.Errors) > 0 {
		lines := make([]string, len(answer.Errors))
		for i, e := range answer.Errors {
			if e.Extensions.Code == "UNAUTHENTICATED" {
				return store.PutResult{}, fmt.Errorf("server %s refused the token (%s; give --token or NEWSGRAPH_API_TOKEN): %w",
					s.endpoint, e, errStop)
			}
			lines[i] = e.String()
		}
		err := errors.New(strings.Join(lines, "\n"))
		if resp.StatusCode != http.StatusOK && !hasBadInput(answer.Errors) {
			// The request as a whole could not run.
			return store.PutResult{}, fmt.Errorf("server %s: HTTP %s: %w: %w", s.endpoint, resp.Status, errStop, err)
		}
		return store.PutResult{}, err
	}
	if resp.StatusCode != http.StatusOK {
		return store.PutResult{}, fmt.Errorf("server %s: HTTP %s: %w", s.endpoint, resp.Status, errStop)
	}
	if answer.Data == nil || answer.Data.IngestArticle == nil {
		return store.PutResult{}, fmt.Errorf("server %s: the answer has no ingestArticle result", s.endpoint)
	}
	r := answer.Data.IngestArticle
	return store.PutResult{Outcome: r.Outcome, Entities: r.Entities, Relations: r.Relations}, nil
}

func hasBadInput(errs []gqlError) bool {
	for _, e := range errs {
		if e.Extensions.Code == "BAD_USER_INPUT" {
			return true
		}
	}
	return false
}
