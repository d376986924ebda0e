// Package export streams the graph out of a store.Store in formats that
// analysis tools read: JSON lines and CSV (one row per relation; pandas,
// spreadsheets), GraphML (networkx, Gephi) and GEXF 1.3 (Gephi).
//
// Write reads the store only through the store contract: it pages through
// ListRelations (ordered by id, store.MaxPageSize at a time) and looks the
// ends of each page's relations and their evidence articles up in batches
// with Entities and Articles. Every call is bounded, and nothing holds the
// whole graph, except what a format needs:
//
//   - jsonl and csv write each page as it is read;
//   - graphml and gexf must list the nodes before the edges, so Write spools
//     the edges to a temporary file while it reads the relations, keeping
//     only the set of their ends' ids, then writes the nodes (looked up in
//     batches) and copies the edges after them. One pass over the relations
//     means the edges and nodes come from the same reading of the graph,
//     which paging twice would not promise while articles are written.
//
// # Rows
//
// A relation's row carries its id and type, the type's CAMEO and PLOVER
// codes and quad class (from package ontology), its source and target
// (id, name, type and kind), its qualifiers, its evidence count, and the
// first and last date of its evidence: the earliest and latest published
// date of the articles that state it ("" when none has one). With
// Options.Evidence, jsonl also writes one line per piece of evidence after
// its relation: the quote and the article's id, title, published date and
// URL.
//
// # Filters
//
// Options.Types keeps the relations of those types (the store filters).
// Options.Since and Options.Until (YYYY-MM-DD, both inclusive) keep a
// relation when its date qualifier lies in the range or, when it has no
// date qualifier, when at least one of its evidence articles was published
// in the range; a relation with neither is left out once either bound is
// set. The date filter applies to relations after they are read; a kept
// relation keeps all its evidence lines, whatever their articles' dates.
//
// # Cost
//
// Options.MaxRelations bounds the relations read from the store (those of
// the asked types, before the date filter, since reading is the cost).
// Write counts them first and refuses with ErrTooMany before writing
// anything; should the graph grow past the bound while it is read, Write
// stops there with ErrTooMany, after a final {"record": "error"} line in
// jsonl.
//
// # Where it is used
//
// The command "newsgraph export" writes an export to a file or standard
// output; Handler serves GET /export for the HTTP server, behind the read
// token when the server requires one and bounded by its
// --export-max-relations.
package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Format is an export format.
type Format string

// The formats.
const (
	JSONL   Format = "jsonl"
	CSV     Format = "csv"
	GraphML Format = "graphml"
	GEXF    Format = "gexf"
)

// Formats lists every format.
var Formats = []Format{JSONL, CSV, GraphML, GEXF}

// ParseFormat accepts a format name in any case.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if strings.EqualFold(string(f), strings.TrimSpace(s)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q (use %s)", s, strings.Join(ontology.Names(Formats), ", "))
}

// ContentType is the media type of the format.
func (f Format) ContentType() string {
	switch f {
	case JSONL:
		return "application/jsonl; charset=utf-8"
	case CSV:
		return "text/csv; charset=utf-8"
	case GraphML:
		return "application/graphml+xml; charset=utf-8"
	case GEXF:
		return "application/gexf+xml; charset=utf-8"
	}
	return "application/octet-stream"
}

// Ext is the file name extension of the format, without the dot.
func (f Format) Ext() string { return string(f) }

// Options says what to export and how.
type Options struct {
	Format Format
	// Types keeps the relations of these types; empty keeps every type.
	Types []ontology.RelationType
	// Since and Until bound the relations' dates (YYYY-MM-DD, inclusive;
	// "" for no bound): see the package documentation.
	Since, Until string
	// Evidence adds one line per piece of evidence (jsonl only).
	Evidence bool
	// MaxRelations bounds the relations read; 0 or less for no bound.
	MaxRelations int
}

// ErrTooMany is the error of an export that would read more relations than
// Options.MaxRelations allows.
var ErrTooMany = errors.New("too many relations to export")

// ErrInvalid is the error of options that cannot be exported.
var ErrInvalid = errors.New("invalid export options")

// ParseTypes parses a comma-separated list of relation types, in any case
// ("rejected,AGREED_TO"); "" is every type.
func ParseTypes(list string) ([]ontology.RelationType, error) {
	var types []ontology.RelationType
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		t, ok := ontology.ParseRelationType(s)
		if !ok {
			return nil, fmt.Errorf("unknown relation type %q (use %s)", s, strings.Join(ontology.Names(ontology.RelationTypes), ", "))
		}
		if !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	return types, nil
}

// Check reports what is wrong with the options, naming the field.
func (o *Options) Check() error {
	if !slices.Contains(Formats, o.Format) {
		return fmt.Errorf("%w: format: unknown format %q (use %s)", ErrInvalid, o.Format, strings.Join(ontology.Names(Formats), ", "))
	}
	for _, t := range o.Types {
		if _, ok := ontology.Relation(t); !ok {
			return fmt.Errorf("%w: types: unknown relation type %q", ErrInvalid, t)
		}
	}
	for _, d := range []struct{ name, v string }{{"since", o.Since}, {"until", o.Until}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.v); err != nil {
			return fmt.Errorf("%w: %s: %q is not a date of the form YYYY-MM-DD", ErrInvalid, d.name, d.v)
		}
	}
	if o.Since != "" && o.Until != "" && o.Since > o.Until {
		return fmt.Errorf("%w: since %s is after until %s", ErrInvalid, o.Since, o.Until)
	}
	if o.Evidence && o.Format != JSONL {
		return fmt.Errorf("%w: evidence: evidence lines are a jsonl option, not %s", ErrInvalid, o.Format)
	}
	return nil
}

