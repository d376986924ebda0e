package store

import "slices"

// Clone returns a deep copy of e: a store hands out copies, so that what a
// caller does with an entity never reaches the store's own.
func (e *Entity) Clone() *Entity {
	c := *e
	c.Aliases = slices.Clone(e.Aliases)
	c.Codes = slices.Clone(e.Codes)
	c.Articles = slices.Clone(e.Articles)
	if e.Latitude != nil {
		v := *e.Latitude
		c.Latitude = &v
	}
	if e.Longitude != nil {
		v := *e.Longitude
		c.Longitude = &v
	}
	return &c
}

// Clone returns a deep copy of r, its evidence included.
func (r *Relation) Clone() *Relation {
	c := *r
	if r.Qualifiers.Quantity != nil {
		v := *r.Qualifiers.Quantity
		c.Qualifiers.Quantity = &v
	}
	c.Evidence = slices.Clone(r.Evidence)
	return &c
}
