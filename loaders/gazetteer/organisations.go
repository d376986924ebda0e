package gazetteer

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed organisations.tsv
var organisationTable string

// Organisation is one row of the table of organisations: international
// organisations and armed groups that the news names in several ways
// ("ISIS", "ISIL", "Islamic State").
type Organisation struct {
	Wikidata string // "Q2429253"
	Name     string // "Islamic State"
	Aliases  []string
}

var loadOrganisations = sync.OnceValue(func() map[string]Organisation {
	byName := map[string]Organisation{}
	for f := range rows(organisationTable, 3) {
		o := Organisation{Wikidata: f[0], Name: f[1]}
		if f[2] != "" {
			o.Aliases = strings.Split(f[2], "|")
		}
		for _, n := range append([]string{o.Name}, o.Aliases...) {
			if other, dup := byName[nameKey(n)]; dup && other.Wikidata != o.Wikidata {
				panic("gazetteer: two organisations are named " + n)
			}
			byName[nameKey(n)] = o
		}
	}
	return byName
})

// OrganisationByName finds the organisation a name denotes ("ISIS", "the
// Islamic State", "U.N."), with the case-sensitive acronyms of ByName: "IS"
// is the Islamic State, "is" nothing.
func OrganisationByName(name string) (Organisation, bool) {
	o, ok := loadOrganisations()[nameKey(name)]
	return o, ok
}
