// Package ontology defines, once, what the newsgraph knowledge graph may hold:
// the node types and their kinds, the relation types with the node types each
// may connect, their CAMEO and PLOVER codes, the qualifiers a relation may
// carry, and the schemes of the external codes entities carry (codes.go).
//
// Everything else derives from this package: the GraphQL enums in
// schema.graphqls and the enums of the article JSON Schema are generated from
// it (go generate ./...; a test fails when they drift), the loader validates
// against it, and the stores take labels and relationship types only from it.
package ontology

//go:generate go run ./gen -root ..

import (
	"slices"
	"strings"
)

// NodeType is the type of a node in the graph.
type NodeType string

// The node types. Actor, Meeting, Place and Agreement are entities (they are
// named in articles and linked by relations); Article is provenance.
const (
	Actor     NodeType = "Actor"
	Meeting   NodeType = "Meeting"
	Place     NodeType = "Place"
	Agreement NodeType = "Agreement"
	Article   NodeType = "Article"
)

// EntityTypes lists the node types that relations connect, in schema order.
var EntityTypes = []NodeType{Actor, Meeting, Place, Agreement}

// NodeTypes lists every node type, in schema order.
var NodeTypes = []NodeType{Actor, Meeting, Place, Agreement, Article}

// IsEntity reports whether t is one of EntityTypes.
func (t NodeType) IsEntity() bool { return slices.Contains(EntityTypes, t) }

// Lower is the form used in the article format ("actor", "meeting", ...).
func (t NodeType) Lower() string { return strings.ToLower(string(t)) }

// Enum is the GraphQL enum value ("ACTOR", ...).
func (t NodeType) Enum() string { return strings.ToUpper(string(t)) }

// ParseNodeType accepts the article-format spelling ("actor"), the type name
// ("Actor") or the GraphQL enum value ("ACTOR").
func ParseNodeType(s string) (NodeType, bool) {
	for _, t := range NodeTypes {
		if strings.EqualFold(string(t), s) {
			return t, true
		}
	}
	return "", false
}

// Kind is a value from one of the kind lists below, written in the article
// format's spelling: lower case with underscores ("armed_group"). The GraphQL
// enum value is the upper-case form ("ARMED_GROUP").
type Kind = string

// Kinds of actors.
var ActorKinds = []Kind{
	"person", "country", "government", "delegation", "organisation",
	"military", "armed_group", "international_organisation", "other",
}

// Kinds of places.
var PlaceKinds = []Kind{"city", "country", "region", "venue", "other"}

// Kinds of agreements (and of the demands and proposals that may become one).
var AgreementKinds = []Kind{
	"ceasefire", "truce", "prisoner_exchange", "repatriation_of_remains",
	"memorandum", "peace_deal", "sanctions", "demand", "other",
}

// Statuses of agreements.
var AgreementStatuses = []string{
	"proposed", "demanded", "rejected", "agreed", "implemented", "unknown",
}

// Formats of meetings.
var MeetingFormats = []string{
	"bilateral", "multilateral", "mediated", "summit", "call", "other",
}

// KindsOf returns the kind list of an entity type (meetings have formats, not
// kinds, and return nil).
func KindsOf(t NodeType) []Kind {
	switch t {
	case Actor:
		return ActorKinds
	case Place:
		return PlaceKinds
	case Agreement:
		return AgreementKinds
	}
	return nil
}

// EnumValue turns an article-format value ("armed_group") into its GraphQL
// enum value ("ARMED_GROUP").
func EnumValue(v string) string { return strings.ToUpper(v) }

// FromEnumValue is the inverse of EnumValue.
func FromEnumValue(v string) string { return strings.ToLower(v) }

// RelationType is the type of an edge. Its value is the Neo4j relationship
// type and the GraphQL enum value.
type RelationType string

