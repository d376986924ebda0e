// Package schemagen writes the GraphQL enums that mirror the ontology: the
// block of schema.graphqls between BeginMarker and EndMarker. The generator
// in ontology/gen calls it (go generate ./ontology), and a test fails when
// the schema's block differs from what the ontology gives.
package schemagen

import (
	"bytes"
	"fmt"
	"strings"

	"newsgraph/ontology"
)

// The markers around the generated block of schema.graphqls.
const (
	BeginMarker = "# BEGIN GENERATED ONTOLOGY ENUMS (go generate ./ontology)"
	EndMarker   = "# END GENERATED ONTOLOGY ENUMS"
)

// quadClasses names CAMEO's quad classes.
var quadClasses = map[int]string{
	1: "verbal cooperation",
	2: "material cooperation",
	3: "verbal conflict",
	4: "material conflict",
}

// Enums returns the GraphQL enums generated from the ontology, as they stand
// between the markers (without the markers).
func Enums() string {
	var b strings.Builder
	enum(&b, "EntityType", "The type of an entity: a node that articles mention and relations connect.",
		entityTypeValues())
	enum(&b, "RelationType", "The type of a relation, with its CAMEO and PLOVER codes where the field has one.",
		relationTypeValues())
	enum(&b, "ActorKind", "Kinds of actors.", plainValues(ontology.ActorKinds))
	enum(&b, "PlaceKind", "Kinds of places.", plainValues(ontology.PlaceKinds))
	enum(&b, "AgreementKind", "Kinds of agreements, and of the demands and proposals that may become one.",
		plainValues(ontology.AgreementKinds))
	enum(&b, "AgreementStatus", "Statuses of agreements.", plainValues(ontology.AgreementStatuses))
	enum(&b, "MeetingFormat", "Formats of meetings.", plainValues(ontology.MeetingFormats))
	enum(&b, "CodeScheme", "Systems of external codes that entities carry (EntityCode).", codeSchemeValues())
	return b.String()
}

// RelationDescription is the description of a relation type's enum value:
// the ontology's description and its codes.
func RelationDescription(r ontology.RelationSpec) string {
	if r.CAMEO == "" && r.PLOVER == "" {
		return r.Description + " Structural: no CAMEO or PLOVER code."
	}
	d := r.Description
	if r.CAMEO != "" {
		d += " CAMEO " + r.CAMEO
		if qc, ok := quadClasses[r.QuadClass]; ok {
			d += fmt.Sprintf(" (quad class %d, %s)", r.QuadClass, qc)
		}
		d += "."
	}
	if r.PLOVER != "" {
		d += " PLOVER " + r.PLOVER + "."
	}
	return d
}

// Rewrite replaces the block between the markers of a schema with Enums. It
// fails when the markers are missing, repeated or out of order.
func Rewrite(schema []byte) ([]byte, error) {
	before, _, after, err := split(schema)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Write(before)
	out.WriteString(BeginMarker + "\n\n")
	out.WriteString(Enums())
	out.WriteString(EndMarker)
	out.Write(after)
	return out.Bytes(), nil
}

// Block returns what a schema holds between the markers, in the form Enums
// returns it.
func Block(schema []byte) (string, error) {
	_, block, _, err := split(schema)
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(string(block), "\n"), nil
}

// split cuts a schema into what comes before the begin marker, the block
// after its line and before the end marker, and what follows the end marker.
func split(schema []byte) (before, block, after []byte, err error) {
	begin := []byte(BeginMarker + "\n")
	end := []byte(EndMarker)
	if n := bytes.Count(schema, begin); n != 1 {
		return nil, nil, nil, fmt.Errorf("want the line %q once, found it %d times", BeginMarker, n)
	}
	if n := bytes.Count(schema, end); n != 1 {
		return nil, nil, nil, fmt.Errorf("want %q once, found it %d times", EndMarker, n)
	}
	i := bytes.Index(schema, begin)
	j := bytes.Index(schema, end)
	if j < i {
		return nil, nil, nil, fmt.Errorf("%q comes before %q", EndMarker, BeginMarker)
	}
	return schema[:i], schema[i+len(begin) : j], schema[j+len(end):], nil
}

// value is one enum value and its description ("" for none).
type value struct{ name, description string }

func entityTypeValues() []value {
	out := make([]value, len(ontology.EntityTypes))
	for i, t := range ontology.EntityTypes {
		name := strings.ToLower(string(t))
		article := "A "
		if strings.ContainsRune("aeiou", rune(name[0])) {
			article = "An "
		}
		out[i] = value{t.Enum(), article + name + "."}
	}
	return out
}

func relationTypeValues() []value {
	out := make([]value, len(ontology.Relations))
	for i, r := range ontology.Relations {
		out[i] = value{string(r.Type), RelationDescription(r)}
	}
	return out
}

func codeSchemeValues() []value {
	out := make([]value, len(ontology.CodeSchemes))
	for i, s := range ontology.CodeSchemes {
		out[i] = value{ontology.EnumValue(string(s.Scheme)), fmt.Sprintf("%s Written %q in the article format; %s.", s.Description, s.Scheme, s.Identity)}
	}
	return out
}

func plainValues(vs []string) []value {
	out := make([]value, len(vs))
	for i, v := range vs {
		out[i] = value{ontology.EnumValue(v), fmt.Sprintf("Written %q in the article format.", v)}
	}
	return out
}

// enum writes one enum type.
func enum(b *strings.Builder, name, description string, values []value) {
	fmt.Fprintf(b, "%s\nenum %s {\n", quote(description), name)
	for _, v := range values {
		if v.description != "" {
			fmt.Fprintf(b, "  %s\n", quote(v.description))
		}
		fmt.Fprintf(b, "  %s\n", v.name)
	}
	b.WriteString("}\n\n")
}

// quote makes a GraphQL string description. Ontology descriptions are plain
// sentences; quotes and backslashes are escaped all the same.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", " ")
	return `"` + r.Replace(s) + `"`
}
