package ontology

import (
	"regexp"
	"slices"
	"strings"
)

// CodeScheme names a system of external codes for entities: an entity may
// carry codes of several schemes ("cameo" USA, "iso3166_alpha2" US), so that
// the graph can be joined with event data (GDELT, POLECAT) and gazetteers
// that identify actors by code. Its value is the spelling of the article
// format; the GraphQL enum value is EnumValue of it ("ISO3166_ALPHA2").
type CodeScheme string

// The code schemes.
const (
	// SchemeCAMEO is a CAMEO actor code: a three-letter country, region or
	// international code followed by three-letter role codes ("USA",
	// "USAGOV", "RUSMIL", "IGOUNO").
	SchemeCAMEO CodeScheme = "cameo"
	// SchemeISOAlpha2 is an ISO 3166-1 alpha-2 country code ("US").
	SchemeISOAlpha2 CodeScheme = "iso3166_alpha2"
	// SchemeISOAlpha3 is an ISO 3166-1 alpha-3 country code ("USA").
	SchemeISOAlpha3 CodeScheme = "iso3166_alpha3"
)

// CodeSchemeSpec describes one code scheme.
type CodeSchemeSpec struct {
	Scheme      CodeScheme
	Description string
	// Pattern is the regular expression every value matches (anchored,
	// upper case); MaxLength bounds a value in characters.
	Pattern   string
	MaxLength int
	// Identity says, in words, which values identify one entity (see
	// Identifies).
	Identity string

	re         *regexp.Regexp
	identifies func(value string) bool
	// kinds are the kinds of actor an identifying value names
	// (CodeKinds).
	kinds func(value string) []Kind
}

// Valid reports whether v is a value of the scheme.
func (s CodeSchemeSpec) Valid(v string) bool { return len(v) <= s.MaxLength && s.re.MatchString(v) }

// Identifies reports whether the value v names one entity, so that two
// entities of one type with the same code are the same entity (entity
// resolution in package loaders). A code that names a class of actors
// ("IGO", any international organisation; "PSEREB", Palestinian rebels)
// describes an entity without identifying it.
func (s CodeSchemeSpec) Identifies(v string) bool { return s.Valid(v) && s.identifies(v) }

// IdentifiesKind reports whether the value v identifies an entity of the
// given kind: v identifies one entity (Identifies) and the entity is of the
// kind of actor v names (CodeKinds), or its kind is unknown (""). The
// code of anything else describes it without identifying it: "Boris
// Yeltsin" (a person) coded RUSGOV, or the Palestine Liberation
// Organization (an organisation) coded PSEGOV, is of the government the
// code names, not that government, so the code is stored, filtered on and
// exported with the entity but never merges it with the government. This
// is the one rule of entity resolution by code (package loaders).
func (s CodeSchemeSpec) IdentifiesKind(v string, kind Kind) bool {
	return s.Identifies(v) && (kind == "" || slices.Contains(s.kinds(v), kind))
}

// CodeKinds returns the kinds of actor an identifying value of a scheme
// names: a country for a country code (CAMEO "RUS", ISO "RU"), the military
// for CAMEO's MIL role ("RUSMIL"), a government for its other state roles
// ("RUSGOV", "RUSLEG", "RUSJUD", "RUSCOP", "RUSSPY"). It is nil for a
// value that identifies nothing.
func CodeKinds(s CodeScheme, v string) []Kind {
	spec, ok := Scheme(s)
	if !ok || !spec.Identifies(v) {
		return nil
	}
	return spec.kinds(v)
}

// cameoGeneric are CAMEO's first codes that name a class of actors, not one:
// international governmental and non-governmental organisations,
// non-governmental movements, multinational corporations, unidentified
// state actors.
var cameoGeneric = []string{"IGO", "NGO", "NGM", "MNC", "UIS"}

// CAMEOStateRoles are the CAMEO role codes that, after a country code, name
// one institution of that country: its government, military, legislature,
// judiciary, police and intelligence services.
var CAMEOStateRoles = []string{"GOV", "MIL", "LEG", "JUD", "COP", "SPY"}

// cameoIdentifies: a country (or region) code alone, or followed by one
// state role ("USA", "USAGOV"); not the generic codes, and not other roles
// ("PSECVL", civilians, is a class of people).
func cameoIdentifies(v string) bool {
	if slices.Contains(cameoGeneric, v[:3]) {
		return false
	}
	return len(v) == 3 || (len(v) == 6 && slices.Contains(CAMEOStateRoles, v[3:]))
}

func always(string) bool { return true }

// cameoKinds: a country code names a country, MIL its military, the other
// state roles its government.
func cameoKinds(v string) []Kind {
	switch {
	case len(v) == 3:
		return []Kind{"country"}
	case v[3:] == "MIL":
		return []Kind{"military"}
	}
	return []Kind{"government"}
}

func countryKind(string) []Kind { return []Kind{"country"} }

// CodeSchemes lists every code scheme, in schema order.
var CodeSchemes = []CodeSchemeSpec{
	{Scheme: SchemeCAMEO,
		Description: "CAMEO actor code: a three-letter country, region or international code followed by three-letter role codes (USA, USAGOV, RUSMIL, IGOUNO). PLOVER records and GDELT use them.",
		Pattern:     `^[A-Z0-9]{3}(?:[A-Z0-9]{3}){0,4}$`, MaxLength: 15,
		Identity:   "a country or region code alone or with one state role (" + strings.Join(CAMEOStateRoles, ", ") + ") identifies an actor (the country; its military for MIL, its government for the other roles) of the kind it names or of no known kind; " + strings.Join(cameoGeneric, ", ") + " and other roles name classes of actors; the code of a person or a named organisation describes it",
		identifies: cameoIdentifies, kinds: cameoKinds},
	{Scheme: SchemeISOAlpha2,
		Description: "ISO 3166-1 alpha-2 country code (US, UA).",
		Pattern:     `^[A-Z]{2}$`, MaxLength: 2, Identity: "every value identifies a country (an entity of kind country or of no known kind)", identifies: always, kinds: countryKind},
	{Scheme: SchemeISOAlpha3,
		Description: "ISO 3166-1 alpha-3 country code (USA, UKR).",
		Pattern:     `^[A-Z]{3}$`, MaxLength: 3, Identity: "every value identifies a country (an entity of kind country or of no known kind)", identifies: always, kinds: countryKind},
}

func init() {
	for i := range CodeSchemes {
		CodeSchemes[i].re = regexp.MustCompile(CodeSchemes[i].Pattern)
	}
}

// CodeSchemeNames lists the schemes' names, in schema order.
func CodeSchemeNames() []string {
	out := make([]string, len(CodeSchemes))
	for i, s := range CodeSchemes {
		out[i] = string(s.Scheme)
	}
	return out
}

// Scheme returns the spec of a code scheme.
func Scheme(s CodeScheme) (CodeSchemeSpec, bool) {
	for _, spec := range CodeSchemes {
		if spec.Scheme == s {
			return spec, true
		}
	}
	return CodeSchemeSpec{}, false
}