// The relation types.
const (
	LED        RelationType = "LED"
	MemberOf   RelationType = "MEMBER_OF"
	Demanded   RelationType = "DEMANDED"
	Proposed   RelationType = "PROPOSED"
	Rejected   RelationType = "REJECTED"
	AgreedTo   RelationType = "AGREED_TO"
	Supported  RelationType = "SUPPORTED"
	Exchanged  RelationType = "EXCHANGED"
	Attended   RelationType = "ATTENDED"
	Hosted     RelationType = "HOSTED"
	Mediated   RelationType = "MEDIATED"
	HeldIn     RelationType = "HELD_IN"
	Produced   RelationType = "PRODUCED"
	Accused    RelationType = "ACCUSED"
	Threatened RelationType = "THREATENED"
	Sanctioned RelationType = "SANCTIONED"
	Attacked   RelationType = "ATTACKED"
	Aided      RelationType = "AIDED"
	Cooperated RelationType = "COOPERATED_WITH"
)

// Qualifier names a typed property a relation may carry.
type Qualifier string

// The qualifiers. Quantity is an integer; Date is an ISO date (YYYY-MM-DD);
// PlaceOf is the id of the Place entity where the relation held (an attack
// in Aleppo); the others are free text as the article states them (When is
// a time relative to something else, "a few days prior to the talks").
const (
	Quantity   Qualifier = "quantity"
	Item       Qualifier = "item"
	Date       Qualifier = "date"
	Duration   Qualifier = "duration"
	Conditions Qualifier = "conditions"
	PlaceOf    Qualifier = "place"
	When       Qualifier = "when"
)

// Qualifiers lists every qualifier in canonical order.
var Qualifiers = []Qualifier{Quantity, Item, Date, Duration, Conditions, PlaceOf, When}

// RelationSpec describes one relation type.
type RelationSpec struct {
	Type        RelationType
	Description string
	// Sources and Targets are the node types the relation may connect.
	Sources []NodeType
	Targets []NodeType
	// CAMEO is the CAMEO event code or root the relation corresponds to
	// ("" for structural relations); PLOVER the PLOVER event category.
	CAMEO  string
	PLOVER string
	// QuadClass is CAMEO's quad class: 1 verbal cooperation, 2 material
	// cooperation, 3 verbal conflict, 4 material conflict; 0 structural.
	QuadClass int
}

// Allows reports whether the relation may go from a node of type src to a
// node of type dst.
func (s RelationSpec) Allows(src, dst NodeType) bool {
	return slices.Contains(s.Sources, src) && slices.Contains(s.Targets, dst)
}

var (
	actorOnly        = []NodeType{Actor}
	meetingOnly      = []NodeType{Meeting}
	agreementOrActor = []NodeType{Agreement, Actor}
	actorOrMeeting   = []NodeType{Actor, Meeting}
	agreementOnly    = []NodeType{Agreement}
	placeOnly        = []NodeType{Place}
	actorOrAgreement = []NodeType{Actor, Agreement}
)

