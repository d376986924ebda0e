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

// CloneLimited is Clone with at most limit pieces of evidence, the first
// of Evidence (all of them when limit is 0 or less), and EvidenceTotal
// counting them all when some are left out: the pieces left out are never
// copied.
func (r *Relation) CloneLimited(limit int) *Relation {
	if limit <= 0 || len(r.Evidence) <= limit {
		return r.Clone()
	}
	head := *r // r may be shared with concurrent readers: not changed
	head.Evidence = r.Evidence[:limit]
	c := head.Clone()
	c.EvidenceTotal = r.EvidenceCount()
	return c
}
