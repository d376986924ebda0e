package storetest

import (
	"fmt"
	"time"

	"newsgraph/ontology"
	"newsgraph/store"
)

// The fixtures: three articles about the 2025 Russia–Ukraine talks that share
// entities and relations, and generated graphs (a chain, a star) for paging
// and adjacency.
//
// What the three articles hold, which the tests' expectations are reasoned
// from:
//
//	entity        talks  direct  sanctions   degree
//	ukraine         x      x        x          7
//	russia          x      x        x          6
//	delegation      x                          2
//	umerov          x                          1
//	secondRound     x                          3
//	istanbul        x      x                   2
//	ceasefire       x      x                   2
//	exchange        x                          3
//	zelensky               x                   1
//	putin                  x                   1
//	firstRound             x                   1
//	recognition            x                   2
//	eu                              x          3
//
// Relations: talks states rLed … rExchangedRU (10), direct states rProposed,
// rHeldIn1, rDemandedRecognition, rRejectedRecognition and also
// rDemandedCeasefire and rRejectedCeasefire (shared with talks), sanctions
// states rSanctioned, rSupported, rAided: 17 relations in all.

// Article node ids.
var (
	artTalks     = store.ArticleID("istanbul-talks")
	artDirect    = store.ArticleID("zelensky-direct-talks")
	artSanctions = store.ArticleID("eu-sanctions")
)

// Entity ids.
var (
	ukraine     = store.EntityID(ontology.Actor, "Q212")
	russia      = store.EntityID(ontology.Actor, "Q159")
	zelensky    = store.EntityID(ontology.Actor, "Q3874799")
	putin       = store.EntityID(ontology.Actor, "Q7747")
	eu          = store.EntityID(ontology.Actor, "Q458")
	umerov      = store.EntityID(ontology.Actor, "rustem-umerov")
	delegation  = store.EntityID(ontology.Actor, "ukrainian-delegation")
	ceasefire   = store.EntityID(ontology.Agreement, "full-ceasefire")
	exchange    = store.EntityID(ontology.Agreement, "prisoner-exchange")
	recognition = store.EntityID(ontology.Agreement, "recognition-of-annexed-territories")
	secondRound = store.EntityID(ontology.Meeting, "2025-06-03-second-round-of-peace-talks")
	firstRound  = store.EntityID(ontology.Meeting, "2025-05-16-first-round-of-peace-talks")
	istanbul    = store.EntityID(ontology.Place, "Q406")
)

// Qualifiers of the dated relations.
var (
	remainsExchange = store.Qualifiers{Quantity: Qty(6000), Item: "soldiers' remains", Date: "2025-06-03"}
	sanctionsDate   = store.Qualifiers{Date: "2025-05-20"}
	airDefence      = store.Qualifiers{Quantity: Qty(2), Item: "air-defence systems", Date: "2025-05-20"}
)

// Relation ids.
var (
	rLed                 = store.RelationID(ontology.LED, umerov, delegation, store.Qualifiers{})
	rAttended            = store.RelationID(ontology.Attended, delegation, secondRound, store.Qualifiers{})
	rHeldIn2             = store.RelationID(ontology.HeldIn, secondRound, istanbul, store.Qualifiers{})
	rDemandedCeasefire   = store.RelationID(ontology.Demanded, ukraine, ceasefire, store.Qualifiers{})
	rRejectedCeasefire   = store.RelationID(ontology.Rejected, russia, ceasefire, store.Qualifiers{})
	rProduced            = store.RelationID(ontology.Produced, secondRound, exchange, store.Qualifiers{})
	rAgreedUA            = store.RelationID(ontology.AgreedTo, ukraine, exchange, store.Qualifiers{})
	rAgreedRU            = store.RelationID(ontology.AgreedTo, russia, exchange, store.Qualifiers{})
	rExchangedUA         = store.RelationID(ontology.Exchanged, ukraine, russia, remainsExchange)
	rExchangedRU         = store.RelationID(ontology.Exchanged, russia, ukraine, remainsExchange)
	rProposed            = store.RelationID(ontology.Proposed, zelensky, putin, store.Qualifiers{})
	rHeldIn1             = store.RelationID(ontology.HeldIn, firstRound, istanbul, store.Qualifiers{})
	rDemandedRecognition = store.RelationID(ontology.Demanded, russia, recognition, store.Qualifiers{})
	rRejectedRecognition = store.RelationID(ontology.Rejected, ukraine, recognition, store.Qualifiers{})
	rSanctioned          = store.RelationID(ontology.Sanctioned, eu, russia, sanctionsDate)
	rSupported           = store.RelationID(ontology.Supported, eu, ukraine, store.Qualifiers{})
	rAided               = store.RelationID(ontology.Aided, eu, ukraine, airDefence)
)

