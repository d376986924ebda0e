package store

// Limits every engine enforces on lists: a query's First is the page size,
// DefaultPageSize when it is 0 or less, at most MaxPageSize (ClampFirst).
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// ClampFirst is the page size a query's First asks for: DefaultPageSize
// when first is 0 or less, at most MaxPageSize.
func ClampFirst(first int) int {
	if first <= 0 {
		return DefaultPageSize
	}
	return min(first, MaxPageSize)
}

// Page is one page of a list.
type Page[T any] struct {
	Items []T
	// Cursors[i] is the cursor of Items[i]; pass it as After to continue.
	Cursors     []string
	HasNextPage bool
	// Total is the count of the whole list when the query asked for it
	// (EntityQuery.WithTotal), nil otherwise.
	Total *int
}

// EndCursor is the cursor of the last item, or "".
func (p *Page[T]) EndCursor() string {
	if p == nil || len(p.Cursors) == 0 {
		return ""
	}
	return p.Cursors[len(p.Cursors)-1]
}
