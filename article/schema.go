package article

//go:generate go run ./internal/genschema -o article.schema.json

import (
	"encoding/json"
	"fmt"
	"strings"

	"newsgraph/ontology"
)

// SchemaFile is the name of the committed JSON Schema, next to this file.
const SchemaFile = "article.schema.json"

// schema is one JSON Schema object. encoding/json writes map keys sorted,
// so the output is stable.
type schema = map[string]any

// JSONSchema returns the JSON Schema (draft 2020-12) of the format, built
// from the ontology: the enums of entity types, kinds per type, meeting
// formats, agreement statuses and relation types. What a schema cannot say
// (that spans quote the text, that relations name entities of the document
// and connect types the ontology allows) Parse checks.
func JSONSchema() []byte {
	root := schema{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         "urn:newsgraph:article-schema",
		"title":       "newsgraph annotated article",
		"description": "One news article with the entities it mentions and the relations (claims) it states. Every offset counts Unicode code points of text, start inclusive, end exclusive. Beyond this schema, every span's text must equal the article text at that span, and every relation must connect entities of this document whose types the relation allows.",
		"type":        "object",
		"required":    []string{"id", "title", "text", "entities"},
		"properties": schema{
			"id": schema{
				"description": fmt.Sprintf("The article's id, unique across the corpus: letters, digits and . _ : -, starting with a letter or digit, at most %d characters.", maxIDLength),
				"type":        "string", "pattern": articleIDPattern, "maxLength": maxIDLength,
			},
			"title":     schema{"description": "The article's headline.", "type": "string", "minLength": 1, "maxLength": MaxTitleLength},
			"text":      schema{"description": "The article's full text, as published. Spans index it in Unicode code points.", "type": "string", "minLength": 1, "maxLength": MaxTextLength},
			"source":    schema{"description": "Who published the article (a newspaper, an agency).", "type": "string", "maxLength": MaxValueLength},
			"url":       schema{"description": "Where the article was published: an absolute http or https URL.", "type": "string", "format": "uri", "maxLength": MaxURLLength},
			"published": dateSchema("The day the article was published, YYYY-MM-DD."),
			"entities": schema{
				"description": "The actors, meetings, places and agreements the article mentions.",
				"type":        "array", "items": ref("entity"), "maxItems": MaxEntities,
			},
			"relations": schema{
				"description": "The claims the article states, each between two entities of this document, with the span that states it.",
				"type":        "array", "items": ref("relation"), "maxItems": MaxRelations,
			},
		},
		"additionalProperties": false,
		"$defs": schema{
			"entity":     entitySchema(),
			"relation":   relationSchema(),
			"qualifiers": qualifiersSchema(),
			"span":       spanSchema(),
			"code":       codeSchema(),
			"evidence":   evidenceSchema(),
		},
	}
	b, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		panic(err) // maps of strings, slices and numbers always encode
	}
	return append(b, '\n')
}

func ref(def string) schema { return schema{"$ref": "#/$defs/" + def} }

func dateSchema(description string) schema {
	return schema{"description": description, "type": "string", "pattern": datePattern, "format": "date"}
}

// documented is a oneOf of constants, each with its description, so that
// editors can show what a value means.
func documented(description string, values []string, describe func(string) string) schema {
	alts := make([]schema, len(values))
	for i, v := range values {
		alts[i] = schema{"const": v, "description": describe(v)}
	}
	return schema{"description": description, "type": "string", "oneOf": alts}
}

func enum(description string, values []string) schema {
	return schema{"description": description, "type": "string", "enum": values}
}

// typeFields are the entity fields that belong to one entity type.
var typeFields = map[ontology.NodeType][]string{
	ontology.Meeting:   {"date", "endDate", "round", "format"},
	ontology.Place:     {"latitude", "longitude"},
	ontology.Agreement: {"status"},
}