// Stats says what an export wrote.
type Stats struct {
	// Read counts the relations read from the store, Relations those
	// written (after the date filter), Evidence the evidence lines and
	// Nodes the nodes (graphml and gexf).
	Read, Relations, Evidence, Nodes int
}

// Write exports the graph of st to w as opt says. Invalid options fail
// with ErrInvalid and an export over the bound with ErrTooMany, both before
// anything is written.
func Write(ctx context.Context, st store.Store, w io.Writer, opt Options) (Stats, error) {
	if err := opt.Check(); err != nil {
		return Stats{}, err
	}
	if opt.MaxRelations > 0 {
		n, err := st.CountRelations(ctx, store.RelationQuery{Types: opt.Types})
		if err != nil {
			return Stats{}, fmt.Errorf("count relations: %w", err)
		}
		if n > opt.MaxRelations {
			return Stats{}, tooMany(opt.MaxRelations)
		}
	}
	switch opt.Format {
	case JSONL:
		return writeJSONL(ctx, st, w, opt)
	case CSV:
		return writeCSV(ctx, st, w, opt)
	case GraphML:
		return writeGraph(ctx, st, w, opt, graphMLWriter{})
	default:
		return writeGraph(ctx, st, w, opt, gexfWriter{})
	}
}

func tooMany(max int) error {
	return fmt.Errorf("%w: the export would read more than %d relations: narrow it with types, or raise the bound", ErrTooMany, max)
}

// page is one page of relations with what their rows need.
type page struct {
	relations []*store.Relation
	entities  map[string]*store.Entity  // the relations' ends
	articles  map[string]*store.Article // their evidence's articles
}

// scan reads the relations of opt.Types page by page, with their ends when
// withEntities, and calls fn with each page's relations that pass the date
// filter. stats.Read counts what it read.
func scan(ctx context.Context, st store.Store, opt Options, withEntities bool, stats *Stats, fn func(*page) error) error {
	q := store.RelationQuery{Types: opt.Types, Order: store.Order{Field: store.OrderByID}, First: store.MaxPageSize}
	for {
		res, err := st.ListRelations(ctx, q)
		if err != nil {
			return fmt.Errorf("list relations: %w", err)
		}
		stats.Read += len(res.Items)
		if opt.MaxRelations > 0 && stats.Read > opt.MaxRelations {
			return tooMany(opt.MaxRelations)
		}
		p := &page{}
		var articleIDs, entityIDs []string
		for _, r := range res.Items {
			for _, ev := range r.Evidence {
				articleIDs = append(articleIDs, ev.Article)
			}
			entityIDs = append(entityIDs, r.Source, r.Target)
			if r.Qualifiers.Place != "" {
				entityIDs = append(entityIDs, r.Qualifiers.Place)
			}
		}
		if p.articles, err = lookup(ctx, articleIDs, st.Articles, func(a *store.Article) string { return a.ID }); err != nil {
			return fmt.Errorf("look up articles: %w", err)
		}
		if withEntities {
			if p.entities, err = lookup(ctx, entityIDs, st.Entities, func(e *store.Entity) string { return e.ID }); err != nil {
				return fmt.Errorf("look up entities: %w", err)
			}
		}
		for _, r := range res.Items {
			if inRange(r, p.articles, opt.Since, opt.Until) {
				p.relations = append(p.relations, r)
			}
		}
		if err := fn(p); err != nil {
			return err
		}
		if !res.HasNextPage {
			return nil
		}
		q.After = res.EndCursor()
	}
}

// lookup fetches the distinct ids in batches of store.MaxPageSize and
// returns what was found by id.
func lookup[T any](ctx context.Context, ids []string, get func(context.Context, []string) ([]*T, error), idOf func(*T) string) (map[string]*T, error) {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	found := make(map[string]*T, len(ids))
	for batch := range slices.Chunk(ids, store.MaxPageSize) {
		items, err := get(ctx, batch)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if it != nil {
				found[idOf(it)] = it
			}
		}
	}
	return found, nil
}

// dates returns the earliest and latest published date of the relation's
// evidence articles, "" when none has one.
func dates(r *store.Relation, articles map[string]*store.Article) (first, last string) {
	for _, ev := range r.Evidence {
		a := articles[ev.Article]
		if a == nil || a.Published == "" {
			continue
		}
		if first == "" || a.Published < first {
			first = a.Published
		}
		if a.Published > last {
			last = a.Published
		}
	}
	return first, last
}

// inRange is the date filter (see the package documentation).
func inRange(r *store.Relation, articles map[string]*store.Article, since, until string) bool {
	if since == "" && until == "" {
		return true
	}
	in := func(d string) bool {
		return d != "" && (since == "" || d >= since) && (until == "" || d <= until)
	}
	if r.Qualifiers.Date != "" {
		return in(r.Qualifiers.Date)
	}
	for _, ev := range r.Evidence {
		if a := articles[ev.Article]; a != nil && in(a.Published) {
			return true
		}
	}
	return false
}