const talksText = "Ukraine and Russia held a second round of peace talks in Istanbul on 2025-06-03. " +
	"The Ukrainian delegation was led by Defence Minister Rustem Umerov. " +
	"Ukraine demanded a full ceasefire of at least 30 days; Russia rejected it. " +
	"The meeting produced an agreement on a prisoner exchange, which both sides agreed to. " +
	"Ukraine and Russia exchanged 6,000 soldiers' remains."

// IstanbulTalks is the article about the second round of talks in Istanbul.
func IstanbulTalks() *store.ArticleGraph {
	return istanbulTalks().Build()
}

func istanbulTalks() *Builder {
	istanbulAt := [2]float64{41.0082, 28.9784}
	none := store.Qualifiers{}
	return NewArticle("istanbul-talks",
		"Russia and Ukraine hold second round of talks in Istanbul", "Reuters", "2025-06-03", talksText).
		Entity(Actor("Q212", "Ukraine", "country"), "Ukraine").
		Entity(Actor("Q159", "Russia", "country", "RF"), "Russia").
		Entity(Actor("ukrainian-delegation", "Ukrainian delegation", "delegation"), "Ukrainian delegation").
		Entity(Actor("rustem-umerov", "Rustem Umerov", "person"), "Rustem Umerov").
		Entity(Meeting("2025-06-03-second-round-of-peace-talks", "Second round of peace talks",
			"2025-06-03", 2, "bilateral", "Istanbul talks"), "second round of peace talks").
		Entity(Place("Q406", "Istanbul", "city", &istanbulAt), "Istanbul").
		Entity(Agreement("full-ceasefire", "Full ceasefire", "ceasefire", "rejected"), "full ceasefire").
		Entity(Agreement("prisoner-exchange", "Prisoner exchange", "prisoner_exchange", "agreed"), "prisoner exchange").
		Relate(ontology.LED, umerov, delegation, none,
			"The Ukrainian delegation was led by Defence Minister Rustem Umerov").
		Relate(ontology.Attended, delegation, secondRound, none, "second round of peace talks in Istanbul").
		Relate(ontology.HeldIn, secondRound, istanbul, none, "peace talks in Istanbul").
		Relate(ontology.Demanded, ukraine, ceasefire, none, "Ukraine demanded a full ceasefire of at least 30 days").
		Relate(ontology.Rejected, russia, ceasefire, none, "Russia rejected it").
		Relate(ontology.Produced, secondRound, exchange, none,
			"The meeting produced an agreement on a prisoner exchange").
		Relate(ontology.AgreedTo, ukraine, exchange, none, "which both sides agreed to").
		Relate(ontology.AgreedTo, russia, exchange, none, "which both sides agreed to").
		Relate(ontology.Exchanged, ukraine, russia, remainsExchange,
			"Ukraine and Russia exchanged 6,000 soldiers' remains").
		Relate(ontology.Exchanged, russia, ukraine, remainsExchange,
			"Ukraine and Russia exchanged 6,000 soldiers' remains")
}

const directText = "Volodymyr Zelensky called for direct talks with Vladimir Putin after the first round " +
	"of peace talks in Istanbul on 2025-05-16. Kyiv again demanded a full ceasefire, which the Russian " +
	"Federation rejected. Moscow demanded the recognition of annexed territories; Ukraine rejected the demand."

// DirectTalks is the article about Zelensky's call for direct talks.
func DirectTalks() *store.ArticleGraph {
	return directTalks().Build()
}

func directTalks() *Builder {
	none := store.Qualifiers{}
	return NewArticle("zelensky-direct-talks",
		"Zelensky calls for direct talks with Putin", "AP", "2025-06-04", directText).
		Entity(Actor("Q212", "Ukraine", "country", "Kyiv"), "Kyiv", "Ukraine").
		Entity(Actor("Q159", "Russian Federation", "country", "Moscow"), "Russian Federation", "Moscow").
		Entity(Actor("Q3874799", "Volodymyr Zelensky", "person", "Zelensky"), "Volodymyr Zelensky").
		Entity(Actor("Q7747", "Vladimir Putin", "person", "Putin"), "Vladimir Putin").
		Entity(Meeting("2025-05-16-first-round-of-peace-talks", "First round of peace talks",
			"2025-05-16", 1, "bilateral"), "first round of peace talks").
		Entity(Place("Q406", "Istanbul", "city", nil), "Istanbul").
		Entity(Agreement("full-ceasefire", "Full ceasefire", "ceasefire", "demanded", "30-day ceasefire"), "full ceasefire").
		Entity(Agreement("recognition-of-annexed-territories", "Recognition of annexed territories", "demand", "demanded"),
			"recognition of annexed territories").
		Relate(ontology.Proposed, zelensky, putin, none, "Volodymyr Zelensky called for direct talks with Vladimir Putin").
		Relate(ontology.HeldIn, firstRound, istanbul, none, "the first round of peace talks in Istanbul on 2025-05-16").
		Relate(ontology.Demanded, ukraine, ceasefire, none, "Kyiv again demanded a full ceasefire").
		Relate(ontology.Rejected, russia, ceasefire, none, "which the Russian Federation rejected").
		Relate(ontology.Demanded, russia, recognition, none, "Moscow demanded the recognition of annexed territories").
		Relate(ontology.Rejected, ukraine, recognition, none, "Ukraine rejected the demand")
}

