package embedded

import (
	"bytes"
	"encoding/json"
	"fmt"

	"newsgraph/ontology"
	"newsgraph/store"
)

// The records of the log are the types of this file, not the store's: the
// log outlives any version of the code, so its field names are spelled out
// in JSON tags and renaming a field of package store changes nothing on
// disk. Replaying the log decodes strictly: a field the record types do not
// know is an error, never silently dropped.
//
// Every record says which version of these types wrote it ("v"). Records
// written before the version was recorded have none and are version 1;
// testdata/v1/graph.log is such a log, replayed by the tests. A change that
// renames or reinterprets a field must bump logFormatVersion and keep
// reading the versions before it; a record of a version this code does not
// know is refused with an error saying so.

// logFormatVersion is the version of the records this code writes, and the
// newest it reads. Version 2 added the change feed's fields (seq, at, kind)
// and records (opChange, opPosition; see feed.go).
const logFormatVersion = 2

// diskRecord is one record of the log: a put of an article graph or the
// delete of an article.
type diskRecord struct {
	Version int               `json:"v"`
	Op      string            `json:"op"` // opPut or opDelete
	Article *diskArticleGraph `json:"article,omitempty"`
	ID      string            `json:"id,omitempty"`
	// Since version 2: the position and commit time (Unix milliseconds)
	// of a change, and the kind of an opChange.
	Seq  uint64 `json:"seq,omitempty"`
	At   int64  `json:"at,omitempty"`
	Kind string `json:"kind,omitempty"`
}

type diskArticleGraph struct {
	Article   diskArticle         `json:"Article"`
	Entities  []diskEntityClaim   `json:"Entities,omitempty"`
	Relations []diskRelationClaim `json:"Relations,omitempty"`
}

type diskArticle struct {
	ID        string `json:"ID"`
	Title     string `json:"Title,omitempty"`
	Text      string `json:"Text,omitempty"`
	Source    string `json:"Source,omitempty"`
	URL       string `json:"URL,omitempty"`
	Published string `json:"Published,omitempty"`
	Hash      string `json:"Hash"`
}

type diskEntityClaim struct {
	Entity   diskEntity `json:"Entity"`
	Mentions []diskSpan `json:"Mentions,omitempty"`
}

type diskEntity struct {
	ID       string   `json:"ID"`
	Type     string   `json:"Type"`
	Kind     string   `json:"Kind,omitempty"`
	Name     string   `json:"Name,omitempty"`
	Aliases  []string `json:"Aliases,omitempty"`
	Wikidata string   `json:"Wikidata,omitempty"`
	// Codes were added without a new version: records without them
	// read as they always did.
	Codes     []diskCode `json:"Codes,omitempty"`
	Date      string     `json:"Date,omitempty"`
	EndDate   string     `json:"EndDate,omitempty"`
	Round     int        `json:"Round,omitempty"`
	Format    string     `json:"Format,omitempty"`
	Latitude  *float64   `json:"Latitude,omitempty"`
	Longitude *float64   `json:"Longitude,omitempty"`
	Status    string     `json:"Status,omitempty"`
	// Articles was written (always null) by version 1 records, which
	// marshalled store.Entity whole; it is read and ignored.
	Articles json.RawMessage `json:"Articles,omitempty"`
}

type diskCode struct {
	Scheme string `json:"Scheme"`
	Value  string `json:"Value"`
}

type diskSpan struct {
	Start int `json:"Start"`
	End   int `json:"End"`
}

type diskRelationClaim struct {
	Relation diskRelation `json:"Relation"`
}

type diskRelation struct {
	ID         string         `json:"ID"`
	Type       string         `json:"Type"`
	Source     string         `json:"Source"`
	Target     string         `json:"Target"`
	Qualifiers diskQualifiers `json:"Qualifiers"`
	Evidence   []diskEvidence `json:"Evidence"`
}

type diskQualifiers struct {
	Quantity   *int   `json:"Quantity,omitempty"`
	Item       string `json:"Item,omitempty"`
	Date       string `json:"Date,omitempty"`
	Duration   string `json:"Duration,omitempty"`
	Conditions string `json:"Conditions,omitempty"`
	// Place and When were added within version 1: records without them
	// are relations without a place or relative time.
	Place string `json:"Place,omitempty"`
	When  string `json:"When,omitempty"`
}

type diskEvidence struct {
	Article string `json:"Article"`
	Quote   string `json:"Quote,omitempty"`
	Start   int    `json:"Start"`
	End     int    `json:"End"`
	// The source's own coding (store.EventCoding), added within version 1:
	// records without it read as evidence without a coding.
	CAMEO  string `json:"CAMEO,omitempty"`
	PLOVER string `json:"PLOVER,omitempty"`
	Mode   string `json:"Mode,omitempty"`
	Label  string `json:"Label,omitempty"`
}

// encodeRecord is the payload of a record.
func encodeRecord(rec logRecord) ([]byte, error) {
	d := diskRecord{Version: logFormatVersion, Op: rec.Op, ID: rec.ID, Seq: uint64(rec.Seq), At: rec.At, Kind: string(rec.Kind)}
	if rec.Article != nil {
		d.Article = toDisk(rec.Article)
	}
	return json.Marshal(d)
}

