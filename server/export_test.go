package server

// HoldSlots takes n admission slots, as n running operations would, and
// returns their release.
func (s *Server) HoldSlots(n int) func() { return s.admit.hold(n) }

// Queued is the number of operations waiting for a slot.
func (s *Server) Queued() int { return len(s.admit.queue) }
