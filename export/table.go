package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"newsgraph/ontology"
	"newsgraph/store"
)

// Row is one relation as jsonl and csv write it. The JSON names are the CSV
// header.
type Row struct {
	Record        string `json:"record"` // "relation"
	ID            string `json:"id"`
	Type          string `json:"type"`
	CAMEO         string `json:"cameo"`
	PLOVER        string `json:"plover"`
	QuadClass     int    `json:"quad_class"`
	SourceID      string `json:"source_id"`
	SourceName    string `json:"source_name"`
	SourceType    string `json:"source_type"`
	SourceKind    string `json:"source_kind"`
	SourceCodes   string `json:"source_codes"` // "cameo:USA iso3166_alpha2:US" (codeList)
	TargetID      string `json:"target_id"`
	TargetName    string `json:"target_name"`
	TargetType    string `json:"target_type"`
	TargetKind    string `json:"target_kind"`
	TargetCodes   string `json:"target_codes"`
	Quantity      *int   `json:"quantity"`
	Item          string `json:"item"`
	Date          string `json:"date"`
	Duration      string `json:"duration"`
	Conditions    string `json:"conditions"`
	PlaceID       string `json:"place_id"`
	PlaceName     string `json:"place_name"`
	When          string `json:"when"`
	EvidenceCount int    `json:"evidence_count"`
	FirstDate     string `json:"first_date"`
	LastDate      string `json:"last_date"`
}

// EvidenceRow is one piece of evidence as jsonl writes it, after the row of
// its relation.
type EvidenceRow struct {
	Record     string `json:"record"` // "evidence"
	RelationID string `json:"relation_id"`
	Type       string `json:"type"`
	SourceID   string `json:"source_id"`
	TargetID   string `json:"target_id"`
	Quote      string `json:"quote"`
	ArticleID  string `json:"article_id"`
	Title      string `json:"title"`
	Published  string `json:"published"`
	URL        string `json:"url"`
	// The source's own coding of the event, where it gave one (the
	// relation's row has its type's codes).
	CAMEO  string `json:"cameo,omitempty"`
	PLOVER string `json:"plover,omitempty"`
	Mode   string `json:"mode,omitempty"`
	Label  string `json:"label,omitempty"`
}

// ErrorRow is the last line of a jsonl export that stopped on an error.
type ErrorRow struct {
	Record string `json:"record"` // "error"
	Error  string `json:"error"`
}

// Header is the CSV header: the columns of Row.
var Header = []string{
	"record", "id", "type", "cameo", "plover", "quad_class",
	"source_id", "source_name", "source_type", "source_kind", "source_codes",
	"target_id", "target_name", "target_type", "target_kind", "target_codes",
	"quantity", "item", "date", "duration", "conditions", "place_id", "place_name", "when",
	"evidence_count", "first_date", "last_date",
}

// newRow builds the row of r.
func newRow(r *store.Relation, p *page) Row {
	spec, _ := ontology.Relation(r.Type)
	row := Row{
		Record: "relation", ID: r.ID, Type: string(r.Type),
		CAMEO: spec.CAMEO, PLOVER: spec.PLOVER, QuadClass: spec.QuadClass,
		SourceID: r.Source, TargetID: r.Target,
		Quantity: r.Qualifiers.Quantity, Item: r.Qualifiers.Item, Date: r.Qualifiers.Date,
		Duration: r.Qualifiers.Duration, Conditions: r.Qualifiers.Conditions,
		PlaceID: r.Qualifiers.Place, When: r.Qualifiers.When, EvidenceCount: len(r.Evidence),
	}
	if e := p.entities[r.Qualifiers.Place]; e != nil {
		row.PlaceName = e.Name
	}
	if e := p.entities[r.Source]; e != nil {
		row.SourceName, row.SourceType, row.SourceKind, row.SourceCodes = e.Name, string(e.Type), e.Kind, codeList(e)
	}
	if e := p.entities[r.Target]; e != nil {
		row.TargetName, row.TargetType, row.TargetKind, row.TargetCodes = e.Name, string(e.Type), e.Kind, codeList(e)
	}
	row.FirstDate, row.LastDate = dates(r, p.articles)
	return row
}

// record is the row as CSV fields, in Header's order.
func (r Row) record() []string {
	q := ""
	if r.Quantity != nil {
		q = strconv.Itoa(*r.Quantity)
	}
	return []string{
		r.Record, r.ID, r.Type, r.CAMEO, r.PLOVER, strconv.Itoa(r.QuadClass),
		r.SourceID, r.SourceName, r.SourceType, r.SourceKind, r.SourceCodes,
		r.TargetID, r.TargetName, r.TargetType, r.TargetKind, r.TargetCodes,
		q, r.Item, r.Date, r.Duration, r.Conditions, r.PlaceID, r.PlaceName, r.When,
		strconv.Itoa(r.EvidenceCount), r.FirstDate, r.LastDate,
	}
}

func writeJSONL(ctx context.Context, st store.Store, w io.Writer, opt Options) (Stats, error) {
	var stats Stats
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	err := scan(ctx, st, opt, true, &stats, func(p *page) error {
		for _, r := range p.relations {
			if err := enc.Encode(newRow(r, p)); err != nil {
				return err
			}
			stats.Relations++
			if !opt.Evidence {
				continue
			}
			for _, ev := range r.Evidence {
				er := EvidenceRow{
					Record: "evidence", RelationID: r.ID, Type: string(r.Type),
					SourceID: r.Source, TargetID: r.Target, Quote: ev.Quote, ArticleID: ev.Article,
					CAMEO: ev.CAMEO, PLOVER: ev.PLOVER, Mode: ev.Mode, Label: ev.Label,
				}
				if a := p.articles[ev.Article]; a != nil {
					er.Title, er.Published, er.URL = a.Title, a.Published, a.URL
				}
				if err := enc.Encode(er); err != nil {
					return err
				}
				stats.Evidence++
			}
		}
		return bw.Flush()
	})
	if err != nil && errors.Is(err, ErrTooMany) {
		// The export is cut short: say so in it, not only to the caller.
		_ = enc.Encode(ErrorRow{Record: "error", Error: err.Error()})
	}
	if ferr := bw.Flush(); err == nil && ferr != nil {
		err = ferr
	}
	return stats, err
}

func writeCSV(ctx context.Context, st store.Store, w io.Writer, opt Options) (Stats, error) {
	var stats Stats
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return stats, err
	}
	err := scan(ctx, st, opt, true, &stats, func(p *page) error {
		for _, r := range p.relations {
			if err := cw.Write(newRow(r, p).record()); err != nil {
				return err
			}
			stats.Relations++
		}
		cw.Flush()
		return cw.Error()
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return stats, err
}