// Relations lists every relation type, in schema order.
var Relations = []RelationSpec{
	{Type: LED, Description: "A person led a delegation, organisation, government, country or meeting.",
		Sources: actorOnly, Targets: actorOrMeeting},
	{Type: MemberOf, Description: "An actor belonged to a delegation or organisation.",
		Sources: actorOnly, Targets: actorOnly},
	{Type: Demanded, Description: "An actor demanded an agreement or concession, or made a demand of another actor.",
		Sources: actorOnly, Targets: agreementOrActor, CAMEO: "10", PLOVER: "REQUEST", QuadClass: 3},
	{Type: Proposed, Description: "An actor proposed an agreement, or made a proposal to another actor.",
		Sources: actorOnly, Targets: agreementOrActor, CAMEO: "03", PLOVER: "AGREE", QuadClass: 1},
	{Type: Rejected, Description: "An actor rejected or opposed an agreement or proposal, or refused another actor.",
		Sources: actorOnly, Targets: agreementOrActor, CAMEO: "12", PLOVER: "REJECT", QuadClass: 3},
	{Type: AgreedTo, Description: "An actor agreed to or signed an agreement.",
		Sources: actorOnly, Targets: agreementOnly, CAMEO: "057", PLOVER: "AGREE", QuadClass: 1},
	{Type: Supported, Description: "An actor expressed support for an agreement, proposal or another actor.",
		Sources: actorOnly, Targets: actorOrAgreement, CAMEO: "05", PLOVER: "SUPPORT", QuadClass: 1},
	{Type: Exchanged, Description: "An actor handed over persons or remains to another actor (item and quantity as qualifiers).",
		Sources: actorOnly, Targets: actorOnly, CAMEO: "0841", PLOVER: "RETREAT", QuadClass: 2},
	{Type: Attended, Description: "An actor took part in a meeting.",
		Sources: actorOnly, Targets: meetingOnly, CAMEO: "04", PLOVER: "CONSULT", QuadClass: 1},
	{Type: Hosted, Description: "An actor hosted a meeting.",
		Sources: actorOnly, Targets: meetingOnly, CAMEO: "043", PLOVER: "CONSULT", QuadClass: 1},
	{Type: Mediated, Description: "An actor mediated a meeting.",
		Sources: actorOnly, Targets: meetingOnly, CAMEO: "045", PLOVER: "CONSULT", QuadClass: 1},
	{Type: HeldIn, Description: "A meeting took place in a place.",
		Sources: meetingOnly, Targets: placeOnly},
	{Type: Produced, Description: "A meeting produced an agreement.",
		Sources: meetingOnly, Targets: agreementOnly},
	{Type: Accused, Description: "An actor accused, blamed or criticised another actor.",
		Sources: actorOnly, Targets: actorOnly, CAMEO: "11", PLOVER: "ACCUSE", QuadClass: 3},
	{Type: Threatened, Description: "An actor threatened another actor.",
		Sources: actorOnly, Targets: actorOnly, CAMEO: "13", PLOVER: "THREATEN", QuadClass: 3},
	{Type: Sanctioned, Description: "An actor imposed sanctions or other coercive measures on another actor.",
		Sources: actorOnly, Targets: actorOnly, CAMEO: "163", PLOVER: "SANCTION", QuadClass: 4},
	{Type: Attacked, Description: "An actor used force against another actor or a place.",
		Sources: actorOnly, Targets: []NodeType{Actor, Place}, CAMEO: "19", PLOVER: "ASSAULT", QuadClass: 4},
	{Type: Aided, Description: "An actor gave material aid to another actor.",
		Sources: actorOnly, Targets: actorOnly, CAMEO: "07", PLOVER: "AID", QuadClass: 2},
	{Type: Cooperated, Description: "An actor cooperated materially with another actor.",
		Sources: actorOnly, Targets: actorOnly, CAMEO: "06", PLOVER: "COOPERATE", QuadClass: 2},
}

// RelationTypes lists every relation type, in schema order.
var RelationTypes = func() []RelationType {
	out := make([]RelationType, len(Relations))
	for i, r := range Relations {
		out[i] = r.Type
	}
	return out
}()

// Relation returns the spec of a relation type.
func Relation(t RelationType) (RelationSpec, bool) {
	for _, r := range Relations {
		if r.Type == t {
			return r, true
		}
	}
	return RelationSpec{}, false
}

// ParseRelationType accepts a relation type in any case ("agreed_to").
func ParseRelationType(s string) (RelationType, bool) {
	for _, r := range Relations {
		if strings.EqualFold(string(r.Type), s) {
			return r.Type, true
		}
	}
	return "", false
}

// Names returns the string values of a list of types, for messages.
func Names[T ~string](ts []T) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}

// Mentions is the structural relationship from an article to each entity it
// mentions. It is not a RelationType: the API shows it as Article.entities
// and Entity.articles, and stores use it to keep provenance.
const Mentions = "MENTIONS"
