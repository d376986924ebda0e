// Package gazetteer is a built-in list of the world's countries: their
// Wikidata ids, English names and common other names ("US", "U.S.",
// "America", "Britain"), ISO 3166-1 alpha-2 and alpha-3 codes and CAMEO
// country codes. The importers use it so that every way a source names a
// country resolves to one actor, identified by its Wikidata id ("US",
// "USA" and "United States" are all Q30).
//
// The table is countries.tsv, made by make_countries.py from Natural
// Earth's public-domain admin-0 countries table (see README.md). A smaller
// table, organisations.tsv, does the same for organisations the news names
// in several ways ("ISIS", "Islamic State"), from Wikidata.
package gazetteer

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
)

//go:embed countries.tsv
var table string

// Country is one row of the gazetteer.
type Country struct {
	Wikidata string // "Q30"
	Name     string // "United States"
	ISO2     string // "US" (empty where ISO 3166-1 assigns none)
	ISO3     string // "USA"
	CAMEO    string // "USA"
	Aliases  []string
}

type index struct {
	countries []Country
	byName    map[string]int // normalised name -> index; -1 when ambiguous
	byCode    map[string]int // upper-case code -> index
}

var load = sync.OnceValue(func() *index {
	ix := &index{byName: map[string]int{}, byCode: map[string]int{}}
	for f := range rows(table, 6) {
		c := Country{Wikidata: f[0], Name: f[1], ISO2: f[2], ISO3: f[3], CAMEO: f[4]}
		if f[5] != "" {
			c.Aliases = strings.Split(f[5], "|")
		}
		i := len(ix.countries)
		ix.countries = append(ix.countries, c)
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			k := nameKey(n)
			if j, ok := ix.byName[k]; ok && j != i {
				ix.byName[k] = -1 // two countries share the name: use neither
				continue
			}
			ix.byName[k] = i
		}
		for _, code := range []string{c.ISO2, c.ISO3, c.CAMEO} {
			if code != "" {
				ix.byCode[code] = i
			}
		}
	}
	return ix
})

// rows yields the fields of each row of a tab-separated table, skipping
// blank lines and comments; a row without n fields is a broken build.
func rows(table string, n int) func(yield func([]string) bool) {
	return func(yield func([]string) bool) {
		for line := range strings.Lines(table) {
			line = strings.TrimRight(line, "\r\n")
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			f := strings.Split(line, "\t")
			if len(f) != n {
				panic("gazetteer: malformed row " + line)
			}
			if !yield(f) {
				return
			}
		}
	}
}

// nameKey folds a name for lookup: dots and spacing are ignored, and the
// case too, except in short all-capital acronyms ("US" and "U.S." match
// United States; the pronoun "us" does not).
func nameKey(name string) string {
	s := strings.Join(strings.Fields(strings.ReplaceAll(name, ".", "")), " ")
	if len([]rune(s)) <= 4 && s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsUpper(r) }) < 0 {
		return s
	}
	s = strings.ToLower(s)
	if rest, ok := strings.CutPrefix(s, "the "); ok {
		s = rest
	}
	return s
}

// ByName finds the country a name denotes ("United States", "the U.S.",
// "Britain"). Codes are not names: "IS" is not Iceland, but "US" and "UK"
// are listed as names because the news writes them as names.
func ByName(name string) (Country, bool) {
	ix := load()
	i, ok := ix.byName[nameKey(name)]
	if !ok || i < 0 {
		return Country{}, false
	}
	return ix.countries[i], true
}

// ByCode finds a country by its ISO 3166-1 alpha-2 or alpha-3 code or its
// CAMEO country code ("US", "USA").
func ByCode(code string) (Country, bool) {
	ix := load()
	i, ok := ix.byCode[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return Country{}, false
	}
	return ix.countries[i], true
}

// All returns every country, in ISO alpha-3 order.
func All() []Country {
	return append([]Country(nil), load().countries...)
}
