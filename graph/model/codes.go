package model

import "newsgraph/ontology"

// EntityCode is the GraphQL EntityCode: one of an entity's external codes.
type EntityCode struct {
	Scheme CodeScheme
	Value  string
}

// Codes are the entity's codes in the store's order, never nil.
func (b EntityBase) Codes() []*EntityCode {
	out := make([]*EntityCode, len(b.Entity.Codes))
	for i, c := range b.Entity.Codes {
		out[i] = &EntityCode{Scheme: CodeScheme(ontology.EnumValue(string(c.Scheme))), Value: c.Value}
	}
	return out
}
