package graph

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"newsgraph/article"
	"newsgraph/graph/apierr"
	"newsgraph/graph/model"
	"newsgraph/internal/metrics"
	"newsgraph/store"
)

// This file holds the writes: ingestArticle and deleteArticle.

// ingestArgument is the name of ingestArticle's argument; the paths of
// the problems found in it start with it ("input.entities[0].kind").
const ingestArgument = "input"

// ingest validates an article sent as ingestArticle's input, exactly as
// the loader validates a file (article.Parse), and puts it into the store.
//
// The input is read as the client wrote it, not from the Go struct gqlgen
// decoded: the argument's raw value (with variables substituted) is turned
// back into JSON, so that a field sent as null, an empty list and an absent
// field stay distinct, as they are in a file.
func (r *Resolver) ingest(ctx context.Context) (*model.IngestResult, error) {
	raw, err := rawArgument(ctx, ingestArgument)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(raw)
	if err != nil {
		return nil, apierr.BadInput("%s: cannot be read as JSON: %v", ingestArgument, err)
	}
	doc, err := article.Parse(ingestArgument, data)
	if err != nil {
		metrics.ArticlesLoaded.WithLabelValues(metrics.LoadFailed).Inc()
		return nil, problemErrors(ctx, err)
	}
	g, err := doc.Graph()
	if err != nil {
		metrics.ArticlesLoaded.WithLabelValues(metrics.LoadFailed).Inc()
		return nil, problemErrors(ctx, err)
	}
	res, err := r.Store.PutArticle(ctx, g)
	if err != nil {
		metrics.ArticlesLoaded.WithLabelValues(metrics.LoadFailed).Inc()
		return nil, err
	}
	metrics.ArticlesLoaded.WithLabelValues(strings.ToLower(string(res.Outcome))).Inc()
	r.Logger.InfoContext(ctx, "article ingested", "article", g.Article.ID, "outcome", res.Outcome,
		"entities", res.Entities, "relations", res.Relations)
	return &model.IngestResult{
		Article:   model.ArticleOf(&g.Article),
		Outcome:   model.IngestOutcome(res.Outcome),
		Entities:  res.Entities,
		Relations: res.Relations,
	}, nil
}

// rawArgument returns the value of an argument of the field being
// resolved as plain Go values (maps, slices, strings, json.Number...),
// variables substituted.
func rawArgument(ctx context.Context, name string) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	arg := fc.Field.Arguments.ForName(name)
	if arg == nil {
		return nil, apierr.BadInput("missing the %s argument", name)
	}
	return arg.Value.Value(graphql.GetOperationContext(ctx).Variables)
}

// problemErrors turns an article validation error into one GraphQL error
// per problem, each with code BAD_USER_INPUT and extensions.field the path
// of the value at fault ("input.entities[0].kind"). All but the last are
// added to the response; the last is returned.
func problemErrors(ctx context.Context, err error) error {
	var ve *article.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) == 0 {
		return apierr.BadInput("%s: %v", ingestArgument, err)
	}
	errs := make([]*gqlerror.Error, len(ve.Problems))
	for i, p := range ve.Problems {
		field := ingestArgument + strings.TrimPrefix(p.Path, "$")
		e := apierr.BadInput("%s: %s", field, p.Message)
		e.Extensions["field"] = field
		errs[i] = e
	}
	for _, e := range errs[:len(errs)-1] {
		graphql.AddError(ctx, e)
	}
	return errs[len(errs)-1]
}

// deleteArticle deletes an article by its global id ("article:...") or
// its own id.
func (r *Resolver) deleteArticle(ctx context.Context, id string) (*model.DeleteResult, error) {
	if id == "" {
		return nil, apierr.BadInput("id: must not be empty")
	}
	if !strings.HasPrefix(id, store.ArticleID("")) {
		id = store.ArticleID(id)
	}
	res, err := r.Store.DeleteArticle(ctx, id)
	if err != nil {
		return nil, err
	}
	if res.Found {
		r.Logger.InfoContext(ctx, "article deleted", "article", id,
			"removed_entities", res.RemovedEntities, "removed_relations", res.RemovedRelations)
	}
	return &model.DeleteResult{
		ID:               id,
		Found:            res.Found,
		RemovedEntities:  res.RemovedEntities,
		RemovedRelations: res.RemovedRelations,
	}, nil
}
