package store

import (
	"context"
	"fmt"
	"strings"
)

// BatchWriter writes many articles in one call, for bulk loading: an engine
// that implements it amortises the cost of a write (an fsync, a round trip
// and a transaction) over the batch. It is part of Store.
type BatchWriter interface {
	// PutArticles stores the articles as PutArticle would, one after the
	// other in order: each article is still all or nothing, an article
	// that fails (an invalid graph) fails alone and the others are
	// stored, and putting the same article twice reports Unchanged.
	//
	// results[i] is the result of gs[i] (the zero PutResult when it
	// failed). The error is nil when every article was stored, else a
	// *BatchError saying which failed and why.
	PutArticles(ctx context.Context, gs []*ArticleGraph) ([]PutResult, error)
}

// BatchError is the error of a PutArticles in which some articles failed.
type BatchError struct {
	// Errs[i] is why the i-th article was not stored, nil when it was.
	Errs []error
}

// Failed counts the articles that failed.
func (e *BatchError) Failed() int {
	n := 0
	for _, err := range e.Errs {
		if err != nil {
			n++
		}
	}
	return n
}

// Error lists the failures, one a line: "article 3 of 10: ...".
func (e *BatchError) Error() string {
	var lines []string
	for i, err := range e.Errs {
		if err != nil {
			lines = append(lines, fmt.Sprintf("article %d of %d: %v", i+1, len(e.Errs), err))
		}
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the failures, so that errors.Is(err, ErrUnavailable) tells
// whether any article failed because the store was unavailable.
func (e *BatchError) Unwrap() []error {
	var errs []error
	for _, err := range e.Errs {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// NewBatchError returns a *BatchError for errs, or nil when every error is
// nil.
func NewBatchError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return &BatchError{Errs: errs}
		}
	}
	return nil
}