func entitySchema() schema {
	var allKinds []string
	for _, t := range ontology.EntityTypes {
		allKinds = append(allKinds, ontology.KindsOf(t)...)
	}
	s := schema{
		"description": "An actor, meeting, place or agreement as the article mentions it. Its identity across articles is its key, else its Wikidata id, else (for a meeting) its date and normalised name, else its normalised name.",
		"type":        "object",
		"required":    []string{"id", "type", "name"},
		"properties": schema{
			"id": schema{"description": "The entity's id in this document; relations refer to it.", "type": "string", "minLength": 1, "maxLength": maxIDLength},
			"type": documented("The entity's type.", entityTypes, func(v string) string {
				t, _ := entityType(v)
				return entityTypeDescriptions[t]
			}),
			"kind": schema{"description": "The entity's kind, from the list of its type (meetings have a format instead).", "type": "string", "enum": dedupe(allKinds)},
			"name": schema{
				"description": fmt.Sprintf("The entity's name as the article gives it. Without a key or Wikidata id, its normalised form is the entity's identity, which must be at most %d bytes of UTF-8.", MaxIdentityKeyBytes),
				"type":        "string", "minLength": 1, "maxLength": MaxNameLength, "pattern": `\S`,
			},
			"aliases": schema{
				"description": "Other names of the entity (\"Kyiv\" for Ukraine, \"Moscow\" for Russia).",
				"type":        "array", "items": schema{"type": "string", "minLength": 1, "maxLength": MaxNameLength}, "maxItems": MaxAliases,
			},
			"wikidata": schema{"description": "The entity's Wikidata id (\"Q212\"). Entities with the same type and Wikidata id are the same entity in every article.", "type": "string", "pattern": wikidataPattern, "maxLength": maxWikidataLength},
			"key": schema{
				"description": "An explicit identity across articles for an entity without a Wikidata id whose name is ambiguous: lower-case letters, digits and hyphens.",
				"type":        "string", "pattern": keyPattern, "maxLength": maxIDLength,
			},
			"codes":     schema{"description": "The entity's external codes (CAMEO actor code, ISO 3166 country codes), each at most once.", "type": "array", "items": ref("code"), "maxItems": MaxCodes, "uniqueItems": true},
			"mentions":  schema{"description": "Where the article names the entity.", "type": "array", "items": ref("span"), "maxItems": MaxMentions},
			"date":      dateSchema("Meetings: the day the meeting took place (or began), YYYY-MM-DD."),
			"endDate":   dateSchema("Meetings: the last day of a meeting of several days, YYYY-MM-DD; needs date."),
			"round":     schema{"description": "Meetings: the round of a series of talks (1 for the first).", "type": "integer", "minimum": 1, "maximum": MaxRound},
			"format":    enum("Meetings: the meeting's format.", ontology.MeetingFormats),
			"latitude":  schema{"description": "Places: latitude in decimal degrees; give longitude too.", "type": "number", "minimum": -90, "maximum": 90},
			"longitude": schema{"description": "Places: longitude in decimal degrees; give latitude too.", "type": "number", "minimum": -180, "maximum": 180},
			"status":    enum("Agreements: where the agreement stands, as the article reports it.", ontology.AgreementStatuses),
		},
		"additionalProperties": false,
		"dependentRequired": schema{
			"latitude":  []string{"longitude"},
			"longitude": []string{"latitude"},
			"endDate":   []string{"date"},
		},
	}
	var rules []schema
	for _, t := range ontology.EntityTypes {
		then := schema{}
		if kinds := ontology.KindsOf(t); kinds != nil {
			then["kind"] = schema{"enum": kinds}
		} else {
			then["kind"] = false
		}
		for owner, fields := range typeFields {
			if owner == t {
				continue
			}
			for _, f := range fields {
				then[f] = false
			}
		}
		rules = append(rules, schema{
			"if":   schema{"properties": schema{"type": schema{"const": t.Lower()}}, "required": []string{"type"}},
			"then": schema{"properties": then},
		})
	}
	s["allOf"] = rules
	return s
}

var entityTypeDescriptions = map[ontology.NodeType]string{
	ontology.Actor:     "A person, country, government, delegation, organisation or armed group. Kinds: " + strings.Join(ontology.ActorKinds, ", ") + ".",
	ontology.Meeting:   "A meeting, round of talks, summit or call. No kind; fields date, endDate, round, format.",
	ontology.Place:     "A city, country, region or venue as a location. Kinds: " + strings.Join(ontology.PlaceKinds, ", ") + "; fields latitude, longitude.",
	ontology.Agreement: "An agreement, or a demand or proposal that may become one. Kinds: " + strings.Join(ontology.AgreementKinds, ", ") + "; field status.",
}

