package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"newsgraph/article"
	"newsgraph/graph/apierr"
	"newsgraph/graph/model"
	"newsgraph/loaders"
	"newsgraph/store"
)

// This file holds the writes: ingestArticle and deleteArticle.

// ingestArgument is the name of ingestArticle's argument; the paths of
// the problems found in it start with it ("input.entities[0].kind").
const ingestArgument = "input"

// ingest puts an article sent as ingestArticle's input through the
// loaders' pipeline, as newsgraph load puts each article of a file: the
// same validation, the same entity resolution by name and alias, the same
// write, so that the same article gives the same graph whichever way it
// arrives. A document with problems gets one BAD_USER_INPUT error per
// problem and writes nothing.
func (r *Resolver) ingest(ctx context.Context, input *model.ArticleInput) (*model.IngestResult, error) {
	l := &loaders.Loader{Sink: &loaders.StoreSink{Store: r.Store}, Logger: r.Logger}
	doc, missing := documentOf(input)
	a, err := l.Put(ctx, ingestArgument, doc, missing...)
	if err != nil {
		var ve *article.ValidationError
		if errors.As(err, &ve) {
			return nil, problemErrors(ctx, ve)
		}
		return nil, err
	}
	g, res := a.Graph, a.Result
	for _, w := range a.Warnings {
		r.Logger.WarnContext(ctx, "article ingested with a warning", "article", g.Article.ID, "warning", w)
	}
	r.Logger.InfoContext(ctx, "article ingested", "article", g.Article.ID, "outcome", res.Outcome,
		"entities", res.Entities, "relations", res.Relations, "resolved", a.Resolved)
	return &model.IngestResult{
		Article:   model.ArticleOf(&g.Article),
		Outcome:   model.IngestOutcome(res.Outcome),
		Entities:  res.Entities,
		Relations: res.Relations,
	}, nil
}

// documentOf turns ingestArticle's input into a document of the article
// format, field for field, and lists the paths of the required fields the
// input leaves out (null or absent), for article.Check.
func documentOf(in *model.ArticleInput) (*article.Document, []string) {
	var missing []string
	req := func(path string, s *string) string {
		if s == nil {
			missing = append(missing, path)
			return ""
		}
		return *s
	}
	span := func(path string, in *model.SpanInput) article.Span {
		if in == nil {
			missing = append(missing, path)
			return article.Span{}
		}
		var s article.Span
		if in.Start == nil {
			missing = append(missing, path+".start")
		} else {
			s.Start = *in.Start
		}
		if in.End == nil {
			missing = append(missing, path+".end")
		} else {
			s.End = *in.End
		}
		s.Text = req(path+".text", in.Text)
		return s
	}
	evidence := func(path string, in *model.EvidenceInput) article.Evidence {
		if in == nil {
			return article.Evidence{Span: span(path, nil)}
		}
		return article.Evidence{
			Span:  span(path, &model.SpanInput{Start: in.Start, End: in.End, Text: in.Text}),
			CAMEO: opt(in.Cameo), PLOVER: opt(in.Plover), Mode: opt(in.Mode), Label: opt(in.Label),
		}
	}
	d := &article.Document{
		ID:        req("$.id", in.ID),
		Title:     req("$.title", in.Title),
		Text:      req("$.text", in.Text),
		Source:    opt(in.Source),
		URL:       opt(in.URL),
		Published: opt(in.Published),
		Entities:  []article.Entity{},
	}
	if in.Entities == nil {
		missing = append(missing, "$.entities")
	}
	for i, e := range in.Entities {
		path := fmt.Sprintf("$.entities[%d]", i)
		ent := article.Entity{
			ID:        req(path+".id", e.ID),
			Type:      req(path+".type", e.Type),
			Kind:      opt(e.Kind),
			Name:      req(path+".name", e.Name),
			Wikidata:  opt(e.Wikidata),
			Key:       opt(e.Key),
			Date:      opt(e.Date),
			EndDate:   opt(e.EndDate),
			Format:    opt(e.Format),
			Latitude:  e.Latitude,
			Longitude: e.Longitude,
			Status:    opt(e.Status),
		}
		if len(e.Aliases) > 0 {
			ent.Aliases = e.Aliases
		}
		if e.Round != nil {
			ent.Round = *e.Round
		}
		for j, c := range e.Codes {
			p := fmt.Sprintf("%s.codes[%d]", path, j)
			ent.Codes = append(ent.Codes, article.Code{Scheme: req(p+".scheme", c.Scheme), Value: req(p+".value", c.Value)})
		}
		for j, m := range e.Mentions {
			ent.Mentions = append(ent.Mentions, span(fmt.Sprintf("%s.mentions[%d]", path, j), m))
		}
		d.Entities = append(d.Entities, ent)
	}
	for i, rel := range in.Relations {
		path := fmt.Sprintf("$.relations[%d]", i)
		r := article.Relation{
			Type:     req(path+".type", rel.Type),
			Source:   req(path+".source", rel.Source),
			Target:   req(path+".target", rel.Target),
			Evidence: evidence(path+".evidence", rel.Evidence),
		}
		if q := rel.Qualifiers; q != nil {
			r.Qualifiers = &article.Qualifiers{Quantity: q.Quantity, Item: opt(q.Item), Date: opt(q.Date),
				Duration: opt(q.Duration), Conditions: opt(q.Conditions), Place: opt(q.Place), When: opt(q.When)}
		}
		d.Relations = append(d.Relations, r)
	}
	return d, missing
}

func opt(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// problemErrors turns an article validation error into one GraphQL error
// per problem, each with code BAD_USER_INPUT and extensions.field the path
// of the value at fault ("input.entities[0].kind"). All but the last are
// added to the response; the last is returned.
func problemErrors(ctx context.Context, ve *article.ValidationError) error {
	if len(ve.Problems) == 0 {
		return apierr.BadInput("%s: %v", ingestArgument, ve)
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
