package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"newsgraph/store"
)

// This file holds the vocabulary of the synthetic world: invented country
// names, syllables that person and place names are assembled from, and the
// helpers that write numbers, dates and ordinals into English text.

// style is the naming tradition of a country: its people and places are
// named in it.
type style int

const (
	plain    style = iota // Latin letters only ("Adrian Halston")
	accented              // Latin letters with diacritics ("Zoë Kovač")
	cyrillic              // Cyrillic, with a Latin transliteration as alias
)

// syllable is a piece of a name and, for Cyrillic, its transliteration.
type syllable struct{ text, latin string }

// latin turns plain strings into syllables that are their own
// transliteration.
func latin(parts ...string) []syllable {
	out := make([]syllable, len(parts))
	for i, p := range parts {
		out[i] = syllable{p, p}
	}
	return out
}

// namePool is what the names of one style are assembled from: a first name,
// then a surname of a prefix, optionally a middle syllable, and a suffix.
type namePool struct {
	first, prefix, middle, suffix []syllable
}

var personPools = [...]namePool{
	plain: {
		first: latin("Adrian", "Mira", "Tomas", "Elena", "Ivo", "Lena", "Marek", "Sofia",
			"Daniel", "Nadia", "Victor", "Clara", "Oskar", "Irene", "Paul", "Rosa",
			"Felix", "Alma", "Julian", "Vera", "Anton", "Leona", "Hugo", "Maren"),
		prefix: latin("Var", "Hal", "Mor", "Bren", "Cas", "Del", "Fen", "Gar",
			"Lind", "Ost", "Rav", "Sel", "Tor", "Wes", "Ald", "Kerr"),
		middle: latin("a", "e", "in", "or", "el", "an"),
		suffix: latin("ston", "ley", "mark", "dale", "wick", "berg", "ford", "holm",
			"ner", "sen", "ridge", "ton"),
	},
	accented: {
		first: latin("Zoë", "Ana", "Lukáš", "Jiří", "Ágota", "Søren", "Inês", "Dóra",
			"Matěj", "Łucja", "Björn", "Renée", "Ömer", "Žofie", "Tomáš", "Ilona",
			"Bálint", "Dagný", "Miloš", "Ewa"),
		prefix: latin("Ko", "Hor", "No", "Šev", "Dvo", "Kra", "Ma", "Pet",
			"Ber", "Sza", "Wój", "Lö", "Ny", "Ja", "Ze", "Bla"),
		middle: latin("ra", "lo", "vi", "še", "dá", "mi"),
		suffix: latin("vač", "váth", "vák", "čík", "řák", "jić", "ský", "lund",
			"gård", "cik", "szek", "nić", "ček", "ström", "berg"),
	},
	cyrillic: {
		first: []syllable{{"Олена", "Olena"}, {"Олег", "Oleh"}, {"Ірина", "Iryna"},
			{"Дмитро", "Dmytro"}, {"Наталія", "Nataliia"}, {"Андрій", "Andrii"},
			{"Марина", "Maryna"}, {"Сергій", "Serhii"}, {"Юлія", "Yuliia"},
			{"Богдан", "Bohdan"}, {"Тарас", "Taras"}, {"Оксана", "Oksana"},
			{"Віктор", "Viktor"}, {"Галина", "Halyna"}, {"Євген", "Yevhen"},
			{"Людмила", "Liudmyla"}},
		prefix: []syllable{{"Ко", "Ko"}, {"Ва", "Va"}, {"Мель", "Mel"}, {"Шев", "Shev"},
			{"Бон", "Bon"}, {"Да", "Da"}, {"Кри", "Kry"}, {"Лит", "Lyt"},
			{"Пав", "Pav"}, {"Гон", "Hon"}, {"Ром", "Rom"}, {"Сав", "Sav"},
			{"Тка", "Tka"}, {"Зі", "Zi"}},
		middle: []syllable{{"ра", "ra"}, {"ле", "le"}, {"ви", "vy"}, {"до", "do"}},
		suffix: []syllable{{"ненко", "nenko"}, {"чук", "chuk"}, {"ник", "nyk"},
			{"ко", "ko"}, {"ов", "ov"}, {"енко", "enko"}, {"ський", "skyi"},
			{"ич", "ych"}, {"ук", "uk"}, {"ін", "in"}, {"чен", "chen"}, {"лов", "lov"}},
	},
}

