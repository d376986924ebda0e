package graph

import (
	"context"

	"newsgraph/graph/model"
	"newsgraph/store"
)

// place loads the place of a relation, nil when it has none. A place the
// store no longer holds is null rather than an error: the field is
// nullable, and the relation is still worth showing.
func (r *Resolver) place(ctx context.Context, rel *store.Relation) (*model.Place, error) {
	id := rel.Qualifiers.Place
	if id == "" {
		return nil, nil
	}
	e, err := loadersFrom(ctx).Entities.Load(ctx, id)
	if err != nil || e == nil {
		return nil, err
	}
	p, _ := model.EntityOf(e).(*model.Place)
	return p, nil
}