const sanctionsText = "European allies pressed for more sanctions on Russia. On 2025-05-20 the European Union " +
	"imposed a new package of sanctions on Moscow, pledged support for Ukraine and sent 2 air-defence systems to Ukraine."

// Sanctions is the article about European sanctions on Russia.
func Sanctions() *store.ArticleGraph {
	return sanctions().Build()
}

func sanctions() *Builder {
	return NewArticle("eu-sanctions",
		"European allies press for more sanctions on Russia", "Reuters", "2025-05-20", sanctionsText).
		Entity(Actor("Q458", "European Union", "international_organisation", "EU"), "European Union").
		Entity(Actor("Q159", "Russia", "country", "Moscow"), "Russia", "Moscow").
		Entity(Actor("Q212", "Ukraine", "country"), "Ukraine").
		Relate(ontology.Sanctioned, eu, russia, sanctionsDate,
			"the European Union imposed a new package of sanctions on Moscow").
		Relate(ontology.Supported, eu, ukraine, store.Qualifiers{}, "pledged support for Ukraine").
		Relate(ontology.Aided, eu, ukraine, airDefence, "sent 2 air-defence systems to Ukraine")
}

// Ukraine returns the three articles: IstanbulTalks, DirectTalks and
// Sanctions.
func Ukraine() []*store.ArticleGraph {
	return []*store.ArticleGraph{IstanbulTalks(), DirectTalks(), Sanctions()}
}

// ChainID is the id of the i-th actor of a chain.
func ChainID(i int) string { return store.EntityID(ontology.Actor, fmt.Sprintf("chain-%03d", i)) }

// Chain is one article naming n actors, each COOPERATED_WITH the next on
// consecutive dates from 2025-01-01: n entities and n-1 relations.
func Chain(n int) *store.ArticleGraph {
	text := "A chain of cooperation."
	b := NewArticle("chain", fmt.Sprintf("A chain of %d actors", n), "Generated", "2025-01-01", text)
	for i := range n {
		b.Entity(Actor(fmt.Sprintf("chain-%03d", i), fmt.Sprintf("Chain actor %03d", i), "organisation"))
	}
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n - 1 {
		q := store.Qualifiers{Date: day.AddDate(0, 0, i).Format(time.DateOnly)}
		b.Relate(ontology.Cooperated, ChainID(i), ChainID(i+1), q, "cooperation")
	}
	return b.Build()
}

// Star ids.
var starHub = store.EntityID(ontology.Actor, "star-hub")

// StarSpokeID is the id of the i-th spoke of the star.
func StarSpokeID(i int) string { return store.EntityID(ontology.Actor, fmt.Sprintf("star-%02d", i)) }

// Star is one article with a hub actor and n spokes: the hub ACCUSED every
// even spoke, every odd spoke AIDED the hub, and the hub THREATENED every
// spoke whose number is a multiple of three.
func Star(n int) *store.ArticleGraph {
	text := "The hub accused, threatened and was aided."
	b := NewArticle("star", "A star", "Generated", "2025-02-01", text).
		Entity(Actor("star-hub", "Hub", "government"), "hub")
	none := store.Qualifiers{}
	for i := range n {
		b.Entity(Actor(fmt.Sprintf("star-%02d", i), fmt.Sprintf("Spoke %02d", i), "government"))
		if i%2 == 0 {
			b.Relate(ontology.Accused, starHub, StarSpokeID(i), none, "accused")
		} else {
			b.Relate(ontology.Aided, StarSpokeID(i), starHub, none, "aided")
		}
		if i%3 == 0 {
			b.Relate(ontology.Threatened, starHub, StarSpokeID(i), none, "threatened")
		}
	}
	return b.Build()
}