// placePools name cities, regions and generated countries.
var placePools = [...]namePool{
	plain: {
		prefix: latin("Vel", "Kas", "Bran", "Dor", "Ess", "Fal", "Gren", "Hav",
			"Ist", "Lor", "Mer", "Nor", "Ost", "Port", "Sal", "Tor", "Val", "Wyn"),
		middle: latin("a", "en", "ar", "il", "o"),
		suffix: latin("mora", "trow", "holm", "ford", "ven", "burg", "mouth",
			"ester", "wick", "haven", "stad", "ley"),
	},
	accented: {
		prefix: latin("Žab", "Łod", "Bře", "Kör", "Szé", "Ørn", "Múl", "Dě",
			"Čer", "Győ", "Vár", "Ljub"),
		middle: latin("a", "e", "o", "i"),
		suffix: latin("ljak", "zin", "nov", "mend", "ker", "vík", "ice", "vár",
			"ín", "ava", "øy", "šek"),
	},
	cyrillic: {
		prefix: []syllable{{"Зав", "Zav"}, {"Кра", "Kra"}, {"Бел", "Bel"},
			{"Ост", "Ost"}, {"Лип", "Lyp"}, {"Черн", "Chern"}, {"Вол", "Vol"},
			{"Сос", "Sos"}, {"Дуб", "Dub"}, {"Ясн", "Yasn"}},
		middle: []syllable{{"о", "o"}, {"е", "e"}, {"а", "a"}},
		suffix: []syllable{{"ольськ", "olsk"}, {"ов", "ov"}, {"ець", "ets"},
			{"ин", "yn"}, {"град", "hrad"}, {"піль", "pil"}, {"ськ", "sk"},
			{"ани", "any"}, {"ичі", "ychi"}},
	},
}

// countryName is an invented country with its adjective and naming style.
type countryName struct {
	name, demonym string
	style         style
}

// countryNames are used first, in this order; more countries get names
// assembled from syllables.
var countryNames = []countryName{
	{"Ruritania", "Ruritanian", plain},
	{"Borduria", "Bordurian", accented},
	{"Belovia", "Belovian", cyrillic},
	{"Syldavia", "Syldavian", accented},
	{"Valderia", "Valderian", plain},
	{"Drevlyana", "Drevlyanian", cyrillic},
	{"Sarnovia", "Sarnovian", accented},
	{"Eldmark", "Eldmarkian", plain},
	{"Tarkesh", "Tarkeshi", plain},
	{"Maréva", "Marévan", accented},
	{"Alvessa", "Alvessan", plain},
	{"Yarvosk", "Yarvoskian", cyrillic},
	{"Meridonia", "Meridonian", plain},
	{"Čelovia", "Čelovian", accented},
	{"Kessland", "Kesslandic", plain},
	{"Orlavia", "Orlavian", cyrillic},
	{"Vastoria", "Vastorian", plain},
	{"Nørrevik", "Nørrevikish", accented},
	{"Zandoria", "Zandorian", plain},
	{"São Verde", "São Verdean", accented},
	{"Amberlund", "Amberlundic", plain},
	{"Varesh", "Vareshi", plain},
	{"Solvania", "Solvanian", accented},
	{"Gravonia", "Gravonian", cyrillic},
	{"Hestoria", "Hestorian", plain},
	{"Carpania", "Carpanian", accented},
	{"Ostravel", "Ostravelian", plain},
	{"Lutvania", "Lutvanian", cyrillic},
	{"Kalmaria", "Kalmarian", plain},
	{"Dravonia", "Dravonian", accented},
	{"Pelagonia", "Pelagonian", plain},
	{"Qadiristan", "Qadiri", plain},
}

// orgName is a fixed organisation name with an optional acronym.
type orgName struct{ name, acronym string }

var internationalOrgNames = []orgName{
	{"United Assembly of Nations", "UAN"},
	{"Northern Security Council", "NSC"},
	{"Continental Union", ""},
	{"League of Coastal States", "LCS"},
	{"Organisation for Security and Dialogue", "OSD"},
	{"Red Lantern Society", ""},
	{"Inner Sea Commonwealth", "ISC"},
	{"Bank for Reconstruction and Unity", "BRU"},
	{"World Grain Council", ""},
	{"Atomic Safety Authority", "ASA"},
}

