// Package synth generates synthetic corpora of annotated articles in the
// native format (package article), for demos, load tests and benchmarks.
//
// The corpus reports on an invented world built from the seed: a few hundred
// recurring actors (countries such as Ruritania with their governments,
// delegations and armed forces; people with names such as "Zoë Kovač" or
// "Олена Коваленко"; international organisations, organisations and armed
// groups), places, and the meetings of the date range (rounds of talks,
// summits, phone calls, consultations) with the agreements proposed,
// demanded, rejected and signed there. Popularity follows Zipf's law: a
// few countries and their leaders are in most articles, most actors in few.
//
// Each article's text is written sentence by sentence from templates, one
// sentence per relation ("Ruritania rejected the 30-day ceasefire."), and
// every relation type of the ontology occurs. The sentence is the
// relation's evidence; each entity's mentions are the places its name or an
// alias was written (offsets in code points). An entity is described the
// same way in every article, so the articles' claims merge: people and
// agreements carry a key, meetings are identified by date and name, other
// entities by name.
//
// Generation is deterministic: the same Config always gives byte-identical
// documents.
package synth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"newsgraph/article"
)

// Config says what corpus to generate. Zero Actors, Places and dates take
// the defaults.
type Config struct {
	// Articles is how many articles to generate.
	Articles int
	// Seed chooses the world and the articles; the same seed gives the
	// same corpus.
	Seed int64
	// Actors is the number of actors of the world (default 300, at least
	// MinActors, at most MaxActors).
	Actors int
	// Places is the number of places (default 40, at least MinPlaces, at
	// most MaxPlaces).
	Places int
	// StartDate and EndDate bound the dates of meetings and articles,
	// YYYY-MM-DD, inclusive (default 2024-01-01 to 2025-12-31).
	StartDate, EndDate string
}

// Defaults and bounds of Config.
const (
	DefaultActors    = 300
	DefaultPlaces    = 40
	DefaultStartDate = "2024-01-01"
	DefaultEndDate   = "2025-12-31"

	MinActors = 30
	MaxActors = 10000
	MinPlaces = 8
	MaxPlaces = 1000
)

// withDefaults returns cfg with the defaults filled in, the parsed date range,
// and an error naming the first field out of bounds.
func (cfg Config) withDefaults() (Config, time.Time, int, error) {
	if cfg.Actors == 0 {
		cfg.Actors = DefaultActors
	}
	if cfg.Places == 0 {
		cfg.Places = DefaultPlaces
	}
	if cfg.StartDate == "" {
		cfg.StartDate = DefaultStartDate
	}
	if cfg.EndDate == "" {
		cfg.EndDate = DefaultEndDate
	}
	var zero time.Time
	switch {
	case cfg.Articles < 0:
		return cfg, zero, 0, fmt.Errorf("synth: Articles is %d: must not be negative", cfg.Articles)
	case cfg.Actors < MinActors || cfg.Actors > MaxActors:
		return cfg, zero, 0, fmt.Errorf("synth: Actors is %d: must be between %d and %d", cfg.Actors, MinActors, MaxActors)
	case cfg.Places < MinPlaces || cfg.Places > MaxPlaces:
		return cfg, zero, 0, fmt.Errorf("synth: Places is %d: must be between %d and %d", cfg.Places, MinPlaces, MaxPlaces)
	}
	start, err := time.Parse(time.DateOnly, cfg.StartDate)
	if err != nil {
		return cfg, zero, 0, fmt.Errorf("synth: StartDate %q: not a date (YYYY-MM-DD)", cfg.StartDate)
	}
	end, err := time.Parse(time.DateOnly, cfg.EndDate)
	if err != nil {
		return cfg, zero, 0, fmt.Errorf("synth: EndDate %q: not a date (YYYY-MM-DD)", cfg.EndDate)
	}
	if end.Before(start) {
		return cfg, zero, 0, fmt.Errorf("synth: EndDate %s is before StartDate %s", cfg.EndDate, cfg.StartDate)
	}
	days := int(end.Sub(start).Hours()/24) + 1
	return cfg, start, days, nil
}

// Generate generates the corpus and calls emit with each article in order:
// ids "synth-000001", "synth-000002", ..., published in date order over the
// range. It stops at the first error emit returns and returns that error.
// Each document is new; emit may keep it.
func Generate(cfg Config, emit func(*article.Document) error) error {
	cfg, start, days, err := cfg.withDefaults()
	if err != nil {
		return err
	}
	w := newWorld(cfg, start, days)
	width := max(6, len(strconv.Itoa(cfg.Articles)))
	for i := range cfg.Articles {
		r := rand.New(rand.NewPCG(uint64(cfg.Seed), worldStream+1+uint64(i)))
		id := fmt.Sprintf("synth-%0*d", width, i+1)
		day := int(int64(i) * int64(days) / int64(cfg.Articles))
		if err := emit(w.writeArticle(r, id, day)); err != nil {
			return err
		}
	}
	return nil
}

// WriteDir generates the corpus into dir (created if need be), one JSON file
// per article named after its id ("synth-000001.json"), so that the files
// sort in article order. Existing files of the same names are replaced;
// others are left alone. It returns the number of files written.
func WriteDir(cfg Config, dir string) (int, error) {
	if dir == "" {
		return 0, errors.New("synth: no output directory given")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("synth: %w", err)
	}
	n := 0
	var buf bytes.Buffer
	err := Generate(cfg, func(d *article.Document) error {
		buf.Reset()
		if err := encode(&buf, d); err != nil {
			return err
		}
		path := filepath.Join(dir, d.ID+".json")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("synth: %w", err)
		}
		n++
		return nil
	})
	return n, err
}

// encode writes a document as compact JSON on one line (indenting would
// make writing several times slower; jq shows the files indented), leaving
// <, > and & as they are.
func encode(buf *bytes.Buffer, d *article.Document) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("synth: encode article %s: %w", d.ID, err)
	}
	return nil
}