func dedupe(values []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

func relationSchema() schema {
	return schema{
		"description": "One claim of the article: source did type to target. Source and target are entity ids of this document, of node types the relation type allows.",
		"type":        "object",
		"required":    []string{"type", "source", "target", "evidence"},
		"properties": schema{
			"type": documented("The relation type.", ontology.Names(ontology.RelationTypes), func(v string) string {
				spec, _ := ontology.Relation(ontology.RelationType(v))
				d := fmt.Sprintf("%s From %s to %s.", spec.Description, lowerTypes(spec.Sources), lowerTypes(spec.Targets))
				if spec.CAMEO != "" {
					d += fmt.Sprintf(" CAMEO %s, PLOVER %s.", spec.CAMEO, spec.PLOVER)
				}
				return d
			}),
			"source":     schema{"description": "The id of the entity of this document the claim is about (the one who led, demanded, ...).", "type": "string", "minLength": 1},
			"target":     schema{"description": "The id of the entity of this document the claim is directed at.", "type": "string", "minLength": 1},
			"qualifiers": ref("qualifiers"),
			"evidence":   ref("evidence"),
		},
		"additionalProperties": false,
	}
}

func qualifiersSchema() schema {
	return schema{
		"description": "Typed properties of the claim, where the article gives them. They are part of the relation's identity.",
		"type":        "object",
		"properties": schema{
			"quantity":   schema{"description": "How many (persons exchanged, remains returned).", "type": "integer", "minimum": 0, "maximum": MaxQuantity},
			"item":       schema{"description": "What was exchanged or handed over (\"soldiers' remains\").", "type": "string", "maxLength": MaxValueLength},
			"date":       dateSchema("When the claimed event happened, YYYY-MM-DD."),
			"duration":   schema{"description": "How long, as the article says it (\"at least 30 days\").", "type": "string", "maxLength": MaxValueLength},
			"conditions": schema{"description": "Conditions as the article states them (\"full and unconditional\").", "type": "string", "maxLength": MaxValueLength},
			"when":       schema{"description": "When the claimed event happened relative to something else, as the article says it (\"a few days prior to the talks\"); date is for days.", "type": "string", "maxLength": MaxValueLength},
			"place":      schema{"description": "The id of the place entity of this document where the claimed event happened (an attack in Aleppo).", "type": "string", "minLength": 1},
		},
		"additionalProperties": false,
	}
}

func spanSchema() schema {
	return schema{
		"description": "A stretch of the article's text. Offsets count Unicode code points (not bytes, not UTF-16 units), start inclusive, end exclusive; text must equal the article's text at [start, end).",
		"type":        "object",
		"required":    []string{"start", "end", "text"},
		"properties": schema{
			"start": schema{"description": "Offset of the first code point of the span, from 0.", "type": "integer", "minimum": 0},
			"end":   schema{"description": "Offset just past the last code point of the span (exclusive); greater than start and at most the text's length in code points.", "type": "integer", "minimum": 1},
			"text":  schema{"description": "The text at [start, end), quoted exactly.", "type": "string", "minLength": 1, "maxLength": MaxQuoteLength},
		},
		"additionalProperties": false,
	}
}

func evidenceSchema() schema {
	s := spanSchema()
	props := s["properties"].(schema)
	s["description"] = "The span of the text (usually the sentence) that states the claim, and the source's own coding of the event where it gave one; the relation type's CAMEO and PLOVER codes are the defaults. " +
		"The span's offsets count Unicode code points, start inclusive, end exclusive; text must equal the article's text at [start, end)."
	props["cameo"] = schema{"description": "The source's CAMEO event code (\"173\"): two to four digits.", "type": "string", "pattern": ontology.CAMEOPattern}
	props["plover"] = enum("The source's PLOVER event category.", ontology.PLOVEREvents)
	props["mode"] = enum("The source's PLOVER mode (how the event was carried out); needs plover.", ontology.PLOVERModes)
	props["label"] = schema{"description": "The source's own name of the event type (\"Justice.ArrestJailDetain.Unspecified\").", "type": "string", "maxLength": ontology.MaxCodingLabelLength}
	s["dependentRequired"] = schema{"mode": []string{"plover"}}
	return s
}