var organisationNames = []orgName{
	{"Harbour Relief Committee", ""},
	{"Coalition for the Missing", ""},
	{"People's Relief Network", ""},
	{"Free Press Alliance", ""},
	{"Grain Traders' Union", ""},
	{"Northern Energy Consortium", "NEC"},
	{"Council of Veterans' Families", ""},
	{"Mothers of the Missing", ""},
	{"Institute for Peace Research", "IPR"},
	{"Open Borders Foundation", ""},
}

// armedGroupPatterns name armed groups; %s is a place-like name.
var armedGroupPatterns = []string{
	"%s Liberation Front", "%s Volunteer Battalion", "Sons of %s",
	"%s Self-Defence Force", "Army of %s", "%s Brigade",
}

// Place name patterns by kind; %s is a generated name.
var (
	regionPatterns = []string{"%s Valley", "%s Highlands", "%s Coast", "Upper %s", "%s Steppe", "%s"}
	venuePatterns  = []string{"%s Palace", "Hotel %s", "%s Conference Centre", "%s Castle", "%s House"}
	otherPatterns  = []string{"%s border crossing", "%s Dam", "%s nuclear power plant", "%s bridge"}
)

// Roles of a country's people, most prominent first; people beyond the list
// are advisers.
var countryRoles = []string{
	"President", "Foreign Minister", "Defence Minister", "Prime Minister",
	"chief negotiator", "presidential envoy", "Deputy Foreign Minister",
	"ambassador", "Interior Minister", "presidential adviser",
}

// Vocabulary of the sentences.
var (
	meetingTopics = []string{"regional security", "grain exports", "energy security", "reconstruction", "maritime safety", "humanitarian access", "nuclear safety"}
	exchangeItems = []string{"prisoners of war", "bodies of fallen soldiers", "detained civilians", "wounded soldiers", "children"}
	aidItems      = []string{"armoured vehicles", "air-defence systems", "tonnes of humanitarian aid", "generators", "ambulances", "artillery shells"}
	sanctionItems = []string{"companies", "officials", "banks", "vessels"}
	durations     = []string{"30 days", "72 hours", "six months", "90 days", "one year"}
	charges       = []string{"shelling civilian areas", "stalling the talks", "mistreating prisoners", "spreading disinformation", "preparing a new offensive", "blocking humanitarian convoys"}
	threats       = []string{"retaliation", "new sanctions", "a naval blockade", "severe consequences", "cutting gas supplies"}
	moods         = []string{"constructive", "tense", "businesslike", "difficult", "cordial"}
	outlets       = []string{"Meridian Wire", "Northern Courier", "Continental Herald", "Harbour Daily", "Обозреватель", "Le Veilleur"}
)

var ordinals = []string{"first", "second", "third", "fourth", "fifth", "sixth",
	"seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"}

// ordinal is the English ordinal of n ≥ 1: "second", "13th".
func ordinal(n int) string {
	if n >= 1 && n <= len(ordinals) {
		return ordinals[n-1]
	}
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// thousands writes n with comma separators: 6000 → "6,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// longDate writes a date as English text: "3 June 2025".
func longDate(t time.Time) string { return t.Format("2 January 2006") }

// isoDate writes a date as YYYY-MM-DD.
func isoDate(t time.Time) string { return t.Format(time.DateOnly) }

// asciiFold replaces the letters that NormalizeName leaves non-ASCII.
var asciiFold = strings.NewReplacer("ø", "o", "ł", "l", "đ", "d", "ß", "ss", "æ", "ae", "þ", "th", "ı", "i")

// slug turns a Latin name into a key: lower-case ASCII letters, digits and
// single hyphens ("Zoë Kovač" → "zoe-kovac").
func slug(name string) string {
	s := asciiFold.Replace(store.NormalizeName(name))
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '-':
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// pick returns a random element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// between returns a random integer in [lo, hi].
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// assemble builds a name from a pool: prefix, optional middle and suffix.
// It returns the name and its Latin transliteration.
func assemble(r *rand.Rand, p namePool, long bool) (string, string) {
	pre, suf := pick(r, p.prefix), pick(r, p.suffix)
	text, lat := pre.text, pre.latin
	if long {
		mid := pick(r, p.middle)
		text, lat = text+mid.text, lat+mid.latin
	}
	return text + suf.text, lat + suf.latin
}

// personName makes a person's name and its transliteration.
func personName(r *rand.Rand, st style, long bool) (string, string) {
	p := personPools[st]
	first := pick(r, p.first)
	sur, surLatin := assemble(r, p, long)
	return first.text + " " + sur, first.latin + " " + surLatin
}

// upperFirst capitalises the first letter of s.
func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
