package graph_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when a test leaves goroutines behind (a
// dataloader batch nobody waited for, a store left open).
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