// decodeRecord reads a record's payload, refusing versions this code does
// not know and fields its version does not have: with decodeFast when it
// can, otherwise with decodeRecordJSON.
func decodeRecord(payload []byte) (logRecord, error) {
	if rec, ok := decodeFast(payload); ok {
		return rec, nil
	}
	return decodeRecordJSON(payload)
}

// decodeRecordJSON is decodeRecord with encoding/json. It decodes the
// payload once; only a record it cannot decode is read again for its
// version, so that a newer record is refused for what it is.
func decodeRecordJSON(payload []byte) (logRecord, error) {
	var d diskRecord
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	err := dec.Decode(&d)
	if err != nil {
		var head struct {
			Version int `json:"v"`
		}
		if herr := json.Unmarshal(payload, &head); herr != nil {
			return logRecord{}, herr
		}
		d.Version = head.Version
	}
	if d.Version > logFormatVersion || d.Version < 0 {
		return logRecord{}, fmt.Errorf("the record is of log format version %d, and this version of newsgraph reads versions 1 to %d: open the store with the newer newsgraph that wrote it",
			d.Version, logFormatVersion)
	}
	if err != nil {
		return logRecord{}, err
	}
	rec := logRecord{Op: d.Op, ID: d.ID, Seq: store.Position(d.Seq), At: d.At, Kind: store.ChangeKind(d.Kind)}
	if d.Article != nil {
		rec.Article = d.Article.graph()
	}
	return rec, nil
}

func toDisk(g *store.ArticleGraph) *diskArticleGraph {
	a := g.Article
	d := &diskArticleGraph{Article: diskArticle{ID: a.ID, Title: a.Title, Text: a.Text, Source: a.Source,
		URL: a.URL, Published: a.Published, Hash: a.Hash}}
	for _, c := range g.Entities {
		e := c.Entity
		dc := diskEntityClaim{Entity: diskEntity{ID: e.ID, Type: string(e.Type), Kind: e.Kind, Name: e.Name,
			Aliases: e.Aliases, Wikidata: e.Wikidata, Date: e.Date, EndDate: e.EndDate, Round: e.Round,
			Format: e.Format, Latitude: e.Latitude, Longitude: e.Longitude, Status: e.Status}}
		for _, code := range e.Codes {
			dc.Entity.Codes = append(dc.Entity.Codes, diskCode{Scheme: string(code.Scheme), Value: code.Value})
		}
		for _, m := range c.Mentions {
			dc.Mentions = append(dc.Mentions, diskSpan{Start: m.Start, End: m.End})
		}
		d.Entities = append(d.Entities, dc)
	}
	for _, c := range g.Relations {
		r := c.Relation
		q := r.Qualifiers
		dr := diskRelation{ID: r.ID, Type: string(r.Type), Source: r.Source, Target: r.Target,
			Qualifiers: diskQualifiers{Quantity: q.Quantity, Item: q.Item, Date: q.Date, Duration: q.Duration, Conditions: q.Conditions,
				Place: q.Place, When: q.When}}
		for _, ev := range r.Evidence {
			dr.Evidence = append(dr.Evidence, diskEvidence{Article: ev.Article, Quote: ev.Quote, Start: ev.Start, End: ev.End,
				CAMEO: ev.CAMEO, PLOVER: ev.PLOVER, Mode: ev.Mode, Label: ev.Label})
		}
		d.Relations = append(d.Relations, diskRelationClaim{Relation: dr})
	}
	return d
}

func (d *diskArticleGraph) graph() *store.ArticleGraph {
	a := d.Article
	g := &store.ArticleGraph{Article: store.Article{ID: a.ID, Title: a.Title, Text: a.Text, Source: a.Source,
		URL: a.URL, Published: a.Published, Hash: a.Hash}}
	for _, dc := range d.Entities {
		e := dc.Entity
		c := store.EntityClaim{Entity: store.Entity{ID: e.ID, Type: ontology.NodeType(e.Type), Kind: e.Kind, Name: e.Name,
			Aliases: e.Aliases, Wikidata: e.Wikidata, Date: e.Date, EndDate: e.EndDate, Round: e.Round,
			Format: e.Format, Latitude: e.Latitude, Longitude: e.Longitude, Status: e.Status}}
		for _, code := range e.Codes {
			c.Entity.Codes = append(c.Entity.Codes, store.Code{Scheme: ontology.CodeScheme(code.Scheme), Value: code.Value})
		}
		for _, m := range dc.Mentions {
			c.Mentions = append(c.Mentions, store.Span{Start: m.Start, End: m.End})
		}
		g.Entities = append(g.Entities, c)
	}
	for _, dc := range d.Relations {
		r := dc.Relation
		q := r.Qualifiers
		rel := store.Relation{ID: r.ID, Type: ontology.RelationType(r.Type), Source: r.Source, Target: r.Target,
			Qualifiers: store.Qualifiers{Quantity: q.Quantity, Item: q.Item, Date: q.Date, Duration: q.Duration, Conditions: q.Conditions,
				Place: q.Place, When: q.When}}
		for _, ev := range r.Evidence {
			rel.Evidence = append(rel.Evidence, store.Evidence{Article: ev.Article, Quote: ev.Quote, Start: ev.Start, End: ev.End,
				EventCoding: store.EventCoding{CAMEO: ev.CAMEO, PLOVER: ev.PLOVER, Mode: ev.Mode, Label: ev.Label}})
		}
		g.Relations = append(g.Relations, store.RelationClaim{Relation: rel})
	}
	return g
}
