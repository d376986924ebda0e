package ontology

import (
	"regexp"
	"slices"
)

// A piece of evidence may keep its source's own coding of the event it
// states: the CAMEO code, the PLOVER event and mode, and the source's own
// label. The relation type's codes (RelationSpec.CAMEO, .PLOVER) stay the
// defaults; a record's own coding is finer ("173" arrest rather than "163"
// sanctions) and is what analysts join with GDELT and POLECAT. This file
// holds the vocabularies the stores, the article format and the API check
// those codes against.

// CAMEOPattern is what a CAMEO event code looks like: a root of two digits
// ("17"), or a code of three or four digits ("173", "0841").
const CAMEOPattern = `^[0-9]{2,4}$`

var cameoRE = regexp.MustCompile(CAMEOPattern)

// IsCAMEO reports whether s is written as a CAMEO event code.
func IsCAMEO(s string) bool { return cameoRE.MatchString(s) }

// PLOVEREvents lists the PLOVER event categories, sorted: those of PLOVER
// 1.0 and later, and the earlier names the PLOVER gold-standard records use
// (DEMAND and DISAPPROVE, later REQUEST and ACCUSE; FIGHT, later part of
// ASSAULT).
var PLOVEREvents = []string{
	"ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT",
	"COOPERATE", "DEMAND", "DISAPPROVE", "FIGHT", "INVESTIGATE", "MOBILIZE",
	"PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN",
}

// PLOVERModes lists the PLOVER modes, sorted: how an event was carried out
// ("arrest" for COERCE, "firearms" for ASSAULT, "phone" for CONSULT): every
// mode the PLOVER gold-standard records use, and further modes of the later
// PLOVER specifications.
var PLOVERModes = []string{
	"access", "arrest", "assassinate", "ban", "beat", "boycott", "ceasefire",
	"censor", "confiscate", "curfew", "cyber", "demo", "demo-org",
	"demo-spon", "deport", "destroy", "detain", "disarm", "economic",
	"explosives", "firearms", "heavy-weapons", "host", "humanitarian",
	"hunger", "martial-law", "military", "multilateral", "obstruct", "other",
	"phone", "police", "political", "primitive", "relations", "release",
	"restrict", "return", "riot", "riot-spon", "seize", "sexual", "strike",
	"strike-gen", "strike-hun", "suicide-attack", "third-party", "torture",
	"troops", "violence", "visit", "weapons", "withdraw",
}

// IsPLOVEREvent reports whether s is one of PLOVEREvents.
func IsPLOVEREvent(s string) bool { _, ok := slices.BinarySearch(PLOVEREvents, s); return ok }

// IsPLOVERMode reports whether s is one of PLOVERModes.
func IsPLOVERMode(s string) bool { _, ok := slices.BinarySearch(PLOVERModes, s); return ok }

// MaxCodingLabelLength bounds the source's own label of an event
// ("Justice.ArrestJailDetain.Unspecified"), in code points.
const MaxCodingLabelLength = 200
