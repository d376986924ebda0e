package store

import "fmt"

// OrderField is what a list is sorted on. Ties are broken by id, ascending.
type OrderField string

// The sort orders. NAME applies to entities (title for articles), DATE to
// meetings (a relation's date qualifier, an article's published date), and
// DEGREE to entities (their number of relations).
const (
	OrderByID     OrderField = "ID"
	OrderByName   OrderField = "NAME"
	OrderByDate   OrderField = "DATE"
	OrderByDegree OrderField = "DEGREE"
)

// Order is a sort order. The zero value sorts by id, ascending.
type Order struct {
	Field OrderField
	Desc  bool
}

// CheckOrder checks an order's field and returns it, OrderByID for "".
func CheckOrder(o Order) (OrderField, error) {
	switch o.Field {
	case "":
		return OrderByID, nil
	case OrderByID, OrderByName, OrderByDate, OrderByDegree:
		return o.Field, nil
	}
	return "", invalidf("order field %q is not one of %s, %s, %s, %s", o.Field,
		OrderByID, OrderByName, OrderByDate, OrderByDegree)
}

// DegreeKey is the sort key of a degree: zero-padded so that keys sort as
// numbers.
func DegreeKey(n int) string { return fmt.Sprintf("%010d", n) }

// EntitySortKey is the sort key of an entity under an order; degree is its
// number of relations (used only by DEGREE).
func EntitySortKey(e *Entity, f OrderField, degree int) string {
	switch f {
	case OrderByName:
		return e.Name
	case OrderByDate:
		return e.Date
	case OrderByDegree:
		return DegreeKey(degree)
	}
	return e.ID
}

// ArticleSortKey is the sort key of an article under an order.
func ArticleSortKey(a *Article, f OrderField) string {
	switch f {
	case OrderByName:
		return a.Title
	case OrderByDate:
		return a.Published
	}
	return a.ID
}

// RelationSortKey is the sort key of a relation under an order.
func RelationSortKey(r *Relation, f OrderField) string {
	switch f {
	case OrderByDate:
		return r.Qualifiers.Date
	case OrderByName:
		return string(r.Type)
	}
	return r.ID
}
