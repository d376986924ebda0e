package neo4jstore

import (
	"fmt"

	"newsgraph/store"
)

// Article graphs are checked against the contract by
// store.CheckArticleGraph before anything is written.

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{store.ErrInvalid}, args...)...)
}
